package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrDecoder;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * NDR type serialization version 1 (MS-RPCE 2.2.6), the "pickling" of one top-level constructed type outside
 * any call, as each part of an activation blob is marshaled. The layout is
 *
 * <pre>
 *  0 common header (2.2.6.1): Version 1, Endianness 0x10 (little-endian), CommonHeaderLength 8, Filler 0xCCCCCCCC
 *  8 private header (2.2.6.2): ObjectBufferLength, Filler 0
 * 16 the type in NDR 2.0, aligned from here, then zero padding to a multiple of 8
 * </pre>
 *
 * <p>{@link #encode} writes {@code ObjectBufferLength} with the padding counted, as 2.2.6.2 requires, and the
 * fillers as the specification says to marshal them. {@link #decode} ignores both fillers (Impacket sends
 * 0xCCCCCCCC in the private one), accepts an {@code ObjectBufferLength} that leaves the padding out (Impacket
 * counts only the data and pads with 0xFA after it), refuses big-endian data as unsupported, and refuses a type
 * that leaves more than 7 octets of its object buffer unread.
 *
 * <pre>{@code
 * Bytes part = TypeSerialization.encode(w -> info.encodeBody(w));     // 01 10 08 00 cc cc cc cc 48 00 00 00 ...
 * InstantiationInfo back = TypeSerialization.decode(part, "InstantiationInfoData", InstantiationInfo::decode);
 * }</pre>
 */
public final class TypeSerialization {

    /** The length of the common and private headers together. */
    public static final int HEADER_LENGTH = 16;
    /** Version 1 of type serialization. */
    public static final int VERSION_1 = 1;
    /** The Endianness octet for little-endian data. */
    public static final int LITTLE_ENDIAN = 0x10;
    /** The common header's filler as marshaled. */
    public static final int COMMON_FILLER = 0xCCCCCCCC;

    private TypeSerialization() {
    }

    /**
     * Serializes one type: the two headers, the NDR data the body writes (its referent ids starting at 0x00020004,
     * alignment counted from the data's first octet), and zero padding to a multiple of 8.
     *
     * @param body writes the type's NDR representation
     * @return the serialized octets, a multiple of 8 long
     */
    public static Bytes encode(Consumer<NdrWriter> body) {
        NdrWriter data = Wire.writer();
        body.accept(data);
        Bytes ndr = data.toBytes();
        int padded = (ndr.length() + 7) & ~7;
        NdrWriter w = new NdrWriter(HEADER_LENGTH + padded);
        w.writeByte(VERSION_1).writeByte(LITTLE_ENDIAN).writeShort(8).writeInt(COMMON_FILLER);
        w.writeInt(padded).writeInt(0);
        w.writeBytes(ndr);
        for (int i = ndr.length(); i < padded; i++) {
            w.writeByte(0);
        }
        return w.toBytes();
    }

    /**
     * Reads one serialized type. Offsets in failures of the headers count from the first octet of
     * {@code serialized}; those of the type's fields from the first octet of its NDR data.
     *
     * @param serialized the headers, the data and any padding after it
     * @param type the type's name, for failures
     * @param decoder reads the type's NDR representation
     * @param <T> the type
     * @return the value
     * @throws WireFormatException if a header is wrong, {@code ObjectBufferLength} runs past the octets, or the
     *     data are malformed or leave more than 7 octets of the object buffer unread
     */
    public static <T> T decode(Bytes serialized, String type, NdrDecoder<T> decoder) throws WireFormatException {
        NdrReader h = NdrReader.of(serialized);
        if (serialized.length() < HEADER_LENGTH) {
            throw Wire.malformed(type + ".header", 0, "a serialized type needs 16 header bytes but "
                    + serialized.length() + " are present");
        }
        int version = h.readByte();
        int endianness = h.readByte();
        int headerLength = h.readUnsignedShort();
        h.readInt(type + ".header.Filler");
        if (version != VERSION_1) {
            throw Wire.malformed(type + ".header.Version", 0, "type serialization version " + version + " is not 1");
        }
        if (endianness != LITTLE_ENDIAN) {
            throw new WireFormatException(new WireFailure(WireFailure.Kind.UNSUPPORTED, type + ".header.Endianness", 1,
                    String.format(Locale.ROOT, "0x%02X: only little-endian (0x10) data are supported", endianness),
                    RpcStatus.WIN32_BAD_STUB_DATA));
        }
        if (headerLength != 8) {
            throw Wire.malformed(type + ".header.CommonHeaderLength", 2, "CommonHeaderLength " + headerLength
                    + " is not 8");
        }
        int length = h.readInt(type + ".header.ObjectBufferLength");
        h.readInt(type + ".header.Filler");
        if (length < 0 || length > serialized.length() - HEADER_LENGTH) {
            throw Wire.malformed(type + ".header.ObjectBufferLength", 8, "ObjectBufferLength " + (length & 0xFFFFFFFFL)
                    + " but " + (serialized.length() - HEADER_LENGTH) + " bytes follow the headers");
        }
        NdrReader r = NdrReader.of(serialized.slice(HEADER_LENGTH, HEADER_LENGTH + length));
        T value = decoder.decode(r);
        if (r.remaining() > 7) {
            throw r.malformed(type, r.remaining() + " bytes of the object buffer follow the type");
        }
        return value;
    }
}
