package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * MS-DCOM 2.2.22 activation properties BLOB, the {@code pObjectData} of the OBJREF_CUSTOM that
 * RemoteCreateInstance and RemoteGetClassObject pass each way:
 *
 * <pre>
 *  0 dwSize (from the CustomHeader to the end of the last property)   4 dwReserved (0)
 *  8 CustomHeader, type-serialized, headerSize octets
 *    Property[cIfs], each type-serialized, pSizes[N] octets, in the order of pclsid
 * </pre>
 *
 * <p>{@link #decode} checks every declared size against the others and against the octets present
 * ({@code dwSize} = {@code totalSize} = {@code headerSize} + the sum of {@code pSizes}, each property at least its
 * 16 header octets), refuses a CLSID that appears twice, and decodes each property by its CLSID; one it does not
 * model becomes an {@link UnknownProperty} holding its octets. Octets after {@code dwSize} are ignored.
 * {@link #encode} writes the properties in list order, each padded to a multiple of 8, so the order a server
 * builds is the order Impacket (which reads reply properties by position) sees.
 *
 * <pre>{@code
 * ActivationBlob reply = ActivationBlob.of(propsOut, scmReply);       // PropsOutInfo first, then ScmReplyInfo
 * Bytes wire = reply.encode();
 * ActivationBlob.decode(wire).find(ScmReplyInfo.class).orElseThrow().authnHint();
 * }</pre>
 *
 * @param destCtx the CustomHeader's {@code destCtx}
 * @param properties the properties, 1 to 10, no CLSID twice
 */
public record ActivationBlob(int destCtx, List<ActivationProperty> properties) {

    /** {@code MSHCTX_DIFFERENTMACHINE}, the {@code destCtx} clients send and this package writes. */
    public static final int MSHCTX_DIFFERENTMACHINE = 2;

    /**
     * Checks and copies the properties.
     *
     * @param destCtx the destination context
     * @param properties the properties
     */
    public ActivationBlob {
        properties = List.copyOf(properties);
        if (properties.size() < CustomHeader.MIN_ACTPROP_LIMIT || properties.size() > CustomHeader.MAX_ACTPROP_LIMIT) {
            throw new IllegalArgumentException("1 to 10 properties, not " + properties.size());
        }
        Set<Guid> seen = new HashSet<>();
        for (ActivationProperty p : properties) {
            if (!seen.add(p.clsid())) {
                throw new IllegalArgumentException("property " + p.clsid() + " appears twice");
            }
        }
    }

    /**
     * Returns a blob with {@link #MSHCTX_DIFFERENTMACHINE}.
     *
     * @param properties the properties, in order
     * @return the blob
     */
    public static ActivationBlob of(ActivationProperty... properties) {
        return new ActivationBlob(MSHCTX_DIFFERENTMACHINE, List.of(properties));
    }

    /**
     * Returns the first property of a type.
     *
     * @param type the property's class
     * @param <T> the property type
     * @return the property, or empty
     */
    public <T extends ActivationProperty> Optional<T> find(Class<T> type) {
        for (ActivationProperty p : properties) {
            if (type.isInstance(p)) {
                return Optional.of(type.cast(p));
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the header {@link #encode} writes.
     *
     * @return the header
     */
    public CustomHeader header() {
        return header(serializedProperties());
    }

    private List<Bytes> serializedProperties() {
        List<Bytes> out = new ArrayList<>(properties.size());
        for (ActivationProperty p : properties) {
            out.add(p.serialize());
        }
        return out;
    }

    private CustomHeader header(List<Bytes> parts) {
        List<Guid> clsids = new ArrayList<>(parts.size());
        List<Integer> sizes = new ArrayList<>(parts.size());
        long sum = 0;
        for (int i = 0; i < parts.size(); i++) {
            clsids.add(properties.get(i).clsid());
            sizes.add(parts.get(i).length());
            sum += parts.get(i).length();
        }
        // the header's serialized size depends only on the number of properties
        int headerSize = new CustomHeader(0, 0, destCtx, Guid.NULL, clsids, sizes).serialize().length();
        return new CustomHeader(Math.toIntExact(headerSize + sum), headerSize, destCtx, Guid.NULL, clsids, sizes);
    }

    /**
     * Returns the blob's octets.
     *
     * @return {@code dwSize}, {@code dwReserved}, the header and the properties
     */
    public Bytes encode() {
        List<Bytes> parts = serializedProperties();
        CustomHeader header = header(parts);
        NdrWriter w = new NdrWriter(8 + header.totalSize());
        w.writeInt(header.totalSize()).writeInt(0).writeBytes(header.serialize());
        for (Bytes part : parts) {
            w.writeBytes(part);
        }
        return w.toBytes();
    }

    /**
     * Parses a blob. Offsets in failures of the sizes count from the blob's first octet; those inside a property
     * from the first octet of its data.
     *
     * @param blob the octets
     * @return the blob
     * @throws WireFormatException if a size disagrees with another or with the octets present, a CLSID appears
     *     twice, or a known property is malformed
     */
    public static ActivationBlob decode(Bytes blob) throws WireFormatException {
        NdrReader r = NdrReader.of(blob);
        long size = r.readInt("ACTIVATION_BLOB.dwSize") & 0xFFFFFFFFL;
        r.readInt("ACTIVATION_BLOB.dwReserved");
        if (size > r.remaining()) {
            throw r.malformedAt("ACTIVATION_BLOB.dwSize", 0, "dwSize " + size + " but " + r.remaining()
                    + " bytes follow");
        }
        Bytes body = blob.slice(8, 8 + (int) size);
        CustomHeader header = CustomHeader.decode(body);
        long headerSize = header.headerSize() & 0xFFFFFFFFL;
        if (headerSize < TypeSerialization.HEADER_LENGTH || headerSize > size) {
            throw r.malformedAt("CustomHeader.headerSize", 8 + 20, "headerSize " + headerSize + " is outside [16, "
                    + size + "]");
        }
        CustomHeader.decode(body.slice(0, (int) headerSize)); // the header must fit in its own headerSize
        if ((header.totalSize() & 0xFFFFFFFFL) != size) {
            throw r.malformedAt("CustomHeader.totalSize", 8 + 16, "totalSize " + (header.totalSize() & 0xFFFFFFFFL)
                    + " differs from dwSize " + size);
        }
        long sum = 0;
        for (int s : header.propertySizes()) {
            sum += s & 0xFFFFFFFFL;
        }
        if (sum != size - headerSize) {
            throw r.malformedAt("CustomHeader.pSizes", 8 + (int) headerSize, "the property sizes add up to " + sum
                    + " but " + (size - headerSize) + " bytes follow the header");
        }
        List<ActivationProperty> properties = new ArrayList<>(header.propertyClsids().size());
        Set<Guid> seen = new HashSet<>();
        int offset = (int) headerSize;
        for (int i = 0; i < header.propertyClsids().size(); i++) {
            Guid clsid = header.propertyClsids().get(i);
            int length = header.propertySizes().get(i);
            if (length < TypeSerialization.HEADER_LENGTH) {
                throw r.malformedAt("CustomHeader.pSizes", 8 + offset, "property " + i + " is " + (length & 0xFFFFFFFFL)
                        + " bytes, less than its 16 header bytes");
            }
            if (!seen.add(clsid)) {
                throw r.malformedAt("CustomHeader.pclsid", 8 + offset, "property " + clsid + " appears twice");
            }
            properties.add(decodeProperty(clsid, body.slice(offset, offset + length)));
            offset += length;
        }
        return new ActivationBlob(header.destCtx(), properties);
    }

    private static ActivationProperty decodeProperty(Guid clsid, Bytes serialized) throws WireFormatException {
        if (clsid.equals(DcomIids.CLSID_INSTANTIATION_INFO)) {
            return InstantiationInfo.decode(serialized);
        } else if (clsid.equals(DcomIids.CLSID_ACTIVATION_CONTEXT_INFO)) {
            return ActivationContextInfo.decode(serialized);
        } else if (clsid.equals(DcomIids.CLSID_SERVER_LOCATION_INFO)) {
            return ServerLocationInfo.decode(serialized);
        } else if (clsid.equals(DcomIids.CLSID_SCM_REQUEST_INFO)) {
            return ScmRequestInfo.decode(serialized);
        } else if (clsid.equals(DcomIids.CLSID_SPECIAL_SYSTEM_PROPERTIES)) {
            return SpecialProperties.decode(serialized);
        } else if (clsid.equals(DcomIids.CLSID_SECURITY_INFO)) {
            return SecurityInfo.decode(serialized);
        } else if (clsid.equals(DcomIids.CLSID_INSTANCE_INFO)) {
            return InstanceInfo.decode(serialized);
        } else if (clsid.equals(DcomIids.CLSID_PROPS_OUT_INFO)) {
            return PropsOutInfo.decode(serialized);
        } else if (clsid.equals(DcomIids.CLSID_SCM_REPLY_INFO)) {
            return ScmReplyInfo.decode(serialized);
        }
        return new UnknownProperty(clsid, serialized);
    }
}
