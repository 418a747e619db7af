package io.sessionmoniker.policy.internal;

import io.sessionmoniker.moniker.internal.Ascii;

import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import io.sessionmoniker.policy.Sid;

/**
 * The cursor parser for the standard SID string form, usable on its own or inside an SDDL string (positions in
 * errors are positions in the whole input).
 *
 * <pre>
 * sid          = ("S" / "s") "-1-" authority *15("-" sub-authority)
 * authority    = "0x" 12HEXDIG / decimal           ; decimal only below 2^32
 * sub-authority = decimal                          ; 0..4294967295
 * decimal      = "0" / %x31-39 *DIGIT              ; no leading zeros
 * </pre>
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
        p += 2;
        // revision: exactly "1"
        if (p >= text.length() || text.charAt(p) != '1'
                || (p + 1 < text.length() && Ascii.isDigit(text.charAt(p + 1)))) {
            throw SecurityDescriptorFormatException.text(text, p,
                    "expected SID revision 1 but was " + Ascii.describeAt(text, p));
        }
        p++;
        p = expectDash(text, p, "after the SID revision");
        // authority: "0x" 12HEXDIG, or decimal below 2^32
        long authority;
        if (p + 1 < text.length() && text.charAt(p) == '0' && Ascii.toUpper(text.charAt(p + 1)) == 'X') {
            int digitsAt = p + 2;
            authority = 0;
            int q = digitsAt;
            while (q < text.length() && q - digitsAt < 12 && Ascii.hexValue(text.charAt(q)) >= 0) {
                authority = (authority << 4) | Ascii.hexValue(text.charAt(q));
                q++;
            }
            if (q - digitsAt != 12) {
                throw SecurityDescriptorFormatException.text(text, q,
                        "expected 12 hexadecimal digits in the SID authority after '0x' but found " + (q - digitsAt)
                                + " followed by " + Ascii.describeAt(text, q));
            }
            if (q < text.length() && Ascii.hexValue(text.charAt(q)) >= 0) {
                throw SecurityDescriptorFormatException.text(text, q,
                        "expected at most 12 hexadecimal digits in the SID authority but was "
                                + Ascii.describeAt(text, q));
            }
            p = q;
        } else {
            int authorityAt = p;
            long[] value = new long[1];
            p = decimal(text, p, Sid.MAX_AUTHORITY, "SID authority", value);
            authority = value[0];
            if (authority >= (1L << 32)) {
                throw SecurityDescriptorFormatException.text(text, authorityAt,
                        "expected a SID authority of 2^32 or more to be written as '0x' and 12 hexadecimal digits"
                                + " but was the decimal " + authority);
            }
        }
        // sub-authorities
        long[] subs = new long[Sid.MAX_SUB_AUTHORITIES];
        int count = 0;
        while (p < text.length() && text.charAt(p) == '-') {
            if (count == Sid.MAX_SUB_AUTHORITIES) {
                throw SecurityDescriptorFormatException.text(text, p,
                        "expected at most 15 sub-authorities in a SID but a 16th starts");
            }
            long[] value = new long[1];
            p = decimal(text, p + 1, Sid.MAX_SUB_AUTHORITY, "SID sub-authority", value);
            subs[count++] = value[0];
        }
        return new Result(Sid.of(authority, java.util.Arrays.copyOf(subs, count)), p);
    }

    private static int expectDash(String text, int p, String where) {
        if (p >= text.length() || text.charAt(p) != '-') {
            throw SecurityDescriptorFormatException.text(text, p,
                    "expected '-' " + where + " but was " + Ascii.describeAt(text, p));
        }
        return p + 1;
    }

    private static int decimal(String text, int start, long max, String what, long[] out) {
        if (start >= text.length() || !Ascii.isDigit(text.charAt(start))) {
            throw SecurityDescriptorFormatException.text(text, start,
                    "expected a decimal " + what + " but was " + Ascii.describeAt(text, start));
        }
        if (text.charAt(start) == '0' && start + 1 < text.length() && Ascii.isDigit(text.charAt(start + 1))) {
            throw SecurityDescriptorFormatException.text(text, start,
                    "expected a " + what + " without leading zeros but was " + Ascii.describeAt(text, start)
                            + " followed by more digits");
        }
        long value = 0;
        int p = start;
        while (p < text.length() && Ascii.isDigit(text.charAt(p))) {
            value = value * 10 + (text.charAt(p) - '0');
            if (value > max) {
                throw SecurityDescriptorFormatException.text(text, start,
                        "expected a " + what + " of at most " + max + " but the number is larger");
            }
            p++;
        }
        out[0] = value;
        return p;
    }
}
