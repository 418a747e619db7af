package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;

/**
 * MS-DCOM 2.2.22.2.6 {@code LocationInfoData} (CLSID_ServerLocationInfo), a required property that the server
 * MUST ignore:
 *
 * <pre>
 * { [string] wchar_t* machineName; DWORD processId; DWORD apartmentId; DWORD contextId; }
 * </pre>
 *
 * <pre>{@code
 * ServerLocationInfo.EMPTY.serialize().length();     // 32, as Impacket sends it
 * }</pre>
 *
 * @param machineName sent as NULL (null here)
 * @param processId sent as 0
 * @param apartmentId sent as 0
 * @param contextId sent as 0
 */
public record ServerLocationInfo(String machineName, int processId, int apartmentId, int contextId)
        implements ActivationProperty {

    /** A NULL name and zeros, what a client sends. */
    public static final ServerLocationInfo EMPTY = new ServerLocationInfo(null, 0, 0, 0);

    /**
     * Checks the name.
     *
     * @param machineName the name, or null
     * @param processId the process id
     * @param apartmentId the apartment id
     * @param contextId the context id
     */
    public ServerLocationInfo {
        if (machineName != null && machineName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a [string] cannot contain NUL");
        }
    }

    @Override
    public Guid clsid() {
        return DcomIids.CLSID_SERVER_LOCATION_INFO;
    }

    @Override
    public void encodeBody(NdrWriter w) {
        w.beginEmbedded();
        w.writeUnique(machineName, (ww, s) -> ww.writeWideString(s, true));
        w.writeInt(processId).writeInt(apartmentId).writeInt(contextId);
        w.endEmbedded();
    }

    /**
     * Reads the structure's NDR representation.
     *
     * @param r the reader, at the start of the object buffer
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static ServerLocationInfo decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        NdrReader.Deferred<String> name = r.readUnique(r1 -> Wire.readString(r1, "LocationInfoData.machineName"));
        int processId = r.readInt("LocationInfoData.processId");
        int apartmentId = r.readInt("LocationInfoData.apartmentId");
        int contextId = r.readInt("LocationInfoData.contextId");
        r.endEmbedded();
        return new ServerLocationInfo(name.get(), processId, apartmentId, contextId);
    }

    /**
     * Reads the serialized property.
     *
     * @param serialized the type serialization headers and data
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static ServerLocationInfo decode(Bytes serialized) throws WireFormatException {
        return TypeSerialization.decode(serialized, "LocationInfoData", ServerLocationInfo::decode);
    }
}
