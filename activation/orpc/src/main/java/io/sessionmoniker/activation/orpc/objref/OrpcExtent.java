package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * MS-DCOM 2.2.21.1 {@code ORPC_EXTENT}: out-of-band data identified by a GUID, carried in the
 * {@code extensions} of {@link OrpcThis} and {@link OrpcThat}. This runtime preserves extents it does not
 * understand and attaches none of its own.
 *
 * <p>Wire form: an {@code ORPC_EXTENT_ARRAY} {@code { size; reserved; [size_is((size+1)&~1), unique]
 * ORPC_EXTENT** extent; }} reached through a unique pointer; each extent is
 * {@code { GUID id; unsigned long size; [size_is((size+7)&~7)] byte data[]; }}, its data zero-padded to a
 * multiple of 8. An empty list is sent as a NULL {@code extensions} pointer.
 *
 * <pre>{@code
 * OrpcExtent e = new OrpcExtent(Guid.parse("F1F19680-4D2A-11CE-A66A-0020AF6E72F4"), Bytes.fromHex("01 02 03"));
 * OrpcThis t = new OrpcThis(ComVersion.V5_7, 0, cid, List.of(e));
 * }</pre>
 *
 * @param id the format of the data
 * @param data the data, without padding
 */
public record OrpcExtent(Guid id, Bytes data) {

    /**
     * Checks the components.
     *
     * @param id the format
     * @param data the data
     */
    public OrpcExtent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
    }

    /** Writes the {@code extensions} pointer and, deferred or not as the scope says, the array. */
    static void encodeExtensions(NdrWriter w, List<OrpcExtent> extents) {
        w.writeUnique(extents.isEmpty() ? null : extents, OrpcExtent::encodeArray);
    }

    /** Reads the {@code extensions} pointer inside an embedding scope. */
    static NdrReader.Deferred<List<OrpcExtent>> decodeExtensions(NdrReader r) throws WireFormatException {
        return r.readUnique(OrpcExtent::decodeArray);
    }

    private static void encodeArray(NdrWriter w, List<OrpcExtent> extents) {
        w.beginEmbedded();
        w.writeInt(extents.size()).writeInt(0);
        w.writeUnique(extents, OrpcExtent::encodePointers);
        w.endEmbedded();
    }

    private static void encodePointers(NdrWriter w, List<OrpcExtent> extents) {
        int n = (extents.size() + 1) & ~1;
        w.writeConformance(n);
        w.beginEmbedded();
        for (int i = 0; i < n; i++) {
            w.writeUnique(i < extents.size() ? extents.get(i) : null, OrpcExtent::encodeExtent);
        }
        w.endEmbedded();
    }

    private static void encodeExtent(NdrWriter w, OrpcExtent e) {
        int length = e.data.length();
        int padded = (length + 7) & ~7;
        w.writeConformance(padded).writeGuid(e.id).writeInt(length).writeBytes(e.data);
        for (int i = length; i < padded; i++) {
            w.writeByte(0);
        }
    }

    private static List<OrpcExtent> decodeArray(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        int sizeAt = r.position();
        int size = r.readInt("ORPC_EXTENT_ARRAY.size");
        r.readInt("ORPC_EXTENT_ARRAY.reserved");
        NdrReader.Deferred<List<OrpcExtent>> extents = r.readUnique(r1 -> decodePointers(r1, size, sizeAt));
        r.endEmbedded();
        List<OrpcExtent> out = extents.get();
        if (out == null) {
            if (size != 0) {
                throw r.malformedAt("ORPC_EXTENT_ARRAY.size", sizeAt, "size " + size + " with a NULL extent array");
            }
            return List.of();
        }
        return out;
    }

    private static List<OrpcExtent> decodePointers(NdrReader r, int size, int sizeAt) throws WireFormatException {
        int at = r.position();
        int n = r.readConformance(4, "ORPC_EXTENT_ARRAY.extent");
        if (size < 0 || n != ((size + 1) & ~1)) {
            throw r.malformedAt("ORPC_EXTENT_ARRAY.extent.max_count", at, "max_count " + n + " is not (size+1)&~1 for size "
                    + (size & 0xFFFFFFFFL));
        }
        List<NdrReader.Deferred<OrpcExtent>> holders = new ArrayList<>(n);
        r.beginEmbedded();
        for (int i = 0; i < n; i++) {
            holders.add(r.readUnique(OrpcExtent::decodeExtent));
        }
        r.endEmbedded();
        List<OrpcExtent> out = new ArrayList<>(size);
        for (NdrReader.Deferred<OrpcExtent> h : holders) {
            if (h.get() != null) {
                out.add(h.get());
            }
        }
        if (out.size() != size) {
            throw r.malformedAt("ORPC_EXTENT_ARRAY.size", sizeAt, "size " + size + " but " + out.size()
                    + " extents are present");
        }
        return List.copyOf(out);
    }

    private static OrpcExtent decodeExtent(NdrReader r) throws WireFormatException {
        int at = r.position();
        int padded = r.readConformance(1, "ORPC_EXTENT.data");
        Guid id = r.readGuid();
        int size = r.readInt("ORPC_EXTENT.size");
        if (size < 0 || padded != ((size + 7) & ~7)) {
            throw r.malformedAt("ORPC_EXTENT.data.max_count", at, "max_count " + padded + " is not (size+7)&~7 for size "
                    + (size & 0xFFFFFFFFL));
        }
        Bytes data = r.readBytes(padded);
        return new OrpcExtent(id, data.slice(0, size));
    }
}
