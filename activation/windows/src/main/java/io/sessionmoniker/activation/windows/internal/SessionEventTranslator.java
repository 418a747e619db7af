package io.sessionmoniker.activation.windows.internal;

import io.sessionmoniker.activation.SessionChange;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Turns the two parameters of a {@code WM_WTSSESSION_CHANGE} message into a session change with the user concerned.
 * Pure Java; the window procedure calls it and hands the result to the {@link SessionEventDispatcher}, which
 * numbers it.
 *
 * <ul>
 *   <li>{@code wParam} is the reason; values outside 1..11 ({@link SessionChange}) are ignored and logged.</li>
 *   <li>{@code lParam} is the session id, a DWORD: only its low 32 bits are used. {@code 0xFFFFFFFF} is ignored.</li>
 *   <li>The user: Windows does not send it, so it is asked for ({@code currentUser}, a WTS query) and remembered
 *       per session. After a logoff the query finds nobody, so {@code SESSION_LOGOFF} and {@code SESSION_TERMINATE}
 *       report the remembered user and then forget it; {@code SESSION_LOGON} reports and remembers the new user;
 *       every other reason reports the current user, or the remembered one when the query finds nobody.</li>
 * </ul>
 *
 * <p>Thread-safe (calls are serialised); the message thread is its only caller in practice.
 *
 * <pre>{@code
 * SessionEventTranslator t = new SessionEventTranslator(Map.of(2L, "PC\\bob"));
 * t.translate(6, 2, id -> Optional.empty());   // Optional[SESSION_LOGOFF, 2, PC\bob]
 * }</pre>
 */
public final class SessionEventTranslator {

    private static final System.Logger LOG = System.getLogger(SessionEventTranslator.class.getName());

    private final Map<Long, String> users = new HashMap<>();

    /**
     * One translated notification, not yet numbered.
     *
     * @param change the reason
     * @param sessionId the session, {@code 0..0xFFFFFFFE}
     * @param user the user concerned, if known
     */
    public record Change(SessionChange change, long sessionId, Optional<String> user) {

        /**
         * Validates the components.
         *
         * @param change not null
         * @param sessionId the session
         * @param user not null
         */
        public Change {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * Creates a translator that already knows the users of some sessions (from a snapshot taken before the
     * notifications started).
     *
     * @param knownUsers session id to qualified user name
     */
    public SessionEventTranslator(Map<Long, String> knownUsers) {
        knownUsers.forEach((id, name) -> {
            if (name != null && !name.isBlank()) {
                users.put(id, name);
            }
        });
    }

    /**
     * Translates one message.
     *
     * @param wParam the message's {@code wParam}, the reason
     * @param lParam the message's {@code lParam}, the session id
     * @param currentUser asks Windows who is logged on to a session now (qualified name, empty if nobody)
     * @return the change, or empty for a reason or session id that cannot be reported
     */
    public synchronized Optional<Change> translate(long wParam, long lParam, LongFunction<Optional<String>> currentUser) {
        if (wParam < SessionChange.CONSOLE_CONNECT.value() || wParam > SessionChange.SESSION_TERMINATE.value()) {
            LOG.log(System.Logger.Level.DEBUG, "ignoring WM_WTSSESSION_CHANGE with unknown reason {0}", wParam);
            return Optional.empty();
        }
        SessionChange change = SessionChange.fromValue((int) wParam);
        long sessionId = lParam & 0xFFFF_FFFFL;
        if (sessionId == 0xFFFF_FFFFL) {
            LOG.log(System.Logger.Level.DEBUG, "ignoring {0} for session 0xFFFFFFFF", change);
            return Optional.empty();
        }
        Optional<String> user;
        switch (change) {
            case SESSION_LOGOFF, SESSION_TERMINATE -> {
                String left = users.remove(sessionId);
                user = left != null ? Optional.of(left) : Optional.empty();
                if (user.isEmpty() && change == SessionChange.SESSION_LOGOFF) {
                    user = ask(currentUser, sessionId);
                }
            }
            case SESSION_LOGON -> {
                user = ask(currentUser, sessionId);
                user.ifPresentOrElse(u -> users.put(sessionId, u), () -> users.remove(sessionId));
            }
            default -> {
                user = ask(currentUser, sessionId);
                if (user.isPresent()) {
                    users.put(sessionId, user.get());
                } else {
                    user = Optional.ofNullable(users.get(sessionId));
                }
            }
        }
        return Optional.of(new Change(change, sessionId, user));
    }

    private static Optional<String> ask(LongFunction<Optional<String>> currentUser, long sessionId) {
        try {
            Optional<String> u = currentUser.apply(sessionId);
            return u == null ? Optional.empty() : u.filter(s -> !s.isBlank());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "asking WTS for the user of session " + sessionId + " failed", e);
            return Optional.empty();
        }
    }
}
