package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.Locale;
import java.util.Objects;

/**
 * MS-DCOM 2.2.18.6 {@code OBJREF_CUSTOM}: an object reference whose data only the custom unmarshaler named by
 * {@code clsid} understands. DCOM's activation carries its property blobs this way (IID_IActivationPropertiesIn
 * with CLSID_ActivationPropertiesIn in a request, the "Out" pair in a reply); {@link ObjRef} is the standard
 * form. The layout is packed little-endian, not NDR:
 *
 * <pre>
 *  0 signature 0x574F454D ("MEOW")   4 flags = OBJREF_CUSTOM (4)   8 iid (16)
 * 24 clsid (16)   40 cbExtension   44 reserved   48 pObjectData (the rest of the OBJREF)
 * </pre>
 *
 * <p>{@code cbExtension} is written as 0 and ignored on receipt; {@code reserved} "can be set to any arbitrary
 * value" and is ignored on receipt; this class writes the length of {@code pObjectData} plus 8 there, the
 * value both Impacket and the replies the clients accepted carry. The object data run to the end of the
 * OBJREF, whose length the enclosing {@link InterfacePointer} gives.
 *
 * <pre>{@code
 * CustomObjRef ref = new CustomObjRef(DcomIids.IACTIVATION_PROPERTIES_OUT,
 *         DcomIids.CLSID_ACTIVATION_PROPERTIES_OUT, blob.encode());
 * InterfacePointer ip = ref.toInterfacePointer();
 * CustomObjRef.decode(ip.data()).objectData();     // the blob again
 * }</pre>
 *
 * @param iid the interface the reference is for; not GUID_NULL
 * @param clsid the custom unmarshaler's class
 * @param objectData the unmarshaler's data
 */
public record CustomObjRef(Guid iid, Guid clsid, Bytes objectData) {

    /** The octets before {@code pObjectData}. */
    public static final int HEADER_LENGTH = 48;

    /**
     * Checks the components.
     *
     * @param iid the interface
     * @param clsid the unmarshaler
     * @param objectData the data
     */
    public CustomObjRef {
        Objects.requireNonNull(iid, "iid");
        Objects.requireNonNull(clsid, "clsid");
        Objects.requireNonNull(objectData, "objectData");
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
        NdrWriter w = new NdrWriter(HEADER_LENGTH + objectData.length());
        w.writeInt(ObjRef.SIGNATURE).writeInt(ObjRef.OBJREF_CUSTOM).writeGuid(iid).writeGuid(clsid);
        w.writeInt(0).writeInt(objectData.length() + 8).writeBytes(objectData);
        return w.toBytes();
    }

    /**
     * Returns the reference marshaled as an {@code MInterfacePointer}.
     *
     * @return the interface pointer
     */
    public InterfacePointer toInterfacePointer() {
        return new InterfacePointer(encode());
    }

    /**
     * Parses packed bytes.
     *
     * @param bytes the OBJREF; offsets in failures count from its first octet
     * @return the reference
     * @throws WireFormatException if the signature is wrong, the form is not OBJREF_CUSTOM, the iid is GUID_NULL
     *     or the bytes end inside the header
     */
    public static CustomObjRef decode(Bytes bytes) throws WireFormatException {
        NdrReader r = NdrReader.of(bytes);
        int signature = r.readInt("OBJREF.signature");
        if (signature != ObjRef.SIGNATURE) {
            throw r.malformedAt("OBJREF.signature", 0, String.format(Locale.ROOT,
                    "0x%08X is not 0x574F454D (\"MEOW\")", signature));
        }
        int flags = r.readInt("OBJREF.flags");
        if (flags != ObjRef.OBJREF_CUSTOM) {
            throw r.malformedAt("OBJREF.flags", 4, String.format(Locale.ROOT,
                    "0x%X is not OBJREF_CUSTOM (0x4)", flags));
        }
        Guid iid = r.readGuid();
        if (iid.equals(Guid.NULL)) {
            throw r.malformedAt("OBJREF.iid", 8, "GUID_NULL");
        }
        Guid clsid = r.readGuid();
        r.readInt("OBJREF_CUSTOM.cbExtension");
        r.readInt("OBJREF_CUSTOM.reserved");
        return new CustomObjRef(iid, clsid, r.readBytes(r.remaining()));
    }

    /**
     * Parses the OBJREF inside an interface pointer and checks its identity.
     *
     * @param pointer the interface pointer
     * @param field the parameter's name, for failures
     * @param expectedIid the {@code iid} it must carry
     * @param expectedClsid the {@code clsid} it must carry
     * @return the object data
     * @throws WireFormatException if it is not an OBJREF_CUSTOM with that iid and clsid
     */
    static Bytes unwrap(InterfacePointer pointer, String field, Guid expectedIid, Guid expectedClsid)
            throws WireFormatException {
        CustomObjRef ref;
        try {
            ref = decode(pointer.data());
        } catch (WireFormatException e) {
            throw Wire.malformed(field + "." + e.failure().field(), e.failure().offset(), e.failure().detail());
        }
        if (!ref.iid.equals(expectedIid)) {
            throw Wire.malformed(field + ".OBJREF.iid", 8, ref.iid + " is not " + expectedIid);
        }
        if (!ref.clsid.equals(expectedClsid)) {
            throw Wire.malformed(field + ".OBJREF_CUSTOM.clsid", 24, ref.clsid + " is not " + expectedClsid);
        }
        return ref.objectData;
    }
}
