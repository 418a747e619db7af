package io.sessionmoniker.moniker;

import java.util.Objects;

/**
 * {@code Session:N} or {@code Session:Console}: run the class part's server in the named Remote Desktop session
 * (Windows' MKSYS_SESSIONMONIKER, 9). Only honoured for servers whose AppID runs as the Interactive User.
 *
 * <pre>{@code
 * SessionMoniker.of(3).displayName();        // "Session:3"
 * SessionMoniker.console().displayName();    // "Session:Console"
 * }</pre>
 *
 * @param target the session named
 */
public record SessionMoniker(SessionTarget target) implements Moniker {

    /** The value {@code IMoniker::IsSystemMoniker} reports for the session moniker. */
    public static final int MKSYS = 9;

    /**
     * Validates the target.
     *
     * @param target the session named; not null
     */
    public SessionMoniker {
        Objects.requireNonNull(target, "target");
    }

    /**
     * Returns the moniker for a numbered session.
     *
     * @param sessionId {@code 0..SessionTarget.MAX_ID}
     * @return the moniker
     */
    public static SessionMoniker of(long sessionId) {
        return new SessionMoniker(SessionTarget.of(sessionId));
    }

    /**
     * Returns the moniker for the session attached to the console at bind time.
     *
     * @return {@code Session:Console}
     */
    public static SessionMoniker console() {
        return new SessionMoniker(SessionTarget.CONSOLE);
    }

    @Override
    public Kind kind() {
        return Kind.SESSION;
    }

    @Override
    public String displayName() {
        return "Session:" + target;
    }

    @Override
    public String toString() {
        return displayName();
    }
}
