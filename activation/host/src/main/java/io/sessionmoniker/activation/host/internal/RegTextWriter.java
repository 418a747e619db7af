package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.host.RegistryHive;
import io.sessionmoniker.activation.host.RegistryKey;
import io.sessionmoniker.activation.host.RegistryPath;
import io.sessionmoniker.activation.host.RegistryRoot;
import io.sessionmoniker.activation.host.RegistryValue;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code .reg} text the way regedit exports it: the version 5 header, a blank line, then every key in
 * enumeration order as {@code [PATH]}, its values one per line, and a blank line; lines end in CRLF; byte lists
 * wrap with {@code ,\} once a line reaches 77 characters and continue on lines indented by two spaces.
 */
public final class RegTextWriter {

    private static final String CRLF = "\r\n";
    /** regedit breaks a byte list once the line, trailing comma included, is this long. */
    private static final int WRAP_COLUMN = 77;

    private RegTextWriter() {
    }

    /**
     * Writes a hive, or one key and everything below it, after optional key deletions.
     *
     * @param hive the hive
     * @param deletions {@code [-KEY]} lines to write first, in the order given
     * @param subtree the key to export, or null for the whole hive
     * @return the text
     */
    public static String text(RegistryHive hive, List<RegistryPath> deletions, RegistryPath subtree) {
        StringBuilder out = new StringBuilder(256);
        out.append(RegFileParser.HEADER_V5).append(CRLF).append(CRLF);
        for (RegistryPath d : deletions) {
            out.append("[-").append(d).append(']').append(CRLF).append(CRLF);
        }
        if (subtree != null) {
            key(out, hive.key(subtree).orElseThrow(
                    () -> new IllegalArgumentException("the hive has no key " + subtree)));
        } else {
            for (RegistryRoot r : RegistryRoot.values()) {
                RegistryKey root = hive.root(r);
                if (!root.values().isEmpty() || !root.subkeys().isEmpty()) {
                    key(out, root);
                }
            }
        }
        return out.toString();
    }

    private static void key(StringBuilder out, RegistryKey k) {
        out.append('[').append(k.path()).append(']').append(CRLF);
        for (RegistryValue v : k.values()) {
            appendValue(out, v, true);
            out.append(CRLF);
        }
        out.append(CRLF);
        for (RegistryKey sub : k.subkeys()) {
            key(out, sub);
        }
    }

    /**
     * Writes one value's line.
     *
     * @param v the value
     * @param wrap whether to wrap long byte lists as regedit does
     * @return the line (lines, when wrapped), without the final CRLF
     */
    public static String valueLine(RegistryValue v, boolean wrap) {
        StringBuilder out = new StringBuilder();
        appendValue(out, v, wrap);
        return out.toString();
    }

    private static void appendValue(StringBuilder out, RegistryValue v, boolean wrap) {
        int lineStart = out.length();
        if (v.isDefault()) {
            out.append('@');
        } else {
            quote(out, v.name());
        }
        out.append('=');
        byte[] data = v.data();
        if (v.type() == RegistryValue.REG_SZ && Utf16.isPlainString(data)) {
            quote(out, Utf16.decode(data, 0, data.length - 2));
            return;
        }
        if (v.type() == RegistryValue.REG_DWORD && data.length == 4) {
            out.append("dword:").append(String.format(Locale.ROOT, "%08x", v.asDword().getAsInt()));
            return;
        }
        out.append(v.type() == RegistryValue.REG_BINARY ? "hex:" : "hex(" + Integer.toHexString(v.type()) + "):");
        for (int i = 0; i < data.length; i++) {
            int b = data[i] & 0xFF;
            out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (i + 1 < data.length) {
                out.append(',');
                if (wrap && out.length() - lineStart >= WRAP_COLUMN) {
                    out.append('\\').append(CRLF).append("  ");
                    lineStart = out.length() - 2;
                }
            }
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /**
     * Encodes text as regedit saves it: the byte order mark FF FE, then UTF-16LE.
     *
     * @param text the text
     * @return the bytes
     */
    public static byte[] utf16WithBom(String text) {
        byte[] body = Utf16.encode(text, 0);
        byte[] out = new byte[body.length + 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFE;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }
}
