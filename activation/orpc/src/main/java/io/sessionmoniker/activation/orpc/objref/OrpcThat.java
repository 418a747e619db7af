package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.List;

/**
 * MS-DCOM 2.2.13.4 {@code ORPCTHAT}, the implicit first result of every ORPC response:
 * {@code { unsigned long flags; [unique] ORPC_EXTENT_ARRAY* extensions; }} (8 bytes with no extensions).
 *
 * <pre>{@code
 * OrpcThat.EMPTY.encode(writer);     // 00 00 00 00 00 00 00 00
 * }</pre>
 *
 * @param flags any value, ignored on receipt (MS-DCOM); this runtime sends 0
 * @param extensions the extents, empty for a NULL pointer
 */
public record OrpcThat(int flags, List<OrpcExtent> extensions) {

    /** Flags 0, no extensions: what this runtime sends. */
    public static final OrpcThat EMPTY = new OrpcThat(0, List.of());

    /**
     * Copies the extents.
     *
     * @param flags the flags
     * @param extensions the extents
     */
    public OrpcThat {
        extensions = List.copyOf(extensions);
    }

    /**
     * Writes the structure and, after it, any extensions.
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        w.beginEmbedded();
        w.writeInt(flags);
        OrpcExtent.encodeExtensions(w, extensions);
        w.endEmbedded();
    }

    /**
     * Reads the structure and its extensions.
     *
     * @param r the reader
     * @return the header
     * @throws WireFormatException if malformed
     */
    public static OrpcThat decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        int flags = r.readInt("ORPCTHAT.flags");
        NdrReader.Deferred<List<OrpcExtent>> extensions = OrpcExtent.decodeExtensions(r);
        r.endEmbedded();
        List<OrpcExtent> list = extensions.get();
        return new OrpcThat(flags, list == null ? List.of() : list);
    }
}
