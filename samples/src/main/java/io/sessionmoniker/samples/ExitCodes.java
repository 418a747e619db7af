package io.sessionmoniker.samples;

/**
 * The exit codes of {@code sessmon}, part of its command-line contract.
 */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** An internal error (a bug: please report it with the message). */
    public static final int INTERNAL_ERROR = 1;
    /** Bad usage: unknown command or option, missing argument. */
    public static final int USAGE = 2;
    /** The display name is malformed ({@code MK_E_SYNTAX}, or {@code E_INVALIDARG} when empty). */
    public static final int SYNTAX = 3;
    /** Activation or policy failure, including an {@code explain} whose decision is a denial. */
    public static final int ACTIVATION = 4;

    private ExitCodes() {
    }
}
