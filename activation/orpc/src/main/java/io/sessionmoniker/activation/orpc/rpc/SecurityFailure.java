package io.sessionmoniker.activation.orpc.rpc;

/**
 * A security provider's refusal: a token it cannot accept, a signature that does not verify, a level it does not
 * offer. It carries the DCE/RPC status the connection answers with (a {@code bind_nak} reason for a bind, a fault
 * status otherwise); the message is for the host's log, never sent to the peer.
 */
public final class SecurityFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Makes a failure.
     *
     * @param status the status to answer with, for example {@link RpcStatus#RPC_S_ACCESS_DENIED}
     * @param message what went wrong, for the log
     */
    public SecurityFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * Returns the status the peer is answered with.
     *
     * @return the status
     */
    public int status() {
        return status;
    }
}
