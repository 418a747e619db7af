package io.sessionmoniker.moniker;

import io.sessionmoniker.moniker.internal.Ascii;
import io.sessionmoniker.moniker.internal.GuidScanner;
import java.util.function.IntPredicate;

/**
 * A position in a display name being parsed, with the reading operations prefix parsers need and the one way
 * to report a syntax error with its position.
 *
 * <p>A cursor belongs to one parse on one thread; it is not thread-safe and must not be kept after the
 * {@link PrefixParser} returns.
 *
 * <pre>{@code
 * Guid clsid = cursor.readGuid();            // braced or bare, either case
 * if (!cursor.consume(':')) {
 *     throw cursor.syntaxError("':'");      // "expected ':' at index 42 but was 'x' in …"
 * }
 * }</pre>
 */
public final class DisplayNameCursor {

    private final String input;
    private int position;
    private GuidScanner scanner;

    DisplayNameCursor(String input, int position) {
        this.input = input;
        this.position = position;
    }

    /**
     * Returns the whole display name.
     *
     * @return the input
     */
    public String input() {
        return input;
    }

    /**
     * Returns the index of the next character to read.
     *
     * @return the position, {@code 0..input().length()}
     */
    public int position() {
        return position;
    }

    /**
     * Tells whether every character has been read.
     *
     * @return {@code true} at the end
     */
    public boolean atEnd() {
        return position >= input.length();
    }

    /**
     * Returns the next character without reading it.
     *
     * @return the character, or -1 at the end
     */
    public int peek() {
        return position < input.length() ? input.charAt(position) : -1;
    }

    /**
     * Reads the next character if it is {@code c}.
     *
     * @param c the expected character
     * @return {@code true} if it was there and has been read
     */
    public boolean consume(char c) {
        if (position < input.length() && input.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    /**
     * Reads {@code literal} if it comes next, comparing ASCII letters case-insensitively (and nothing else: no
     * locale, no Unicode folding).
     *
     * @param literal the text, ASCII
     * @return {@code true} if it was there and has been read
     */
    public boolean consumeIgnoreCase(String literal) {
        if (Ascii.regionMatchesIgnoreCase(input, position, Ascii.toLowerCase(literal))) {
            position += literal.length();
            return true;
        }
        return false;
    }

    /**
     * Reads characters while they match.
     *
     * @param accept the test for each character
     * @return the characters read, possibly empty
     */
    public String readWhile(IntPredicate accept) {
        int start = position;
        while (position < input.length() && accept.test(input.charAt(position))) {
            position++;
        }
        return input.substring(start, position);
    }

    /**
     * Reads a GUID, braced or bare, in either case.
     *
     * @return the GUID
     * @throws MonikerSyntaxException at the first character that does not fit
     */
    public Guid readGuid() {
        Guid fast = GuidScanner.parseAt(input, position);
        if (fast != null) {
            position += GuidScanner.lengthAt(input, position);
            return fast;
        }
        if (scanner == null) {
            scanner = new GuidScanner();
        }
        int start = position;
        if (!scanner.scan(input, start, input.length())) {
            int at = scanner.errorIndex();
            String expected = at == start ? "a CLSID (XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX, optionally in braces)"
                    : GuidScanner.expectedAt(at - start, scanner.braced()) + " in the CLSID";
            throw syntaxError(at, expected);
        }
        position = scanner.end();
        return Guid.of(scanner.msb(), scanner.lsb());
    }

    /**
     * Returns the index of the next {@code !} at or after the position, the end of the current component.
     *
     * @return the index, or the input's length when no {@code !} follows
     */
    public int componentEnd() {
        int bang = input.indexOf('!', position);
        return bang < 0 ? input.length() : bang;
    }

    /**
     * Builds the syntax error for the current position.
     *
     * @param expected what the grammar expects here, in words ({@code "':'"}, {@code "a decimal session id"})
     * @return the exception, to be thrown by the caller
     */
    public MonikerSyntaxException syntaxError(String expected) {
        return syntaxError(position, expected);
    }

    /**
     * Builds the syntax error for a given position.
     *
     * @param at the index of the offending character, {@code 0..input().length()}
     * @param expected what the grammar expects there, in words
     * @return the exception, to be thrown by the caller
     */
    public MonikerSyntaxException syntaxError(int at, String expected) {
        return new MonikerSyntaxException(HResult.MK_E_SYNTAX, input, at, Messages.expected(expected, input, at));
    }

    void moveTo(int index) {
        position = index;
    }
}
