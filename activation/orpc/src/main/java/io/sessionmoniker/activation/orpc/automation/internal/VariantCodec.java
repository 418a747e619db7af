package io.sessionmoniker.activation.orpc.automation.internal;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.ndr.NdrDecoder;
import io.sessionmoniker.activation.orpc.ndr.NdrEncoder;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.automation.SafeArrayBound;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The wire forms of BSTR (MS-OAUT 2.2.23), VARIANT (2.2.29) and SAFEARRAY (2.2.30).
 *
 * <pre>
 * BSTR      = [unique] FLAGGED_WORD_BLOB*
 *             FLAGGED_WORD_BLOB = max_count(=clSize) cBytes clSize asData[clSize]   (NULL BSTR: cBytes=0xFFFFFFFF)
 * VARIANT   = [unique] wireVARIANTStr*
 *             wireVARIANTStr (aligned 8) = clSize rpcReserved vt wReserved1 wReserved2 wReserved3
 *                                          switch(u32) arm
 *             switch = vt, or VT_ARRAY (0x2000) when vt has VT_ARRAY (the union has one array case)
 *             arm    = nothing (EMPTY, NULL) | short (I2, BOOL) | long (I4) | float (R4)
 *                    | hyper/double aligned 8 (I8, R8, DATE) | BSTR | [unique] MInterfacePointer* (UNKNOWN,
 *                      DISPATCH) | wirePSAFEARRAY = [unique] ([unique] wireSAFEARRAY_*)*
 *             clSize = size in 8-byte units of the structure and every referent after it, rounded up
 * SAFEARRAY = max_count(=cDims) cDims fFeatures cbElements cLocks sfType arm rgsabound[cDims]
 *             arm = Size [pointer] → max_count(=Size) elements (octets, longs, BSTR or VARIANT pointers)
 * </pre>
 */
public final class VariantCodec {

    /** FADF_HAVEVARTYPE: the high word of cLocks holds the element VARTYPE. */
    private static final int FADF_HAVEVARTYPE = 0x0080;
    private static final int FADF_BSTR = 0x0100;
    private static final int FADF_VARIANT = 0x0800;
    private static final int SF_I1 = 0x10;
    private static final int SF_I4 = 0x03;
    private static final int SF_BSTR = 0x08;
    private static final int SF_VARIANT = 0x0C;

    /** Marks a NULL BSTR (a non-NULL pointer to a blob with cBytes 0xFFFFFFFF) for the deferred writer. */
    private static final Object NULL_BSTR = new Object();

    private static final NdrEncoder<Object> BLOB_WRITER = VariantCodec::writeBlob;
    private static final NdrDecoder<String> BLOB_READER = VariantCodec::readBlob;
    private static final NdrEncoder<Variant> STR_WRITER = VariantCodec::writeVariantStr;
    private static final NdrDecoder<Variant> STR_READER = VariantCodec::readVariantStr;
    private static final NdrEncoder<InterfacePointer> MIP_WRITER = (w, ip) -> ip.encode(w);
    private static final NdrDecoder<InterfacePointer> MIP_READER = InterfacePointer::decode;

    private VariantCodec() {
    }

    // --------------------------------------------------------------------------------------------- BSTR

    /**
     * Writes a BSTR: a non-NULL unique pointer and its FLAGGED_WORD_BLOB (deferred when embedded).
     *
     * @param w the writer
     * @param s the string, or null for a NULL BSTR
     */
    public static void writeBstr(NdrWriter w, String s) {
        w.writeUnique(s == null ? NULL_BSTR : s, BLOB_WRITER);
    }

    /**
     * Reads a BSTR; inside an embedding scope the value arrives when the scope ends.
     *
     * @param r the reader
     * @return the holder; null value for a NULL pointer or a NULL BSTR
     * @throws WireFormatException if malformed
     */
    public static NdrReader.Deferred<String> readBstr(NdrReader r) throws WireFormatException {
        return r.readUnique(BLOB_READER);
    }

    private static void writeBlob(NdrWriter w, Object value) {
        if (value == NULL_BSTR) {
            w.writeConformance(0).writeInt(-1).writeInt(0);
            return;
        }
        String s = (String) value;
        w.writeConformance(s.length()).writeInt(2 * s.length()).writeInt(s.length()).writeChars(s);
    }

