package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.host.AppIdRegistration;
import io.sessionmoniker.activation.host.ClassRegistration;
import io.sessionmoniker.activation.host.ExpandedString;
import io.sessionmoniker.activation.host.RegistryHive;
import io.sessionmoniker.activation.host.RegistryKey;
import io.sessionmoniker.activation.host.RegistryPath;
import io.sessionmoniker.activation.host.RegistryProblem;
import io.sessionmoniker.activation.host.RegistryValue;
import io.sessionmoniker.activation.host.RegistryValueException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.policy.SecurityDescriptor;
import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The layout of COM's keys under {@code HKLM\SOFTWARE\Classes}: reads CLSID and AppID keys into registrations,
 * writes registrations back as keys, and resolves ProgIDs.
 */
public final class ClassKeys {

    /** {@code HKLM\SOFTWARE\Classes\CLSID}. */
    public static final RegistryPath CLSID_ROOT = RegistryPath.CLASSES_ROOT.child("CLSID");
    /** {@code HKLM\SOFTWARE\Classes\AppID}. */
    public static final RegistryPath APPID_ROOT = RegistryPath.CLASSES_ROOT.child("AppID");

    /** How many {@code CurVer} links a ProgID lookup follows before giving up (a loop, or a silly chain). */
    public static final int MAX_CURVER_HOPS = 8;

    private ClassKeys() {
    }

    /**
     * A decoded registration, or the first malformed value that prevented decoding it.
     *
     * @param value the registration, or null
     * @param problem the malformed value, or null
     * @param cause the underlying failure, or null
     * @param <T> the registration type
     */
    public record Entry<T>(T value, RegistryProblem problem, Throwable cause) {

        /**
         * Returns the registration or throws the problem.
         *
         * @return the registration
         * @throws RegistryValueException if a value was malformed
         */
        public T orThrow() {
            if (problem != null) {
                throw new RegistryValueException(problem.key(), problem.valueName().orElse(null), problem.message(),
                        cause);
            }
            return value;
        }
    }

    /** Everything read from a hive's CLSID and AppID keys. */
    public static final class Decoded {
        /** Classes by CLSID, in GUID order. */
        public final Map<Guid, Entry<ClassRegistration>> classes;
        /** AppIDs by AppID, in GUID order. */
        public final Map<Guid, Entry<AppIdRegistration>> appIds;
        /** Expanded {@code LocalServer32} commands of the classes that decoded and have one. */
        public final Map<Guid, ExpandedString> commands;
        /** Every problem, in the order found. */
        public final List<RegistryProblem> problems;

        Decoded(Map<Guid, Entry<ClassRegistration>> classes, Map<Guid, Entry<AppIdRegistration>> appIds,
                Map<Guid, ExpandedString> commands, List<RegistryProblem> problems) {
            this.classes = Collections.unmodifiableMap(classes);
            this.appIds = Collections.unmodifiableMap(appIds);
            this.commands = Collections.unmodifiableMap(commands);
            this.problems = List.copyOf(problems);
        }
    }

