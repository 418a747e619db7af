package io.sessionmoniker.policy.internal;

import io.sessionmoniker.moniker.internal.Ascii;

import io.sessionmoniker.policy.Ace;
import io.sessionmoniker.policy.AceType;
import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import java.util.Locale;

/**
 * The SDDL names of access rights and ACE flags ("ACE Strings", MicrosoftDocs/win32
 * {@code desktop-src/SecAuthZ/ace-strings.md}), both ways.
 *
 * <p>Formatting, which Windows does not document, follows what its output looks like: an exact match for one of
 * the composite file and registry rights ({@code FA FR FW FX KA KR KW}) wins; otherwise single-bit codes in
 * ascending bit order ({@code CCDCLCSWRP} for 0x1F, as the DCOM defaults read); otherwise {@code 0x} and
 * lower-case hexadecimal. Mandatory-label ACEs use {@code NW NR NX} for their low three bits.
 *
 * <pre>{@code
 * AccessRightsText.formatRights(0x1F, AceType.ACCESS_ALLOWED);   // "CCDCLCSWRP"
 * AccessRightsText.parseRights("(A;;FA;;;SY)", 4, 6);           // 0x1F01FF
 * AccessRightsText.formatFlags(Ace.OBJECT_INHERIT | Ace.CONTAINER_INHERIT);   // "OICI"
 * }</pre>
 */
public final class AccessRightsText {

    private record Code(String name, int bits) {
    }

    /** Single-bit rights, in ascending bit order (the formatting order). */
    private static final Code[] SINGLE = {
        new Code("CC", 0x00000001), new Code("DC", 0x00000002), new Code("LC", 0x00000004),
        new Code("SW", 0x00000008), new Code("RP", 0x00000010), new Code("WP", 0x00000020),
        new Code("DT", 0x00000040), new Code("LO", 0x00000080), new Code("CR", 0x00000100),
        new Code("SD", 0x00010000), new Code("RC", 0x00020000), new Code("WD", 0x00040000),
        new Code("WO", 0x00080000),
        new Code("GA", 0x10000000), new Code("GX", 0x20000000), new Code("GW", 0x40000000),
        new Code("GR", 0x80000000),
    };

    /** Composite rights; on formatting the first exact match wins ({@code KX} equals {@code KR}). */
    private static final Code[] COMPOSITE = {
        new Code("FA", 0x001F01FF), new Code("FR", 0x00120089), new Code("FW", 0x00120116),
        new Code("FX", 0x001200A0), new Code("KA", 0x000F003F), new Code("KR", 0x00020019),
        new Code("KW", 0x00020006), new Code("KX", 0x00020019),
    };

    /** Mandatory-label rights. */
    private static final Code[] LABEL = {
        new Code("NW", 0x1), new Code("NR", 0x2), new Code("NX", 0x4),
    };

    /** ACE flags, in ascending bit order (the formatting order). */
    private static final Code[] FLAGS = {
        new Code("OI", Ace.OBJECT_INHERIT), new Code("CI", Ace.CONTAINER_INHERIT),
        new Code("NP", Ace.NO_PROPAGATE_INHERIT), new Code("IO", Ace.INHERIT_ONLY),
        new Code("ID", Ace.INHERITED), new Code("SA", Ace.SUCCESSFUL_ACCESS),
        new Code("FA", Ace.FAILED_ACCESS),
    };

    private AccessRightsText() {
    }

    /**
     * Formats an access mask as SDDL writes it for an ACE of {@code type}.
     *
     * @param mask the access mask
     * @param type the ACE type ({@code ML} ACEs use {@code NW NR NX})
     * @return for example {@code "CCDCLCSWRP"}, {@code "FA"}, {@code "0x1200a9"}, or {@code ""} for 0
     */
    public static String formatRights(int mask, AceType type) {
        if (mask == 0) {
            return ""; // Windows writes no rights as an empty field: (A;;;;;BO)
        }
        if (type == AceType.SYSTEM_MANDATORY_LABEL) {
            String label = codes(mask, LABEL);
            if (label != null) {
                return label;
            }
        } else {
            for (Code code : COMPOSITE) {
                if (code.bits() == mask) {
                    return code.name();
                }
            }
            String single = codes(mask, SINGLE);
            if (single != null) {
                return single;
            }
        }
        return "0x" + Integer.toHexString(mask);
    }