    private static String readBlob(NdrReader r) throws WireFormatException {
        int max = r.readConformance(2, "FLAGGED_WORD_BLOB.asData");
        int cBytesAt = r.position();
        int cBytes = r.readInt("FLAGGED_WORD_BLOB.cBytes");
        int clSizeAt = r.position();
        int clSize = r.readInt("FLAGGED_WORD_BLOB.clSize");
        if (clSize != max) {
            throw r.malformedAt("FLAGGED_WORD_BLOB.clSize", clSizeAt, "clSize " + (clSize & 0xFFFFFFFFL)
                    + " differs from max_count " + max);
        }
        if (cBytes == -1) {
            if (clSize != 0) {
                throw r.malformedAt("FLAGGED_WORD_BLOB.clSize", clSizeAt, "a NULL BSTR has clSize 0, not " + clSize);
            }
            return null;
        }
        if (cBytes < 0 || (cBytes + 1) >>> 1 != clSize) {
            throw r.malformedAt("FLAGGED_WORD_BLOB.cBytes", cBytesAt, "cBytes " + (cBytes & 0xFFFFFFFFL)
                    + " does not match clSize " + clSize);
        }
        return r.readChars(clSize, "FLAGGED_WORD_BLOB.asData");
    }

    // --------------------------------------------------------------------------------------------- VARIANT

    /**
     * Writes a VARIANT parameter: pointer and structure.
     *
     * @param w the writer
     * @param v the value
     */
    public static void writeVariant(NdrWriter w, Variant v) {
        w.writeUnique(v, STR_WRITER);
    }

    /**
     * Writes a VARIANT as an element of an array or structure: its pointer, the structure deferred.
     *
     * @param w the writer, inside an embedding scope
     * @param v the value
     */
    public static void writeEmbeddedVariant(NdrWriter w, Variant v) {
        w.writeUnique(v, STR_WRITER);
    }

    /**
     * Reads a top-level VARIANT parameter; a NULL pointer reads as VT_EMPTY.
     *
     * @param r the reader
     * @return the value
     * @throws WireFormatException if malformed or unsupported
     */
    public static Variant readVariant(NdrReader r) throws WireFormatException {
        Variant v = r.readUniqueNow(STR_READER);
        return v == null ? Variant.EMPTY : v;
    }

    /**
     * Reads a VARIANT pointer inside an embedding scope.
     *
     * @param r the reader
     * @return the holder
     * @throws WireFormatException if malformed
     */
    public static NdrReader.Deferred<Variant> readEmbeddedVariant(NdrReader r) throws WireFormatException {
        return r.readUnique(STR_READER);
    }

    private static void writeVariantStr(NdrWriter w, Variant v) {
        w.align(8);
        int start = w.position();
        int vt = v.vt();
        w.writeInt(0).writeInt(0).writeShort(vt).writeShort(0).writeShort(0).writeShort(0);
        w.writeInt((vt & Variant.VT_ARRAY) != 0 ? Variant.VT_ARRAY : vt);
        w.beginEmbedded();
        if (v instanceof Variant.I2 x) {
            w.writeShort(x.value());
        } else if (v instanceof Variant.I4 x) {
            w.writeInt(x.value());
        } else if (v instanceof Variant.I8 x) {
            w.writeLong(x.value());
        } else if (v instanceof Variant.R4 x) {
            w.writeFloat(x.value());
        } else if (v instanceof Variant.R8 x) {
            w.writeDouble(x.value());
        } else if (v instanceof Variant.Date x) {
            w.writeDouble(x.value());
        } else if (v instanceof Variant.Bool x) {
            w.writeVariantBool(x.value());
        } else if (v instanceof Variant.Bstr x) {
            writeBstr(w, x.value());
        } else if (v instanceof Variant.Unknown x) {
            w.writeUnique(x.pointer(), MIP_WRITER);
        } else if (v instanceof Variant.Dispatch x) {
            w.writeUnique(x.pointer(), MIP_WRITER);
        } else if ((vt & Variant.VT_ARRAY) != 0) {
            w.writeUnique(v, (w1, a) -> w1.writeUnique(a, VariantCodec::writeSafeArray));
        }
        w.endEmbedded();
        w.setInt(start, (w.position() - start + 7) >>> 3);
    }

