package io.sessionmoniker.activation.host;

import java.util.List;
import io.sessionmoniker.moniker.HResult;
import java.util.Objects;

/**
 * A {@code .reg} file that does not follow the format, or exceeds a {@link RegFileLimits limit}: the only
 * exception {@link RegFileReader} throws for bad content.
 *
 * <p>It names the file (as the caller named it), the line and column (both 1-based; columns count characters,
 * a character outside the Basic Multilingual Plane once) and what was expected there. The message has the form
 * {@code FILE:LINE:COLUMN: REASON}, the way compilers report errors:
 *
 * <pre>{@code
 * try {
 *     RegFileReader.standard().parse("classes.reg", "REGEDIT4\n[HKLM\\X]\n\"a\"=dword:12345678Z\n");
 * } catch (RegFileFormatException e) {
 *     e.source();     // "classes.reg"
 *     e.line();       // 3
 *     e.column();     // 19
 *     e.reason();     // "expected the end of the line after the dword but was 'Z'"
 *     e.errorName();  // "ERROR_BADDB"
 * }
 * }</pre>
 *
 * <p>Every bad line of the file is reported, not only the first: {@link #problems()} lists each with its line and
 * column, in file order, and the message adds the others after the first ({@code …; 2 more bad lines:
 * classes.reg:9:5: …}). The location accessors give the first.
 *
 * <p>It is a {@link RegistryException} (so a {@link io.sessionmoniker.moniker.ComException}) with
 * {@link HResult#ERROR_BADDB}, because a bad registry script is bad registry data wherever it comes from.
 */
public final class RegFileFormatException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** The most problems listed in the message; {@link #problems()} holds them all. */
    private static final int MESSAGE_PROBLEMS = 20;

    /** The file's name as the caller gave it. */
    private final String source;
    /** The 1-based line. */
    private final int line;
    /** The 1-based column, in characters. */
    private final int column;
    /** What was expected and found. */
    private final String reason;
    /** Every problem, the first one first. */
    private final List<Problem> problems;

    /**
     * One bad place in a file.
     *
     * @param source the file's name as the caller gave it
     * @param line the 1-based line
     * @param column the 1-based column, in characters
     * @param reason what was expected and what was found
     */
    public record Problem(String source, int line, int column, String reason) {

        /**
         * Checks the components.
         *
         * @param source the file's name
         * @param line the line
         * @param column the column
         * @param reason the reason
         */
        public Problem {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * Returns {@code FILE:LINE:COLUMN: REASON}.
         *
         * @return the problem as a compiler would print it
         */
        @Override
        public String toString() {
            return source + ":" + line + ":" + column + ": " + reason;
        }
    }

    /**
     * Creates the exception for one problem.
     *
     * @param source the file's name as the caller gave it
     * @param line the 1-based line
     * @param column the 1-based column
     * @param reason what was expected and what was found
     */
    public RegFileFormatException(String source, int line, int column, String reason) {
        this(List.of(new Problem(source, line, column, reason)));
    }

    /**
     * Creates the exception for every problem found in a file.
     *
     * @param problems the problems in file order; not empty
     */
    public RegFileFormatException(List<Problem> problems) {
        super(HResult.ERROR_BADDB, message(problems));
        Problem first = problems.get(0);
        this.source = first.source();
        this.line = first.line();
        this.column = first.column();
        this.reason = first.reason();
        this.problems = List.copyOf(problems);
    }

    private static String message(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a RegFileFormatException needs at least one problem");
        }
        StringBuilder out = new StringBuilder(problems.get(0).toString());
        if (problems.size() > 1) {
            int more = problems.size() - 1;
            out.append("; ").append(more).append(more == 1 ? " more bad line:" : " more bad lines:");
            for (int i = 1; i < problems.size() && i <= MESSAGE_PROBLEMS; i++) {
                out.append(' ').append(problems.get(i)).append(i + 1 < problems.size() ? ";" : "");
            }
            if (problems.size() > MESSAGE_PROBLEMS + 1) {
                out.append(" ... (").append(problems.size() - MESSAGE_PROBLEMS - 1).append(" more in problems())");
            }
        }
        return out.toString();
    }

    /**
     * Returns every problem found, in file order; the first is the one {@link #line()}, {@link #column()} and
     * {@link #reason()} describe.
     *
     * @return the problems, at least one
     */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * Returns the name of the file.
     *
     * @return the name the caller gave ({@link RegFileReader#read(java.nio.file.Path...)} uses the path)
     */
    public String source() {
        return source;
    }

    /**
     * Returns the line.
     *
     * @return the 1-based line number
     */
    public int line() {
        return line;
    }

    /**
     * Returns the column.
     *
     * @return the 1-based column, counted in characters
     */
    public int column() {
        return column;
    }

    /**
     * Returns what was expected and found, without the location.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
