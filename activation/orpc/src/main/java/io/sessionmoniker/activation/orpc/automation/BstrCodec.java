package io.sessionmoniker.activation.orpc.automation;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.automation.internal.VariantCodec;

/**
 * Writes and reads BSTR parameters (MS-OAUT 2.2.23): a {@code [unique]} pointer to a
 * {@code FLAGGED_WORD_BLOB} {@code { cBytes; clSize; [size_is(clSize)] unsigned short asData[]; }}, which as a
 * conformant structure is preceded by its {@code max_count}. A NULL BSTR travels as a non-NULL pointer to a
 * blob with {@code cBytes} 0xFFFFFFFF and {@code clSize} 0, as MS-OAUT 2.2.23.2 requires; on receipt a NULL
 * pointer is also read as a NULL BSTR. A blob with an odd {@code cBytes} is read as its {@code clSize} code
 * units (the byte length is rounded up).
 *
 * <pre>{@code
 * BstrCodec.encode(w, "Hi");   // 00 00 02 00 | 02 00 00 00 | 04 00 00 00 | 02 00 00 00 | 48 00 69 00
 * String s = BstrCodec.decode(r);
 * }</pre>
 */
public final class BstrCodec {

    private BstrCodec() {
    }

    /**
     * Writes a BSTR; inside an embedding scope the blob is deferred.
     *
     * @param w the writer
     * @param value the string, or null for a NULL BSTR
     */
    public static void encode(NdrWriter w, String value) {
        VariantCodec.writeBstr(w, value);
    }

    /**
     * Reads a top-level BSTR parameter.
     *
     * @param r the reader, outside any embedding scope
     * @return the string, or null for a NULL BSTR
     * @throws WireFormatException if the blob is malformed
     */
    public static String decode(NdrReader r) throws WireFormatException {
        return VariantCodec.readBstr(r).get();
    }

    /**
     * Reads a BSTR that is a member of a structure or array.
     *
     * @param r the reader, inside an embedding scope
     * @return the holder, filled when the scope ends
     * @throws WireFormatException if malformed
     */
    public static NdrReader.Deferred<String> decodeEmbedded(NdrReader r) throws WireFormatException {
        return VariantCodec.readBstr(r);
    }
}
