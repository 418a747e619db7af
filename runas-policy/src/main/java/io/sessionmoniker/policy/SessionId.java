package io.sessionmoniker.policy;

import io.sessionmoniker.moniker.SessionTarget;

/**
 * A Remote Desktop session id, or one of the two answers that are not a session but share the session id's
 * 32 bits: {@link #NO_CONSOLE} and {@link #ANY}.
 *
 * <p>A session is numbered {@code 0..}{@link #MAX_ID} ({@code 0xFFFFFFFE}), the range a session moniker's display
 * name can name ({@link SessionTarget#MAX_ID}); {@link #toString()} of a numbered id is its decimal spelling, as
 * {@link SessionTarget#toString()} spells it. The all-ones value {@code 0xFFFFFFFF} is no session, and it means two
 * different things on two different wires:
 * <ul>
 *   <li>{@link #NO_CONSOLE}: what {@code WTSGetActiveConsoleSessionId} answers while no session is attached to the
 *       physical console (a console switch is under way);</li>
 *   <li>{@link #ANY}: DCOM's "any logon session is acceptable" in an activation request
 *       ({@code SpecialPropertiesData.dwSessionId}, MS-DCOM 2.2.22.2.2).</li>
 * </ul>
 * The two are distinct values: they are not equal to each other nor to any numbered id, although
 * {@link #wireValue()} gives {@code 0xFFFFFFFF} for both. Reading a wire value back needs to know which wire it
 * came from: {@link #fromConsoleWire(long)} or {@link #fromDcomWire(long)}.
 *
 * <pre>{@code
 * SessionId.of(3).toString();                       // "3"
 * SessionId.of(3).equals(SessionId.of(3));          // true
 * SessionId.NO_CONSOLE.equals(SessionId.ANY);       // false
 * SessionId.NO_CONSOLE.wireValue();                 // 4294967295 (0xFFFFFFFF), so is SessionId.ANY.wireValue()
 * SessionId.fromConsoleWire(0xFFFF_FFFFL);          // SessionId.NO_CONSOLE
 * SessionId.fromDcomWire(0xFFFF_FFFFL);             // SessionId.ANY
 * SessionId.NO_CONSOLE.isSession();                 // false: SessionId.NO_CONSOLE.id() throws
 * }</pre>
 *
 * <p>Instances are immutable; compare them with {@link #equals(Object)}.
 */
public final class SessionId {

    /** The largest id a session has, {@code 0xFFFFFFFE}: the same bound as {@link SessionTarget#MAX_ID}. */
    public static final long MAX_ID = SessionTarget.MAX_ID;

    /** The 32-bit all-ones value both sentinels are written as. */
    private static final long ALL_ONES = 0xFFFF_FFFFL;

    /** No session is attached to the console ({@code WTSGetActiveConsoleSessionId} returned {@code 0xFFFFFFFF}). */
    public static final SessionId NO_CONSOLE = new SessionId(ALL_ONES, "0xFFFFFFFF (no console session)");

    /** Any session will do (DCOM's {@code dwSessionId} of {@code 0xFFFFFFFF}). */
    public static final SessionId ANY = new SessionId(ALL_ONES, "0xFFFFFFFF (any session)");

    private final long value;
    /** The text of a sentinel; null for a numbered session. */
    private final String sentinel;

    private SessionId(long value, String sentinel) {
        this.value = value;
        this.sentinel = sentinel;
    }

    /**
     * Returns a numbered session's id.
     *
     * @param id the id, {@code 0..MAX_ID}
     * @return the session id
     * @throws IllegalArgumentException if the id is outside {@code 0..MAX_ID}; {@code 0xFFFFFFFF} is not a session
     *     (use {@link #NO_CONSOLE} or {@link #ANY})
     */
    public static SessionId of(long id) {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("session id " + id + " is outside 0.." + MAX_ID);
        }
        return new SessionId(id, null);
    }

    /**
     * Reads what {@code WTSGetActiveConsoleSessionId} returned.
     *
     * @param value the 32-bit answer read unsigned, {@code 0..0xFFFFFFFF}
     * @return {@link #NO_CONSOLE} for {@code 0xFFFFFFFF}, else the numbered session
     * @throws IllegalArgumentException if the value is outside {@code 0..0xFFFFFFFF}
     */
    public static SessionId fromConsoleWire(long value) {
        return value == ALL_ONES ? NO_CONSOLE : of(value);
    }

    /**
     * Reads a DCOM activation request's {@code dwSessionId}.
     *
     * @param value the 32-bit field read unsigned, {@code 0..0xFFFFFFFF}
     * @return {@link #ANY} for {@code 0xFFFFFFFF}, else the numbered session
     * @throws IllegalArgumentException if the value is outside {@code 0..0xFFFFFFFF}
     */
    public static SessionId fromDcomWire(long value) {
        return value == ALL_ONES ? ANY : of(value);
    }

    /**
     * Tells whether this names a session, rather than being {@link #NO_CONSOLE} or {@link #ANY}.
     *
     * @return {@code true} for a numbered session
     */
    public boolean isSession() {
        return sentinel == null;
    }

    /**
     * Returns the session's number.
     *
     * @return the id, {@code 0..MAX_ID}
     * @throws IllegalStateException for {@link #NO_CONSOLE} and {@link #ANY}, which name no session
     */
    public long id() {
        if (sentinel != null) {
            throw new IllegalStateException(sentinel + " names no session");
        }
        return value;
    }

    /**
     * Tells whether this is the numbered session {@code id}.
     *
     * @param id a session number
     * @return {@code true} if this names that session; always {@code false} for the sentinels
     */
    public boolean names(long id) {
        return sentinel == null && value == id;
    }

    /**
     * Returns the 32-bit value this is written as, read unsigned: the number of a session, {@code 0xFFFFFFFF} for
     * both {@link #NO_CONSOLE} and {@link #ANY}.
     *
     * @return {@code 0..0xFFFFFFFF}
     */
    public long wireValue() {
        return value;
    }

    /**
     * Returns the canonical text.
     *
     * @return the decimal id ({@code "3"}), or {@code "0xFFFFFFFF (no console session)"} or
     *     {@code "0xFFFFFFFF (any session)"}
     */
    @Override
    public String toString() {
        return sentinel == null ? Long.toString(value) : sentinel;
    }

    /**
     * Numbered ids are equal when their numbers are; each sentinel equals only itself.
     *
     * @param o another object
     * @return whether they are the same session id
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof SessionId other && sentinel == null && other.sentinel == null && other.value == value;
    }

    @Override
    public int hashCode() {
        return sentinel == null ? Long.hashCode(value) : sentinel.hashCode();
    }
}
