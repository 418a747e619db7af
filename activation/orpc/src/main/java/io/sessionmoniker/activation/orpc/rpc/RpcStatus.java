package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.moniker.HResult;
import java.util.Map;
import java.util.Optional;

/**
 * Status codes carried in a fault PDU's {@code status} field: the NCA codes of C706 Appendix E, and bare Win32
 * codes, which Windows also puts there (MS-RPCE 3.1.3.5.2, 3.2.3.5.1). An HRESULT may also travel there, as DCOM
 * servers send them.
 *
 * <p>This is a number space of its own, not HRESULTs: the NCA codes are named here ({@code nca_s_*}), and a Win32
 * code is named after {@link HResult}'s constant for its {@code HRESULT_FROM_WIN32}, the HRESULT the client
 * reports for it ({@link RpcException#hresultOfFault(int)}), so that no name stands for two values.
 *
 * <pre>{@code
 * Pdu.Fault f = Pdu.Fault.of(callId, contextId, RpcStatus.NCA_S_OP_RNG_ERROR);
 * RpcStatus.name(f.status());                         // "nca_s_op_rng_error"
 * RpcStatus.name(RpcStatus.WIN32_BAD_STUB_DATA);      // "Win32 1783 (RPC_X_BAD_STUB_DATA)"
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
    /**
     * The bare Win32 code {@code ERROR_ACCESS_DENIED} (5), which Windows puts in the fault for a call an
     * authorization policy refuses (MS-RPCE 3.2.3.5.1); the client reports it as {@link HResult#E_ACCESSDENIED}.
     */
    public static final int WIN32_ACCESS_DENIED = HResult.E_ACCESSDENIED & 0xFFFF;
    /**
     * The bare Win32 code {@code RPC_X_BAD_STUB_DATA} (1783, {@code 0x6F7}), which MS-RPCE 3.1.3.5.2 requires in the
     * fault for stub data that cannot be unmarshaled; the client reports it as {@link HResult#RPC_X_BAD_STUB_DATA}
     * ({@code 0x800706F7}).
     */
    public static final int WIN32_BAD_STUB_DATA = HResult.RPC_X_BAD_STUB_DATA & 0xFFFF;

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
            Map.entry(NCA_S_FAULT_REMOTE_NO_MEMORY, "nca_s_fault_remote_no_memory"));

    private RpcStatus() {
    }

    /**
     * Returns the symbolic name of a status: an NCA code's name; for a Win32 code, the code and {@link HResult}'s
     * name of the HRESULT it stands for; otherwise {@code 0x} and eight uppercase hexadecimal digits.
     *
     * @param status the status
     * @return for example {@code "nca_s_unk_if"}, {@code "Win32 1783 (RPC_X_BAD_STUB_DATA)"} or {@code "0x80004002"}
     */
    public static String name(int status) {
        String name = NAMES.get(status);
        if (name != null) {
            return name;
        }
        if (status > 0 && status <= 0xFFFF) {
            Optional<String> known = HResult.knownName(HResult.fromWin32(status));
            if (known.isPresent()) {
                return "Win32 " + status + " (" + known.get() + ")";
            }
        }
        return HResult.format(status);
    }
}
