package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.moniker.Guid;
import java.util.Objects;

/**
 * An activation property this package does not model, kept as the octets it occupied in the blob (type
 * serialization headers, data and padding) so that it neither breaks a request nor changes when the blob is
 * written again. MS-DCOM 3.1.2.5.2.3.3 says servers SHOULD ignore properties they do not recognize.
 *
 * <pre>{@code
 * blob.properties().stream().filter(p -> p instanceof UnknownProperty).count();   // 0 for Impacket's requests
 * }</pre>
 *
 * @param clsid the CLSID that names it
 * @param serialized its octets as they are in the blob, at least 16 (the serialization headers)
 */
public record UnknownProperty(Guid clsid, Bytes serialized) implements ActivationProperty {

    /**
     * Checks the components.
     *
     * @param clsid the CLSID
     * @param serialized the octets
     */
    public UnknownProperty {
        Objects.requireNonNull(clsid, "clsid");
        Objects.requireNonNull(serialized, "serialized");
        if (serialized.length() < TypeSerialization.HEADER_LENGTH) {
            throw new IllegalArgumentException("a serialized property has at least its 16 header bytes");
        }
    }

    /**
     * Writes the object buffer the octets hold, after their 16 header octets.
     *
     * @param w the writer
     */
    @Override
    public void encodeBody(NdrWriter w) {
        w.writeBytes(serialized.slice(TypeSerialization.HEADER_LENGTH, serialized.length()));
    }

    /**
     * Returns the octets as they came.
     *
     * @return {@link #serialized()}
     */
    @Override
    public Bytes serialize() {
        return serialized;
    }
}