    /**
     * Formats an {@code AceFlags} byte: codes in ascending bit order, or {@code 0x} and hexadecimal when a bit has
     * no code (an extension: SDDL has no syntax for those bits).
     *
     * @param flags the flags byte
     * @return for example {@code "OICIID"}, {@code ""} or {@code "0x20"}
     */
    public static String formatFlags(int flags) {
        if (flags == 0) {
            return "";
        }
        String text = codes(flags, FLAGS);
        return text != null ? text : "0x" + Integer.toHexString(flags);
    }

    private static String codes(int mask, Code[] table) {
        StringBuilder out = new StringBuilder();
        int covered = 0;
        for (Code code : table) {
            if ((mask & code.bits()) == code.bits()) {
                out.append(code.name());
                covered |= code.bits();
            }
        }
        return covered == mask ? out.toString() : null;
    }

    /**
     * Parses the rights field {@code [start, end)} of an ACE string (blanks around it already trimmed).
     *
     * <p>As Windows' converter does, codes and numbers may be mixed and their bits are or-ed together
     * ({@code GR0xFFFFFFFF}); a number is {@code 0x} hexadecimal, {@code 0} and octal digits, or decimal. A
     * hexadecimal number takes every hexadecimal digit that follows it. A number above {@code 0xFFFFFFFF} is
     * refused (Windows clamps it to {@code 0xFFFFFFFF}).
     *
     * <pre>
     * rights = *(code / number)     ; code: GA GR GW GX RC SD WD WO RP WP CC DC LC SW LO DT CR FA FR FW FX KA KR
     *                               ;       KW KX NR NW NX
     * number = "0" ("x" / "X") 1*HEXDIG / "0" 1*ODIGIT / 1*DIGIT
     * </pre>
     *
     * @param text the SDDL string
     * @param start where the field starts
     * @param end where it ends (the {@code ;} or the first trailing blank)
     * @return the access mask
     */
    public static int parseRights(String text, int start, int end) {
        int mask = 0;
        int p = start;
        while (p < end) {
            if (Ascii.isDigit(text.charAt(p))) {
                long[] value = new long[1];
                p = rightsNumber(text, p, end, value);
                mask |= (int) value[0];
                continue;
            }
            Code code = p + 2 <= end ? lookup(text, p, SINGLE, COMPOSITE, LABEL) : null;
            if (code == null) {
                throw SecurityDescriptorFormatException.text(text, p,
                        "expected an access right such as CC, RP, GA, FA or KR, or a number such as 0x1F, but was '"
                                + text.substring(p, Math.min(p + 2, end)) + "'");
            }
            mask |= code.bits();
            p += 2;
        }
        return mask;
    }

    // number = "0" ("x" / "X") 1*HEXDIG / "0" 1*ODIGIT / 1*DIGIT
    private static int rightsNumber(String text, int start, int end, long[] out) {
        long max = 0xFFFF_FFFFL;
        int radix = 10;
        int p = start;
        if (text.charAt(p) == '0' && p + 1 < end && Ascii.toUpper(text.charAt(p + 1)) == 'X') {
            radix = 16;
            p += 2;
            if (p >= end || Ascii.hexValue(text.charAt(p)) < 0) {
                throw SecurityDescriptorFormatException.text(text, p,
                        "expected hexadecimal digits in the access mask after '0x' but was "
                                + Ascii.describeAt(text, p));
            }
        } else if (text.charAt(p) == '0' && p + 1 < end && Ascii.isDigit(text.charAt(p + 1))) {
            radix = 8;
            p += 1;
        }
        long value = 0;
        while (p < end) {
            char c = text.charAt(p);
            int digit = radix == 16 ? Ascii.hexValue(c) : Ascii.isDigit(c) ? c - '0' : -1;
            if (digit < 0) {
                break;
            }
            if (digit >= radix) {
                throw SecurityDescriptorFormatException.text(text, p,
                        "expected an octal digit (a number with a leading 0 is octal) in the access mask but was '"
                                + c + "'");
            }
            value = value * radix + digit;
            if (value > max) {
                throw SecurityDescriptorFormatException.text(text, start,
                        "expected an access mask of at most 0xFFFFFFFF but the number is larger");
            }
            p++;
        }
        out[0] = value;
        return p;
    }

