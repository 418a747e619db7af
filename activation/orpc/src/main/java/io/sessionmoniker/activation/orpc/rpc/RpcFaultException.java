package io.sessionmoniker.activation.orpc.rpc;

/**
 * Thrown by an {@link RpcServer.Handler} to answer a call with a fault PDU carrying {@link #status()}: an NCA
 * status ({@link RpcStatus}) or an HRESULT.
 *
 * <pre>{@code
 * throw new RpcFaultException(RpcStatus.NCA_S_OP_RNG_ERROR, "no operation 42 on IFoo");
 * }</pre>
 */
public final class RpcFaultException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Creates the exception.
     *
     * @param status the fault status
     * @param message why, for the server's log
     */
    public RpcFaultException(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * Returns the fault status.
     *
     * @return an NCA status or an HRESULT
     */
    public int status() {
        return status;
    }
}
