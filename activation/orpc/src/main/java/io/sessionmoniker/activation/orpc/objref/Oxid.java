package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.Locale;

/**
 * An object exporter identifier, MS-DCOM 2.2.10 {@code OXID} ({@code typedef unsigned hyper OXID}): names one
 * object exporter, here one {@code ObjectExporter}, in a {@link StdObjRef}.
 *
 * <p>Every 64-bit value is an OXID; two are equal when their 64 bits are. The value is unsigned on the wire: the
 * sign of {@link #value()} means nothing. {@link #toString()} is the canonical text: {@code 0x} and sixteen
 * uppercase hexadecimal digits. In NDR an OXID is a {@code hyper}, eight little-endian octets aligned to 8.
 *
 * <pre>{@code
 * Oxid oxid = Oxid.of(0x0102030405060708L);
 * oxid.toString();                  // "0x0102030405060708"
 * oxid.encode(writer);              // 08 07 06 05 04 03 02 01
 * Oxid.decode(reader);              // Oxid.of(0x0102030405060708L)
 * }</pre>
 *
 * @param value the 64 bits, as the wire carries them
 */
public record Oxid(long value) {

    /**
     * Returns the OXID with these bits.
     *
     * @param value the 64 bits
     * @return the OXID
     */
    public static Oxid of(long value) {
        return new Oxid(value);
    }

    /**
     * Writes the OXID as an NDR {@code hyper} (aligned to 8).
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        w.writeLong(value);
    }

    /**
     * Reads an NDR {@code hyper} as an OXID.
     *
     * @param r the reader
     * @return the OXID
     * @throws WireFormatException if truncated
     */
    public static Oxid decode(NdrReader r) throws WireFormatException {
        return new Oxid(r.readLong());
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
