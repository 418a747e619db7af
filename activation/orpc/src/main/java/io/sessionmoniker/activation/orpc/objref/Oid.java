package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.Locale;

/**
 * An object identifier, MS-DCOM's {@code OID} ({@code typedef unsigned hyper OID} in the protocol's IDL): names
 * one exported object, in a {@link StdObjRef} beside the {@link Oxid} of its exporter.
 *
 * <p>Every 64-bit value is an OID; two are equal when their 64 bits are. The value is unsigned on the wire: the
 * sign of {@link #value()} means nothing. {@link #toString()} is the canonical text: {@code 0x} and sixteen
 * uppercase hexadecimal digits. In NDR an OID is a {@code hyper}, eight little-endian octets aligned to 8.
 *
 * <pre>{@code
 * Oid oid = Oid.of(0x1112131415161718L);
 * oid.toString();                   // "0x1112131415161718"
 * oid.encode(writer);               // 18 17 16 15 14 13 12 11
 * Oid.decode(reader);               // Oid.of(0x1112131415161718L)
 * }</pre>
 *
 * @param value the 64 bits, as the wire carries them
 */
public record Oid(long value) {

    /**
     * Returns the OID with these bits.
     *
     * @param value the 64 bits
     * @return the OID
     */
    public static Oid of(long value) {
        return new Oid(value);
    }

    /**
     * Writes the OID as an NDR {@code hyper} (aligned to 8).
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        w.writeLong(value);
    }

    /**
     * Reads an NDR {@code hyper} as an OID.
     *
     * @param r the reader
     * @return the OID
     * @throws WireFormatException if truncated
     */
    public static Oid decode(NdrReader r) throws WireFormatException {
        return new Oid(r.readLong());
    }

    /**
     * Returns the canonical text.
     *
     * @return {@code 0x} and sixteen uppercase hexadecimal digits, for example {@code "0x0102030405060708"}
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "0x%016X", value);
    }
}
