package io.sessionmoniker.moniker;

import io.sessionmoniker.moniker.internal.Ascii;

/** Builds syntax-error messages of one shape: {@code expected X at index N but was 'Y' in "…"}. */
final class Messages {

    /** Longest input quoted in full; longer inputs are quoted as a window around the error. */
    private static final int QUOTE_LIMIT = 120;
    private static final int WINDOW = 40;

    private Messages() {
    }

    static String expected(String expected, String input, int at) {
        return "expected " + expected + " at index " + at + " but " + found(input, at) + " in " + quote(input, at);
    }

    static String problem(String problem, String input, int at) {
        return problem + " at index " + at + " in " + quote(input, at);
    }

    static String found(String input, int at) {
        if (at >= input.length()) {
            return input.isEmpty() ? "the text was empty" : "the text ended";
        }
        int cp = input.codePointAt(at);
        return "was " + describe(cp);
    }

    static String describe(int cp) {
        return Ascii.describe(cp);
    }

    static String quote(String input, int at) {
        if (input.length() <= QUOTE_LIMIT) {
            return '"' + input + '"';
        }
        int from = Math.max(0, at - WINDOW);
        int to = Math.min(input.length(), at + WINDOW);
        return (from > 0 ? "\"…" : "\"") + input.substring(from, to) + (to < input.length() ? "…\"" : "\"")
                + " (" + input.length() + " characters)";
    }
}
