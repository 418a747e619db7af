package io.sessionmoniker.activation.orpc.ndr;

/**
 * Writes the referent of a pointer, the thing it points to, for {@link NdrWriter#writeUnique} and
 * {@link NdrWriter#writeFull}. The writer calls it at the place NDR puts the referent: at once for a
 * top-level pointer, after the containing construct for an embedded one.
 *
 * <pre>{@code
 * NdrEncoder<String> bstr = (w, s) -> w.writeInt(s.length());   // a toy referent
 * writer.writeUnique("abc", bstr);
 * }</pre>
 *
 * @param <T> the referent's type
 */
@FunctionalInterface
public interface NdrEncoder<T> {

    /**
     * Writes a referent.
     *
     * @param writer the writer, positioned where the referent goes
     * @param value the referent, never null
     */
    void encode(NdrWriter writer, T value);
}
