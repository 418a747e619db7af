package io.sessionmoniker.policy.internal;

import io.sessionmoniker.moniker.internal.Ascii;

import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import io.sessionmoniker.policy.Sid;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cursor parser for the standard SID string form, usable on its own or inside an SDDL string (positions in
 * errors are positions in the whole input).
 *
 * <p>It reads what Windows' converters read, which is more than the [MS-DTYP] 2.4.2.1 ABNF: each number may be
 * decimal (leading zeros allowed and still decimal) or {@code 0x} hexadecimal, blanks may follow each {@code -},
 * and an authority of 2^32 or more may be written in decimal. Values that do not fit (an authority above 2^48-1,
 * a sub-authority above 2^32-1) are refused, never clamped.
 *
 * <pre>
 * sid           = ("S" / "s") "-" *ws "1" "-" *ws number *15("-" *ws number)
 * number        = "0" ("x" / "X") 1*HEXDIG / 1*DIGIT   ; authority up to 2^48-1, sub-authority up to 2^32-1
 * ws            = SP / HTAB / CR / LF
 * </pre>
 *
 * <p>A hexadecimal number stops before {@code D:}, so {@code O:S-1-2-0x200D:} is the owner {@code S-1-2-512}
 * followed by a DACL, as Windows reads it.
 *
 * <pre>{@code
 * SidText.Result r = SidText.parse("O:S-1-5-32-544G:SY", 2);
 * r.sid();   // S-1-5-32-544
 * r.end();   // 14, where "G:" starts
 * }</pre>
 */
public final class SidText {

    /**
     * A parsed SID and the position just after it.
     *
     * @param sid the SID
     * @param end the position after its last character
     */
    public record Result(Sid sid, int end) {
    }

    private SidText() {
    }

    /**
     * Returns whether a SID string (rather than an alias) starts at {@code position}: {@code S-} in either case.
     *
     * @param text the input
     * @param position where to look
     * @return true if the characters there are {@code S-} or {@code s-}
     */
    public static boolean startsWithSid(String text, int position) {
        return position + 1 < text.length()
                && Ascii.toUpper(text.charAt(position)) == 'S'
                && text.charAt(position + 1) == '-';
    }

    /**
     * Parses the SID that starts at {@code start}; parsing stops at the first character that cannot continue it.
     *
     * @param text the input
     * @param start where the SID starts
     * @return the SID and where it ends
     * @throws SecurityDescriptorFormatException naming the position of the first error
     */
    public static Result parse(String text, int start) {
        int p = start;
        // "S-"
        if (!startsWithSid(text, p)) {
            throw SecurityDescriptorFormatException.text(text, p,
                    "expected a SID starting with 'S-' but was " + Ascii.describeAt(text, p));
        }
        p = skipBlanks(text, p + 2);
        // revision: exactly "1"
        if (p >= text.length() || text.charAt(p) != '1'
                || (p + 1 < text.length() && Ascii.isDigit(text.charAt(p + 1)))) {
            throw SecurityDescriptorFormatException.text(text, p,
                    "expected SID revision 1 but was " + Ascii.describeAt(text, p));
        }
        p++;
        if (p >= text.length() || text.charAt(p) != '-') {
            throw SecurityDescriptorFormatException.text(text, p,
                    "expected '-' after the SID revision but was " + Ascii.describeAt(text, p));
        }
        long[] value = new long[1];
        p = number(text, skipBlanks(text, p + 1), Sid.MAX_AUTHORITY, "SID authority", value);
        long authority = value[0];
        // sub-authorities
        long[] subs = new long[Sid.MAX_SUB_AUTHORITIES];
        int count = 0;
        while (p < text.length() && text.charAt(p) == '-') {
            if (count == Sid.MAX_SUB_AUTHORITIES) {
                throw SecurityDescriptorFormatException.text(text, p,
                        "expected at most 15 sub-authorities in a SID but a 16th starts");
            }
            p = number(text, skipBlanks(text, p + 1), Sid.MAX_SUB_AUTHORITY, "SID sub-authority", value);
            subs[count++] = value[0];
        }
        return new Result(Sid.of(authority, Arrays.copyOf(subs, count)), p);
    }

    private static int skipBlanks(String text, int p) {
        while (p < text.length() && isBlank(text.charAt(p))) {
            p++;
        }
        return p;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    // number = "0" ("x" / "X") 1*HEXDIG / 1*DIGIT
    private static int number(String text, int start, long max, String what, long[] out) {
        if (start >= text.length() || !Ascii.isDigit(text.charAt(start))) {
            throw SecurityDescriptorFormatException.text(text, start,
                    "expected a " + what + " (decimal, or 0x and hexadecimal) but was "
                            + Ascii.describeAt(text, start));
        }
        long value = 0;
        int p = start;
        if (text.charAt(p) == '0' && p + 1 < text.length() && Ascii.toUpper(text.charAt(p + 1)) == 'X') {
            int digitsAt = p + 2;
            p = digitsAt;
            while (p < text.length() && Ascii.hexValue(text.charAt(p)) >= 0 && !startsComponentTag(text, p)) {
                value = (value << 4) | Ascii.hexValue(text.charAt(p));
                if (value > max) {
                    throw SecurityDescriptorFormatException.text(text, start, "expected a " + what
                            + " of at most 0x" + Long.toHexString(max).toUpperCase(Locale.ROOT)
                            + " but the number is larger");
                }
                p++;
            }
            if (p == digitsAt) {
                throw SecurityDescriptorFormatException.text(text, p,
                        "expected hexadecimal digits in the " + what + " after '0x' but was "
                                + Ascii.describeAt(text, p));
            }
        } else {
            while (p < text.length() && Ascii.isDigit(text.charAt(p))) {
                value = value * 10 + (text.charAt(p) - '0');
                if (value > max) {
                    throw SecurityDescriptorFormatException.text(text, start,
                            "expected a " + what + " of at most " + max + " but the number is larger");
                }
                p++;
            }
        }
        out[0] = value;
        return p;
    }

    // "D:" after a hexadecimal number is the DACL tag, not a digit: Windows reads "O:S-1-2-0x200D:" as 0x200.
    private static boolean startsComponentTag(String text, int p) {
        return Ascii.toUpper(text.charAt(p)) == 'D' && p + 1 < text.length() && text.charAt(p + 1) == ':';
    }
}
