package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.moniker.HResult;
import java.util.Objects;

/**
 * Why bytes from the wire were refused: the one description of a decoding failure, for PDUs and NDR alike.
 * It names the malformed field (or the {@link PduLimits limit} that was exceeded) and the byte offset, so
 * a connection can be closed with a useful log line; a {@link PduDecoder} returns it as a value and the NDR
 * and ORPC decoders throw it inside a {@link WireFormatException}.
 *
 * <pre>{@code
 * WireFailure f = decoder.feed(chunk, sink).orElseThrow();
 * f.kind();      // LIMIT_EXCEEDED
 * f.field();     // "maxFragmentLength"
 * f.offset();    // 8: where frag_length sits in the stream
 * f.message();   // "limit maxFragmentLength exceeded at offset 8: frag_length 9000 is above 5840"
 * }</pre>
 *
 * @param kind what sort of failure
 * @param field the wire field at fault ({@code "frag_length"}, {@code "VARIANT.vt"}), or for
 *     {@link Kind#LIMIT_EXCEEDED} the name of the limit
 * @param offset the byte offset of the offending field: counted from the start of the stream for the PDU
 *     decoder, from the start of the stub data (or of the OBJREF) for NDR and ORPC decoding
 * @param detail what was found and what was expected
 * @param faultStatus the status a server would put in a fault PDU for this failure: {@link RpcStatus#NCA_S_PROTO_ERROR}
 *     for a bad PDU, {@link RpcStatus#WIN32_BAD_STUB_DATA} for bad stub data
 */
public record WireFailure(Kind kind, String field, long offset, String detail, int faultStatus) {

    /** The sorts of failure. */
    public enum Kind {
        /** The bytes break the format: truncated, inconsistent, out of range. */
        MALFORMED,
        /** The bytes are well formed but exceed a configured limit; {@link WireFailure#field()} names it. */
        LIMIT_EXCEEDED,
        /** The bytes are well formed but use something this implementation does not support. */
        UNSUPPORTED,
        /** A decoder bug caught at the I/O boundary; tests assert it never happens. */
        INTERNAL_ERROR
    }

    /**
     * Checks the components.
     *
     * @param kind what sort of failure
     * @param field the field or limit
     * @param offset the byte offset, not negative
     * @param detail what was found
     * @param faultStatus the fault status
     */
    public WireFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(detail, "detail");
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset);
        }
    }

    /**
     * A malformed PDU.
     *
     * @param field the field
     * @param offset its offset
     * @param detail what is wrong
     * @return the failure
     */
    public static WireFailure malformedPdu(String field, long offset, String detail) {
        return new WireFailure(Kind.MALFORMED, field, offset, detail, RpcStatus.NCA_S_PROTO_ERROR);
    }

    /**
     * Malformed stub data.
     *
     * @param field the field
     * @param offset its offset
     * @param detail what is wrong
     * @return the failure
     */
    public static WireFailure malformedStub(String field, long offset, String detail) {
        return new WireFailure(Kind.MALFORMED, field, offset, detail, RpcStatus.WIN32_BAD_STUB_DATA);
    }

    /**
     * Returns the HRESULT a caller sees for this failure: {@code RPC_S_PROTOCOL_ERROR} (0x800706C0) for a
     * bad PDU, {@code RPC_X_BAD_STUB_DATA} (0x800706F7) otherwise.
     *
     * @return the HRESULT
     */
    public int hresult() {
        return faultStatus == RpcStatus.NCA_S_PROTO_ERROR
                ? HResult.RPC_S_PROTOCOL_ERROR
                : HResult.RPC_X_BAD_STUB_DATA;
    }

    /**
     * Returns a one-line description for a log.
     *
     * @return for example {@code "malformed data at offset 24 in VARIANT.vt: unknown VARTYPE 0x0042"}
     */
    public String message() {
        String what = switch (kind) {
            case MALFORMED -> "malformed data";
            case LIMIT_EXCEEDED -> "limit " + field + " exceeded";
            case UNSUPPORTED -> "unsupported data";
            case INTERNAL_ERROR -> "internal decoder error";
        };
        return kind == Kind.LIMIT_EXCEEDED
                ? what + " at offset " + offset + ": " + detail
                : what + " at offset " + offset + " in " + field + ": " + detail;
    }

    @Override
    public String toString() {
        return message();
    }
}