    private static Variant readVariantStr(NdrReader r) throws WireFormatException {
        r.align(8);
        r.readInt("wireVARIANTStr.clSize");
        r.readInt("wireVARIANTStr.rpcReserved");
        int vtAt = r.position();
        int vt = r.readUnsignedShort();
        r.readShort();
        r.readShort();
        r.readShort();
        int switchAt = r.position();
        int discriminant = r.readInt("wireVARIANTStr switch");
        int expected = (vt & Variant.VT_ARRAY) != 0 ? vt & ~0xFFF : vt;
        if ((vt & Variant.VT_BYREF) != 0) {
            throw r.unsupportedAt("wireVARIANTStr.vt", vtAt, String.format(Locale.ROOT,
                    "VARTYPE 0x%04X: VT_BYREF VARIANTs are not supported", vt));
        }
        if (discriminant != expected) {
            throw r.malformedAt("wireVARIANTStr switch", switchAt, String.format(Locale.ROOT,
                    "union discriminant 0x%X does not match vt 0x%04X (expected 0x%X)", discriminant, vt, expected));
        }
        r.beginEmbedded();
        Variant simple = null;
        NdrReader.Deferred<?> referent = null;
        switch (vt) {
            case Variant.VT_EMPTY -> simple = Variant.EMPTY;
            case Variant.VT_NULL -> simple = Variant.NULL;
            case Variant.VT_I2 -> simple = new Variant.I2(r.readShort());
            case Variant.VT_BOOL -> simple = new Variant.Bool(r.readVariantBool());
            case Variant.VT_I4 -> simple = new Variant.I4(r.readInt());
            case Variant.VT_R4 -> simple = new Variant.R4(r.readFloat());
            case Variant.VT_I8 -> simple = new Variant.I8(r.readLong());
            case Variant.VT_R8 -> simple = new Variant.R8(r.readDouble());
            case Variant.VT_DATE -> simple = new Variant.Date(r.readDouble());
            case Variant.VT_BSTR -> referent = readBstr(r);
            case Variant.VT_UNKNOWN, Variant.VT_DISPATCH -> referent = r.readUnique(MIP_READER);
            case Variant.VT_ARRAY | Variant.VT_UI1, Variant.VT_ARRAY | Variant.VT_I4,
                    Variant.VT_ARRAY | Variant.VT_BSTR, Variant.VT_ARRAY | Variant.VT_VARIANT -> {
                int elementVt = vt & 0xFFF;
                referent = r.readUnique(r1 -> r1.readUniqueNow(r2 -> readSafeArray(r2, elementVt)));
            }
            default -> throw r.unsupportedAt("wireVARIANTStr.vt", vtAt, String.format(Locale.ROOT,
                    "VARTYPE 0x%04X is not supported", vt));
        }
        r.endEmbedded();
        if (simple != null) {
            return simple;
        }
        Object value = referent.get();
        switch (vt) {
            case Variant.VT_BSTR:
                return new Variant.Bstr((String) value);
            case Variant.VT_UNKNOWN:
                return new Variant.Unknown((InterfacePointer) value);
            case Variant.VT_DISPATCH:
                return new Variant.Dispatch((InterfacePointer) value);
            default:
                if (value == null) {
                    throw r.malformedAt("wireVARIANTStr.parray", switchAt + 4,
                            "NULL SAFEARRAY pointers are not supported");
                }
                return (Variant) value;
        }
    }

    // --------------------------------------------------------------------------------------------- SAFEARRAY

    private static void writeSafeArray(NdrWriter w, Variant v) {
        List<SafeArrayBound> bounds;
        int features;
        int cbElements;
        int sfType;
        int elementVt = v.vt() & 0xFFF;
        int size;
        if (v instanceof Variant.UI1Array a) {
            bounds = a.bounds();
            features = FADF_HAVEVARTYPE;
            cbElements = 1;
            sfType = SF_I1;
            size = a.data().length();
        } else if (v instanceof Variant.I4Array a) {
            bounds = a.bounds();
            features = FADF_HAVEVARTYPE;
            cbElements = 4;
            sfType = SF_I4;
            size = a.values().length;
        } else if (v instanceof Variant.BstrArray a) {
            bounds = a.bounds();
            features = FADF_HAVEVARTYPE | FADF_BSTR;
            cbElements = 4;
            sfType = SF_BSTR;
            size = a.values().size();
        } else {
            Variant.VariantArray a = (Variant.VariantArray) v;
            bounds = a.bounds();
            features = FADF_HAVEVARTYPE | FADF_VARIANT;
            cbElements = 16;
            sfType = SF_VARIANT;
            size = a.values().size();
        }
        w.writeConformance(bounds.size());
        w.beginEmbedded();
        w.writeShort(bounds.size()).writeShort(features).writeInt(cbElements).writeInt(elementVt << 16);
        w.writeInt(sfType).writeInt(size);
        w.writeUnique(v, VariantCodec::writeElements);
        for (SafeArrayBound b : bounds) {
            w.writeInt(b.elements()).writeInt(b.lowerBound());
        }
        w.endEmbedded();
    }

    private static void writeElements(NdrWriter w, Variant v) {
        if (v instanceof Variant.UI1Array a) {
            w.writeConformantBytes(a.data());
        } else if (v instanceof Variant.I4Array a) {
            w.writeConformantInts(a.values());
        } else if (v instanceof Variant.BstrArray a) {
            w.writeConformance(a.values().size());
            w.beginEmbedded();
            for (String s : a.values()) {
                writeBstr(w, s);
            }
            w.endEmbedded();
        } else {
            Variant.VariantArray a = (Variant.VariantArray) v;
            w.writeConformance(a.values().size());
            w.beginEmbedded();
            for (Variant e : a.values()) {
                writeEmbeddedVariant(w, e);
            }
            w.endEmbedded();
        }
    }

