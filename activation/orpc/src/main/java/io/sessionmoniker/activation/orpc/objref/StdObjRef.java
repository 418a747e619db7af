package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.Objects;

/**
 * MS-DCOM 2.2.18.2 {@code STDOBJREF}: the identity of one interface on one object
 * {@code { unsigned long flags; unsigned long cPublicRefs; OXID oxid; OID oid; IPID ipid; }}, 40 bytes.
 * {@link Oxid} (the exporter) and {@link Oid} (the object) are 64-bit {@code hyper}s; the {@link Ipid} (the
 * interface on the object) is a GUID.
 *
 * <pre>{@code
 * StdObjRef std = new StdObjRef(0, 5, oxid, oid, ipid);   // 5 public references, pinged
 * std.noPing();                                          // false
 * }</pre>
 *
 * @param flags 0, or {@link #SORF_NOPING}
 * @param publicRefs the public references handed over with the reference
 * @param oxid the object exporter id
 * @param oid the object id
 * @param ipid the interface pointer id
 */
public record StdObjRef(int flags, int publicRefs, Oxid oxid, Oid oid, Ipid ipid) {

    /** The client need not ping the OID. */
    public static final int SORF_NOPING = 0x1000;

    /**
     * Checks the identifiers.
     *
     * @param flags the flags
     * @param publicRefs the reference count
     * @param oxid the exporter
     * @param oid the object
     * @param ipid the interface
     */
    public StdObjRef {
        Objects.requireNonNull(oxid, "oxid");
        Objects.requireNonNull(oid, "oid");
        Objects.requireNonNull(ipid, "ipid");
    }

    /**
     * Tells whether {@link #SORF_NOPING} is set.
     *
     * @return true if the client need not ping
     */
    public boolean noPing() {
        return (flags & SORF_NOPING) != 0;
    }

    /**
     * Writes the structure as NDR (aligned to 8, as it contains {@code hyper}s), for example inside a
     * {@code REMQIRESULT}.
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        w.align(8).writeInt(flags).writeInt(publicRefs);
        oxid.encode(w);
        oid.encode(w);
        ipid.encode(w);
    }

    /**
     * Reads the NDR structure.
     *
     * @param r the reader
     * @return the reference
     * @throws WireFormatException if truncated
     */
    public static StdObjRef decode(NdrReader r) throws WireFormatException {
        r.align(8);
        return new StdObjRef(r.readInt("STDOBJREF.flags"), r.readInt("STDOBJREF.cPublicRefs"), Oxid.decode(r),
                Oid.decode(r), Ipid.decode(r));
    }
}
