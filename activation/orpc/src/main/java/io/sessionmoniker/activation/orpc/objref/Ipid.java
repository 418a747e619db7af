package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.Objects;

/**
 * An interface pointer identifier, MS-DCOM's {@code IPID} ({@code typedef GUID IPID} in the protocol's IDL): names
 * one interface of one exported object. It is the object UUID of every ORPC request made on that interface, and
 * the last field of a {@link StdObjRef}.
 *
 * <p>An IPID is a GUID and nothing more: two are equal when their GUIDs are, and {@link #toString()} is the
 * GUID's canonical text (uppercase, without braces). In NDR it is a GUID structure, 16 octets aligned to 4. The
 * exporter draws the IPIDs it hands out from a secure random generator, so that one cannot be guessed from
 * another; {@link #NULL} names no interface.
 *
 * <pre>{@code
 * Ipid ipid = Ipid.of(Guid.parse("00112233-4455-6677-8899-aabbccddeeff"));
 * ipid.toString();         // "00112233-4455-6677-8899-AABBCCDDEEFF"
 * ipid.encode(writer);     // 33 22 11 00 55 44 77 66 88 99 AA BB CC DD EE FF
 * Ipid.decode(reader);     // the same IPID
 * }</pre>
 *
 * @param guid the GUID; not null
 */
public record Ipid(Guid guid) {

    /** {@code GUID_NULL} as an IPID: names no interface (a failed {@code REMQIRESULT} carries it). */
    public static final Ipid NULL = new Ipid(Guid.NULL);

    /**
     * Checks the GUID.
     *
     * @param guid the GUID
     */
    public Ipid {
        Objects.requireNonNull(guid, "guid");
    }

    /**
     * Returns the IPID with this GUID.
     *
     * @param guid the GUID
     * @return the IPID
     */
    public static Ipid of(Guid guid) {
        return new Ipid(guid);
    }

    /**
     * Writes the IPID as an NDR GUID structure (aligned to 4).
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        w.writeGuid(guid);
    }

    /**
     * Reads an NDR GUID structure as an IPID.
     *
     * @param r the reader
     * @return the IPID
     * @throws WireFormatException if truncated
     */
    public static Ipid decode(NdrReader r) throws WireFormatException {
        return new Ipid(r.readGuid());
    }

    /**
     * Returns the canonical text: the GUID's.
     *
     * @return for example {@code "00112233-4455-6677-8899-AABBCCDDEEFF"}
     */
    @Override
    public String toString() {
        return guid.toString();
    }
}
