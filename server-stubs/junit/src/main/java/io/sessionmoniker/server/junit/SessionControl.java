package io.sessionmoniker.server.junit;

import io.sessionmoniker.activation.host.SessionManager;
import io.sessionmoniker.policy.SessionSnapshot;
import java.util.Objects;

/**
 * The session operations a test drives while a client holds references, to see how the client behaves when a
 * session goes away: a logoff ends the servers of that session (their clients' next calls fail), a disconnect
 * keeps them, a console switch changes where Interactive User servers of the console go. Each is the
 * {@link SessionManager}'s, whose notifications the host acts on before the method returns.
 *
 * <pre>{@code
 * @Test
 * void aLogoffEndsTheServer(SessionControl sessions, …) {
 *     … the client activates into bob's session 2 …
 *     sessions.logoff(2);
 *     … the client's next call fails …
 * }
 * }</pre>
 */
public final class SessionControl {

    private final SessionManager sessions;

    SessionControl(SessionManager sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /**
     * Logs a user on in a new RDP session.
     *
     * @param user the scenario's user
     * @return the new session's id
     * @throws io.sessionmoniker.activation.host.SessionOperationException if the user cannot log on
     */
    public long logon(String user) {
        return sessions.logon(user);
    }

    /**
     * Logs the user of a session off; the host ends the servers running in it.
     *
     * @param session the session
     * @throws io.sessionmoniker.activation.host.SessionOperationException if it has no user or cannot be logged off
     */
    public void logoff(long session) {
        sessions.logoff(session);
    }

    /**
     * Disconnects a session; its user and servers stay.
     *
     * @param session the session
     * @throws io.sessionmoniker.activation.host.SessionOperationException if it is not connected
     */
    public void disconnect(long session) {
        sessions.disconnect(session);
    }

    /**
     * Reconnects a disconnected session.
     *
     * @param session the session
     * @throws io.sessionmoniker.activation.host.SessionOperationException if it is not disconnected
     */
    public void reconnect(long session) {
        sessions.reconnect(session);
    }

    /**
     * Attaches a session to the console (a fast user switch).
     *
     * @param session the session
     * @throws io.sessionmoniker.activation.host.SessionOperationException if it cannot be attached
     */
    public void switchConsole(long session) {
        sessions.switchConsole(session);
    }

    /**
     * Locks a session.
     *
     * @param session the session
     */
    public void lock(long session) {
        sessions.lock(session);
    }

    /**
     * Unlocks a session.
     *
     * @param session the session
     */
    public void unlock(long session) {
        sessions.unlock(session);
    }

    /**
     * Returns the sessions now.
     *
     * @return the snapshot
     */
    public SessionSnapshot snapshot() {
        return sessions.snapshot();
    }

    /**
     * Returns the session manager itself, for the operations not named here.
     *
     * @return the manager
     */
    public SessionManager manager() {
        return sessions;
    }
}
