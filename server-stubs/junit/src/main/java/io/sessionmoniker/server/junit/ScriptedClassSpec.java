package io.sessionmoniker.server.junit;

import io.sessionmoniker.activation.host.AppIdRegistration;
import io.sessionmoniker.activation.host.ClassRegistration;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.policy.SecurityDescriptor;
import io.sessionmoniker.server.Script;
import io.sessionmoniker.server.ScriptedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A class served by the programmable stub ({@link ScriptedServer}), to register on a host without a {@code .reg}
 * file: what {@link ScriptedClass} says in an annotation, in code. Immutable; each {@code with…}-style method
 * returns a copy.
 *
 * <pre>{@code
 * ScriptedClassSpec inventory = ScriptedClassSpec.of("4A1E0C2B-0000-4000-8000-000000000001")
 *         .progId("Inventory.Service")
 *         .script("{\"methods\": {\"Version\": {\"result\": \"2.1\"}}}");
 * // with a SessionHostTest: return it from a static @HostClasses member; on a host of your own:
 * inventory.register(host, workDirectory, workDirectory.resolve("calls.jsonl"));
 * }</pre>
 */
public final class ScriptedClassSpec {

    /** The {@code RunAs} value of the Interactive User identity. */
    public static final String INTERACTIVE_USER = AppIdRegistration.INTERACTIVE_USER;

    /**
     * The launch permission a scripted class gets unless told otherwise: Windows' default one (Administrators, the
     * interactive user, SYSTEM) plus Distributed COM Users, who may launch it over the network, as the demo's
     * classes have it.
     */
    public static final String DEFAULT_LAUNCH_PERMISSION = "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)"
            + "(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;S-1-5-32-562)";

    private final Guid clsid;
    private final Optional<String> progId;
    private final String runAs;
    private final Optional<String> script;
    private final Optional<Path> scriptFile;
    private final SecurityDescriptor launchPermission;
    private final Optional<SecurityDescriptor> accessPermission;

    private ScriptedClassSpec(Guid clsid, Optional<String> progId, String runAs, Optional<String> script,
            Optional<Path> scriptFile, SecurityDescriptor launchPermission,
            Optional<SecurityDescriptor> accessPermission) {
        this.clsid = clsid;
        this.progId = progId;
        this.runAs = runAs;
        this.script = script;
        this.scriptFile = scriptFile;
        this.launchPermission = launchPermission;
        this.accessPermission = accessPermission;
    }

    /**
     * Returns a class with the demo script, run as the Interactive User, without a ProgID.
     *
     * @param clsid the CLSID (also its AppID), braced or bare
     * @return the class
     * @throws io.sessionmoniker.moniker.MonikerSyntaxException if the text is not a GUID
     */
    public static ScriptedClassSpec of(String clsid) {
        return new ScriptedClassSpec(Guid.parse(clsid), Optional.empty(), INTERACTIVE_USER, Optional.empty(),
                Optional.empty(), SecurityDescriptor.parse(DEFAULT_LAUNCH_PERMISSION), Optional.empty());
    }

