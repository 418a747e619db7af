package io.sessionmoniker.moniker;

import java.util.Objects;

/**
 * A display name, or a GUID inside one, that does not follow the grammar.
 *
 * <p>Carries the input, the position of the first character that could not be parsed ({@link #index()},
 * which is also the number of characters parsed successfully, {@link #eaten()}), and the HRESULT:
 * <ul>
 *   <li>{@link HResult#MK_E_SYNTAX} for a display name that breaks the grammar;</li>
 *   <li>{@link HResult#E_INVALIDARG} for an empty display name, as {@code MkParseDisplayName} returns;</li>
 *   <li>{@link HResult#CO_E_CLASSSTRING} from {@link Guid#parse(CharSequence)} used on its own, as
 *       {@code CLSIDFromString} returns.</li>
 * </ul>
 * The message has the form {@code expected X at index N but was 'Y' in "…"}, like the JDK's
 * {@link java.net.URISyntaxException}:
 *
 * <pre>{@code
 * try {
 *     Moniker.parse("Session:3x!clsid:10000013-0000-0000-0000-000000000001");
 * } catch (MonikerSyntaxException e) {
 *     e.eaten();      // 9
 *     e.getMessage(); // expected '!' or the end of the name at index 9 but was 'x' in "Session:3x!clsid:…"
 * }
 * }</pre>
 */
public final class MonikerSyntaxException extends ComException {

    private static final long serialVersionUID = 1L;

    /** The display name that failed to parse. */
    private final String input;
    /** Where parsing stopped. */
    private final int index;

    /**
     * Creates the exception.
     *
     * @param hresult the HRESULT ({@link HResult#MK_E_SYNTAX}, {@link HResult#E_INVALIDARG} or
     *                {@link HResult#CO_E_CLASSSTRING})
     * @param input the complete text that was parsed
     * @param index the position of the first character that could not be parsed, {@code 0..input.length()}
     * @param message the full message
     */
    public MonikerSyntaxException(int hresult, String input, int index, String message) {
        super(hresult, message);
        this.input = Objects.requireNonNull(input, "input");
        if (index < 0 || index > input.length()) {
            throw new IllegalArgumentException("index " + index + " outside 0.." + input.length());
        }
        this.index = index;
    }

    /**
     * Returns the complete text that was parsed.
     *
     * @return the input
     */
    public String input() {
        return input;
    }

    /**
     * Returns the position of the first character that could not be parsed.
     *
     * @return an index in {@code 0..input().length()}; equal to the length when the text ended too early
     */
    public int index() {
        return index;
    }

    /**
     * Returns the number of characters parsed successfully, {@code MkParseDisplayName}'s {@code pchEaten}.
     * The same value as {@link #index()}.
     *
     * @return the count of characters before the error
     */
    public int eaten() {
        return index;
    }
}
