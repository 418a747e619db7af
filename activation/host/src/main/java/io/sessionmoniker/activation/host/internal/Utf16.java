package io.sessionmoniker.activation.host.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * UTF-16LE, code unit by code unit, as the registry stores strings: every Java {@code char} becomes two bytes,
 * unpaired surrogates included, so that any string read from a file or a value is written back unchanged.
 */
public final class Utf16 {

    private Utf16() {
    }

    /**
     * Encodes a string.
     *
     * @param s the string
     * @param terminators how many NUL code units to append
     * @return the bytes
     */
    public static byte[] encode(String s, int terminators) {
        byte[] out = new byte[2 * (s.length() + terminators)];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[2 * i] = (byte) c;
            out[2 * i + 1] = (byte) (c >>> 8);
        }
        return out;
    }

    /**
     * Decodes code units {@code [from, to)} of a buffer; a trailing odd byte is ignored.
     *
     * @param data the buffer
     * @param from the first byte
     * @param to the end, exclusive
     * @return the string
     */
    public static String decode(byte[] data, int from, int to) {
        int units = (to - from) / 2;
        char[] out = new char[units];
        for (int i = 0; i < units; i++) {
            out[i] = (char) ((data[from + 2 * i] & 0xFF) | (data[from + 2 * i + 1] & 0xFF) << 8);
        }
        return new String(out);
    }

    /**
     * Decodes REG_SZ data: the code units up to the first NUL, or all of them.
     *
     * @param data the value's data
     * @return the string
     */
    public static String decodeString(byte[] data) {
        int end = data.length & ~1;
        for (int i = 0; i + 1 < end; i += 2) {
            if (data[i] == 0 && data[i + 1] == 0) {
                return decode(data, 0, i);
            }
        }
        return decode(data, 0, end);
    }

    /**
     * Decodes REG_MULTI_SZ data: NUL-terminated strings up to the first empty one; an unterminated last string
     * counts.
     *
     * @param data the value's data
     * @return the strings
     */
    public static List<String> decodeMulti(byte[] data) {
        List<String> out = new ArrayList<>();
        int end = data.length & ~1;
        int start = 0;
        for (int i = 0; i + 1 < end; i += 2) {
            if (data[i] == 0 && data[i + 1] == 0) {
                if (i == start) {
                    return out;
                }
                out.add(decode(data, start, i));
                start = i + 2;
            }
        }
        if (start < end) {
            out.add(decode(data, start, end));
        }
        return out;
    }

    /**
     * Tells whether REG_SZ data is exactly one string and its terminator, with no NUL, carriage return or line
     * feed inside: the data a quoted {@code "..."} in a {@code .reg} file produces.
     *
     * @param data the value's data
     * @return {@code true} if the quoted form writes these bytes back exactly
     */
    public static boolean isPlainString(byte[] data) {
        int n = data.length;
        if (n < 2 || (n & 1) != 0 || data[n - 2] != 0 || data[n - 1] != 0) {
            return false;
        }
        for (int i = 0; i < n - 2; i += 2) {
            int c = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8;
            if (c == 0 || c == '\r' || c == '\n') {
                return false;
            }
        }
        return true;
    }
}
