package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Helpers shared by the package's codecs: the writer they all use, range checks, and small arrays. */
final class Wire {

    /**
     * The referent id of the first non-NULL pointer in every NDR stream this package writes (a stub, and each
     * type-serialized part of an activation blob): the numbering of the replies both clients were captured
     * accepting.
     */
    static final int FIRST_REFERENT_ID = 0x00020004;

    /** MS-DCOM 2.2.28.1 {@code MAX_REQUESTED_INTERFACES}. */
    static final int MAX_REQUESTED_INTERFACES = 0x8000;
    /** MS-DCOM 2.2.28.1 {@code MAX_REQUESTED_PROTSEQS}. */
    static final int MAX_REQUESTED_PROTSEQS = 0x8000;

    private Wire() {
    }

    /** A writer whose referent ids start at {@link #FIRST_REFERENT_ID}. */
    static NdrWriter writer() {
        return new NdrWriter().nextReferentId(FIRST_REFERENT_ID);
    }

    static WireFormatException malformed(String field, long offset, String detail) {
        return new WireFormatException(WireFailure.malformedStub(field, offset, detail));
    }

    /** Reads a {@code [string] wchar_t*} referent and refuses a NUL inside it (the record types cannot hold one). */
    static String readString(NdrReader r, String field) throws WireFormatException {
        int at = r.position();
        String s = r.readWideString(true, field);
        if (s.indexOf('\0') >= 0) {
            throw r.malformedAt(field, at, "a NUL before the terminator");
        }
        return s;
    }

    /** Reads a 32-bit count and checks it lies in {@code [min, max]}. */
    static int readRange(NdrReader r, String field, int min, int max) throws WireFormatException {
        int at = r.position();
        int v = r.readInt(field);
        if (v < min || v > max) {
            throw r.malformedAt(field, at, String.format(Locale.ROOT, "%d is outside [%d, %d]", v & 0xFFFFFFFFL,
                    min, max));
        }
        return v;
    }

    /** Reads a 16-bit count and checks it is at most {@code max}. */
    static int readShortRange(NdrReader r, String field, int max) throws WireFormatException {
        int at = r.position();
        int v = r.readUnsignedShort();
        if (v > max) {
            throw r.malformedAt(field, at, v + " is above " + max);
        }
        return v;
    }

    /** Reads a conformance that must equal a count read before it. */
    static int readConformanceOf(NdrReader r, int elementSize, String field, int count) throws WireFormatException {
        int at = r.position();
        int n = r.readConformance(elementSize, field);
        if (n != count) {
            throw r.malformedAt(field + ".max_count", at, "max_count " + n + " differs from the count " + count);
        }
        return n;
    }

    /** Reads {@code max_count} GUIDs, checking the count. */
    static List<Guid> readGuids(NdrReader r, String field, int count) throws WireFormatException {
        int n = readConformanceOf(r, 16, field, count);
        List<Guid> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.readGuid());
        }
        return List.copyOf(out);
    }

    static void writeGuids(NdrWriter w, List<Guid> guids) {
        w.writeConformance(guids.size());
        for (Guid g : guids) {
            w.writeGuid(g);
        }
    }

    /** Reads a conformant array of {@code unsigned short}, checking the count. */
    static List<Integer> readShorts(NdrReader r, String field, int count) throws WireFormatException {
        int n = readConformanceOf(r, 2, field, count);
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.readUnsignedShort());
        }
        return List.copyOf(out);
    }

    static void writeShorts(NdrWriter w, List<Integer> values) {
        w.writeConformance(values.size());
        for (int v : values) {
            w.writeShort(v);
        }
    }

    /** Reads a conformant array of 32-bit values, checking the count. */
    static List<Integer> readInts(NdrReader r, String field, int count) throws WireFormatException {
        int n = readConformanceOf(r, 4, field, count);
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.readInt(field));
        }
        return List.copyOf(out);
    }

    static void writeInts(NdrWriter w, List<Integer> values) {
        w.writeConformance(values.size());
        for (int v : values) {
            w.writeInt(v);
        }
    }

    /** Writes a conformant array of unique pointers to interface pointers; NULL entries allowed. */
    static void writeInterfacePointers(NdrWriter w, List<InterfacePointer> pointers) {
        w.writeConformance(pointers.size());
        w.beginEmbedded();
        for (InterfacePointer ip : pointers) {
            InterfacePointer.encodePointer(w, ip);
        }
        w.endEmbedded();
    }

    /** Reads a conformant array of unique pointers to interface pointers, checking the count. */
    static List<InterfacePointer> readInterfacePointers(NdrReader r, String field, int count)
            throws WireFormatException {
        int n = readConformanceOf(r, 4, field, count);
        List<NdrReader.Deferred<InterfacePointer>> holders = new ArrayList<>(n);
        r.beginEmbedded();
        for (int i = 0; i < n; i++) {
            holders.add(r.readUnique(InterfacePointer::decode));
        }
        r.endEmbedded();
        List<InterfacePointer> out = new ArrayList<>(n);
        for (NdrReader.Deferred<InterfacePointer> h : holders) {
            out.add(h.get());
        }
        return Collections.unmodifiableList(out);
    }

    /** Copies a list that may hold nulls. */
    static <T> List<T> copyWithNulls(List<T> list) {
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** Checks that every element is a 16-bit unsigned value. */
    static List<Integer> shorts(List<Integer> values, String what) {
        List<Integer> copy = List.copyOf(values);
        for (int v : copy) {
            if ((v & ~0xFFFF) != 0) {
                throw new IllegalArgumentException(what + " are 16-bit: " + v);
            }
        }
        return copy;
    }

    /** Encodes with {@link #writer()}. */
    static Bytes encode(java.util.function.Consumer<NdrWriter> body) {
        NdrWriter w = writer();
        body.accept(w);
        return w.toBytes();
    }
}