    /**
     * Reads every CLSID and AppID key of a hive.
     *
     * @param hive the hive
     * @param foldedVariables the host's variables, keyed by folded name
     * @return what was read
     */
    public static Decoded decode(RegistryHive hive, Map<String, String> foldedVariables) {
        Map<Guid, Entry<ClassRegistration>> classes = new TreeMap<>();
        Map<Guid, Entry<AppIdRegistration>> appIds = new TreeMap<>();
        Map<Guid, ExpandedString> commands = new HashMap<>();
        List<RegistryProblem> problems = new ArrayList<>();
        for (RegistryKey k : hive.key(CLSID_ROOT).map(RegistryKey::subkeys).orElse(List.of())) {
            Optional<Guid> clsid = bracedGuid(k.name());
            if (clsid.isEmpty()) {
                problems.add(new RegistryProblem(RegistryProblem.Kind.IGNORED_KEY, k.path(), Optional.empty(),
                        "the key name is not a braced GUID; COM looks a class up by its {CLSID}"));
                continue;
            }
            Reader r = new Reader(problems);
            ClassRegistration c = readClass(clsid.get(), k, r);
            classes.put(clsid.get(), r.entry(c));
            if (r.first == null && c.localServer32().isPresent()) {
                ExpandedString e = EnvironmentStrings.expand(c.localServer32().get(), foldedVariables);
                commands.put(clsid.get(), e);
                if (!e.isFullyExpanded()) {
                    StringBuilder names = new StringBuilder();
                    for (String v : e.unresolvedVariables()) {
                        names.append(names.length() == 0 ? "" : ", ").append('%').append(v).append('%');
                    }
                    problems.add(new RegistryProblem(RegistryProblem.Kind.UNRESOLVED_VARIABLE,
                            k.path().child("LocalServer32"), Optional.of(""),
                            "the host defines no variable for " + names + "; left as is in the command line"));
                }
            }
        }
        for (RegistryKey k : hive.key(APPID_ROOT).map(RegistryKey::subkeys).orElse(List.of())) {
            Optional<Guid> appId = bracedGuid(k.name());
            if (appId.isEmpty()) {
                if (k.value("AppID").isEmpty()) {
                    problems.add(new RegistryProblem(RegistryProblem.Kind.IGNORED_KEY, k.path(), Optional.empty(),
                            "the key name is neither a braced GUID nor an executable's name with an AppID value"));
                }
                continue;
            }
            Reader r = new Reader(problems);
            AppIdRegistration a = readAppId(appId.get(), k, r);
            appIds.put(appId.get(), r.entry(a));
        }
        return new Decoded(classes, appIds, commands, problems);
    }

    private static ClassRegistration readClass(Guid clsid, RegistryKey k, Reader r) {
        String name = r.string(k, "").orElse("");
        Optional<RegistryKey> ls = k.subkey("LocalServer32");
        Optional<String> command = ls.flatMap(l -> r.string(l, ""));
        Optional<String> exe = ls.flatMap(l -> r.string(l, "ServerExecutable"));
        Optional<Guid> appId = r.guid(k, "AppID");
        Optional<String> progId = k.subkey("ProgID").flatMap(p -> r.string(p, ""));
        Optional<String> vi = k.subkey("VersionIndependentProgID").flatMap(p -> r.string(p, ""));
        return new ClassRegistration(clsid, name, command, exe, appId, progId, vi);
    }

    private static AppIdRegistration readAppId(Guid appId, RegistryKey k, Reader r) {
        return new AppIdRegistration(appId, r.string(k, "").orElse(""), r.string(k, "RunAs"),
                r.string(k, "LocalService"), r.dword(k, "AppIDFlags").orElse(0), r.descriptor(k, "LaunchPermission"),
                r.descriptor(k, "AccessPermission"), r.string(k, "DllSurrogate"));
    }

    /** Reads typed values, recording the first malformed one of an entry. */
    private static final class Reader {
        final List<RegistryProblem> problems;
        RegistryProblem first;
        Throwable firstCause;

        Reader(List<RegistryProblem> problems) {
            this.problems = problems;
        }

        <T> Entry<T> entry(T value) {
            return first == null ? new Entry<>(value, null, null) : new Entry<>(null, first, firstCause);
        }

        void malformed(RegistryKey k, String valueName, String message, Throwable cause) {
            RegistryProblem p = new RegistryProblem(RegistryProblem.Kind.MALFORMED_VALUE, k.path(),
                    Optional.of(valueName), message);
            problems.add(p);
            if (first == null) {
                first = p;
                firstCause = cause;
            }
        }

        Optional<String> string(RegistryKey k, String valueName) {
            Optional<RegistryValue> v = k.value(valueName);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            int type = v.get().type();
            if (type != RegistryValue.REG_SZ && type != RegistryValue.REG_EXPAND_SZ) {
                malformed(k, valueName, "expected a REG_SZ or REG_EXPAND_SZ string but was " + v.get().typeName(),
                        null);
                return Optional.empty();
            }
            return v.get().asString();
        }

