package io.sessionmoniker.activation.orpc.runtime.internal;

import io.sessionmoniker.activation.orpc.automation.BstrCodec;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;

/**
 * Marshals the parameters and results of {@code @ComInterface} methods, as MIDL would for the equivalent IDL:
 * {@code int} → {@code long}; {@code long} → {@code hyper}; {@code double} → {@code double}; {@code boolean} →
 * {@code BOOL} (4 bytes); {@code String} → {@code BSTR} (wireBSTR); {@code byte[]} → a {@code [unique,
 * size_is(n)]} byte array; a {@code @ComInterface} type → {@code MInterfacePointer*}; an {@link ObjRef} → an
 * untyped {@code MInterfacePointer*} (IUnknown*, for interfaces chosen at run time); a {@link Guid} → a {@code GUID} passed by
 * reference ({@code REFIID}: the 16 bytes inline). Parameters follow the
 * ORPCTHIS in declaration order; a result follows the ORPCTHAT and precedes the HRESULT.
 */
public final class MethodCodec {

    /** Turns a Java object implementing a COM interface into an interface pointer (exporting it) and back. */
    public interface References {
        /**
         * Marshals an interface pointer.
         *
         * @param value a proxy or a local object, or null
         * @param type the declared {@code @ComInterface} type
         * @return the marshalled pointer, or null for a null reference
         */
        InterfacePointer marshal(Object value, Class<?> type);

        /**
         * Unmarshals an interface pointer.
         *
         * @param pointer the pointer, or null
         * @param type the declared {@code @ComInterface} type
         * @return a proxy, or null
         * @throws WireFormatException if the OBJREF is malformed or unsupported
         */
        Object unmarshal(InterfacePointer pointer, Class<?> type) throws WireFormatException;
    }

    private MethodCodec() {
    }

    /**
     * Estimates the octets {@link #write} takes for one value, so that a writer can be sized once rather than
     * grow (and copy) while a long string or array is written. Exact for strings and byte arrays up to
     * alignment; a small constant for the rest (a writer still grows if an interface pointer needs more).
     *
     * @param type the declared type
     * @param value the value
     * @return the estimate in octets
     */
    public static int sizeHint(Class<?> type, Object value) {
        if (type == String.class && value != null) {
            return 24 + 2 * ((String) value).length();
        }
        if (type == byte[].class && value != null) {
            return 16 + ((byte[]) value).length;
        }
        return 24;
    }

    /**
     * Writes one value.
     *
     * @param w the writer
     * @param type the declared type
     * @param value the value (boxed for primitives)
     * @param refs interface-pointer marshalling
     */
    public static void write(NdrWriter w, Class<?> type, Object value, References refs) {
        if (type == int.class) {
            w.writeInt(value == null ? 0 : (Integer) value);
        } else if (type == long.class) {
            w.writeLong(value == null ? 0 : (Long) value);
        } else if (type == double.class) {
            w.writeDouble(value == null ? 0 : (Double) value);
        } else if (type == boolean.class) {
            w.writeBool32(value != null && (Boolean) value);
        } else if (type == String.class) {
            BstrCodec.encode(w, (String) value);
        } else if (type == Guid.class) {
            w.writeGuid(value == null ? Guid.NULL : (Guid) value);
        } else if (type == ObjRef.class) {
            InterfacePointer.encodePointer(w, value == null ? null : InterfacePointer.of((ObjRef) value));
        } else if (type == byte[].class) {
            byte[] bytes = (byte[]) value;
            w.writeReferentId(bytes != null);
            if (bytes != null) {
                w.writeConformance(bytes.length).writeBytes(bytes, 0, bytes.length);
            }
        } else {
            InterfacePointer.encodePointer(w, refs.marshal(value, type));
        }
    }

    /**
     * Reads one value.
     *
     * @param r the reader
     * @param type the declared type
     * @param refs interface-pointer unmarshalling
     * @return the value, boxed for primitives
     * @throws WireFormatException if the bytes do not hold such a value
     */
    public static Object read(NdrReader r, Class<?> type, References refs) throws WireFormatException {
        if (type == int.class) {
            return r.readInt();
        } else if (type == long.class) {
            return r.readLong();
        } else if (type == double.class) {
            return r.readDouble();
        } else if (type == boolean.class) {
            return r.readBool32();
        } else if (type == String.class) {
            return BstrCodec.decode(r);
        } else if (type == Guid.class) {
            return r.readGuid();
        } else if (type == ObjRef.class) {
            InterfacePointer p = InterfacePointer.decodePointer(r);
            return p == null ? null : p.objRef();
        } else if (type == byte[].class) {
            if (r.readReferentId() == 0) {
                return null;
            }
            return r.readConformantByteArray("byte[]");
        } else {
            return refs.unmarshal(InterfacePointer.decodePointer(r), type);
        }
    }

    /**
     * Returns the value a failed call leaves in a result of a type: zero, false or null.
     *
     * @param type the declared type
     * @return the default
     */
    public static Object defaultValue(Class<?> type) {
        if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        } else if (type == double.class) {
            return 0.0;
        } else if (type == boolean.class) {
            return false;
        }
        return null;
    }
}
