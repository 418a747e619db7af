package io.sessionmoniker.moniker.internal;

/**
 * ASCII-only character tests and case folding, shared by the project's parsers (display names, SDDL, .reg files).
 *
 * <p>Display-name prefixes match case-insensitively, but only over ASCII letters: {@code String.equalsIgnoreCase}
 * and {@code regionMatches(true, …)} would also fold {@code 'İ'} (U+0130), {@code 'ı'} (U+0131) or the Kelvin
 * sign (U+212A) onto ASCII letters, and {@code toLowerCase()} without {@code Locale.ROOT} breaks under a Turkish
 * default locale.
 */
public final class Ascii {

    private Ascii() {
    }

    /**
     * Tells whether {@code s} holds {@code lowerLiteral} at {@code at}, folding ASCII uppercase letters of
     * {@code s} to lowercase and nothing else.
     *
     * @param s the text
     * @param at where to compare
     * @param lowerLiteral the literal, in lowercase ASCII (a literal with uppercase letters never matches)
     * @return {@code true} if it matches
     */
    public static boolean regionMatchesIgnoreCase(String s, int at, String lowerLiteral) {
        int n = lowerLiteral.length();
        if (at < 0 || at > s.length() - n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (toLower(s.charAt(at + i)) != lowerLiteral.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether two strings are equal, comparing ASCII letters case-insensitively and nothing else.
     *
     * @param a a string
     * @param b another string
     * @return {@code true} if they are equal under ASCII case folding
     */
    public static boolean equalsIgnoreCase(CharSequence a, CharSequence b) {
        int n = a.length();
        if (n != b.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (toLower(a.charAt(i)) != toLower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds an ASCII uppercase letter to lowercase; every other character is returned unchanged.
     *
     * @param c a character
     * @return the folded character
     */
    public static char toLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /**
     * Folds the ASCII uppercase letters of a string to lowercase.
     *
     * @param s a string
     * @return the folded string
     */
    public static String toLowerCase(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(toLower(s.charAt(i)));
        }
        return out.toString();
    }

    /**
     * Tells whether a character is an ASCII decimal digit. {@link Character#isDigit(char)} also accepts
     * fullwidth and other scripts' digits.
     *
     * @param c a character
     * @return {@code true} for {@code '0'..'9'}
     */
    public static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Tells whether a character is an ASCII letter.
     *
     * @param c a character
     * @return {@code true} for {@code 'A'..'Z'} and {@code 'a'..'z'}
     */
    public static boolean isLetter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
    /**
     * Tells whether {@code s} holds {@code upperLiteral} at {@code at}, folding ASCII lowercase letters of
     * {@code s} to uppercase and nothing else.
     *
     * @param s the text
     * @param at where to compare
     * @param upperLiteral the literal, in uppercase ASCII (a literal with lowercase letters never matches)
     * @return {@code true} if it matches
     */
    public static boolean regionMatchesUpper(String s, int at, String upperLiteral) {
        int n = upperLiteral.length();
        if (at < 0 || at > s.length() - n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (toUpper(s.charAt(at + i)) != upperLiteral.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds an ASCII lowercase letter to uppercase; every other character is returned unchanged.
     *
     * @param c a character
     * @return the folded character
     */
    public static char toUpper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }

    /**
     * Returns the value of an ASCII hexadecimal digit.
     *
     * @param c a character
     * @return {@code 0..15}, or -1 if {@code c} is not an ASCII hexadecimal digit
     */
    public static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char u = toUpper(c);
        return u >= 'A' && u <= 'F' ? u - 'A' + 10 : -1;
    }

    /**
     * Describes a code point for an error message: printable ASCII as {@code 'x'}, other printable characters
     * with their code point ({@code '３' (U+FF13)}), controls, whitespace and unassigned code points by their
     * code point alone.
     *
     * @param cp a code point
     * @return the description
     */
    public static String describe(int cp) {
        if (cp >= 0x20 && cp < 0x7F) {
            return "'" + (char) cp + "'";
        }
        String hex = String.format(java.util.Locale.ROOT, "U+%04X", cp);
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || !Character.isDefined(cp)) {
            return hex;
        }
        return "'" + new String(Character.toChars(cp)) + "' (" + hex + ")";
    }

    /**
     * Describes the character at a position of a text for an error message (see {@link #describe(int)}).
     *
     * @param text the text
     * @param position a position, possibly at the end
     * @return the description, or {@code "the end of the input"}
     */
    public static String describeAt(String text, int position) {
        return position >= text.length() ? "the end of the input" : describe(text.codePointAt(position));
    }
}