        Optional<Guid> guid(RegistryKey k, String valueName) {
            Optional<String> s = string(k, valueName);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            Optional<Guid> g = bracedGuid(s.get());
            if (g.isEmpty()) {
                malformed(k, valueName, "expected a GUID in braces, {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, but was \""
                        + shorten(s.get()) + "\"", null);
            }
            return g;
        }

        OptionalInt dword(RegistryKey k, String valueName) {
            Optional<RegistryValue> v = k.value(valueName);
            if (v.isEmpty()) {
                return OptionalInt.empty();
            }
            if (v.get().type() != RegistryValue.REG_DWORD || v.get().size() != 4) {
                malformed(k, valueName, "expected a REG_DWORD but was " + v.get().typeName() + " of "
                        + v.get().size() + " bytes", null);
                return OptionalInt.empty();
            }
            return v.get().asDword();
        }

        Optional<SecurityDescriptor> descriptor(RegistryKey k, String valueName) {
            Optional<RegistryValue> v = k.value(valueName);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            if (v.get().type() != RegistryValue.REG_BINARY) {
                malformed(k, valueName, "expected a REG_BINARY security descriptor but was " + v.get().typeName(), null);
                return Optional.empty();
            }
            try {
                return Optional.of(SecurityDescriptor.fromBytes(v.get().data()));
            } catch (SecurityDescriptorFormatException e) {
                malformed(k, valueName, "not a valid self-relative security descriptor: " + e.getMessage(), e);
                return Optional.empty();
            }
        }
    }

    /**
     * Reads a GUID that must be in braces, as {@code CLSIDFromString} requires.
     *
     * @param s the text
     * @return the GUID, or empty
     */
    public static Optional<Guid> bracedGuid(String s) {
        return s.length() == 38 && s.charAt(0) == '{' ? Guid.tryParse(s) : Optional.empty();
    }

    private static String shorten(String s) {
        return org.apache.commons.lang3.StringUtils.abbreviate(s, 60);
    }

    /**
     * Resolves a ProgID as {@code CLSIDFromProgID} does: the {@code CLSID} subkey's default value; when the ProgID
     * has no {@code CLSID} subkey, its {@code CurVer} subkey names the ProgID to try next.
     *
     * @param hive the hive
     * @param progId the ProgID
     * @return the CLSID, or empty when the ProgID, its CLSID or a readable GUID is missing
     */
    public static Optional<Guid> resolveProgId(RegistryHive hive, String progId) {
        Optional<RegistryKey> classes = hive.key(RegistryPath.CLASSES_ROOT);
        String current = progId;
        for (int hop = 0; hop <= MAX_CURVER_HOPS && classes.isPresent(); hop++) {
            if (current.isEmpty() || current.indexOf('\\') >= 0) {
                return Optional.empty();
            }
            Optional<RegistryKey> k = classes.get().subkey(current);
            if (k.isEmpty()) {
                return Optional.empty();
            }
            Optional<RegistryKey> clsid = k.get().subkey("CLSID");
            if (clsid.isPresent()) {
                return defaultString(clsid.get()).flatMap(ClassKeys::bracedGuid);
            }
            Optional<String> curVer = k.get().subkey("CurVer").flatMap(ClassKeys::defaultString);
            if (curVer.isEmpty()) {
                return Optional.empty();
            }
            current = curVer.get();
        }
        return Optional.empty();
    }

    private static Optional<String> defaultString(RegistryKey k) {
        return k.defaultValue().filter(v -> v.type() == RegistryValue.REG_SZ || v.type() == RegistryValue.REG_EXPAND_SZ)
                .flatMap(RegistryValue::asString);
    }

