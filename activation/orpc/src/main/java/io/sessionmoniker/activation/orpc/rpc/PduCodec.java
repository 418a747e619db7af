package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.activation.orpc.rpc.internal.PduWire;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encodes {@link Pdu} values as bytes and decodes one whole fragment at a time. For a byte stream, use
 * {@link PduDecoder}, which finds the fragment boundaries.
 *
 * <pre>{@code
 * byte[] wire = PduCodec.encode(Pdu.Fault.of(7, 0, RpcStatus.NCA_S_OP_RNG_ERROR));
 * wire.length;                                                       // 32
 * Pdu back = PduCodec.decode(Bytes.copyOf(wire));                    // the same fault
 * }</pre>
 *
 * <p>Encoding allocates exactly one array of the PDU's length and copies the stub into it once; use
 * {@link #encode(Pdu, ByteBuffer)} to write into a buffer you reuse.
 */
public final class PduCodec {

    private PduCodec() {
    }

    /**
     * Returns the encoded length.
     *
     * @param pdu the PDU
     * @return its {@code frag_length}
     */
    public static int encodedLength(Pdu pdu) {
        return PduWire.encodedLength(pdu);
    }

    /**
     * Encodes a PDU.
     *
     * @param pdu the PDU
     * @return a new array holding exactly the PDU
     * @throws IllegalArgumentException if the PDU does not fit one fragment (65535 bytes)
     */
    public static byte[] encode(Pdu pdu) {
        byte[] out = new byte[PduWire.encodedLength(Objects.requireNonNull(pdu, "pdu"))];
        PduWire.write(pdu, out, 0);
        return out;
    }

    /**
     * Encodes a PDU into a buffer at its position, advancing it.
     *
     * @param pdu the PDU
     * @param destination the buffer
     * @throws java.nio.BufferOverflowException if the buffer has too little room; nothing is written then
     * @throws IllegalArgumentException if the PDU does not fit one fragment
     */
    public static void encode(Pdu pdu, ByteBuffer destination) {
        int length = PduWire.encodedLength(pdu);
        if (destination.remaining() < length) {
            throw new java.nio.BufferOverflowException();
        }
        if (destination.hasArray()) {
            int at = destination.arrayOffset() + destination.position();
            PduWire.write(pdu, destination.array(), at);
            destination.position(destination.position() + length);
        } else {
            destination.put(encode(pdu));
        }
    }

    /**
     * Decodes exactly one fragment, checked against {@link PduLimits#DEFAULT} with the fragment limit raised
     * to 65535.
     *
     * @param fragment the fragment's bytes, nothing more
     * @return the PDU; its stub and token share {@code fragment}'s storage
     * @throws WireFormatException if the bytes are not one well-formed PDU
     */
    public static Pdu decode(Bytes fragment) throws WireFormatException {
        return decode(fragment, PduLimits.DEFAULT.withMaxFragmentLength(0xFFFF));
    }

    /**
     * Decodes exactly one fragment.
     *
     * @param fragment the fragment's bytes, nothing more
     * @param limits the limits to apply
     * @return the PDU; its stub and token share {@code fragment}'s storage
     * @throws WireFormatException if the bytes are not one well-formed PDU or exceed a limit
     */
    public static Pdu decode(Bytes fragment, PduLimits limits) throws WireFormatException {
        return PduWire.parse(fragment.array(), fragment.offset(), fragment.length(), 0, limits, true);
    }
}
