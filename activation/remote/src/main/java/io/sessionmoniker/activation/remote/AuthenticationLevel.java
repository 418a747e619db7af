package io.sessionmoniker.activation.remote;

/**
 * The RPC authentication levels the remote backend offers (MS-RPCE 2.2.1.1.8). Every level authenticates the user
 * with NTLMv2 when the connection is set up; they differ in what protects the calls after it.
 */
public enum AuthenticationLevel {
    /** {@code RPC_C_AUTHN_LEVEL_CONNECT} (2): the connection is authenticated, the calls are not protected. */
    CONNECT(2),
    /** {@code RPC_C_AUTHN_LEVEL_PKT_INTEGRITY} (5): every call is signed. */
    INTEGRITY(5),
    /** {@code RPC_C_AUTHN_LEVEL_PKT_PRIVACY} (6): every call is signed and encrypted; the default. */
    PRIVACY(6);

    private final int value;

    AuthenticationLevel(int value) {
        this.value = value;
    }

    /**
     * Returns the level's number on the wire.
     *
     * @return 2, 5 or 6
     */
    public int value() {
        return value;
    }
}
