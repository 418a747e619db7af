package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.Locale;
import java.util.Objects;

/**
 * MS-DCOM 2.2.18 {@code OBJREF} in its standard form (2.2.18.4 {@code OBJREF_STANDARD}): the marshaled
 * reference to one interface of one object, carried as the data of an {@link InterfacePointer}. The layout
 * is packed little-endian, not NDR:
 *
 * <pre>
 *  0 signature 0x574F454D ("MEOW")   4 flags = OBJREF_STANDARD (1)   8 iid (16)
 * 24 STDOBJREF: flags, cPublicRefs, oxid (8), oid (8), ipid (16)
 * 64 DUALSTRINGARRAY saResAddr: wNumEntries, wSecurityOffset, wNumEntries 16-bit units
 * </pre>
 *
 * <p>MS-DCOM puts the bindings of the server's object resolver in {@code saResAddr}. The other forms
 * (HANDLER, CUSTOM, EXTENDED) are refused by {@link #decode(Bytes)} as {@link WireFailure.Kind#UNSUPPORTED}
 * with the form's name; octets after the DUALSTRINGARRAY are ignored.
 *
 * <pre>{@code
 * ObjRef ref = new ObjRef(Iids.IDISPATCH, new StdObjRef(0, 5, oxid, oid, ipid),
 *         new DualStringArray(List.of(StringBinding.local("/run/sessmon/exp-1.sock")), List.of()));
 * Bytes wire = ref.encode();          // starts 4d 45 4f 57 01 00 00 00
 * ObjRef.decode(wire).equals(ref);    // true
 * }</pre>
 *
 * @param iid the interface the reference is for; not GUID_NULL
 * @param std the object, interface and references
 * @param resolverAddress the resolver's (or, for this runtime's local transport, the exporter's) bindings
 */
public record ObjRef(Guid iid, StdObjRef std, DualStringArray resolverAddress) {

    /** The OBJREF signature, "MEOW" read as a little-endian 32-bit value. */
    public static final int SIGNATURE = 0x574F454D;
    /** Standard form. */
    public static final int OBJREF_STANDARD = 0x1;
    /** Handler form (refused). */
    public static final int OBJREF_HANDLER = 0x2;
    /** Custom form (refused). */
    public static final int OBJREF_CUSTOM = 0x4;
    /** Extended form (refused). */
    public static final int OBJREF_EXTENDED = 0x8;

    /**
     * Checks the components.
     *
     * @param iid the interface
     * @param std the standard reference
     * @param resolverAddress the bindings
     */
    public ObjRef {
        Objects.requireNonNull(iid, "iid");
        Objects.requireNonNull(std, "std");
        Objects.requireNonNull(resolverAddress, "resolverAddress");
        if (iid.equals(Guid.NULL)) {
            throw new IllegalArgumentException("an OBJREF's iid is not GUID_NULL");
        }
    }

    /**
     * Returns the packed bytes.
     *
     * @return the OBJREF
     */
    public Bytes encode() {
        NdrWriter w = new NdrWriter(96 + 2 * resolverAddress.units().length);
        w.writeInt(SIGNATURE).writeInt(OBJREF_STANDARD).writeGuid(iid);
        std.encode(w);
        resolverAddress.encodeRaw(w);
        return w.toBytes();
    }

    /**
     * Parses packed bytes.
     *
     * @param bytes the OBJREF; offsets in failures count from its first octet
     * @return the reference
     * @throws WireFormatException if the signature is wrong, the form is not standard, or the bytes are
     *     truncated or inconsistent
     */
    public static ObjRef decode(Bytes bytes) throws WireFormatException {
        NdrReader r = NdrReader.of(bytes);
        int signature = r.readInt("OBJREF.signature");
        if (signature != SIGNATURE) {
            throw r.malformedAt("OBJREF.signature", 0, String.format(Locale.ROOT,
                    "0x%08X is not 0x574F454D (\"MEOW\")", signature));
        }
        int flags = r.readInt("OBJREF.flags");
        switch (flags) {
            case OBJREF_STANDARD:
                break;
            case OBJREF_HANDLER:
                throw r.unsupportedAt("OBJREF.flags", 4, "OBJREF_HANDLER references are not supported");
            case OBJREF_CUSTOM:
                throw r.unsupportedAt("OBJREF.flags", 4, "OBJREF_CUSTOM references are not supported");
            case OBJREF_EXTENDED:
                throw r.unsupportedAt("OBJREF.flags", 4, "OBJREF_EXTENDED references are not supported");
            default:
                throw r.malformedAt("OBJREF.flags", 4, String.format(Locale.ROOT, "0x%X is not an OBJREF form", flags));
        }
        int iidAt = r.position();
        Guid iid = r.readGuid();
        if (iid.equals(Guid.NULL)) {
            throw r.malformedAt("OBJREF.iid", iidAt, "GUID_NULL");
        }
        StdObjRef std = StdObjRef.decode(r);
        int at = r.position();
        int lo = r.readByte();
        int entries = lo | r.readByte() << 8;
        lo = r.readByte();
        int securityOffset = lo | r.readByte() << 8;
        if (2L * entries > r.remaining()) {
            throw r.malformedAt("DUALSTRINGARRAY.wNumEntries", at, entries + " units but " + r.remaining()
                    + " bytes remain");
        }
        String units = r.readChars(entries, "DUALSTRINGARRAY.aStringArray");
        return new ObjRef(iid, std, DualStringArray.parse(units, securityOffset, r, at));
    }
}
