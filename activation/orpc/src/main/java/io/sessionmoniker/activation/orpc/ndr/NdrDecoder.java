package io.sessionmoniker.activation.orpc.ndr;

import io.sessionmoniker.activation.orpc.rpc.WireFormatException;

/**
 * Reads the referent of a pointer for {@link NdrReader#readUnique} and {@link NdrReader#readFull}; the
 * mirror of {@link NdrEncoder}.
 *
 * <pre>{@code
 * NdrDecoder<Integer> count = r -> r.readInt();
 * Integer n = reader.readUniqueNow(count);   // null for a NULL pointer
 * }</pre>
 *
 * @param <T> the referent's type
 */
@FunctionalInterface
public interface NdrDecoder<T> {

    /**
     * Reads a referent.
     *
     * @param reader the reader, positioned where the referent is
     * @return the referent
     * @throws WireFormatException if the bytes are not a well-formed referent
     */
    T decode(NdrReader reader) throws WireFormatException;
}
