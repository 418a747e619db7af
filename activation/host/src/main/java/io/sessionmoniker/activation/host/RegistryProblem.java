package io.sessionmoniker.activation.host;

import java.util.Objects;
import java.util.Optional;

/**
 * Something in the registry that COM would trip over, found when a {@link ClassRegistry} reads its hive.
 *
 * <p>{@link ClassRegistry#problems()} lists them all, so that nothing is skipped silently. A
 * {@link Kind#MALFORMED_VALUE} makes the lookup of the class or AppID that holds it throw
 * {@link RegistryValueException}; the other kinds are warnings.
 *
 * <pre>{@code
 * for (RegistryProblem p : registry.problems()) {
 *     System.err.println(p);
 *     // HKEY_LOCAL_MACHINE\…\LocalServer32 (default): the host defines no variable for %JAVA_HOME%; left as is …
 * }
 * }</pre>
 *
 * @param kind what sort of problem
 * @param key the key where it was found
 * @param valueName the value's name ({@code ""} for the default value), or empty when the key itself is the
 *     problem
 * @param message what is wrong
 */
public record RegistryProblem(Kind kind, RegistryPath key, Optional<String> valueName, String message) {

    /** What sort of problem. */
    public enum Kind {
        /** A value COM reads has the wrong type or malformed data; lookups of its class or AppID throw. */
        MALFORMED_VALUE,
        /** A {@code LocalServer32} command names a {@code %VAR%} the host does not define; it is left as is. */
        UNRESOLVED_VARIABLE,
        /** A key under {@code CLSID} or {@code AppID} whose name is not a braced GUID; COM never looks it up. */
        IGNORED_KEY
    }

    /**
     * Checks the components.
     *
     * @param kind what sort of problem
     * @param key the key
     * @param valueName the value's name, or empty
     * @param message what is wrong
     */
    public RegistryProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(valueName, "valueName");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Names a key and value for a message: the key's path, then the value's name in quotes or
     * {@code (default)}.
     *
     * @param key the key
     * @param valueName the value's name, or null for the key alone
     * @return for example {@code HKEY_LOCAL_MACHINE\…\AppID\{…} "LaunchPermission"}
     */
    static String describe(RegistryPath key, String valueName) {
        Objects.requireNonNull(key, "key");
        if (valueName == null) {
            return key.toString();
        }
        return key + (valueName.isEmpty() ? " (default)" : " \"" + valueName + "\"");
    }

    /**
     * Returns the key, the value and the message.
     *
     * @return for example {@code HKEY_LOCAL_MACHINE\…\AppID\{…} "AppIDFlags": expected a REG_DWORD but was REG_SZ of 6 bytes}
     */
    @Override
    public String toString() {
        return describe(key, valueName.orElse(null)) + ": " + message;
    }
}
