package io.sessionmoniker.activation.host;

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
 * <p>It is a {@link RegistryException} (so a {@link io.sessionmoniker.moniker.ComException}) with
 * {@link HResult#ERROR_BADDB}, because a bad registry script is bad registry data wherever it comes from.
 */
public final class RegFileFormatException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** The file's name as the caller gave it. */
    private final String source;
    /** The 1-based line. */
    private final int line;
    /** The 1-based column, in characters. */
    private final int column;
    /** What was expected and found. */
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param source the file's name as the caller gave it
     * @param line the 1-based line
     * @param column the 1-based column
     * @param reason what was expected and what was found
     */
    public RegFileFormatException(String source, int line, int column, String reason) {
        super(HResult.ERROR_BADDB, Objects.requireNonNull(source, "source") + ":" + line + ":" + column + ": "
                + Objects.requireNonNull(reason, "reason"));
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
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
