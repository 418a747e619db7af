package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.List;
import java.util.Objects;

/**
 * MS-DCOM 2.2.22.1 {@code CustomHeader}, the table of contents of an {@link ActivationBlob}:
 *
 * <pre>
 * { DWORD totalSize; DWORD headerSize; DWORD dwReserved; DWORD destCtx; [range(1, 10)] DWORD cIfs;
 *   CLSID classInfoClsid; [size_is(cIfs)] CLSID* pclsid; [size_is(cIfs)] DWORD* pSizes; DWORD* pdwReserved; }
 * </pre>
 *
 * <p>{@code totalSize} counts from the header's first octet to the end of the last property, {@code headerSize}
 * is the header's own serialized size, and property N (named by {@code pclsid[N]}) occupies {@code pSizes[N]}
 * octets after the ones before it. {@code dwReserved} and {@code pdwReserved} are sent as 0 and NULL and ignored
 * on receipt; {@code classInfoClsid} is GUID_NULL. {@link ActivationBlob} computes the sizes; this record is the
 * header as it is on the wire.
 *
 * <pre>{@code
 * CustomHeader h = CustomHeader.decode(blob.slice(8, 8 + 152));
 * h.propertyClsids();     // [InstantiationInfo, ActivationContextInfo, ServerLocationInfo, ScmRequestInfo]
 * }</pre>
 *
 * @param totalSize {@code totalSize}
 * @param headerSize {@code headerSize}
 * @param destCtx the destination context ({@link ActivationBlob#MSHCTX_DIFFERENTMACHINE} from clients)
 * @param classInfoClsid {@code classInfoClsid}
 * @param propertyClsids {@code pclsid}, 1 to 10 entries
 * @param propertySizes {@code pSizes}, as many as {@code propertyClsids}
 */
public record CustomHeader(int totalSize, int headerSize, int destCtx, Guid classInfoClsid, List<Guid> propertyClsids,
        List<Integer> propertySizes) {

    /** MS-DCOM 2.2.28.1 {@code MIN_ACTPROP_LIMIT}. */
    public static final int MIN_ACTPROP_LIMIT = 1;
    /** MS-DCOM 2.2.28.1 {@code MAX_ACTPROP_LIMIT}. */
    public static final int MAX_ACTPROP_LIMIT = 10;

    /**
     * Checks and copies the components.
     *
     * @param totalSize the total size
     * @param headerSize the header size
     * @param destCtx the destination context
     * @param classInfoClsid the class-info CLSID
     * @param propertyClsids the property CLSIDs
     * @param propertySizes the property sizes
     */
    public CustomHeader {
        Objects.requireNonNull(classInfoClsid, "classInfoClsid");
        propertyClsids = List.copyOf(propertyClsids);
        propertySizes = List.copyOf(propertySizes);
        if (propertyClsids.size() < MIN_ACTPROP_LIMIT || propertyClsids.size() > MAX_ACTPROP_LIMIT) {
            throw new IllegalArgumentException("1 to 10 properties, not " + propertyClsids.size());
        }
        if (propertySizes.size() != propertyClsids.size()) {
            throw new IllegalArgumentException(propertySizes.size() + " sizes for " + propertyClsids.size()
                    + " properties");
        }
    }

    /**
     * Writes the structure's NDR representation.
     *
     * @param w the writer, at the start of the object buffer
     */
    public void encodeBody(NdrWriter w) {
        w.beginEmbedded();
        w.writeInt(totalSize).writeInt(headerSize).writeInt(0).writeInt(destCtx).writeInt(propertyClsids.size())
                .writeGuid(classInfoClsid);
        w.writeUnique(propertyClsids, Wire::writeGuids);
        w.writeUnique(propertySizes, Wire::writeInts);
        w.writeInt(0);
        w.endEmbedded();
    }

    /**
     * Returns the header serialized with {@link TypeSerialization}.
     *
     * @return the octets
     */
    public Bytes serialize() {
        return TypeSerialization.encode(this::encodeBody);
    }

    /**
     * Reads the structure's NDR representation.
     *
     * @param r the reader, at the start of the object buffer
     * @return the header
     * @throws WireFormatException if malformed: {@code cIfs} out of range, an array NULL or of another length
     */
    public static CustomHeader decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        int totalSize = r.readInt("CustomHeader.totalSize");
        int headerSize = r.readInt("CustomHeader.headerSize");
        r.readInt("CustomHeader.dwReserved");
        int destCtx = r.readInt("CustomHeader.destCtx");
        int count = Wire.readRange(r, "CustomHeader.cIfs", MIN_ACTPROP_LIMIT, MAX_ACTPROP_LIMIT);
        Guid classInfo = r.readGuid();
        int clsidAt = r.position();
        NdrReader.Deferred<List<Guid>> clsids = r.readUnique(r1 -> Wire.readGuids(r1, "CustomHeader.pclsid", count));
        int sizesAt = r.position();
        NdrReader.Deferred<List<Integer>> sizes = r.readUnique(r1 -> Wire.readInts(r1, "CustomHeader.pSizes", count));
        r.readUnique(r1 -> r1.readInt("CustomHeader.pdwReserved"));
        r.endEmbedded();
        if (clsids.isNull()) {
            throw r.malformedAt("CustomHeader.pclsid", clsidAt, "NULL for " + count + " properties");
        }
        if (sizes.isNull()) {
            throw r.malformedAt("CustomHeader.pSizes", sizesAt, "NULL for " + count + " properties");
        }
        return new CustomHeader(totalSize, headerSize, destCtx, classInfo, clsids.get(), sizes.get());
    }

    /**
     * Reads the serialized header.
     *
     * @param serialized the type serialization headers and data
     * @return the header
     * @throws WireFormatException if malformed
     */
    public static CustomHeader decode(Bytes serialized) throws WireFormatException {
        return TypeSerialization.decode(serialized, "CustomHeader", CustomHeader::decode);
    }
}
