package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.HResult;
import java.util.Objects;
import java.util.Optional;

/**
 * A registry value that COM reads has the wrong type or malformed data: a {@code LaunchPermission} that is not a
 * security descriptor, an {@code AppID} value that is not a GUID, an {@code AppIDFlags} that is not a
 * {@code REG_DWORD}.
 *
 * <p>It names the key and the value; the HRESULT is {@link HResult#REGDB_E_INVALIDVALUE}. The lookup of the one
 * class or AppID that holds the value throws it; the rest of the registry works, and
 * {@link ClassRegistry#problems()} lists every such value.
 *
 * <pre>{@code
 * try {
 *     registry.lookupAppId(appId);
 * } catch (RegistryValueException e) {
 *     e.key();        // "HKEY_LOCAL_MACHINE\SOFTWARE\Classes\AppID\{…}"
 *     e.valueName();  // Optional["LaunchPermission"]
 *     e.getCause();   // the SecurityDescriptorFormatException, naming the byte offset
 * }
 * }</pre>
 */
public final class RegistryValueException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** The key's path. */
    private final String key;
    /** The value's name, or null when the key itself is wrong. */
    private final String valueName;
    /** What is wrong. */
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param key the key holding the value
     * @param valueName the value's name ({@code ""} for the default value), or null when the key itself is wrong
     * @param reason what is wrong
     * @param cause the underlying failure, or null
     */
    public RegistryValueException(RegistryPath key, String valueName, String reason, Throwable cause) {
        super(HResult.REGDB_E_INVALIDVALUE, RegistryProblem.describe(key, valueName) + ": "
                + Objects.requireNonNull(reason, "reason"), cause);
        this.key = key.toString();
        this.valueName = valueName;
        this.reason = reason;
    }

    /**
     * Returns the key holding the value.
     *
     * @return the key's path text
     */
    public String key() {
        return key;
    }

    /**
     * Returns the value's name.
     *
     * @return the name ({@code ""} for the default value), or empty when the problem is the key itself
     */
    public Optional<String> valueName() {
        return Optional.ofNullable(valueName);
    }

    /**
     * Returns what is wrong, without the key and value.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
