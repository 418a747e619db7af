package io.sessionmoniker.activation.host.internal;

/**
 * Rules for registry key and value names: case folding, and what a name may contain.
 *
 * <p>Windows compares registry names case-insensitively by mapping every UTF-16 code unit to upper case. Here the
 * mapping is {@link Character#toUpperCase(char)}, one code unit at a time: it never depends on the default
 * locale (under a Turkish locale {@code 'i'} still folds to {@code 'I'}), and it never changes a name's length
 * ({@code "ß"} and {@code "SS"} stay different, as they do in the registry). For ASCII names it is exactly ASCII
 * case folding.
 */
public final class RegNames {

    /** Windows' limit on the length of one key name, in characters. */
    public static final int MAX_KEY_NAME_LENGTH = 255;
    /** Windows' limit on the length of a value name, in characters. */
    public static final int MAX_VALUE_NAME_LENGTH = 16_383;
    /** Windows' limit on the depth of a key below its root. */
    public static final int MAX_DEPTH = 512;

    private RegNames() {
    }

    /**
     * Folds a name for case-insensitive comparison and hashing.
     *
     * @param name a key or value name
     * @return the name with every code unit mapped to upper case
     */
    public static String fold(String name) {
        int n = name.length();
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (Character.toUpperCase(c) != c) {
                char[] out = name.toCharArray();
                for (int j = i; j < n; j++) {
                    out[j] = Character.toUpperCase(out[j]);
                }
                return new String(out);
            }
        }
        return name;
    }

    /**
     * Compares two names case-insensitively, as {@link #fold(String)} does.
     *
     * @param a a name
     * @param b another name
     * @return {@code true} if they name the same key or value
     */
    public static boolean equal(String a, String b) {
        int n = a.length();
        if (n != b.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && Character.toUpperCase(x) != Character.toUpperCase(y)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks one key name (one path component).
     *
     * @param name the name
     * @return null if the name is acceptable, else what is wrong with it
     */
    public static String keyNameProblem(String name) {
        if (name.isEmpty()) {
            return "a key name cannot be empty";
        }
        if (name.length() > MAX_KEY_NAME_LENGTH) {
            return "a key name is limited to " + MAX_KEY_NAME_LENGTH + " characters but this one has " + name.length();
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                return "a key name cannot contain '\\'";
            }
            if (c == 0 || c == '\r' || c == '\n') {
                return "a key name cannot contain " + describeControl(c);
            }
        }
        return null;
    }

    /**
     * Checks a value name ({@code ""} is the default value).
     *
     * @param name the name
     * @return null if the name is acceptable, else what is wrong with it
     */
    public static String valueNameProblem(String name) {
        if (name.length() > MAX_VALUE_NAME_LENGTH) {
            return "a value name is limited to " + MAX_VALUE_NAME_LENGTH + " characters but this one has "
                    + name.length();
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                return "a value name cannot contain " + describeControl(c) + " (a .reg file cannot express it)";
            }
        }
        return null;
    }

    private static String describeControl(char c) {
        return c == 0 ? "NUL (U+0000)" : c == '\r' ? "a carriage return (U+000D)" : "a line feed (U+000A)";
    }
}
