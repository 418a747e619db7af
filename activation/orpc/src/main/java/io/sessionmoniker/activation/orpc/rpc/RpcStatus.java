package io.sessionmoniker.activation.orpc.rpc;

import java.util.Locale;
import java.util.Map;

/**
 * Status codes carried in a fault PDU's {@code status} field: the NCA codes of C706 Appendix E and the Win32
 * RPC codes Windows uses (MS-RPCE 2.2.2.7 and 3.1.1.5.x). An HRESULT may also travel there, as DCOM servers
 * send them; {@link #name(int)} knows the codes listed here.
 *
 * <pre>{@code
 * Pdu.Fault f = Pdu.Fault.of(callId, contextId, RpcStatus.NCA_S_OP_RNG_ERROR);
 * RpcStatus.name(f.status());   // "nca_s_op_rng_error"
 * }</pre>
 */
public final class RpcStatus {

    /** The operation number is out of range for the interface (C706 Appendix E). */
    public static final int NCA_S_OP_RNG_ERROR = 0x1C010002;
    /** The interface is not known to the server. */
    public static final int NCA_S_UNK_IF = 0x1C010003;
    /** Someone broke the protocol. */
    public static final int NCA_S_PROTO_ERROR = 0x1C01000B;
    /** The output arguments are too big. */
    public static final int NCA_S_OUT_ARGS_TOO_BIG = 0x1C010013;
    /** The server is too busy to handle the call. */
    public static final int NCA_S_SERVER_TOO_BUSY = 0x1C010014;
    /** The generic operation is not implemented for the object's type. */
    public static final int NCA_S_UNSUPPORTED_TYPE = 0x1C010017;
    /** The presentation context id of a request is not one the association negotiated. */
    public static final int NCA_S_INVALID_PRES_CONTEXT_ID = 0x1C00001C;
    /** The authentication level is not supported. */
    public static final int NCA_S_UNSUPPORTED_AUTHN_LEVEL = 0x1C00001D;
    /** Unspecified failure in the called procedure. */
    public static final int NCA_S_FAULT_UNSPEC = 0x1C000012;
    /** The server ran out of memory. */
    public static final int NCA_S_FAULT_REMOTE_NO_MEMORY = 0x1C00001B;
    /** Win32 ERROR_ACCESS_DENIED, used by Windows in faults for refused calls. */
    public static final int RPC_S_ACCESS_DENIED = 5;
    /** Win32 RPC_S_PROTOCOL_ERROR (1728). */
    public static final int RPC_S_PROTOCOL_ERROR = 0x6C0;
    /** Win32 RPC_S_PROCNUM_OUT_OF_RANGE (1745), Windows' form of an unknown operation number. */
    public static final int RPC_S_PROCNUM_OUT_OF_RANGE = 0x6D1;
    /** Win32 RPC_X_BAD_STUB_DATA (1783): the stub data could not be unmarshaled. */
    public static final int RPC_X_BAD_STUB_DATA = 0x6F7;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(NCA_S_OP_RNG_ERROR, "nca_s_op_rng_error"),
            Map.entry(NCA_S_UNK_IF, "nca_s_unk_if"),
            Map.entry(NCA_S_PROTO_ERROR, "nca_s_proto_error"),
            Map.entry(NCA_S_OUT_ARGS_TOO_BIG, "nca_s_out_args_too_big"),
            Map.entry(NCA_S_SERVER_TOO_BUSY, "nca_s_server_too_busy"),
            Map.entry(NCA_S_UNSUPPORTED_TYPE, "nca_s_unsupported_type"),
            Map.entry(NCA_S_INVALID_PRES_CONTEXT_ID, "nca_s_invalid_pres_context_id"),
            Map.entry(NCA_S_UNSUPPORTED_AUTHN_LEVEL, "nca_s_unsupported_authn_level"),
            Map.entry(NCA_S_FAULT_UNSPEC, "nca_s_fault_unspec"),
            Map.entry(NCA_S_FAULT_REMOTE_NO_MEMORY, "nca_s_fault_remote_no_memory"),
            Map.entry(RPC_S_ACCESS_DENIED, "ERROR_ACCESS_DENIED"),
            Map.entry(RPC_S_PROTOCOL_ERROR, "RPC_S_PROTOCOL_ERROR"),
            Map.entry(RPC_S_PROCNUM_OUT_OF_RANGE, "RPC_S_PROCNUM_OUT_OF_RANGE"),
            Map.entry(RPC_X_BAD_STUB_DATA, "RPC_X_BAD_STUB_DATA"));

    private RpcStatus() {
    }

    /**
     * Returns the symbolic name of a status, or {@code 0x} and eight uppercase hexadecimal digits.
     *
     * @param status the status
     * @return for example {@code "nca_s_unk_if"} or {@code "0x80004002"}
     */
    public static String name(int status) {
        String name = NAMES.get(status);
        return name != null ? name : String.format(Locale.ROOT, "0x%08X", status);
    }
}
