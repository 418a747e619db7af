package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import java.util.Objects;

/**
 * MS-DCOM 2.2.19.4 {@code SECURITYBINDING}: a security provider and a service principal name. On the wire
 * {@code wAuthnSvc}, {@code Reserved} (sent as 0xFFFF, ignored on receipt) and the NUL-terminated name.
 *
 * <pre>{@code
 * new SecurityBinding(AuthVerifier.RPC_C_AUTHN_WINNT, "");   // NTLM, no SPN: 0A 00 FF FF 00 00
 * }</pre>
 *
 * @param authnService the provider, non-zero ({@link AuthVerifier#RPC_C_AUTHN_WINNT} and friends)
 * @param principalName the SPN, empty for none; no NUL characters
 */
public record SecurityBinding(int authnService, String principalName) {

    /**
     * Checks the components.
     *
     * @param authnService the provider
     * @param principalName the SPN
     */
    public SecurityBinding {
        if (authnService <= 0 || authnService > 0xFFFF) {
            throw new IllegalArgumentException("authentication service is 1 to 65535: " + authnService);
        }
        if (Objects.requireNonNull(principalName, "principalName").indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a principal name cannot contain NUL");
        }
    }
}
