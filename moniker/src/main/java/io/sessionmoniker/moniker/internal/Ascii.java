package io.sessionmoniker.moniker.internal;

/**
 * ASCII-only character tests and case folding.
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
}