    private static Variant readSafeArray(NdrReader r, int elementVt) throws WireFormatException {
        int dimsAt = r.position();
        int dims = r.readConformance(8, "SAFEARRAY.rgsabound");
        r.beginEmbedded();
        int cDims = r.readUnsignedShort();
        if (cDims != dims || cDims == 0) {
            throw r.malformedAt("SAFEARRAY.cDims", dimsAt + 4, "cDims " + cDims + " with max_count " + dims
                    + " (they must agree and not be 0)");
        }
        r.readUnsignedShort();
        r.readInt("SAFEARRAY.cbElements");
        r.readInt("SAFEARRAY.cLocks");
        int sfAt = r.position();
        int sfType = r.readInt("SAFEARRAYUNION.sfType");
        int expected = switch (elementVt) {
            case Variant.VT_UI1 -> SF_I1;
            case Variant.VT_I4 -> SF_I4;
            case Variant.VT_BSTR -> SF_BSTR;
            default -> SF_VARIANT;
        };
        if (sfType != expected) {
            throw r.malformedAt("SAFEARRAYUNION.sfType", sfAt, String.format(Locale.ROOT,
                    "sfType 0x%X does not fit elements of VARTYPE 0x%04X (expected 0x%X)", sfType, elementVt, expected));
        }
        int sizeAt = r.position();
        int size = r.readInt("SAFEARRAYUNION.Size");
        NdrReader.Deferred<Object> elements = r.readUnique(r1 -> readElements(r1, elementVt));
        List<SafeArrayBound> bounds = new ArrayList<>(cDims);
        for (int i = 0; i < cDims; i++) {
            bounds.add(new SafeArrayBound(r.readInt("SAFEARRAYBOUND.cElements"), r.readInt("SAFEARRAYBOUND.lLbound")));
        }
        r.endEmbedded();
        long count = SafeArrayBound.count(bounds);
        if (count != size || size < 0) {
            throw r.malformedAt("SAFEARRAYUNION.Size", sizeAt, "Size " + (size & 0xFFFFFFFFL)
                    + " but the bounds describe " + (count < 0 ? "more than 2^31" : count) + " elements");
        }
        Object data = elements.get();
        int actual = data == null ? 0 : data instanceof Bytes b ? b.length()
                : data instanceof int[] a ? a.length : ((List<?>) data).size();
        if (actual != size) {
            throw r.malformedAt("SAFEARRAYUNION.Size", sizeAt, "Size " + size + " but the element array has "
                    + actual + " elements");
        }
        return switch (elementVt) {
            case Variant.VT_UI1 -> new Variant.UI1Array(data == null ? Bytes.EMPTY : (Bytes) data, bounds);
            case Variant.VT_I4 -> new Variant.I4Array(data == null ? new int[0] : (int[]) data, bounds);
            case Variant.VT_BSTR -> new Variant.BstrArray(data == null ? List.of() : castStrings(data), bounds);
            default -> new Variant.VariantArray(data == null ? List.of() : castVariants(data), bounds);
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> castStrings(Object data) {
        return (List<String>) data;
    }

    @SuppressWarnings("unchecked")
    private static List<Variant> castVariants(Object data) {
        return (List<Variant>) data;
    }

    private static Object readElements(NdrReader r, int elementVt) throws WireFormatException {
        switch (elementVt) {
            case Variant.VT_UI1:
                return r.readConformantBytes("BYTE_SIZEDARR.pData");
            case Variant.VT_I4:
                return r.readConformantInts("DWORD_SIZEDARR.pData");
            case Variant.VT_BSTR: {
                int n = r.readConformance(4, "SAFEARR_BSTR.aBstr");
                List<NdrReader.Deferred<String>> holders = new ArrayList<>(n);
                r.beginEmbedded();
                for (int i = 0; i < n; i++) {
                    holders.add(readBstr(r));
                }
                r.endEmbedded();
                List<String> out = new ArrayList<>(n);
                for (NdrReader.Deferred<String> h : holders) {
                    out.add(h.get());
                }
                return out;
            }
            default: {
                int at = r.position();
                int n = r.readConformance(4, "SAFEARR_VARIANT.aVariant");
                List<NdrReader.Deferred<Variant>> holders = new ArrayList<>(n);
                r.beginEmbedded();
                for (int i = 0; i < n; i++) {
                    holders.add(readEmbeddedVariant(r));
                }
                r.endEmbedded();
                List<Variant> out = new ArrayList<>(n);
                for (NdrReader.Deferred<Variant> h : holders) {
                    if (h.get() == null) {
                        throw r.malformedAt("SAFEARR_VARIANT.aVariant", at, "a NULL VARIANT pointer in an array");
                    }
                    out.add(h.get());
                }
                return out;
            }
        }
    }
}
