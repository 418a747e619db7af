package io.sessionmoniker.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A golden security descriptor from {@code src/test/resources/io/sessionmoniker/policy/descriptors}: its SDDL and
 * its binary form as regedit writes {@code hex:} data ({@code 01,00,04,80,…}, lines continued with a backslash).
 *
 * @param name the file name without {@code .sd}
 * @param sddl the canonical SDDL
 * @param bytes the binary self-relative form
 */
record GoldenDescriptor(String name, String sddl, byte[] bytes) {

    /** Every golden file. */
    static final List<String> NAMES = List.of(
            "default-launch-permission",
            "machine-access-restriction",
            "machine-launch-restriction",
            "owner-group-dacl-domain-sid",
            "empty-dacl",
            "no-dacl",
            "null-dacl",
            "deny-before-allow",
            "inheritance-flags",
            "sacl-mandatory-label",
            "com-mixed-format",
            "ms-sddl-example-1",
            "ms-sddl-example-2",
            "large-authority-15-subauthorities",
            "windows-spellings");

    static GoldenDescriptor load(String name) {
        String text;
        try (InputStream in = GoldenDescriptor.class.getResourceAsStream("descriptors/" + name + ".sd")) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sddl = null;
        StringBuilder hex = null;
        boolean continued = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (continued) {
                hex.append(line);
            } else if (line.startsWith("#") || line.isEmpty()) {
                continue;
            } else if (line.startsWith("sddl")) {
                sddl = line.substring(line.indexOf('=') + 1).strip();
            } else if (line.startsWith("hex")) {
                hex = new StringBuilder(line.substring(line.indexOf('=') + 1).strip());
            }
            continued = hex != null && line.endsWith("\\");
            if (continued) {
                hex.setLength(hex.length() - 1);
            }
        }
        if (sddl == null || hex == null) {
            throw new IllegalStateException("golden file " + name + " needs sddl and hex lines");
        }
        return new GoldenDescriptor(name, sddl, hex(hex.toString()));
    }

    static List<GoldenDescriptor> all() {
        return NAMES.stream().map(GoldenDescriptor::load).toList();
    }

    static byte[] hex(String text) {
        String digits = text.replaceAll("[^0-9A-Fa-f]", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String toHex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(String.format(java.util.Locale.ROOT, "%02x", b & 0xFF));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
