package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.moniker.Guid;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the golden vectors: hexadecimal text with {@code #} comments, under this package's resources. */
final class Vectors {

    static final Guid IPID = Guid.parse("00112233-4455-6677-8899-AABBCCDDEEFF");
    static final Guid CID = Guid.parse("01234567-89AB-CDEF-0123-456789ABCDEF");

    private Vectors() {
    }

    static Bytes load(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int hash = line.indexOf('#');
                hex.append(hash < 0 ? line : line.substring(0, hash)).append(' ');
            }
            return Bytes.fromHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes with a fresh writer. */
    static Bytes encode(java.util.function.Consumer<NdrWriter> body) {
        NdrWriter w = new NdrWriter();
        body.accept(w);
        return w.toBytes();
    }

    /** Every prefix of the bytes shorter than all of them. */
    static java.util.stream.IntStream prefixLengths(Bytes b) {
        return java.util.stream.IntStream.range(0, b.length());
    }
}
