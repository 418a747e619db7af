package io.sessionmoniker.moniker;

/**
 * The session a session moniker names: a decimal session id, or {@link #CONSOLE}, the session attached to the
 * physical console <em>when the moniker is bound</em>.
 *
 * <p>{@code Console} is kept symbolic, not resolved to a number at parse time: Windows resolves it at bind
 * time through a "use console" flag ({@code docs/windows.md} §1.2), and the console may move between
 * sessions, or be detached ({@code 0xFFFFFFFF}), between parsing and binding.
 *
 * <p>Session ids run from 0 to {@link #MAX_ID} ({@code 0xFFFFFFFE}). {@code 0xFFFFFFFF} is not a session:
 * it is "any session" in DCOM, "current session" in the WTS API and "no session attached" from
 * {@code WTSGetActiveConsoleSessionId}, and has no display-name spelling. The policy's
 * {@code io.sessionmoniker.policy.SessionId} uses the same range and decimal spelling for numbered sessions and
 * keeps DCOM's and the console's {@code 0xFFFFFFFF} apart as {@code SessionId.ANY} and {@code SessionId.NO_CONSOLE}.
 *
 * <pre>{@code
 * SessionTarget.of(3).toString();      // "3"
 * SessionTarget.CONSOLE.toString();    // "Console"
 * SessionTarget.of(3).id();            // 3
 * SessionTarget.CONSOLE.isConsole();   // true
 * }</pre>
 */
public final class SessionTarget {

    /** The largest session id a display name can name, {@code 0xFFFFFFFE}. */
    public static final long MAX_ID = 0xFFFF_FFFEL;

    /** The session attached to the physical console at bind time. */
    public static final SessionTarget CONSOLE = new SessionTarget(-1L);

    private static final SessionTarget[] SMALL = new SessionTarget[16];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new SessionTarget(i);
        }
    }

    /** The id, or -1 for the console. */
    private final long id;

    private SessionTarget(long id) {
        this.id = id;
    }

    /**
     * Returns the target for a numbered session.
     *
     * @param sessionId the id, {@code 0..MAX_ID}
     * @return the target
     * @throws IllegalArgumentException if the id is outside {@code 0..MAX_ID}
     */
    public static SessionTarget of(long sessionId) {
        if (sessionId < 0 || sessionId > MAX_ID) {
            throw new IllegalArgumentException("session id " + sessionId + " is outside 0.." + MAX_ID);
        }
        return sessionId < SMALL.length ? SMALL[(int) sessionId] : new SessionTarget(sessionId);
    }

    /**
     * Tells whether this is the symbolic console target.
     *
     * @return {@code true} for {@link #CONSOLE}
     */
    public boolean isConsole() {
        return id < 0;
    }

    /**
     * Returns the session id.
     *
     * @return the id, {@code 0..MAX_ID}
     * @throws IllegalStateException for {@link #CONSOLE}, which has no id until it is bound
     */
    public long id() {
        if (id < 0) {
            throw new IllegalStateException("Session:Console names no fixed id; resolve the console session when binding");
        }
        return id;
    }

    /**
     * Returns the canonical spelling: the decimal id without leading zeros, or {@code Console}.
     *
     * @return for example {@code "3"} or {@code "Console"}
     */
    @Override
    public String toString() {
        return id < 0 ? "Console" : Long.toString(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionTarget other && other.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }
}
