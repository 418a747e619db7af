package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.RegEditSink;
import io.sessionmoniker.activation.host.internal.RegFileParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads {@code .reg} files into a {@link RegistryHive}.
 *
 * <p>Formats: {@code Windows Registry Editor Version 5.00} in UTF-16LE with a byte order mark, as regedit exports
 * it, or in UTF-8 with or without one; {@code REGEDIT4}, read as UTF-8, whose {@code hex(1)}, {@code hex(2)} and
 * {@code hex(7)} strings are single-byte ANSI and are converted from Windows-1252 to UTF-16LE. Lines end in CRLF,
 * LF or CR. The module README lists the syntax and every choice made where Windows' behaviour is not documented.
 *
 * <p>Several files merge in order, as importing them one after the other does: later values replace earlier
 * ones, and {@code [-KEY]} and {@code "name"=-} delete what earlier files made.
 *
 * <pre>{@code
 * RegistryHive hive = RegFileReader.standard().read(Path.of("classes.reg"), Path.of("overrides.reg"));
 * RegistryHive small = RegFileReader.standard().parse("inline.reg",
 *         "Windows Registry Editor Version 5.00\r\n\r\n[HKCR\\Demo.Class\\CLSID]\r\n@=\"{…}\"\r\n");
 * }</pre>
 *
 * <p>Immutable and thread-safe. Bad content always ends in a {@link RegFileFormatException} naming the file, line
 * and column; nothing else escapes for bad content. {@link #read} and {@link #parse} are all-or-nothing; the
 * {@code …Into} methods leave the edits of the lines before an error in the builder.
 */
public final class RegFileReader {

    private static final RegFileReader STANDARD = new RegFileReader(RegFileLimits.DEFAULT);

    private final RegFileLimits limits;

    private RegFileReader(RegFileLimits limits) {
        this.limits = limits;
    }

    /**
     * Returns a reader with {@link RegFileLimits#DEFAULT} limits.
     *
     * @return the reader
     */
    public static RegFileReader standard() {
        return STANDARD;
    }

    /**
     * Returns a reader with the given limits.
     *
     * @param limits the limits
     * @return the reader
     */
    public static RegFileReader withLimits(RegFileLimits limits) {
        return new RegFileReader(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * Returns the limits.
     *
     * @return the limits this reader enforces
     */
    public RegFileLimits limits() {
        return limits;
    }

    /**
     * Reads files, merged in order, into a new hive.
     *
     * @param files the files
     * @return the hive
     * @throws IOException if a file cannot be read
     * @throws RegFileFormatException if a file is malformed; the message names it by its path
     */
    public RegistryHive read(Path... files) throws IOException {
        return read(List.of(files));
    }

    /**
     * Reads files, merged in order, into a new hive.
     *
     * @param files the files
     * @return the hive
     * @throws IOException if a file cannot be read
     * @throws RegFileFormatException if a file is malformed
     */
    public RegistryHive read(List<Path> files) throws IOException {
        RegistryHive.Builder b = RegistryHive.builder();
        for (Path f : files) {
            readInto(b, f);
        }
        return b.build();
    }

    /**
     * Reads one file into a builder, after what it already holds.
     *
     * @param target the builder
     * @param file the file
     * @throws IOException if the file cannot be read
     * @throws RegFileFormatException if the file is malformed
     */
    public void readInto(RegistryHive.Builder target, Path file) throws IOException {
        String name = file.toString();
        byte[] content;
        try {
            // never opened unless a regular file (a FIFO's open would block), never read past the bound
            content = io.sessionmoniker.activation.host.internal.BoundedFiles.read(file, limits.maxFileBytes());
        } catch (io.sessionmoniker.activation.host.internal.BoundedFiles.NotRegularFileException e) {
            throw new RegFileFormatException(name, 1, 1, "this is " + e.kind() + ", not a regular file; a .reg file"
                    + " is read from a regular file");
        } catch (io.sessionmoniker.activation.host.internal.BoundedFiles.TooLargeException e) {
            throw new RegFileFormatException(name, 1, 1, "the file has " + (e.size() > limits.maxFileBytes()
                    ? e.size() + " bytes" : "more bytes") + ", more than the limit of " + limits.maxFileBytes()
                    + " bytes (RegFileLimits.maxFileBytes)");
        }
        parseInto(target, name, content);
    }

    /**
     * Parses a file's bytes into a new hive.
     *
     * @param sourceName the name errors give the file
     * @param content the bytes
     * @return the hive
     * @throws RegFileFormatException if the content is malformed
     */
    public RegistryHive parse(String sourceName, byte[] content) {
        RegistryHive.Builder b = RegistryHive.builder();
        parseInto(b, sourceName, content);
        return b.build();
    }

    /**
     * Parses text (already decoded) into a new hive. A {@code REGEDIT4} text's {@code hex(1)}, {@code hex(2)} and
     * {@code hex(7)} bytes are still read as Windows-1252.
     *
     * @param sourceName the name errors give the text
     * @param text the text, starting with the header line
     * @return the hive
     * @throws RegFileFormatException if the text is malformed
     */
    public RegistryHive parse(String sourceName, String text) {
        RegistryHive.Builder b = RegistryHive.builder();
        RegFileParser.parseText(Objects.requireNonNull(sourceName, "sourceName"), Objects.requireNonNull(text, "text"),
                limits, sink(b));
        return b.build();
    }

    /**
     * Parses a file's bytes into a builder, after what it already holds.
     *
     * @param target the builder
     * @param sourceName the name errors give the file
     * @param content the bytes
     * @throws RegFileFormatException if the content is malformed; the builder keeps the edits made before it
     */
    public void parseInto(RegistryHive.Builder target, String sourceName, byte[] content) {
        RegFileParser.parse(Objects.requireNonNull(sourceName, "sourceName"), Objects.requireNonNull(content, "content"),
                limits, sink(Objects.requireNonNull(target, "target")));
    }

    static RegEditSink sink(RegistryHive.Builder b) {
        return new RegEditSink() {
            @Override
            public void createKey(RegistryPath path) {
                b.createKey(path);
            }

            @Override
            public void deleteKey(RegistryPath path) {
                b.deleteKey(path);
            }

            @Override
            public void setValue(RegistryPath path, RegistryValue value) {
                b.setValue(path, value);
            }

            @Override
            public void deleteValue(RegistryPath path, String name) {
                b.deleteValue(path, name);
            }
        };
    }
}
