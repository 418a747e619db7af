package io.sessionmoniker.activation.host.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.lang3.StringUtils;

/**
 * "Did you mean …?" for a misspelt name: the known name nearest to what was typed, when it is near enough to be a
 * slip of the keyboard rather than another name.
 *
 * <pre>{@code
 * Suggestions.nearest("bobb", List.of("alice", "bob", "carol"));   // Optional[bob]
 * Suggestions.didYouMean("Actve", List.of("Active", "Listen"));    // "; did you mean Active?"
 * }</pre>
 */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate nearest to the input by edit distance, compared without case ({@code Locale.ROOT}), if at most
     * a third of the input's length (and at least two edits) away; ties go to the first candidate.
     *
     * @param input what was typed
     * @param candidates the names that exist
     * @return the nearest name, or empty when none is near or the input is itself a candidate
     */
    // StringUtils' bounded distance is deprecated in favour of Commons Text's LevenshteinDistance; Commons Lang is the
    // project's named dependency and Commons Text is not, so the Lang one is used until Lang drops it
    @SuppressWarnings("deprecation")
    public static Optional<String> nearest(String input, Collection<String> candidates) {
        if (input == null || input.isEmpty()) {
            return Optional.empty();
        }
        String folded = input.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, folded.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            // -1: further than the limit
            int d = StringUtils.getLevenshteinDistance(folded, candidate.toLowerCase(Locale.ROOT), limit);
            if (d == 0) {
                return Optional.empty();   // the same name in another case: nothing to suggest
            }
            if (d > 0 && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The suggestion as a clause to append to a message: {@code "; did you mean NAME?"}, or the empty string.
     *
     * @param input what was typed
     * @param candidates the names that exist
     * @return the clause, or ""
     */
    public static String didYouMean(String input, Collection<String> candidates) {
        return nearest(input, candidates).map(n -> "; did you mean " + n + "?").orElse("");
    }
}
