package io.sessionmoniker.policy;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.util.Locale;
import java.util.Objects;

/**
 * A malformed security descriptor, ACL, ACE or SID, in binary or text form.
 *
 * <p>This is the only exception the parsers in this package throw for bad input. It is unchecked (a
 * {@link ComException}, like every failure that carries an HRESULT) because the usual caller holds data it already
 * believes valid, such as a registry value; callers that handle untrusted input use the
 * {@code tryParse}/{@code tryFromBytes} variants, which return {@link java.util.Optional#empty()} instead.
 *
 * <p>{@link #index()} is where the problem was found: a byte offset from the start of the buffer for
 * {@link Form#BINARY}, a character position (0-based) in the string for {@link Form#TEXT}. The message says
 * what was expected, what was found, and where:
 *
 * <pre>{@code
 * try {
 *     SecurityDescriptor.parse("O:BAG:BAD:(X;;0x1;;;WD)");
 * } catch (SecurityDescriptorFormatException e) {
 *     e.form();     // TEXT
 *     e.index();    // 11
 *     e.reason();   // "expected ACE type A or D in a DACL but was 'X'"
 *     e.getMessage(); // the reason, then " at position 11 in \"O:BAG:BAD:(X;;0x1;;;WD)\""
 * }
 * }</pre>
 *
 * <p>{@link #hresult()} is {@link HResult#ERROR_INVALID_SECURITY_DESCR},
 * {@code HRESULT_FROM_WIN32(ERROR_INVALID_SECURITY_DESCR)}, {@code 0x8007053A}: the Win32 error "The security
 * descriptor structure is invalid" (1338); {@link #errorName()} is {@code "ERROR_INVALID_SECURITY_DESCR"}.
 */
public final class SecurityDescriptorFormatException extends ComException {

    private static final long serialVersionUID = 1L;

    /**
     * Which representation was being read.
     *
     * <pre>{@code
     * e.form() == Form.BINARY ? "byte offset " + e.index() : "position " + e.index()
     * }</pre>
     */
    public enum Form {
        /** A byte buffer: {@link #index()} is a byte offset. */
        BINARY,
        /** An SDDL or SID string: {@link #index()} is a character position. */
        TEXT
    }

    /** Which representation was being read. */
    private final Form form;
    /** The byte offset or character position of the problem. */
    private final int index;
    /** What was expected and found, without the location. */
    private final String reason;

    private SecurityDescriptorFormatException(Form form, int index, String reason, String message) {
        super(HResult.ERROR_INVALID_SECURITY_DESCR, message);
        this.form = form;
        this.index = index;
        this.reason = reason;
    }

    /**
     * Creates the exception for a binary buffer (for the module's parsers).
     *
     * @param offset the byte offset where the problem was found
     * @param reason what was expected and what was found, without the offset
     * @return the exception, to be thrown
     */
    public static SecurityDescriptorFormatException binary(int offset, String reason) {
        Objects.requireNonNull(reason, "reason");
        return new SecurityDescriptorFormatException(Form.BINARY, offset, reason,
                reason + " at offset " + offset + " (0x" + Integer.toHexString(offset).toUpperCase(Locale.ROOT)
                        + ")");
    }

    /**
     * Creates the exception for a string (for the module's parsers). The message quotes the input, shortened
     * when long, with control characters escaped.
     *
     * @param input the whole string being parsed
     * @param position the 0-based character position where the problem was found
     * @param reason what was expected and what was found, without the position
     * @return the exception, to be thrown
     */
    public static SecurityDescriptorFormatException text(String input, int position, String reason) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(reason, "reason");
        return new SecurityDescriptorFormatException(Form.TEXT, position, reason,
                reason + " at position " + position + " in \"" + quote(input) + "\"");
    }

    private static String quote(String input) {
        String shown = input.length() <= 200 ? input : input.substring(0, 197) + "...";
        StringBuilder out = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Returns which representation was being read.
     *
     * @return {@link Form#BINARY} or {@link Form#TEXT}
     */
    public Form form() {
        return form;
    }

    /**
     * Returns where the problem was found: a byte offset or a character position, as {@link #form()} says.
     *
     * @return the offset or position, 0-based
     */
    public int index() {
        return index;
    }

    /**
     * Returns what was expected and what was found, without the location.
     *
     * @return the reason, for example {@code "expected ACL revision 2 or 4 but was 3"}
     */
    public String reason() {
        return reason;
    }
}
