package io.sessionmoniker.moniker;

/**
 * Parses the part of a display name after a registered prefix: the {@code IParseDisplayName} of a moniker class.
 *
 * <p>The cursor stands just after {@code prefix:} (or after {@code {CLSID}:} or {@code ProgID:} for parsers
 * registered by CLSID). The parser consumes its component and returns a simple (non-composite, non-item)
 * moniker; what follows must be {@code !} or the end, which the calling parser checks. Syntax errors are thrown
 * with {@link DisplayNameCursor#syntaxError(String)} so they carry the position.
 *
 * <pre>{@code
 * PrefixParser elevation = cursor -> {
 *     if (cursor.consumeIgnoreCase("administrator")) return new ElevationMoniker("Administrator");
 *     if (cursor.consumeIgnoreCase("highest")) return new ElevationMoniker("Highest");
 *     throw cursor.syntaxError("'Administrator' or 'Highest'");
 * };
 * }</pre>
 */
@FunctionalInterface
public interface PrefixParser {

    /**
     * Parses one component.
     *
     * @param cursor the cursor, just after the prefix
     * @return the moniker for the component
     * @throws MonikerSyntaxException when the text does not follow the component's grammar
     */
    Moniker parse(DisplayNameCursor cursor);
}