    /**
     * Parses the flags field {@code [start, end)} of an ACE string: codes {@code OI CI NP IO ID SA FA}, or
     * {@code 0x} and one or two hexadecimal digits.
     *
     * @param text the SDDL string
     * @param start where the field starts
     * @param end where it ends
     * @return the flags byte
     */
    public static int parseFlags(String text, int start, int end) {
        if (start == end) {
            return 0;
        }
        if (Ascii.isDigit(text.charAt(start))) {
            return number(text, start, end, 0xFF, "ACE flags byte");
        }
        int flags = 0;
        for (int p = start; p < end; p += 2) {
            Code code = p + 2 <= end ? lookup(text, p, FLAGS) : null;
            if (code == null) {
                throw SecurityDescriptorFormatException.text(text, p,
                        "expected an ACE flag OI, CI, NP, IO, ID, SA or FA but was '"
                                + text.substring(p, Math.min(p + 2, end)) + "'");
            }
            flags |= code.bits();
        }
        return flags;
    }

    private static Code lookup(String text, int p, Code[]... tables) {
        char a = Ascii.toUpper(text.charAt(p));
        char b = Ascii.toUpper(text.charAt(p + 1));
        for (Code[] table : tables) {
            for (Code code : table) {
                if (code.name().charAt(0) == a && code.name().charAt(1) == b) {
                    return code;
                }
            }
        }
        return null;
    }

    // number = "0x" 1*8HEXDIG / "0" / %x31-39 *DIGIT
    private static int number(String text, int start, int end, long max, String what) {
        long value = 0;
        if (end - start > 2 && text.charAt(start) == '0' && Ascii.toUpper(text.charAt(start + 1)) == 'X') {
            for (int p = start + 2; p < end; p++) {
                int digit = Ascii.hexValue(text.charAt(p));
                if (digit < 0) {
                    throw SecurityDescriptorFormatException.text(text, p,
                            "expected a hexadecimal digit in the " + what + " but was " + Ascii.describeAt(text, p));
                }
                value = (value << 4) | digit;
                if (value > max) {
                    throw SecurityDescriptorFormatException.text(text, start,
                            "expected a " + what + " of at most 0x" + Long.toHexString(max).toUpperCase(Locale.ROOT)
                                    + " but the number is larger");
                }
            }
            return (int) value;
        }
        if (text.charAt(start) == '0' && end - start > 1) {
            throw SecurityDescriptorFormatException.text(text, start,
                    "expected a " + what + " as '0x' and hexadecimal digits, or decimal without leading zeros, but was '"
                            + text.substring(start, end) + "'");
        }
        for (int p = start; p < end; p++) {
            if (!Ascii.isDigit(text.charAt(p))) {
                throw SecurityDescriptorFormatException.text(text, p,
                        "expected a decimal digit in the " + what + " but was " + Ascii.describeAt(text, p));
            }
            value = value * 10 + (text.charAt(p) - '0');
            if (value > max) {
                throw SecurityDescriptorFormatException.text(text, start,
                        "expected a " + what + " of at most " + max + " but the number is larger");
            }
        }
        return (int) value;
    }
}