    /**
     * Returns the ProgID keys that name a class: its {@code ProgID} and {@code VersionIndependentProgID}, where the
     * ProgID's own {@code CLSID} subkey names the class.
     *
     * @param hive the hive
     * @param clsid the class
     * @return the ProgID keys' paths
     */
    public static List<RegistryPath> progIdKeysNaming(RegistryHive hive, Guid clsid) {
        List<RegistryPath> out = new ArrayList<>();
        Optional<RegistryKey> k = hive.key(CLSID_ROOT.child(clsid.toBracedString()));
        for (String sub : new String[] {"ProgID", "VersionIndependentProgID"}) {
            Optional<String> progId = k.flatMap(c -> c.subkey(sub)).flatMap(ClassKeys::defaultString);
            if (progId.isPresent() && RegNames.keyNameProblem(progId.get()) == null) {
                RegistryPath p = RegistryPath.CLASSES_ROOT.child(progId.get());
                Optional<Guid> named = hive.key(p).flatMap(pk -> pk.subkey("CLSID")).flatMap(ClassKeys::defaultString)
                        .flatMap(ClassKeys::bracedGuid);
                if (named.equals(Optional.of(clsid)) && !out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * The class's own key.
     *
     * @param clsid the class
     * @return {@code HKLM\SOFTWARE\Classes\CLSID\{clsid}}
     */
    public static RegistryPath classKey(Guid clsid) {
        return CLSID_ROOT.child(clsid.toBracedString());
    }

    /**
     * The AppID's own key.
     *
     * @param appId the AppID
     * @return {@code HKLM\SOFTWARE\Classes\AppID\{appId}}
     */
    public static RegistryPath appIdKey(Guid appId) {
        return APPID_ROOT.child(appId.toBracedString());
    }

    /**
     * Writes a class's keys: its CLSID key and, for each ProgID, the ProgID's key.
     *
     * @param b the builder
     * @param c the class
     */
    public static void writeClass(RegistryHive.Builder b, ClassRegistration c) {
        RegistryPath key = classKey(c.clsid());
        String braced = c.clsid().toBracedString();
        b.setValue(key, RegistryValue.string("", c.name()));
        c.appId().ifPresent(a -> b.setValue(key, RegistryValue.string("AppID", a.toBracedString())));
        if (c.localServer32().isPresent() || c.serverExecutable().isPresent()) {
            RegistryPath ls = key.child("LocalServer32");
            b.createKey(ls);
            c.localServer32().ifPresent(cmd -> b.setValue(ls, cmd.indexOf('%') >= 0
                    ? RegistryValue.expandString("", cmd) : RegistryValue.string("", cmd)));
            c.serverExecutable().ifPresent(exe -> b.setValue(ls, RegistryValue.string("ServerExecutable", exe)));
        }
        c.progId().ifPresent(p -> {
            b.setValue(key.child("ProgID"), RegistryValue.string("", p));
            RegistryPath pk = RegistryPath.CLASSES_ROOT.child(p);
            b.setValue(pk, RegistryValue.string("", c.name()));
            b.setValue(pk.child("CLSID"), RegistryValue.string("", braced));
        });
        c.versionIndependentProgId().ifPresent(p -> {
            b.setValue(key.child("VersionIndependentProgID"), RegistryValue.string("", p));
            RegistryPath pk = RegistryPath.CLASSES_ROOT.child(p);
            b.setValue(pk, RegistryValue.string("", c.name()));
            b.setValue(pk.child("CLSID"), RegistryValue.string("", braced));
            c.progId().filter(v -> !RegNames.equal(v, p))
                    .ifPresent(v -> b.setValue(pk.child("CurVer"), RegistryValue.string("", v)));
        });
    }

    /**
     * Writes an AppID's key.
     *
     * @param b the builder
     * @param a the AppID
     */
    public static void writeAppId(RegistryHive.Builder b, AppIdRegistration a) {
        RegistryPath key = appIdKey(a.appId());
        b.setValue(key, RegistryValue.string("", a.name()));
        a.runAs().ifPresent(v -> b.setValue(key, RegistryValue.string("RunAs", v)));
        a.localService().ifPresent(v -> b.setValue(key, RegistryValue.string("LocalService", v)));
        if (a.appIdFlags() != 0) {
            b.setValue(key, RegistryValue.dword("AppIDFlags", a.appIdFlags()));
        }
        a.launchPermission().ifPresent(sd -> b.setValue(key, RegistryValue.binary("LaunchPermission", sd.toBytes())));
        a.accessPermission().ifPresent(sd -> b.setValue(key, RegistryValue.binary("AccessPermission", sd.toBytes())));
        a.dllSurrogate().ifPresent(v -> b.setValue(key, RegistryValue.string("DllSurrogate", v)));
    }
}
