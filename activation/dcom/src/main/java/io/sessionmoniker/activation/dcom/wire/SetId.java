package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.Locale;

/**
 * A ping set identifier, MS-DCOM's {@code SETID} ({@code typedef unsigned hyper SETID}): names one set of OIDs a
 * client keeps alive with {@code SimplePing} and {@code ComplexPing}. {@link #NONE} (0) in a ComplexPing asks the
 * resolver for a new set.
 *
 * <p>Every 64-bit value is a SETID; the sign of {@link #value()} means nothing. {@link #toString()} is {@code 0x}
 * and sixteen uppercase hexadecimal digits. In NDR it is a {@code hyper}, eight little-endian octets aligned to 8.
 *
 * <pre>{@code
 * SetId.of(1).toString();     // "0x0000000000000001"
 * SetId.NONE.isNone();        // true
 * }</pre>
 *
 * @param value the 64 bits
 */
public record SetId(long value) {

    /** No set: a ComplexPing with this SETID creates one. */
    public static final SetId NONE = new SetId(0);

    /**
     * Returns the SETID with these bits.
     *
     * @param value the 64 bits
     * @return the SETID
     */
    public static SetId of(long value) {
        return new SetId(value);
    }

    /**
     * Tells whether this is {@link #NONE}.
     *
     * @return true for 0
     */
    public boolean isNone() {
        return value == 0;
    }

    /**
     * Writes the SETID as an NDR {@code hyper}.
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        w.writeLong(value);
    }

    /**
     * Reads an NDR {@code hyper} as a SETID.
     *
     * @param r the reader
     * @return the SETID
     * @throws WireFormatException if truncated
     */
    public static SetId decode(NdrReader r) throws WireFormatException {
        return new SetId(r.readLong());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "0x%016X", value);
    }
}
