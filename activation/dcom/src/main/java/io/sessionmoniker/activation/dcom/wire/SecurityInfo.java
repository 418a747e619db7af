package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;

/**
 * MS-DCOM 2.2.22.2.7 {@code SecurityInfoData}, an optional property that SHOULD NOT be sent and MUST be ignored on
 * receipt; Windows clients send it with the target's name:
 *
 * <pre>
 * { DWORD dwAuthnFlags; COSERVERINFO* pServerInfo; DWORD* pdwReserved; }
 * COSERVERINFO (2.2.22.2.7.1) { DWORD dwReserved1; [string] wchar_t* pwszName; DWORD* pdwReserved; DWORD dwReserved2; }
 * </pre>
 *
 * <p>The {@code pdwReserved} pointers are sent NULL; a referent that arrives anyway is read and dropped.
 *
 * <pre>{@code
 * new SecurityInfo(0, new SecurityInfo.ServerInfo(0, "HOST", 0)).serverInfo().name();   // "HOST"
 * }</pre>
 *
 * @param authnFlags {@code dwAuthnFlags}
 * @param serverInfo the {@code COSERVERINFO}, or null for a NULL pointer
 */
public record SecurityInfo(int authnFlags, ServerInfo serverInfo) implements ActivationProperty {

    /**
     * {@code COSERVERINFO}.
     *
     * @param reserved1 {@code dwReserved1}
     * @param name {@code pwszName}, or null
     * @param reserved2 {@code dwReserved2}
     */
    public record ServerInfo(int reserved1, String name, int reserved2) {
        /**
         * Checks the name.
         *
         * @param reserved1 dwReserved1
         * @param name the name
         * @param reserved2 dwReserved2
         */
        public ServerInfo {
            if (name != null && name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a [string] cannot contain NUL");
            }
        }
    }

    @Override
    public Guid clsid() {
        return DcomIids.CLSID_SECURITY_INFO;
    }

    @Override
    public void encodeBody(NdrWriter w) {
        w.beginEmbedded();
        w.writeInt(authnFlags);
        w.writeUnique(serverInfo, (ww, info) -> {
            ww.beginEmbedded();
            ww.writeInt(info.reserved1());
            ww.writeUnique(info.name(), (w3, s) -> w3.writeWideString(s, true));
            ww.writeInt(0).writeInt(info.reserved2());
            ww.endEmbedded();
        });
        w.writeInt(0);
        w.endEmbedded();
    }

    /**
     * Reads the structure's NDR representation.
     *
     * @param r the reader, at the start of the object buffer
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static SecurityInfo decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        int flags = r.readInt("SecurityInfoData.dwAuthnFlags");
        NdrReader.Deferred<ServerInfo> info = r.readUnique(SecurityInfo::decodeServerInfo);
        r.readUnique(r1 -> r1.readInt("SecurityInfoData.pdwReserved"));
        r.endEmbedded();
        return new SecurityInfo(flags, info.get());
    }

    private static ServerInfo decodeServerInfo(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        int reserved1 = r.readInt("COSERVERINFO.dwReserved1");
        NdrReader.Deferred<String> name = r.readUnique(r1 -> Wire.readString(r1, "COSERVERINFO.pwszName"));
        r.readUnique(r1 -> r1.readInt("COSERVERINFO.pdwReserved"));
        int reserved2 = r.readInt("COSERVERINFO.dwReserved2");
        r.endEmbedded();
        return new ServerInfo(reserved1, name.get(), reserved2);
    }

    /**
     * Reads the serialized property.
     *
     * @param serialized the type serialization headers and data
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static SecurityInfo decode(Bytes serialized) throws WireFormatException {
        return TypeSerialization.decode(serialized, "SecurityInfoData", SecurityInfo::decode);
    }
}
