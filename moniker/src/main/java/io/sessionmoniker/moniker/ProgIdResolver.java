package io.sessionmoniker.moniker;

import java.util.Optional;

/**
 * Maps a ProgID to its CLSID, as {@code CLSIDFromProgID} does; the class registry provides one.
 *
 * <pre>{@code
 * MonikerParser parser = MonikerParser.builder()
 *         .progIdResolver(progId -> progId.equalsIgnoreCase("SessionMoniker.SessionInfo")
 *                 ? Optional.of(sessionInfoClsid) : Optional.empty())
 *         .build();
 * parser.parse("Session:2!@SessionMoniker.SessionInfo");
 * }</pre>
 */
@FunctionalInterface
public interface ProgIdResolver {

    /**
     * Looks a ProgID up. ProgIDs compare case-insensitively on Windows; implementations should do the same,
     * using ASCII or {@code Locale.ROOT} case folding.
     *
     * @param progId the ProgID, syntactically valid (ASCII letters, digits and periods, starting with a letter,
     *               at most 39 characters)
     * @return its CLSID, or empty if it is not registered
     */
    Optional<Guid> resolve(String progId);

    /**
     * The registered ProgID nearest to one that is not registered, for a "did you mean" in the parser's error. The
     * default knows none.
     *
     * @param progId a ProgID that {@link #resolve} did not find
     * @return a registered ProgID close to it, or empty
     */
    default Optional<String> nearest(String progId) {
        return Optional.empty();
    }
}
