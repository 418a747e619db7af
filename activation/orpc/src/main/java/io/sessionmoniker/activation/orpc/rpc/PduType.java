package io.sessionmoniker.activation.orpc.rpc;

/**
 * The connection-oriented PDU types of C706 12.6.4 and MS-RPCE 2.2.2, with their {@code PTYPE} codes. The
 * connectionless types (ping, working, nocall, …) and RTS (20) do not occur on a connection-oriented
 * transport here and are refused by the decoder.
 *
 * <pre>{@code
 * PduType.fromCode(0x0B);   // BIND
 * PduType.REQUEST.code();   // 0
 * }</pre>
 */
public enum PduType {
    /** A call's input (0). */
    REQUEST(0x00),
    /** A call's output (2). */
    RESPONSE(0x02),
    /** A call's failure (3). */
    FAULT(0x03),
    /** Opens an association and negotiates presentation contexts (11). */
    BIND(0x0B),
    /** Accepts a bind (12). */
    BIND_ACK(0x0C),
    /** Rejects a bind (13). */
    BIND_NAK(0x0D),
    /** Negotiates further presentation contexts on an association (14). */
    ALTER_CONTEXT(0x0E),
    /** Answers an alter_context (15). */
    ALTER_CONTEXT_RESP(0x0F),
    /** The third leg of a three-leg authentication (16, MS-RPCE 2.2.2.10). */
    AUTH3(0x10),
    /** The server asks the client to end the association (17). */
    SHUTDOWN(0x11),
    /** Cancels the call in progress (18). */
    CO_CANCEL(0x12),
    /** The client abandons the call in progress (19). */
    ORPHANED(0x13);

    private static final PduType[] BY_CODE = new PduType[0x14];

    static {
        for (PduType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    PduType(int code) {
        this.code = code;
    }

    /**
     * Returns the {@code PTYPE} octet.
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * Returns the type with the given code.
     *
     * @param code the {@code PTYPE} octet, 0 to 255
     * @return the type, or null if it is not a connection-oriented type handled here
     */
    public static PduType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
