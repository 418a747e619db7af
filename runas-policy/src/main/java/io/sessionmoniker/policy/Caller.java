package io.sessionmoniker.policy;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Who asks for an activation: a principal, and either the session its process runs in (a local caller) or
 * none (a network caller).
 *
 * <pre>{@code
 * Caller.local(Principal.system(), 0);   // a service, the default caller of sessmon
 * Caller.local(alice, 1);
 * Caller.remote(bob);
 * }</pre>
 *
 * @param principal the caller's identity
 * @param session the caller's session for a local caller; empty for a network caller
 */
public record Caller(Principal principal, OptionalLong session) {

    /**
     * Validates the components.
     *
     * @param principal not null
     * @param session not null; a present id is {@code 0..0xFFFFFFFE}
     */
    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(session, "session");
        if (session.isPresent() && (session.getAsLong() < 0 || session.getAsLong() > 0xFFFF_FFFEL)) {
            throw new IllegalArgumentException("session id " + session.getAsLong() + " is outside 0..4294967294");
        }
    }

    /**
     * Returns a caller on this machine.
     *
     * @param principal the identity
     * @param sessionId the session its process runs in
     * @return the caller
     */
    public static Caller local(Principal principal, long sessionId) {
        return new Caller(principal, OptionalLong.of(sessionId));
    }

    /**
     * Returns a caller on another machine.
     *
     * @param principal the identity
     * @return the caller
     */
    public static Caller remote(Principal principal) {
        return new Caller(principal, OptionalLong.empty());
    }

    /**
     * Tells whether the caller is on another machine.
     *
     * @return {@code true} for a network caller
     */
    public boolean isRemote() {
        return session.isEmpty();
    }

    /**
     * Describes the caller for a trace: {@code caller alice in session 1} or {@code network caller bob}.
     *
     * @return the description
     */
    public String describe() {
        return isRemote() ? "network caller " + principal.name()
                : "caller " + principal.name() + " in session " + session.getAsLong();
    }
}
