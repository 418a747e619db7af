package io.sessionmoniker.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A consistent view of every session at one moment, with the console session id.
 *
 * <p>The console id is {@link SessionId#NO_CONSOLE} ({@code 0xFFFFFFFF}, what {@code WTSGetActiveConsoleSessionId}
 * returns) while the console is attaching or detaching; then no session is flagged as the console.
 *
 * <pre>{@code
 * SessionSnapshot snap = SessionSnapshot.of(List.of(services, console, rdp), SessionId.of(1));
 * snap.find(2);            // Optional[session 2 …]
 * snap.consoleSession();   // Optional[session 1 …]
 * }</pre>
 */
public final class SessionSnapshot {

    private final List<SessionView> sessions;
    private final SessionId consoleSessionId;

    private SessionSnapshot(List<SessionView> sessions, SessionId consoleSessionId) {
        this.sessions = sessions;
        this.consoleSessionId = consoleSessionId;
    }

    /**
     * Builds a snapshot.
     *
     * @param sessions the sessions, with distinct ids
     * @param consoleSessionId the console session's id, or {@link SessionId#NO_CONSOLE}
     * @return the snapshot, sessions sorted by id
     * @throws IllegalArgumentException if ids repeat, the console id names no session or is {@link SessionId#ANY},
     *     or the console flags disagree with the console id
     */
    public static SessionSnapshot of(Collection<SessionView> sessions, SessionId consoleSessionId) {
        Objects.requireNonNull(consoleSessionId, "consoleSessionId");
        if (consoleSessionId.equals(SessionId.ANY)) {
            throw new IllegalArgumentException("the console session id is a session or " + SessionId.NO_CONSOLE
                    + ", not " + SessionId.ANY);
        }
        List<SessionView> sorted = new ArrayList<>(sessions);
        sorted.sort(Comparator.comparingLong(SessionView::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id() == sorted.get(i - 1).id()) {
                throw new IllegalArgumentException("session id " + sorted.get(i).id() + " appears twice");
            }
        }
        for (SessionView s : sorted) {
            if (s.console() != consoleSessionId.names(s.id())) {
                throw new IllegalArgumentException("session " + s.id() + (s.console() ? " is flagged" : " is not flagged")
                        + " as the console but the console session id is " + consoleSessionId);
            }
        }
        if (consoleSessionId.isSession() && sorted.stream().noneMatch(s -> consoleSessionId.names(s.id()))) {
            throw new IllegalArgumentException("console session id " + consoleSessionId + " names no session");
        }
        return new SessionSnapshot(List.copyOf(sorted), consoleSessionId);
    }

    /**
     * Returns the sessions, sorted by id.
     *
     * @return an unmodifiable list
     */
    public List<SessionView> sessions() {
        return sessions;
    }

    /**
     * Returns the console session id.
     *
     * @return the id, or {@link SessionId#NO_CONSOLE} while the console is switching
     */
    public SessionId consoleSessionId() {
        return consoleSessionId;
    }

    /**
     * Returns the session attached to the console.
     *
     * @return the session, or empty while the console is switching
     */
    public Optional<SessionView> consoleSession() {
        return consoleSessionId.isSession() ? find(consoleSessionId.id()) : Optional.empty();
    }

    /**
     * Finds a session by id.
     *
     * @param id the id
     * @return the session, or empty
     */
    public Optional<SessionView> find(long id) {
        for (SessionView s : sessions) {
            if (s.id() == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the sessions a user is logged on to, by id.
     *
     * @param user the user
     * @return the sessions whose user has the same SID, lowest id first
     */
    public List<SessionView> sessionsOf(Principal user) {
        return sessions.stream().filter(s -> s.user().map(u -> u.sid().equals(user.sid())).orElse(false)).toList();
    }

    @Override
    public String toString() {
        return "SessionSnapshot[console=" + consoleSessionId + ", " + sessions + "]";
    }
}
