package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;

/**
 * MS-DCOM 2.2.22.2.5 {@code ActivationContextInfoData}, the optional property carrying the client's context:
 *
 * <pre>
 * { long clientOK; long bReserved1; DWORD dwReserved1; DWORD dwReserved2;
 *   MInterfacePointer* pIFDClientCtx; MInterfacePointer* pIFDPrototypeCtx; }
 * </pre>
 *
 * <p>The four leading fields are sent as 0 and ignored on receipt. MS-DCOM says a server MUST return
 * RPC_E_INVALID_OBJREF for a NULL {@code pIFDClientCtx}, but Impacket sends exactly that, so the decoder accepts it
 * and leaves the decision to the server (which should ignore the property).
 *
 * <pre>{@code
 * ActivationContextInfo.EMPTY.clientContext();      // null, as Impacket sends it
 * }</pre>
 *
 * @param clientOk {@code clientOK}
 * @param reserved1 {@code bReserved1}
 * @param dwReserved1 {@code dwReserved1}
 * @param dwReserved2 {@code dwReserved2}
 * @param clientContext the marshaled client context, or null
 * @param prototypeContext the marshaled prototype context, or null
 */
public record ActivationContextInfo(int clientOk, int reserved1, int dwReserved1, int dwReserved2,
        InterfacePointer clientContext, InterfacePointer prototypeContext) implements ActivationProperty {

    /** All zeros and both contexts NULL. */
    public static final ActivationContextInfo EMPTY = new ActivationContextInfo(0, 0, 0, 0, null, null);

    @Override
    public Guid clsid() {
        return DcomIids.CLSID_ACTIVATION_CONTEXT_INFO;
    }

    @Override
    public void encodeBody(NdrWriter w) {
        w.beginEmbedded();
        w.writeInt(clientOk).writeInt(reserved1).writeInt(dwReserved1).writeInt(dwReserved2);
        InterfacePointer.encodePointer(w, clientContext);
        InterfacePointer.encodePointer(w, prototypeContext);
        w.endEmbedded();
    }

    /**
     * Reads the structure's NDR representation.
     *
     * @param r the reader, at the start of the object buffer
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static ActivationContextInfo decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        int clientOk = r.readInt("ActivationContextInfoData.clientOK");
        int reserved1 = r.readInt("ActivationContextInfoData.bReserved1");
        int dwReserved1 = r.readInt("ActivationContextInfoData.dwReserved1");
        int dwReserved2 = r.readInt("ActivationContextInfoData.dwReserved2");
        NdrReader.Deferred<InterfacePointer> client = r.readUnique(InterfacePointer::decode);
        NdrReader.Deferred<InterfacePointer> prototype = r.readUnique(InterfacePointer::decode);
        r.endEmbedded();
        return new ActivationContextInfo(clientOk, reserved1, dwReserved1, dwReserved2, client.get(), prototype.get());
    }

    /**
     * Reads the serialized property.
     *
     * @param serialized the type serialization headers and data
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static ActivationContextInfo decode(Bytes serialized) throws WireFormatException {
        return TypeSerialization.decode(serialized, "ActivationContextInfoData", ActivationContextInfo::decode);
    }
}
