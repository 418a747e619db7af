package io.sessionmoniker.moniker.internal;

import io.sessionmoniker.moniker.Guid;

/**
 * Reads the text form of a GUID, {@code XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, optionally in braces, from any
 * position of a character sequence, without allocating and without throwing.
 *
 * <p>A failed scan records the index of the first character that does not fit; {@link #expectedAt} says in
 * words what belonged there. Only ASCII hexadecimal digits count: fullwidth or other non-ASCII digits are
 * rejected, as {@code CLSIDFromString} rejects them.
 */
public final class GuidScanner {

    /** Length of the bare form. */
    public static final int BARE_LENGTH = 36;
    /** Length of the braced form. */
    public static final int BRACED_LENGTH = 38;

    private static final byte[] HEX = new byte[128];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    /**
     * The fast path: parses a bare GUID of exactly 36 characters at {@code p}, four hexadecimal digits at a time.
     *
     * @param s the text; {@code p + 36 <= s.length()} must hold
     * @param p where the GUID starts
     * @return the GUID, or null if any character is out of place (then {@link #scan} finds which)
     */
    public static Guid parseBare(String s, int p) {
        if (s.charAt(p + 8) != '-' || s.charAt(p + 13) != '-' || s.charAt(p + 18) != '-' || s.charAt(p + 23) != '-') {
            return null;
        }
        long a = hex4(s, p);
        long b = hex4(s, p + 4);
        long c = hex4(s, p + 9);
        long d = hex4(s, p + 14);
        long e = hex4(s, p + 19);
        long f = hex4(s, p + 24);
        long g = hex4(s, p + 28);
        long h = hex4(s, p + 32);
        if ((a | b | c | d | e | f | g | h) < 0) {
            return null;
        }
        return Guid.of(a << 48 | b << 32 | c << 16 | d, e << 48 | f << 32 | g << 16 | h);
    }

    /**
     * Parses a braced or bare GUID at {@code from} by the fast path.
     *
     * @param s the text
     * @param from where the GUID (or its opening brace) starts
     * @return the GUID, or null when the fast path cannot read one there
     */
    public static Guid parseAt(String s, int from) {
        int n = s.length();
        boolean braced = from < n && s.charAt(from) == '{';
        int p = braced ? from + 1 : from;
        if (p + BARE_LENGTH > n || (braced && (p + BARE_LENGTH >= n || s.charAt(p + BARE_LENGTH) != '}'))) {
            return null;
        }
        return parseBare(s, p);
    }

    /**
     * Returns the length of a GUID's text starting at {@code from}: 38 when it starts with a brace, else 36.
     *
     * @param s the text
     * @param from where the GUID starts
     * @return the length of the GUID text
     */
    public static int lengthAt(String s, int from) {
        return from < s.length() && s.charAt(from) == '{' ? BRACED_LENGTH : BARE_LENGTH;
    }

    /** Four hexadecimal digits as a number 0..0xFFFF, or a negative number if any is not an ASCII hex digit. */
    private static int hex4(String s, int p) {
        char c0 = s.charAt(p);
        char c1 = s.charAt(p + 1);
        char c2 = s.charAt(p + 2);
        char c3 = s.charAt(p + 3);
        if ((c0 | c1 | c2 | c3) >= 128) {
            return -1;
        }
        return HEX[c0] << 12 | HEX[c1] << 8 | HEX[c2] << 4 | HEX[c3];
    }

    private long msb;
    private long lsb;
    private int end;
    private int errorIndex;
    private boolean braced;

    /**
     * Scans a GUID starting at {@code from}. A brace at {@code from} means the braced form.
     *
     * @param s the text
     * @param from where the GUID starts
     * @param limit the index scanning must not reach (usually {@code s.length()})
     * @return {@code true} on success ({@link #msb()}, {@link #lsb()}, {@link #end()} are set); {@code false}
     *     on failure ({@link #errorIndex()} is set)
     */
    public boolean scan(CharSequence s, int from, int limit) {
        int p = from;
        braced = p < limit && s.charAt(p) == '{';
        if (braced) {
            p++;
        }
        long hi = 0;
        long lo = 0;
        int digits = 0;
        for (int k = 0; k < BARE_LENGTH; k++, p++) {
            if (p >= limit) {
                errorIndex = p;
                return false;
            }
            char c = s.charAt(p);
            if (k == 8 || k == 13 || k == 18 || k == 23) {
                if (c != '-') {
                    errorIndex = p;
                    return false;
                }
                continue;
            }
            int v = c < 128 ? HEX[c] : -1;
            if (v < 0) {
                errorIndex = p;
                return false;
            }
            if (digits < 16) {
                hi = (hi << 4) | v;
            } else {
                lo = (lo << 4) | v;
            }
            digits++;
        }
        if (braced) {
            if (p >= limit || s.charAt(p) != '}') {
                errorIndex = p;
                return false;
            }
            p++;
        }
        msb = hi;
        lsb = lo;
        end = p;
        return true;
    }

    /**
     * Returns the high 64 bits of the last GUID scanned, in text order.
     *
     * @return the first sixteen hexadecimal digits as a number
     */
    public long msb() {
        return msb;
    }

    /**
     * Returns the low 64 bits of the last GUID scanned, in text order.
     *
     * @return the last sixteen hexadecimal digits as a number
     */
    public long lsb() {
        return lsb;
    }

    /**
     * Returns the index just after the last GUID scanned (after the closing brace if braced).
     *
     * @return the end index
     */
    public int end() {
        return end;
    }

    /**
     * Returns the index of the first character that did not fit in the last failed scan.
     *
     * @return the error index
     */
    public int errorIndex() {
        return errorIndex;
    }

    /**
     * Says in words what the GUID grammar expects at an offset from the GUID's start.
     *
     * @param offset the offset from where the GUID (or its opening brace) starts
     * @param braced whether the GUID started with a brace
     * @return for example {@code "'-'"} or {@code "a hexadecimal digit"}
     */
    public static String expectedAt(int offset, boolean braced) {
        int k = braced ? offset - 1 : offset;
        if (braced && k == BARE_LENGTH) {
            return "'}'";
        }
        if (k == 8 || k == 13 || k == 18 || k == 23) {
            return "'-'";
        }
        return "a hexadecimal digit";
    }

    /**
     * Tells whether the last scan started with a brace.
     *
     * @return {@code true} for the braced form
     */
    public boolean braced() {
        return braced;
    }

    /**
     * Formats a GUID as 36 uppercase characters without braces.
     *
     * @param msb the high 64 bits in text order
     * @param lsb the low 64 bits in text order
     * @return the canonical text
     */
    public static String format(long msb, long lsb) {
        char[] out = new char[BARE_LENGTH];
        int p = 0;
        for (int k = 0; k < 32; k++) {
            if (k == 8 || k == 12 || k == 16 || k == 20) {
                out[p++] = '-';
            }
            long word = k < 16 ? msb : lsb;
            int shift = 60 - 4 * (k & 15);
            out[p++] = "0123456789ABCDEF".charAt((int) (word >>> shift) & 0xF);
        }
        return new String(out);
    }
}