    /** The class an annotation describes, its resources found beside the test class. */
    static ScriptedClassSpec of(ScriptedClass a, Class<?> testClass) {
        String where = "@ScriptedClass(clsid = \"" + a.clsid() + "\") on " + testClass.getName();
        if (!a.script().isEmpty() && !a.scriptResource().isEmpty()) {
            throw new IllegalArgumentException(where + ": give script or scriptResource, not both");
        }
        ScriptedClassSpec s;
        try {
            s = of(a.clsid()).runAs(a.runAs());
            if (!a.progId().isEmpty()) {
                s = s.progId(a.progId());
            }
            if (!a.script().isEmpty()) {
                s = s.script(a.script());
            }
            if (!a.scriptResource().isEmpty()) {
                s = s.scriptFile(Resources.locate(testClass, a.scriptResource(), "scriptResource"));
            }
            if (!a.launchPermission().isEmpty()) {
                s = s.launchPermission(a.launchPermission());
            }
            if (!a.accessPermission().isEmpty()) {
                s = s.accessPermission(a.accessPermission());
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return s;
    }

    /**
     * Returns a copy with a ProgID, by which {@code @ProgID} names and {@code JIProgId}-style clients find it.
     *
     * @param id the ProgID (letters, digits and periods, starting with a letter, at most 39 characters)
     * @return the copy
     */
    public ScriptedClassSpec progId(String id) {
        return new ScriptedClassSpec(clsid, Optional.of(Objects.requireNonNull(id, "id")), runAs, script, scriptFile,
                launchPermission, accessPermission);
    }

    /**
     * Returns a copy with another {@code RunAs}.
     *
     * @param identity {@link #INTERACTIVE_USER}, or empty for the launching user
     * @return the copy
     */
    public ScriptedClassSpec runAs(String identity) {
        return new ScriptedClassSpec(clsid, progId, Objects.requireNonNull(identity, "identity"), script, scriptFile,
                launchPermission, accessPermission);
    }

    /**
     * Returns a copy with a script given as JSON text, checked now.
     *
     * @param json the script
     * @return the copy
     * @throws io.sessionmoniker.server.ScriptException naming the JSON path of what is wrong
     */
    public ScriptedClassSpec script(String json) {
        Script.parse("the script of " + clsid, json, null);
        return new ScriptedClassSpec(clsid, progId, runAs, Optional.of(json), Optional.empty(), launchPermission,
                accessPermission);
    }

    /**
     * Returns a copy with a script file, checked now. Its {@code record} field is overridden by the record file the
     * class is registered with.
     *
     * @param file the script
     * @return the copy
     * @throws io.sessionmoniker.server.ScriptException naming the file and the JSON path of what is wrong
     */
    public ScriptedClassSpec scriptFile(Path file) {
        Script.load(file);
        return new ScriptedClassSpec(clsid, progId, runAs, Optional.empty(), Optional.of(file.toAbsolutePath()),
                launchPermission, accessPermission);
    }

    /**
     * Returns a copy with another {@code LaunchPermission}.
     *
     * @param sddl the descriptor
     * @return the copy
     */
    public ScriptedClassSpec launchPermission(String sddl) {
        return new ScriptedClassSpec(clsid, progId, runAs, script, scriptFile, SecurityDescriptor.parse(sddl),
                accessPermission);
    }

    /**
     * Returns a copy with an {@code AccessPermission}.
     *
     * @param sddl the descriptor
     * @return the copy
     */
    public ScriptedClassSpec accessPermission(String sddl) {
        return new ScriptedClassSpec(clsid, progId, runAs, script, scriptFile, launchPermission,
                Optional.of(SecurityDescriptor.parse(sddl)));
    }

    /**
     * Returns the CLSID.
     *
     * @return the CLSID, also the AppID
     */
    public Guid clsid() {
        return clsid;
    }

    /**
     * Returns the ProgID.
     *
     * @return the ProgID, or empty
     */
    public Optional<String> progId() {
        return progId;
    }

    /**
     * Returns the {@code RunAs}.
     *
     * @return the identity, empty for the launching user
     */
    public String runAs() {
        return runAs;
    }

    /**
     * Registers the class on a host: a {@code LocalServer32} that runs {@link ScriptedServer} with the script
     * (written into {@code workDirectory} when given as text) and records its calls to {@code recordFile}, and its
     * AppID. It replaces any earlier registration of the CLSID and ProgID, as {@code regedit} importing a file would.
     *
     * @param host the host
     * @param workDirectory a directory for the script file; it must outlive the host
     * @param recordFile where the servers append their calls ({@link ScriptedCalls} reads it)
     * @throws IOException if the script cannot be written
     * @throws IllegalArgumentException if the ProgID is not valid ProgID syntax
     */
    public void register(SessionHost host, Path workDirectory, Path recordFile) throws IOException {
        Path scriptPath = scriptFile.orElse(null);
        if (script.isPresent()) {
            scriptPath = workDirectory.resolve("script-" + clsid + ".json").toAbsolutePath();
            Files.writeString(scriptPath, script.get(), StandardCharsets.UTF_8);
        }
        StringBuilder command = new StringBuilder("\"%JAVA%\" -cp \"%CLASSPATH%\" ")
                .append(ScriptedServer.class.getName()).append(" --clsid ").append(clsid);
        if (scriptPath != null) {
            command.append(" --script ").append(quote(scriptPath));
        }
        command.append(" --record ").append(quote(recordFile.toAbsolutePath()));
        ClassRegistration c = ClassRegistration.of(clsid, progId.orElse("Scripted " + clsid))
                .withLocalServer32(command.toString()).withAppId(clsid);
        if (progId.isPresent()) {
            c = c.withProgId(progId.get());
        }
        AppIdRegistration a = AppIdRegistration.of(clsid, progId.orElse("Scripted " + clsid))
                .withLaunchPermission(launchPermission);
        if (!runAs.isEmpty()) {
            a = a.withRunAs(runAs);
        }
        if (accessPermission.isPresent()) {
            a = a.withAccessPermission(accessPermission.get());
        }
        host.registry().register(c, Optional.of(a));
    }

    private static String quote(Path p) {
        String s = p.toString();
        if (s.indexOf('"') >= 0 || s.indexOf('%') >= 0) {
            throw new IllegalArgumentException("a path with \" or % cannot be written into a LocalServer32 command: "
                    + s);
        }
        return "\"" + s + "\"";
    }

    @Override
    public String toString() {
        return "ScriptedClassSpec[" + clsid + progId.map(p -> ", " + p).orElse("")
                + (runAs.isEmpty() ? ", launching user" : ", " + runAs) + "]";
    }
}
