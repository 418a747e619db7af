package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.ClassKeys;
import io.sessionmoniker.activation.host.internal.EnvironmentStrings;
import io.sessionmoniker.activation.host.internal.RegEditSink;
import io.sessionmoniker.activation.host.internal.RegFileParser;
import io.sessionmoniker.activation.host.internal.RegNames;
import io.sessionmoniker.activation.host.internal.RegTextWriter;
import io.sessionmoniker.activation.host.internal.StateFile;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.ProgIdResolver;
import io.sessionmoniker.activation.host.internal.Suggestions;
import io.sessionmoniker.moniker.internal.Ascii;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The embedded host's class registry: the classes and AppIDs of a {@link RegistryHive}, looked up the way COM
 * looks them up, plus registrations made through the API and persisted crash-safely.
 *
 * <p>It reads {@code HKLM\SOFTWARE\Classes\CLSID\{…}} into {@link ClassRegistration}s,
 * {@code HKLM\SOFTWARE\Classes\AppID\{…}} into {@link AppIdRegistration}s (security descriptors parsed), expands
 * {@code %VAR%} references in {@code LocalServer32} commands from the host's variables, and resolves ProgIDs,
 * case-insensitively, for the moniker parser:
 *
 * <pre>{@code
 * ClassRegistry registry = ClassRegistry.builder()
 *     .base(RegFileReader.standard().read(Path.of("classes.reg")))
 *     .variables(Map.of("JAVA", "/usr/bin/java", "CLASSPATH", "/opt/sessmon/lib/*"))
 *     .stateDirectory(Path.of("/var/lib/sessmon"))
 *     .build();
 * ClassRegistration c = registry.lookupClass(clsid)
 *     .orElseThrow(() -> new ComException(HResult.REGDB_E_CLASSNOTREG, "class " + clsid + " is not registered"));
 * registry.localServerCommand(clsid).map(ExpandedString::value);   // the command to launch
 * MonikerParser parser = MonikerParser.builder().progIdResolver(registry::resolveProgId).build();
 * }</pre>
 *
 * <p><b>Registrations through the API.</b> {@link #register} and {@link #unregister} edit the registry as a
 * {@code .reg} file applied after the base hive would: the keys they touch are deleted and rewritten. Those edits
 * are kept in the state directory (file {@code class-registry.state}) and replayed over the base hive when the
 * registry is built again, so they survive restarts even when the base hive's files change. Each change is
 * written crash-safely (temporary file, fsync, atomic rename, fsync of the directory) before it becomes visible;
 * if writing fails, the registry is unchanged. A state file that is torn, corrupt or of an unknown version is
 * reported by {@link Builder#build()} as a {@link RegistryStateException} and never loaded in part. One process at
 * a time may use a state directory.
 *
 * <p><b>Threads.</b> Thread-safe. Lookups never block and read one immutable {@link Snapshot}; changes are
 * serialized and replace the snapshot atomically. To make several lookups against the same state (a class, then
 * its AppID), take a {@link #snapshot()} first.
 *
 * <p><b>Errors.</b> Absent classes, AppIDs and ProgIDs are empty {@link Optional}s (the caller turns an absent
 * class into {@code REGDB_E_CLASSNOTREG}). A class or AppID with a malformed value (a {@code LaunchPermission}
 * that is not a security descriptor, an {@code AppID} value that is not a GUID) throws
 * {@link RegistryValueException} naming the key and value when looked up; the rest of the registry is unaffected,
 * and {@link #problems()} lists every such value, every unresolved {@code %VAR%} and every ignored key.
 */
public final class ClassRegistry {

    private final RegistryHive base;
    private final Map<String, String> variables;
    private final Map<String, String> foldedVariables;
    private final Path stateDirectory;
    private final RegFileLimits limits;
    private final Object lock = new Object();

    /** The API's edits: keys deleted (and rewritten) over the base hive, and what was written. Guarded by lock. */
    private Overlay overlay;
    private volatile Snapshot current;

    private record Overlay(SortedSet<RegistryPath> touched, RegistryHive content) {
    }

    private ClassRegistry(Builder b, Overlay overlay) {
        this.base = b.base;
        this.variables = b.variables;
        this.foldedVariables = EnvironmentStrings.fold(b.variables);
        this.stateDirectory = b.stateDirectory;
        this.limits = b.limits;
        this.overlay = overlay;
        this.current = snapshotOf(overlay);
    }

    /**
     * Starts a registry with an empty base hive, no variables and no state directory.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns an in-memory registry over a hive: no variables, and API registrations are not persisted.
     *
     * @param hive the hive
     * @return the registry
     */
    public static ClassRegistry of(RegistryHive hive) {
        return builder().base(hive).build();
    }

    /**
     * Returns the current state; lookups on it are consistent with each other.
     *
     * @return the snapshot
     */
    public Snapshot snapshot() {
        return current;
    }

    /**
     * Looks a class up.
     *
     * @param clsid the CLSID
     * @return the registration, or empty if the class is not registered
     * @throws RegistryValueException if the class's key has a malformed value
     */
    public Optional<ClassRegistration> lookupClass(Guid clsid) {
        return current.lookupClass(clsid);
    }

    /**
     * Looks an AppID up.
     *
     * @param appId the AppID
     * @return the registration, or empty if there is no such AppID key
     * @throws RegistryValueException if the AppID's key has a malformed value, such as a descriptor that does not
     *     parse
     */
    public Optional<AppIdRegistration> lookupAppId(Guid appId) {
        return current.lookupAppId(appId);
    }

    /**
     * Returns a class's {@code LocalServer32} command with {@code %VAR%} references expanded.
     *
     * @param clsid the CLSID
     * @return the command, or empty if the class is not registered or has no {@code LocalServer32} command
     * @throws RegistryValueException if the class's key has a malformed value
     */
    public Optional<ExpandedString> localServerCommand(Guid clsid) {
        return current.localServerCommand(clsid);
    }

    /**
     * Resolves a ProgID to its CLSID, as {@code CLSIDFromProgID} does; usable as a {@link ProgIdResolver}
     * ({@code registry::resolveProgId}).
     *
     * @param progId the ProgID, matched case-insensitively
     * @return the CLSID, or empty if the ProgID is not registered
     */
    public Optional<Guid> resolveProgId(String progId) {
        return current.resolveProgId(progId);
    }

    /**
     * Returns {@link #resolveProgId(String)} as the moniker parser's resolver; it always reads the current
     * state.
     *
     * @return the resolver
     */
    public ProgIdResolver progIdResolver() {
        return new ProgIdResolver() {
            @Override
            public Optional<Guid> resolve(String progId) {
                return resolveProgId(progId);
            }

            @Override
            public Optional<String> nearest(String progId) {
                return Suggestions.nearest(progId, progIds());
            }
        };
    }

    /**
     * Returns every registered ProgID and version-independent ProgID, in CLSID order.
     *
     * @return the ProgIDs of the current state's classes
     */
    public List<String> progIds() {
        Snapshot s = current;
        List<String> ids = new java.util.ArrayList<>();
        for (Guid clsid : s.classIds()) {
            s.lookupClass(clsid).ifPresent(r -> {
                r.progId().ifPresent(ids::add);
                r.versionIndependentProgId().filter(v -> !ids.contains(v)).ifPresent(ids::add);
            });
        }
        return List.copyOf(ids);
    }

    /**
     * Returns every problem found in the current state.
     *
     * @return malformed values, unresolved {@code %VAR%} references and ignored keys
     */
    public List<RegistryProblem> problems() {
        return current.problems();
    }

    /**
     * Returns the current registry: the base hive with the API's registrations applied.
     *
     * @return the hive
     */
    public RegistryHive hive() {
        return current.hive();
    }

    /**
     * Returns the variables {@code %VAR%} references expand from.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> variables() {
        return variables;
    }

    /**
     * Returns where API registrations are persisted.
     *
     * @return the state file, or empty for an in-memory registry
     */
    public Optional<Path> stateFile() {
        return Optional.ofNullable(stateDirectory).map(d -> d.resolve(StateFile.FILE_NAME));
    }

    /**
     * Registers a class, and optionally its AppID, replacing any earlier registration of the same keys.
     *
     * <p>Writes the class's CLSID key (name, {@code AppID} value, {@code LocalServer32} with the command as
     * {@code REG_EXPAND_SZ} when it contains {@code %}, else {@code REG_SZ}, and {@code ServerExecutable};
     * {@code ProgID} and {@code VersionIndependentProgID} subkeys), the ProgID keys (name and {@code CLSID}; the
     * version-independent one also {@code CurVer}), and the AppID key. Earlier keys at those places are deleted
     * first, as are ProgID keys that named this class under an earlier registration. The change is persisted before
     * it becomes visible.
     *
     * @param registration the class
     * @param appId the class's AppID settings, or empty to leave AppID keys alone
     * @throws IllegalArgumentException if a ProgID is not valid ProgID syntax (ASCII letters, digits and periods,
     *     starting with a letter, at most 39 characters; not {@code CLSID} or {@code AppID}), a string holds NUL,
     *     or {@code appId} is given but the class names no AppID or another one
     * @throws RegistryStateException if the state file cannot be written; the registry is then unchanged
     */
    public void register(ClassRegistration registration, Optional<AppIdRegistration> appId) {
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(appId, "appId");
        check(registration, appId);
        synchronized (lock) {
            RegistryHive effective = current.hive();
            List<RegistryPath> replaced = new ArrayList<>();
            replaced.add(ClassKeys.classKey(registration.clsid()));
            registration.progId().ifPresent(p -> replaced.add(RegistryPath.CLASSES_ROOT.child(p)));
            registration.versionIndependentProgId().ifPresent(p -> replaced.add(RegistryPath.CLASSES_ROOT.child(p)));
            replaced.addAll(ClassKeys.progIdKeysNaming(effective, registration.clsid()));
            appId.ifPresent(a -> replaced.add(ClassKeys.appIdKey(a.appId())));
            RegistryHive.Builder content = delete(replaced);
            ClassKeys.writeClass(content, registration);
            appId.ifPresent(a -> ClassKeys.writeAppId(content, a));
            commit(replaced, content);
        }
    }

    /**
     * Unregisters a class: deletes its CLSID key and the ProgID keys that name it. Its AppID key stays, since
     * AppIDs can be shared; {@link #unregisterAppId(Guid)} removes it. The change is persisted before it becomes
     * visible.
     *
     * @param clsid the class
     * @return {@code true} if the class was registered
     * @throws RegistryStateException if the state file cannot be written; the registry is then unchanged
     */
    public boolean unregister(Guid clsid) {
        Objects.requireNonNull(clsid, "clsid");
        synchronized (lock) {
            RegistryHive effective = current.hive();
            RegistryPath key = ClassKeys.classKey(clsid);
            if (effective.key(key).isEmpty()) {
                return false;
            }
            List<RegistryPath> removed = new ArrayList<>();
            removed.add(key);
            removed.addAll(ClassKeys.progIdKeysNaming(effective, clsid));
            commit(removed, delete(removed));
            return true;
        }
    }

    /**
     * Unregisters an AppID: deletes its key. The change is persisted before it becomes visible.
     *
     * @param appId the AppID
     * @return {@code true} if the AppID key existed
     * @throws RegistryStateException if the state file cannot be written; the registry is then unchanged
     */
    public boolean unregisterAppId(Guid appId) {
        Objects.requireNonNull(appId, "appId");
        synchronized (lock) {
            RegistryPath key = ClassKeys.appIdKey(appId);
            if (current.hive().key(key).isEmpty()) {
                return false;
            }
            commit(List.of(key), delete(List.of(key)));
            return true;
        }
    }

    private RegistryHive.Builder delete(List<RegistryPath> paths) {
        RegistryHive.Builder content = overlay.content().toBuilder();
        for (RegistryPath p : paths) {
            content.deleteKey(p);
        }
        return content;
    }

    /** Persists and publishes a new overlay; called with the lock held. */
    private void commit(List<RegistryPath> touched, RegistryHive.Builder content) {
        SortedSet<RegistryPath> t = new TreeSet<>(overlay.touched());
        t.addAll(touched);
        Overlay next = new Overlay(Collections.unmodifiableSortedSet(t), content.build());
        Snapshot snapshot = snapshotOf(next);
        if (stateDirectory != null) {
            String text = RegTextWriter.text(next.content(), new ArrayList<>(next.touched()), null);
            StateFile.write(stateDirectory, RegTextWriter.utf16WithBom(text));
        }
        overlay = next;
        current = snapshot;
    }

    private Snapshot snapshotOf(Overlay o) {
        RegistryHive hive;
        if (o.touched().isEmpty() && o.content().isEmpty()) {
            hive = base;
        } else {
            RegistryHive.Builder b = base.toBuilder();
            for (RegistryPath p : o.touched()) {
                b.deleteKey(p);
            }
            hive = b.merge(o.content()).build();
        }
        return new Snapshot(hive, ClassKeys.decode(hive, foldedVariables));
    }

    private static void check(ClassRegistration r, Optional<AppIdRegistration> appId) {
        r.progId().ifPresent(p -> checkProgId(p, "ProgID"));
        r.versionIndependentProgId().ifPresent(p -> checkProgId(p, "VersionIndependentProgID"));
        noNul(r.name(), "the class name");
        r.localServer32().ifPresent(s -> noNul(s, "LocalServer32"));
        r.serverExecutable().ifPresent(s -> noNul(s, "ServerExecutable"));
        if (appId.isPresent()) {
            AppIdRegistration a = appId.get();
            if (!r.appId().equals(Optional.of(a.appId()))) {
                throw new IllegalArgumentException("the AppID settings are for " + a.appId().toBracedString()
                        + " but the class names " + r.appId().map(Guid::toBracedString).orElse("no AppID")
                        + "; link the class with ClassRegistration.withAppId");
            }
            noNul(a.name(), "the AppID name");
            a.runAs().ifPresent(s -> noNul(s, "RunAs"));
            a.localService().ifPresent(s -> noNul(s, "LocalService"));
            a.dllSurrogate().ifPresent(s -> noNul(s, "DllSurrogate"));
        }
    }

    private static void checkProgId(String p, String what) {
        boolean ok = !p.isEmpty() && p.length() <= 39 && Ascii.isLetter(p.charAt(0));
        for (int i = 0; ok && i < p.length(); i++) {
            char c = p.charAt(i);
            ok = Ascii.isLetter(c) || Ascii.isDigit(c) || c == '.';
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " \"" + p + "\" is not a ProgID: use ASCII letters, digits and"
                    + " periods, start with a letter, at most 39 characters");
        }
        if (RegNames.equal(p, "CLSID") || RegNames.equal(p, "AppID")) {
            throw new IllegalArgumentException(what + " \"" + p + "\" would replace the " + p + " key itself");
        }
    }

    private static void noNul(String s, String what) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " cannot contain NUL (U+0000)");
        }
    }

    /** Reads the state file's edits: its key deletions, and a hive of what it writes. */
    private static Overlay load(Path directory, RegFileLimits limits) {
        Path file = directory.resolve(StateFile.FILE_NAME);
        Optional<byte[]> body = StateFile.read(file, limits.maxFileBytes() + StateFile.HEADER_SIZE);
        if (body.isEmpty()) {
            return new Overlay(Collections.emptySortedSet(), RegistryHive.empty());
        }
        SortedSet<RegistryPath> touched = new TreeSet<>();
        RegistryHive.Builder content = RegistryHive.builder();
        RegEditSink sink = new RegEditSink() {
            @Override
            public void createKey(RegistryPath path) {
                content.createKey(path);
            }

            @Override
            public void deleteKey(RegistryPath path) {
                touched.add(path);
                content.deleteKey(path);
            }

            @Override
            public void setValue(RegistryPath path, RegistryValue value) {
                content.setValue(path, value);
            }

            @Override
            public void deleteValue(RegistryPath path, String name) {
                content.deleteValue(path, name);
            }
        };
        try {
            RegFileParser.parse(file.toString(), body.get(), limits, sink);
        } catch (RegFileFormatException e) {
            throw new RegistryStateException(file, "its checksums match but its body is not a valid registry"
                    + " script: " + e.getMessage(), e);
        }
        return new Overlay(Collections.unmodifiableSortedSet(touched), content.build());
    }

    /**
     * Configures and builds a {@link ClassRegistry}.
     *
     * <pre>{@code
     * ClassRegistry registry = ClassRegistry.builder()
     *     .base(hive)
     *     .variables(Map.of("JAVA", javaPath))
     *     .stateDirectory(stateDir)
     *     .build();
     * }</pre>
     */
    public static final class Builder {
        private RegistryHive base = RegistryHive.empty();
        private Map<String, String> variables = Map.of();
        private Path stateDirectory;
        private RegFileLimits limits = RegFileLimits.DEFAULT;

        private Builder() {
        }

        /**
         * Sets the base hive, usually read from the scenario's {@code .reg} files. Default: empty.
         *
         * @param hive the hive
         * @return this builder
         */
        public Builder base(RegistryHive hive) {
            this.base = Objects.requireNonNull(hive, "hive");
            return this;
        }

        /**
         * Sets the variables {@code %VAR%} references in {@code LocalServer32} commands expand from. Default:
         * none. Names compare case-insensitively.
         *
         * @param vars the variables, copied
         * @return this builder
         * @throws IllegalArgumentException if two names differ only in case
         */
        public Builder variables(Map<String, String> vars) {
            EnvironmentStrings.fold(vars);
            this.variables = Map.copyOf(vars);
            return this;
        }

        /**
         * Sets the directory where API registrations are persisted; it is created if missing. Default: none
         * (registrations live in memory only).
         *
         * @param directory the state directory
         * @return this builder
         */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Sets the limits for reading the state file. Default: {@link RegFileLimits#DEFAULT}.
         *
         * @param l the limits
         * @return this builder
         */
        public Builder limits(RegFileLimits l) {
            this.limits = Objects.requireNonNull(l, "limits");
            return this;
        }

        /**
         * Builds the registry, loading the state file if the state directory has one.
         *
         * @return the registry
         * @throws RegistryStateException if the state file is torn, corrupt, of an unknown version, or cannot be
         *     read
         */
        public ClassRegistry build() {
            Overlay o = stateDirectory == null
                    ? new Overlay(Collections.emptySortedSet(), RegistryHive.empty())
                    : load(stateDirectory, limits);
            return new ClassRegistry(this, o);
        }
    }

    /**
     * One consistent state of a {@link ClassRegistry}: the effective hive and what was read from it.
     *
     * <p>Immutable; later registrations do not change it.
     *
     * <pre>{@code
     * ClassRegistry.Snapshot s = registry.snapshot();
     * ClassRegistration c = s.lookupClass(clsid).orElseThrow();
     * Optional<AppIdRegistration> a = c.appId().flatMap(s::lookupAppId);   // from the same state
     * }</pre>
     */
    public static final class Snapshot {
        private final RegistryHive hive;
        private final ClassKeys.Decoded decoded;

        Snapshot(RegistryHive hive, ClassKeys.Decoded decoded) {
            this.hive = hive;
            this.decoded = decoded;
        }

        /**
         * Returns the effective hive.
         *
         * @return the hive
         */
        public RegistryHive hive() {
            return hive;
        }

        /**
         * Looks a class up.
         *
         * @param clsid the CLSID
         * @return the registration, or empty
         * @throws RegistryValueException if the class's key has a malformed value
         */
        public Optional<ClassRegistration> lookupClass(Guid clsid) {
            ClassKeys.Entry<ClassRegistration> e = decoded.classes.get(Objects.requireNonNull(clsid, "clsid"));
            return e == null ? Optional.empty() : Optional.of(e.orThrow());
        }

        /**
         * Looks an AppID up.
         *
         * @param appId the AppID
         * @return the registration, or empty
         * @throws RegistryValueException if the AppID's key has a malformed value
         */
        public Optional<AppIdRegistration> lookupAppId(Guid appId) {
            ClassKeys.Entry<AppIdRegistration> e = decoded.appIds.get(Objects.requireNonNull(appId, "appId"));
            return e == null ? Optional.empty() : Optional.of(e.orThrow());
        }

        /**
         * Returns a class's {@code LocalServer32} command, expanded.
         *
         * @param clsid the CLSID
         * @return the command, or empty if the class is absent or has none
         * @throws RegistryValueException if the class's key has a malformed value
         */
        public Optional<ExpandedString> localServerCommand(Guid clsid) {
            lookupClass(clsid);
            return Optional.ofNullable(decoded.commands.get(clsid));
        }

        /**
         * Resolves a ProgID.
         *
         * @param progId the ProgID
         * @return the CLSID, or empty
         */
        public Optional<Guid> resolveProgId(String progId) {
            return ClassKeys.resolveProgId(hive, Objects.requireNonNull(progId, "progId"));
        }

        /**
         * Returns the CLSIDs of every class key, in GUID order, including those whose lookup throws.
         *
         * @return the CLSIDs
         */
        public List<Guid> classIds() {
            return List.copyOf(decoded.classes.keySet());
        }

        /**
         * Returns the AppIDs of every AppID key, in GUID order, including those whose lookup throws.
         *
         * @return the AppIDs
         */
        public List<Guid> appIds() {
            return List.copyOf(decoded.appIds.keySet());
        }

        /**
         * Returns every problem found.
         *
         * @return the problems, in the order found
         */
        public List<RegistryProblem> problems() {
            return decoded.problems;
        }
    }
}
