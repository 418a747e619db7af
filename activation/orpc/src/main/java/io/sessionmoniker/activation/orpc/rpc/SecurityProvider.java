package io.sessionmoniker.activation.orpc.rpc;

/**
 * The server side of one authentication service (an {@code auth_type} of MS-RPCE 2.2.1.1.7): it makes a
 * {@link ServerSecurityContext} for each security context a client starts on a connection. An
 * {@link RpcServer} is given its providers in {@link RpcServer.Options#security()}; a bind or alter_context whose
 * verifier names an {@code auth_type} no provider answers is refused ({@code bind_nak} reason
 * {@code authentication_type_not_recognized}, or a fault for alter_context).
 *
 * <pre>{@code
 * RpcServer.Options options = RpcServer.Options.DEFAULT.withSecurity(SecurityProviders.of(ntlm));
 * }</pre>
 */
public interface SecurityProvider {

    /**
     * Returns the authentication service this provider answers.
     *
     * @return for example {@link AuthVerifier#RPC_C_AUTHN_WINNT}
     */
    int authType();

    /**
     * Names the provider for logs.
     *
     * @return for example {@code "NTLM"}
     */
    String name();

    /**
     * Starts the server side of a security context.
     *
     * @param connection the connection it is negotiated on
     * @param authLevel the level the client asks for in the first leg
     * @return the new context, not yet established
     * @throws SecurityFailure if the provider does not offer that level
     */
    ServerSecurityContext newContext(RpcServer.Connection connection, int authLevel) throws SecurityFailure;
}
