package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.Guid;
import java.util.Objects;
import java.util.Optional;

/**
 * A class as {@code HKLM\SOFTWARE\Classes\CLSID\{clsid}} describes it: what the registry says, nothing
 * derived.
 *
 * <table>
 *   <caption>Where each component comes from</caption>
 *   <tr><th>component</th><th>registry</th></tr>
 *   <tr><td>{@link #name()}</td><td>the CLSID key's default value ({@code ""} when absent)</td></tr>
 *   <tr><td>{@link #localServer32()}</td><td>{@code LocalServer32} key, default value: the command line, with
 *       {@code %VAR%} references unexpanded (see {@link ClassRegistry#localServerCommand(Guid)})</td></tr>
 *   <tr><td>{@link #serverExecutable()}</td><td>{@code LocalServer32} key, {@code ServerExecutable} value</td></tr>
 *   <tr><td>{@link #appId()}</td><td>the CLSID key's {@code AppID} value, a braced GUID</td></tr>
 *   <tr><td>{@link #progId()}</td><td>{@code ProgID} key, default value</td></tr>
 *   <tr><td>{@link #versionIndependentProgId()}</td><td>{@code VersionIndependentProgID} key, default value</td></tr>
 * </table>
 *
 * <pre>{@code
 * ClassRegistration sessionInfo = ClassRegistration.of(clsid, "SessionMoniker.SessionInfo")
 *     .withLocalServer32("\"%JAVA%\" -cp \"%CLASSPATH%\" io.sessionmoniker.server.SessionInfoServer")
 *     .withAppId(clsid)
 *     .withProgId("SessionMoniker.SessionInfo.1")
 *     .withVersionIndependentProgId("SessionMoniker.SessionInfo");
 * registry.register(sessionInfo, Optional.of(AppIdRegistration.of(clsid, "SessionInfo").withRunAs("Interactive User")));
 * }</pre>
 *
 * @param clsid the class's CLSID
 * @param name the class's name, possibly empty
 * @param localServer32 the registered command line, or empty when the class has no local server
 * @param serverExecutable the {@code ServerExecutable} path, or empty
 * @param appId the linked AppID, or empty
 * @param progId the versioned ProgID, or empty
 * @param versionIndependentProgId the version-independent ProgID, or empty
 */
public record ClassRegistration(Guid clsid, String name, Optional<String> localServer32,
        Optional<String> serverExecutable, Optional<Guid> appId, Optional<String> progId,
        Optional<String> versionIndependentProgId) {

    /**
     * Checks that no component is null.
     *
     * @param clsid the CLSID
     * @param name the name
     * @param localServer32 the command line
     * @param serverExecutable the executable
     * @param appId the AppID
     * @param progId the ProgID
     * @param versionIndependentProgId the version-independent ProgID
     */
    public ClassRegistration {
        Objects.requireNonNull(clsid, "clsid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(localServer32, "localServer32");
        Objects.requireNonNull(serverExecutable, "serverExecutable");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(progId, "progId");
        Objects.requireNonNull(versionIndependentProgId, "versionIndependentProgId");
    }

    /**
     * Returns a class with a name and nothing else.
     *
     * @param clsid the CLSID
     * @param name the name
     * @return the registration
     */
    public static ClassRegistration of(Guid clsid, String name) {
        return new ClassRegistration(clsid, name, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * Returns a copy with a {@code LocalServer32} command line.
     *
     * @param commandLine the command, {@code %VAR%} references unexpanded
     * @return the copy
     */
    public ClassRegistration withLocalServer32(String commandLine) {
        return new ClassRegistration(clsid, name, Optional.of(commandLine), serverExecutable, appId, progId,
                versionIndependentProgId);
    }

    /**
     * Returns a copy with a {@code ServerExecutable}.
     *
     * @param path the executable
     * @return the copy
     */
    public ClassRegistration withServerExecutable(String path) {
        return new ClassRegistration(clsid, name, localServer32, Optional.of(path), appId, progId,
                versionIndependentProgId);
    }

    /**
     * Returns a copy linked to an AppID.
     *
     * @param id the AppID
     * @return the copy
     */
    public ClassRegistration withAppId(Guid id) {
        return new ClassRegistration(clsid, name, localServer32, serverExecutable, Optional.of(id), progId,
                versionIndependentProgId);
    }

    /**
     * Returns a copy with a ProgID.
     *
     * @param id the ProgID
     * @return the copy
     */
    public ClassRegistration withProgId(String id) {
        return new ClassRegistration(clsid, name, localServer32, serverExecutable, appId, Optional.of(id),
                versionIndependentProgId);
    }

    /**
     * Returns a copy with a version-independent ProgID.
     *
     * @param id the ProgID
     * @return the copy
     */
    public ClassRegistration withVersionIndependentProgId(String id) {
        return new ClassRegistration(clsid, name, localServer32, serverExecutable, appId, progId, Optional.of(id));
    }
}
