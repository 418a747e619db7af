package io.sessionmoniker.moniker;

/**
 * The root of the project's runtime errors: a failure that carries a Windows HRESULT.
 *
 * <p>Subtypes add context (the display name and position for syntax errors; later the session, CLSID or
 * server process). The message says what went wrong and, where there is one, what to do next;
 * {@link #toString()} adds the symbolic name and the hexadecimal value:
 *
 * <pre>{@code
 * try {
 *     Moniker.parse("Session:x");
 * } catch (ComException e) {
 *     e.hresult();   // 0x800401E4
 *     e.errorName(); // "MK_E_SYNTAX"
 * }
 * }</pre>
 */
public class ComException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The failure's HRESULT. */
    private final int hresult;

    /**
     * Creates an exception.
     *
     * @param hresult the failure code; should be a failure ({@link HResult#failed(int)})
     * @param message what went wrong and what to do about it
     */
    public ComException(int hresult, String message) {
        super(message);
        this.hresult = hresult;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param hresult the failure code
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public ComException(int hresult, String message, Throwable cause) {
        super(message, cause);
        this.hresult = hresult;
    }

    /**
     * Returns the HRESULT.
     *
     * @return the failure code
     */
    public int hresult() {
        return hresult;
    }

    /**
     * Returns the symbolic name of the HRESULT ({@code "MK_E_SYNTAX"}), or its hexadecimal form if it has none.
     *
     * @return the name
     */
    public String errorName() {
        return HResult.nameOf(hresult);
    }

    /**
     * Returns the HRESULT as {@code 0x} and eight uppercase hexadecimal digits.
     *
     * @return for example {@code "0x800401E4"}
     */
    public String hresultHex() {
        return HResult.format(hresult);
    }

    @Override
    public String toString() {
        return getClass().getName() + ": " + errorName() + " (" + hresultHex() + "): " + getMessage();
    }
}
