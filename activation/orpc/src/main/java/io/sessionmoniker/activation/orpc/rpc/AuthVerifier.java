package io.sessionmoniker.activation.orpc.rpc;

import java.util.Objects;

/**
 * The authentication verifier at the end of a PDU: the 8-byte {@code sec_trailer} of MS-RPCE 2.2.2.11 (C706
 * {@code auth_verifier_co_t}) and the security provider's token, carried opaquely so NTLM can be added
 * above this layer. The token's length is the PDU's {@code auth_length}.
 *
 * <p>{@link #padLength()} is the {@code auth_pad_length}: the number of padding octets between the body and
 * the trailer. The encoder writes that many zero octets; the decoder removes them from the stub. Use
 * {@link #forStub(int, int, int, int, Bytes)} to get the padding MS-RPCE asks for (the trailer 16-byte
 * aligned after the stub data).
 *
 * <pre>{@code
 * AuthVerifier v = AuthVerifier.forStub(stub.length(), AuthVerifier.RPC_C_AUTHN_WINNT,
 *         AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT, 79231, token);
 * v.padLength();   // (16 - stub.length() % 16) % 16
 * }</pre>
 *
 * @param authType the security provider, for example {@link #RPC_C_AUTHN_WINNT}
 * @param authLevel the protection level, for example {@link #RPC_C_AUTHN_LEVEL_CONNECT}
 * @param padLength padding octets before the trailer, 0 to 255
 * @param contextId the {@code auth_context_id}, which names the security context on the connection
 * @param token the provider's token ({@code auth_value}), at most 65535 octets
 */
public record AuthVerifier(int authType, int authLevel, int padLength, int contextId, Bytes token) {

    /** No authentication. */
    public static final int RPC_C_AUTHN_NONE = 0;
    /** SPNEGO. */
    public static final int RPC_C_AUTHN_GSS_NEGOTIATE = 9;
    /** NTLM. */
    public static final int RPC_C_AUTHN_WINNT = 10;
    /** Kerberos. */
    public static final int RPC_C_AUTHN_GSS_KERBEROS = 16;

    /** Level none (MS-RPCE 2.2.1.1.8). */
    public static final int RPC_C_AUTHN_LEVEL_NONE = 1;
    /** Authenticate the connection only. */
    public static final int RPC_C_AUTHN_LEVEL_CONNECT = 2;
    /** Sign every PDU. */
    public static final int RPC_C_AUTHN_LEVEL_PKT_INTEGRITY = 5;
    /** Sign and seal every PDU. */
    public static final int RPC_C_AUTHN_LEVEL_PKT_PRIVACY = 6;

    /**
     * Checks the components.
     *
     * @param authType the provider
     * @param authLevel the level
     * @param padLength the padding
     * @param contextId the context id
     * @param token the token
     */
    public AuthVerifier {
        if ((authType & ~0xFF) != 0 || (authLevel & ~0xFF) != 0 || (padLength & ~0xFF) != 0) {
            throw new IllegalArgumentException("auth_type, auth_level and auth_pad_length are octets: "
                    + authType + ", " + authLevel + ", " + padLength);
        }
        Objects.requireNonNull(token, "token");
        if (token.length() > 0xFFFF) {
            throw new IllegalArgumentException("token of " + token.length() + " bytes does not fit auth_length");
        }
    }

    /**
     * Returns a verifier whose padding puts the trailer on a 16-byte boundary after a stub of the given
     * length, as MS-RPCE 2.2.2.11 asks.
     *
     * @param stubLength the stub length in octets
     * @param authType the provider
     * @param authLevel the level
     * @param contextId the context id
     * @param token the token
     * @return the verifier
     */
    public static AuthVerifier forStub(int stubLength, int authType, int authLevel, int contextId, Bytes token) {
        return new AuthVerifier(authType, authLevel, (16 - (stubLength & 15)) & 15, contextId, token);
    }

    /**
     * Returns the same verifier without padding, for PDUs whose body needs none (bind, alter_context, auth3).
     *
     * @param authType the provider
     * @param authLevel the level
     * @param contextId the context id
     * @param token the token
     * @return the verifier
     */
    public static AuthVerifier of(int authType, int authLevel, int contextId, Bytes token) {
        return new AuthVerifier(authType, authLevel, 0, contextId, token);
    }
}
