package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.RegTextWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes a {@link RegistryHive}, or one key and everything below it, as regedit exports: the header
 * {@code Windows Registry Editor Version 5.00}, UTF-16LE with the byte order mark FF FE, CRLF line ends.
 *
 * <p>Every key is written in enumeration order (by name, case-insensitively), its full path under
 * {@code HKEY_LOCAL_MACHINE}, {@code HKEY_CURRENT_USER} or {@code HKEY_USERS} (classes appear under
 * {@code HKEY_LOCAL_MACHINE\SOFTWARE\Classes}, never {@code HKEY_CLASSES_ROOT}), then its values in creation order,
 * then a blank line. A {@code REG_SZ} whose bytes are exactly one string and its terminator is written quoted
 * (with {@code \\} and {@code \"}); a 4-byte {@code REG_DWORD} as {@code dword:}; every other value as
 * {@code hex:} or {@code hex(N):} byte lists, wrapped like regedit's. So reading the output gives back an equal
 * hive:
 *
 * <pre>{@code
 * byte[] file = RegFileWriter.write(hive);
 * RegFileReader.standard().parse("copy.reg", file).equals(hive);   // true
 * String text = RegFileWriter.toText(hive, RegistryPath.parse("HKCR\\CLSID\\{10000013-0000-0000-0000-000000000001}"));
 * }</pre>
 */
public final class RegFileWriter {

    private RegFileWriter() {
    }

    /**
     * Writes a whole hive.
     *
     * @param hive the hive
     * @return the file's bytes
     */
    public static byte[] write(RegistryHive hive) {
        return RegTextWriter.utf16WithBom(toText(hive));
    }

    /**
     * Writes one key and everything below it.
     *
     * @param hive the hive
     * @param subtree the key
     * @return the file's bytes
     * @throws IllegalArgumentException if the hive has no such key
     */
    public static byte[] write(RegistryHive hive, RegistryPath subtree) {
        return RegTextWriter.utf16WithBom(toText(hive, subtree));
    }

    /**
     * Writes a whole hive to a file (replacing it).
     *
     * @param hive the hive
     * @param file the file
     * @throws IOException if the file cannot be written
     */
    public static void write(RegistryHive hive, Path file) throws IOException {
        Files.write(file, write(hive));
    }

    /**
     * Returns the text of a whole hive's export, without the byte order mark.
     *
     * @param hive the hive
     * @return the text, lines ending in CRLF
     */
    public static String toText(RegistryHive hive) {
        return RegTextWriter.text(Objects.requireNonNull(hive, "hive"), List.of(), null);
    }

    /**
     * Returns the text of one key's export, without the byte order mark.
     *
     * @param hive the hive
     * @param subtree the key
     * @return the text, lines ending in CRLF
     * @throws IllegalArgumentException if the hive has no such key
     */
    public static String toText(RegistryHive hive, RegistryPath subtree) {
        return RegTextWriter.text(Objects.requireNonNull(hive, "hive"), List.of(),
                Objects.requireNonNull(subtree, "subtree"));
    }
}
