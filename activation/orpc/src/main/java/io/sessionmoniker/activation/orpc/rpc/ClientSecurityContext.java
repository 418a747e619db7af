package io.sessionmoniker.activation.orpc.rpc;

/**
 * The client side of one security context on a connection (one {@code auth_context_id}), the counterpart of a
 * {@link ServerSecurityContext}: it makes the token of the first leg (carried in the bind), takes the server's
 * answer (from the bind_ack) and makes the next token (carried in auth3), then protects each request fragment and
 * verifies each response fragment sent under it.
 *
 * <p>Threads: an {@link RpcClient} calls {@link #initialToken} and {@link #accept} while it binds, before any call
 * uses the context; {@link #protect} inside its write lock, in send order; {@link #verify} on its reader thread, in
 * arrival order. So a provider with sequence numbers (NTLM) sees the fragments of each direction in wire order, and
 * the two directions may run at once.
 *
 * <pre>{@code
 * ClientSecurityContext ctx = security.newContext();
 * byte[] negotiate = ctx.initialToken();          // into the bind's verifier
 * byte[] authenticate = ctx.accept(challenge);    // from the bind_ack; into the auth3
 * ctx.established();                              // true
 * }</pre>
 */
public interface ClientSecurityContext {

    /**
     * Makes the first leg's token.
     *
     * @return the token for the bind's (or alter_context's) verifier
     * @throws IllegalStateException if called twice
     */
    byte[] initialToken();

    /**
     * Takes the server's token and makes the next one.
     *
     * @param serverToken the {@code auth_value} of the server's bind_ack or alter_context_resp
     * @return the token to send next (in an auth3 when the context is then established), or empty when nothing
     *     more is to be sent
     * @throws SecurityFailure if the server's token is malformed, out of order, or offers less than this client
     *     requires
     */
    byte[] accept(byte[] serverToken) throws SecurityFailure;

    /**
     * Tells whether the exchange is complete on this side, so that calls may use the context. The server may still
     * refuse it: without an answer to auth3, a refusal shows as an access-denied fault on the first call.
     *
     * @return true once established
     */
    boolean established();

    /**
     * Returns the length of the token {@link #protect} writes into an outgoing fragment at a level of
     * {@code PKT_INTEGRITY} or above.
     *
     * @return the signature's length in octets
     */
    int signatureLength();

    /**
     * Writes the signature of an outgoing request fragment into its token and, at {@code PKT_PRIVACY}, encrypts its
     * stub and padding in place. The token arrives zero-filled, {@link #signatureLength()} octets long.
     *
     * @param fragment the fragment
     * @throws IllegalStateException if the context is not established
     */
    void protect(ProtectedFragment fragment);

    /**
     * Verifies a received response fragment and, at {@code PKT_PRIVACY}, decrypts its stub and padding in place.
     *
     * @param fragment the fragment
     * @throws SecurityFailure if the signature or its sequence number does not verify
     */
    void verify(ProtectedFragment fragment) throws SecurityFailure;
}
