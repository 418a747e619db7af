package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;

/**
 * MS-DCOM 2.2.22.2.3 {@code InstanceInfoData}, the optional property of a persistent activation (a new object
 * initialized from a file or a storage):
 *
 * <pre>
 * { [string] wchar_t* fileName; DWORD mode; MInterfacePointer* ifdROT; MInterfacePointer* ifdStg; }
 * </pre>
 *
 * <pre>{@code
 * new InstanceInfo("C:\\doc.txt", 0, null, null).fileName();   // a server without persistence answers E_NOTIMPL
 * }</pre>
 *
 * @param fileName the file to initialize from, or null
 * @param mode an implementation-specific mode
 * @param rot {@code ifdROT}, sent NULL and ignored on receipt
 * @param storage a marshaled storage to initialize from, or null
 */
public record InstanceInfo(String fileName, int mode, InterfacePointer rot, InterfacePointer storage)
        implements ActivationProperty {

    /**
     * Checks the name.
     *
     * @param fileName the file
     * @param mode the mode
     * @param rot ifdROT
     * @param storage ifdStg
     */
    public InstanceInfo {
        if (fileName != null && fileName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a [string] cannot contain NUL");
        }
    }

    @Override
    public Guid clsid() {
        return DcomIids.CLSID_INSTANCE_INFO;
    }

    @Override
    public void encodeBody(NdrWriter w) {
        w.beginEmbedded();
        w.writeUnique(fileName, (ww, s) -> ww.writeWideString(s, true));
        w.writeInt(mode);
        InterfacePointer.encodePointer(w, rot);
        InterfacePointer.encodePointer(w, storage);
        w.endEmbedded();
    }

    /**
     * Reads the structure's NDR representation.
     *
     * @param r the reader, at the start of the object buffer
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static InstanceInfo decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        NdrReader.Deferred<String> name = r.readUnique(r1 -> Wire.readString(r1, "InstanceInfoData.fileName"));
        int mode = r.readInt("InstanceInfoData.mode");
        NdrReader.Deferred<InterfacePointer> rot = r.readUnique(InterfacePointer::decode);
        NdrReader.Deferred<InterfacePointer> storage = r.readUnique(InterfacePointer::decode);
        r.endEmbedded();
        return new InstanceInfo(name.get(), mode, rot.get(), storage.get());
    }

    /**
     * Reads the serialized property.
     *
     * @param serialized the type serialization headers and data
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static InstanceInfo decode(Bytes serialized) throws WireFormatException {
        return TypeSerialization.decode(serialized, "InstanceInfoData", InstanceInfo::decode);
    }
}
