package io.sessionmoniker.activation.orpc.rpc;

import java.util.Objects;

/**
 * The security a call arrived under: the security context its verifier named on the connection, the level the PDUs
 * were protected at, and the principal the context authenticated.
 *
 * @param authType the provider
 * @param authLevel the level ({@link AuthVerifier#RPC_C_AUTHN_LEVEL_CONNECT} …)
 * @param contextId the {@code auth_context_id}
 * @param principal who the provider proved the caller to be
 */
public record CallSecurity(int authType, int authLevel, int contextId, AuthenticatedPrincipal principal) {

    /**
     * Checks the components.
     *
     * @param authType the provider
     * @param authLevel the level
     * @param contextId the context id
     * @param principal not null
     */
    public CallSecurity {
        Objects.requireNonNull(principal, "principal");
    }
}
