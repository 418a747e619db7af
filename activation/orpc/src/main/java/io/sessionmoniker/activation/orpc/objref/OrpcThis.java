package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * MS-DCOM 2.2.13.3 {@code ORPCTHIS}, the implicit first argument of every ORPC request:
 * {@code { COMVERSION version; unsigned long flags; unsigned long reserved1; CID cid;
 * [unique] ORPC_EXTENT_ARRAY* extensions; }} (32 bytes with no extensions). {@code reserved1} is sent as 0
 * and ignored on receipt.
 *
 * <pre>{@code
 * OrpcThis t = OrpcThis.of(causalityId);     // version 5.7, flags 0, no extensions
 * t.encode(writer);                          // the first 32 bytes of the request stub
 * OrpcThis back = OrpcThis.decode(reader);
 * }</pre>
 *
 * @param version the client's COM version
 * @param flags 0 for ORPC calls ({@code ORPCF_NULL}); {@code ORPCF_LOCAL} (1) is defined by MS-DCOM
 * @param cid the causality id
 * @param extensions the extents, empty for a NULL {@code extensions} pointer
 */
public record OrpcThis(ComVersion version, int flags, Guid cid, List<OrpcExtent> extensions) {

    /** No flags. */
    public static final int ORPCF_NULL = 0;
    /** The call is local to the machine. */
    public static final int ORPCF_LOCAL = 1;

    /**
     * Checks and copies the components.
     *
     * @param version the version
     * @param flags the flags
     * @param cid the causality id
     * @param extensions the extents
     */
    public OrpcThis {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(cid, "cid");
        extensions = List.copyOf(extensions);
    }

    /**
     * Returns version 5.7, no flags, no extensions.
     *
     * @param cid the causality id
     * @return the header
     */
    public static OrpcThis of(Guid cid) {
        return new OrpcThis(ComVersion.V5_7, ORPCF_NULL, cid, List.of());
    }

    /**
     * Returns version 5.7, no flags, no extensions, and a {@linkplain #newCausalityId() new causality id}.
     *
     * @return the header
     */
    public static OrpcThis newCausality() {
        return of(newCausalityId());
    }

    /**
     * Returns a new causality id: a random (version 4) GUID drawn from {@link ThreadLocalRandom}. A causality id
     * only ties the calls of one logical thread together; it guards nothing, so it does not need the secure
     * generator (and its lock) that {@link UUID#randomUUID()} uses on every call.
     *
     * @return the id
     */
    public static Guid newCausalityId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & ~(0xC0L << 56)) | (0x80L << 56);
        return Guid.fromUuid(new UUID(msb, lsb));
    }

    /**
     * Writes the structure and, after it, any extensions.
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        w.beginEmbedded();
        w.writeShort(version.major()).writeShort(version.minor()).writeInt(flags).writeInt(0).writeGuid(cid);
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
    public static OrpcThis decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        ComVersion version = new ComVersion(r.readUnsignedShort(), r.readUnsignedShort());
        int flags = r.readInt("ORPCTHIS.flags");
        r.readInt("ORPCTHIS.reserved1");
        Guid cid = r.readGuid();
        NdrReader.Deferred<List<OrpcExtent>> extensions = OrpcExtent.decodeExtensions(r);
        r.endEmbedded();
        List<OrpcExtent> list = extensions.get();
        return new OrpcThis(version, flags, cid, list == null ? List.of() : list);
    }
}
