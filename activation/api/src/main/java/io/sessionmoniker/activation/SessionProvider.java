package io.sessionmoniker.activation;

import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.SessionView;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a machine's Remote Desktop sessions: the embedded session host implements it, and so will
 * the Windows backend (over the WTS API). The policy's {@link SessionSnapshot} is built from it.
 *
 * <pre>{@code
 * SessionProvider sessions = host.sessions();
 * sessions.consoleSessionId();                       // SessionId 1, or SessionId.NO_CONSOLE while it switches
 * sessions.session(2).map(SessionView::state);       // Optional[ACTIVE]
 * SessionSnapshot snap = sessions.snapshot();         // consistent: one moment
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface SessionProvider {

    /**
     * Returns every session, sorted by id.
     *
     * @return an unmodifiable list
     */
    default List<SessionView> sessions() {
        return snapshot().sessions();
    }

    /**
     * Returns one session.
     *
     * @param id the session id
     * @return the session, or empty if there is none with that id
     */
    default Optional<SessionView> session(long id) {
        return snapshot().find(id);
    }

    /**
     * Returns the session attached to the console, like {@code WTSGetActiveConsoleSessionId}.
     *
     * @return the id, or {@link SessionId#NO_CONSOLE} while the console is attaching or detaching
     */
    default SessionId consoleSessionId() {
        return snapshot().consoleSessionId();
    }

    /**
     * Returns all sessions and the console id as of one moment.
     *
     * @return the snapshot
     */
    SessionSnapshot snapshot();

    /**
     * Subscribes to session changes, like {@code WTSRegisterSessionNotification} with
     * {@code NOTIFY_FOR_ALL_SESSIONS}.
     *
     * @param listener the listener
     * @return the subscription; close it to stop receiving changes
     */
    Subscription subscribe(SessionListener listener);

    /** A registration of a {@link SessionListener}. Closing it more than once is harmless. */
    interface Subscription extends AutoCloseable {
        /** Stops delivery to the listener; events already being delivered may still arrive. */
        @Override
        void close();
    }
}
