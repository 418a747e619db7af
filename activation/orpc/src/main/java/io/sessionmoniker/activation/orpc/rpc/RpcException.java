package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;

/**
 * An RPC-level failure: the connection was lost or refused, the server faulted the call, the call timed out,
 * or the peer broke the protocol. Carries the HRESULT a COM client would see, e.g.
 * {@code RPC_E_SERVER_DIED} for a call in flight when the server went away, {@code RPC_E_DISCONNECTED} for a
 * call on a connection already lost, {@code RPC_E_TIMEOUT} when a call's deadline passed. The codes and their
 * names are {@link HResult}'s, so {@link #errorName()} is the same as for any {@link ComException} with that code
 * (a failure rebuilt from its HRESULT, as a host daemon's client does, keeps its name).
 *
 * <pre>{@code
 * try {
 *     client.call(iface, ipid, 3, stub, Duration.ofSeconds(5));
 * } catch (RpcException e) {
 *     e.errorName();   // "RPC_E_SERVER_DIED"
 * }
 * }</pre>
 */
public final class RpcException extends ComException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param hresult the failure code
     * @param message what happened
     */
    public RpcException(int hresult, String message) {
        super(hresult, message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param hresult the failure code
     * @param message what happened
     * @param cause the underlying failure
     */
    public RpcException(int hresult, String message, Throwable cause) {
        super(hresult, message, cause);
    }

    /**
     * Turns the status of a fault PDU into the HRESULT a client sees: an NCA status maps to the Win32 RPC error
     * Windows reports for it; a status that already is a failure HRESULT is kept.
     *
     * @param status the fault status
     * @return the HRESULT
     */
    public static int hresultOfFault(int status) {
        return switch (status) {
            case RpcStatus.NCA_S_OP_RNG_ERROR -> HResult.RPC_S_PROCNUM_OUT_OF_RANGE;
            case RpcStatus.NCA_S_UNK_IF -> HResult.RPC_S_UNKNOWN_IF;
            case RpcStatus.NCA_S_PROTO_ERROR, RpcStatus.NCA_S_INVALID_PRES_CONTEXT_ID -> HResult.RPC_S_PROTOCOL_ERROR;
            case RpcStatus.NCA_S_SERVER_TOO_BUSY -> HResult.RPC_S_SERVER_TOO_BUSY;
            case RpcStatus.NCA_S_FAULT_REMOTE_NO_MEMORY -> HResult.E_OUTOFMEMORY;
            case RpcStatus.NCA_S_FAULT_UNSPEC -> HResult.E_FAIL;
            default -> HResult.failed(status) ? status
                    : (status & 0xFFFF_0000) == 0 ? HResult.fromWin32(status) : HResult.RPC_S_PROTOCOL_ERROR;
        };
    }
}
