package io.sessionmoniker.activation.orpc.rpc;

/**
 * The client side of one authentication service at one level, the counterpart of a server's
 * {@link SecurityProvider}: an {@link RpcClient} given one ({@link RpcClient#connect(io.sessionmoniker.activation.orpc.transport.Transport,
 * io.sessionmoniker.activation.orpc.transport.Endpoint, java.time.Duration, ClientSecurity)}) starts a
 * {@link ClientSecurityContext} from it in its first bind, and protects every request under that context. This
 * module knows no authentication service; NTLM implements this interface in the DCOM module. Implementations are
 * immutable and thread-safe.
 *
 * <pre>{@code
 * ClientSecurity ntlm = NtlmClientSecurity.of(credentials, AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY);
 * try (RpcClient c = RpcClient.connect(TcpTransport.get(), endpoint, Duration.ofSeconds(5), ntlm)) {
 *     Bytes reply = c.call(iface, ipid, 3, stub, Duration.ofSeconds(30));   // signed and sealed
 * }
 * }</pre>
 */
public interface ClientSecurity {

    /**
     * Returns the authentication service.
     *
     * @return for example {@link AuthVerifier#RPC_C_AUTHN_WINNT}
     */
    int authType();

    /**
     * Returns the level the contexts are negotiated at and calls are protected at.
     *
     * @return {@link AuthVerifier#RPC_C_AUTHN_LEVEL_CONNECT}, {@link AuthVerifier#RPC_C_AUTHN_LEVEL_PKT_INTEGRITY} or
     *     {@link AuthVerifier#RPC_C_AUTHN_LEVEL_PKT_PRIVACY}
     */
    int authLevel();

    /**
     * Names the service for logs and messages; never shows a secret.
     *
     * @return for example {@code "NTLM"}
     */
    String name();

    /**
     * Starts a security context, not yet established.
     *
     * @return the context
     */
    ClientSecurityContext newContext();
}
