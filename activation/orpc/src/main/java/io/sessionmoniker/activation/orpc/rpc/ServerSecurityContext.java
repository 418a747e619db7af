package io.sessionmoniker.activation.orpc.rpc;

import java.util.Optional;

/**
 * The server side of one security context on a connection (one {@code auth_context_id}): it accepts the tokens of
 * the bind / alter_context / auth3 legs, then verifies and unprotects each request fragment and protects each
 * response fragment sent under it. The connection calls {@link #accept} on its reader thread, {@link #verify} on its
 * reader thread in arrival order, and {@link #protect} inside its write lock in send order, so a provider with
 * sequence numbers (NTLM) sees the fragments in wire order on both paths.
 */
public interface ServerSecurityContext {

    /**
     * Accepts one leg's token.
     *
     * @param token the client's token (the verifier's {@code auth_value})
     * @return the token to answer with in the bind_ack or alter_context_resp (empty for none; an auth3 gets no
     *     answer, so what an auth3 leg returns is not sent)
     * @throws SecurityFailure if the token is refused: the credentials are wrong, or the exchange is out of order
     */
    byte[] accept(byte[] token) throws SecurityFailure;

    /**
     * Tells whether the exchange is complete, so that calls may use the context.
     *
     * @return true once established
     */
    boolean established();

    /**
     * Returns whom the exchange authenticated.
     *
     * @return the principal, present once {@link #established()}
     */
    Optional<AuthenticatedPrincipal> principal();

    /**
     * Returns the length of the token {@link #protect} writes into an outgoing fragment at a level of
     * {@code PKT_INTEGRITY} or above.
     *
     * @return the signature's length in octets
     */
    int signatureLength();

    /**
     * Verifies a received fragment and, at {@code PKT_PRIVACY}, decrypts its stub and padding in place. Called only
     * for levels of {@code PKT_INTEGRITY} and above.
     *
     * @param fragment the fragment
     * @throws SecurityFailure if the signature does not verify
     */
    void verify(ProtectedFragment fragment) throws SecurityFailure;

    /**
     * Writes the signature of an outgoing fragment into its token and, at {@code PKT_PRIVACY}, encrypts its stub and
     * padding in place. The token arrives zero-filled, {@link #signatureLength()} octets long.
     *
     * @param fragment the fragment
     */
    void protect(ProtectedFragment fragment);
}
