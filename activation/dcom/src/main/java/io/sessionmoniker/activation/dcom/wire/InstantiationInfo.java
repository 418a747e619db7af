package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ComVersion;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.List;
import java.util.Objects;

/**
 * MS-DCOM 2.2.22.2.1 {@code InstantiationInfoData}, the required property that names the class to activate and
 * the interfaces wanted from it:
 *
 * <pre>
 * { CLSID classId; DWORD classCtx; DWORD actvflags; long fIsSurrogate; [range(1, 0x8000)] DWORD cIID;
 *   DWORD instFlag; [size_is(cIID)] IID* pIID; DWORD thisSize; COMVERSION clientCOMVersion; }
 * </pre>
 *
 * <p>{@code classCtx} SHOULD and {@code fIsSurrogate}, {@code instFlag}, {@code thisSize} and
 * {@code clientCOMVersion} MUST be ignored on receipt; they are kept so a decoded property writes back the same.
 * Impacket marshals {@code thisSize} as 0.
 *
 * <pre>{@code
 * InstantiationInfo info = InstantiationInfo.of(clsid, List.of(Iids.IDISPATCH));
 * info.thisSize();      // 88: the serialized size, as a client computes it
 * }</pre>
 *
 * @param classId the class to activate
 * @param classCtx an implementation-specific CLSCTX value
 * @param actvflags {@code ACTVFLAGS_*} bits
 * @param surrogate {@code fIsSurrogate}, sent as 0
 * @param iids the interfaces requested, 1 to 0x8000 of them
 * @param instFlag sent as 0
 * @param thisSize the serialized size of the property
 * @param clientVersion the client's COM version
 */
public record InstantiationInfo(Guid classId, int classCtx, int actvflags, int surrogate, List<Guid> iids,
        int instFlag, int thisSize, ComVersion clientVersion) implements ActivationProperty {

    /** {@code CLSCTX_LOCAL_SERVER | CLSCTX_REMOTE_SERVER}, the {@code classCtx} a client usually sends. */
    public static final int CLSCTX_LOCAL_REMOTE_SERVER = 0x14;
    /** The object resolver should not run the server as the client ({@code ACTVFLAGS_DISABLE_AAA}). */
    public static final int ACTVFLAGS_DISABLE_AAA = 0x2;
    /** Run the server in a 32-bit address space. */
    public static final int ACTVFLAGS_ACTIVATE_32_BIT_SERVER = 0x4;
    /** Run the server in a 64-bit address space. */
    public static final int ACTVFLAGS_ACTIVATE_64_BIT_SERVER = 0x8;
    /** Do not log a failed activation. */
    public static final int ACTVFLAGS_NO_FAILURE_LOG = 0x20;

    /**
     * Checks and copies the components.
     *
     * @param classId the class
     * @param classCtx the context
     * @param actvflags the flags
     * @param surrogate fIsSurrogate
     * @param iids the interfaces
     * @param instFlag instFlag
     * @param thisSize thisSize
     * @param clientVersion the version
     */
    public InstantiationInfo {
        Objects.requireNonNull(classId, "classId");
        Objects.requireNonNull(clientVersion, "clientVersion");
        iids = List.copyOf(iids);
        if (iids.isEmpty() || iids.size() > Wire.MAX_REQUESTED_INTERFACES) {
            throw new IllegalArgumentException("1 to 32768 interfaces, not " + iids.size());
        }
    }

    /**
     * Returns the property a client sends: {@link #CLSCTX_LOCAL_REMOTE_SERVER}, no flags, version 5.7, {@code thisSize} the
     * serialized size.
     *
     * @param classId the class
     * @param iids the interfaces, 1 to 0x8000
     * @return the property
     */
    public static InstantiationInfo of(Guid classId, List<Guid> iids) {
        int body = 52 + 16 * iids.size();
        int size = TypeSerialization.HEADER_LENGTH + ((body + 7) & ~7);
        return new InstantiationInfo(classId, CLSCTX_LOCAL_REMOTE_SERVER, 0, 0, iids, 0, size, ComVersion.V5_7);
    }

    @Override
    public Guid clsid() {
        return DcomIids.CLSID_INSTANTIATION_INFO;
    }

    @Override
    public void encodeBody(NdrWriter w) {
        w.beginEmbedded();
        w.writeGuid(classId).writeInt(classCtx).writeInt(actvflags).writeInt(surrogate).writeInt(iids.size())
                .writeInt(instFlag);
        w.writeUnique(iids, Wire::writeGuids);
        w.writeInt(thisSize).writeShort(clientVersion.major()).writeShort(clientVersion.minor());
        w.endEmbedded();
    }

    /**
     * Reads the structure's NDR representation.
     *
     * @param r the reader, at the start of the object buffer
     * @return the property
     * @throws WireFormatException if malformed: {@code cIID} out of range, {@code pIID} NULL or of another length
     */
    public static InstantiationInfo decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        Guid classId = r.readGuid();
        int classCtx = r.readInt("InstantiationInfoData.classCtx");
        int actvflags = r.readInt("InstantiationInfoData.actvflags");
        int surrogate = r.readInt("InstantiationInfoData.fIsSurrogate");
        int count = Wire.readRange(r, "InstantiationInfoData.cIID", 1, Wire.MAX_REQUESTED_INTERFACES);
        int instFlag = r.readInt("InstantiationInfoData.instFlag");
        int pointerAt = r.position();
        NdrReader.Deferred<List<Guid>> iids = r.readUnique(r1 -> Wire.readGuids(r1, "InstantiationInfoData.pIID",
                count));
        int thisSize = r.readInt("InstantiationInfoData.thisSize");
        ComVersion version = new ComVersion(r.readUnsignedShort(), r.readUnsignedShort());
        r.endEmbedded();
        if (iids.isNull()) {
            throw r.malformedAt("InstantiationInfoData.pIID", pointerAt, "NULL for " + count + " interfaces");
        }
        return new InstantiationInfo(classId, classCtx, actvflags, surrogate, iids.get(), instFlag, thisSize, version);
    }

    /**
     * Reads the serialized property.
     *
     * @param serialized the type serialization headers and data
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static InstantiationInfo decode(Bytes serialized) throws WireFormatException {
        return TypeSerialization.decode(serialized, "InstantiationInfoData", InstantiationInfo::decode);
    }
}
