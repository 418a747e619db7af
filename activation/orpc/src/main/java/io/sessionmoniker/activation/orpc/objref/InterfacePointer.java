package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.Objects;

/**
 * A marshaled interface pointer, MS-DCOM 2.2.14 {@code MInterfacePointer}: a conformant structure
 * {@code { unsigned long ulCntData; [size_is(ulCntData)] byte abData[]; }} whose data is an OBJREF. The
 * bytes are kept as they are; {@link #objRef()} parses them.
 *
 * <p>On the wire an interface pointer parameter ({@code IFoo*}), a VT_UNKNOWN or VT_DISPATCH VARIANT arm
 * and MS-DCOM's {@code PMInterfacePointer} are a {@code [unique]} pointer to this structure:
 * {@link #encodePointer} and {@link #decodePointer} write and read that form.
 *
 * <pre>{@code
 * InterfacePointer ip = InterfacePointer.of(objRef);
 * InterfacePointer.encodePointer(writer, ip);      // referent id, max_count, ulCntData, abData
 * ip.objRef().std().ipid();                        // the IPID inside
 * }</pre>
 *
 * @param data the OBJREF bytes ({@code abData})
 */
public record InterfacePointer(Bytes data) {

    /**
     * Checks the data.
     *
     * @param data the bytes
     */
    public InterfacePointer {
        Objects.requireNonNull(data, "data");
    }

    /**
     * Marshals an OBJREF.
     *
     * @param objRef the reference
     * @return the interface pointer
     */
    public static InterfacePointer of(ObjRef objRef) {
        return new InterfacePointer(objRef.encode());
    }

    /**
     * Parses the OBJREF inside.
     *
     * @return the reference
     * @throws WireFormatException if the bytes are not a supported OBJREF
     */
    public ObjRef objRef() throws WireFormatException {
        return ObjRef.decode(data);
    }

    /**
     * Writes the structure (the referent form): {@code max_count}, {@code ulCntData}, the bytes.
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        w.writeConformance(data.length()).writeInt(data.length()).writeBytes(data);
    }

    /**
     * Reads the structure.
     *
     * @param r the reader
     * @return the interface pointer
     * @throws WireFormatException if the counts disagree or exceed what remains
     */
    public static InterfacePointer decode(NdrReader r) throws WireFormatException {
        int max = r.readConformance(1, "MInterfacePointer.abData");
        int at = r.position();
        int count = r.readInt("MInterfacePointer.ulCntData");
        if (count != max) {
            throw r.malformedAt("MInterfacePointer.ulCntData", at, "ulCntData " + (count & 0xFFFFFFFFL)
                    + " differs from max_count " + max);
        }
        return new InterfacePointer(r.readBytes(count));
    }

    /**
     * Writes a {@code [unique]} pointer to an interface pointer.
     *
     * @param w the writer
     * @param pointer the interface pointer, or null
     */
    public static void encodePointer(NdrWriter w, InterfacePointer pointer) {
        w.writeUnique(pointer, (ww, ip) -> ip.encode(ww));
    }

    /**
     * Reads a top-level {@code [unique]} pointer to an interface pointer.
     *
     * @param r the reader, outside any embedding scope
     * @return the interface pointer, or null
     * @throws WireFormatException if malformed
     */
    public static InterfacePointer decodePointer(NdrReader r) throws WireFormatException {
        return r.readUniqueNow(InterfacePointer::decode);
    }
}
