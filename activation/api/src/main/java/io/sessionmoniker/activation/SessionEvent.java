package io.sessionmoniker.activation;

import java.util.Objects;
import java.util.Optional;

/**
 * One session change, as {@code WM_WTSSESSION_CHANGE} reports it (a reason and a session id), with the user
 * concerned and a sequence number that orders all events of one provider.
 *
 * <pre>{@code
 * provider.subscribe(e -> {
 *     if (e.change() == SessionChange.SESSION_LOGOFF) {
 *         endServersOf(e.sessionId());
 *     }
 * });
 * }</pre>
 *
 * @param sequence increases by one with every event of a provider, starting at 1
 * @param change the reason
 * @param sessionId the session concerned
 * @param user the user logged on to the session (for a logoff: the user who left), if any
 */
public record SessionEvent(long sequence, SessionChange change, long sessionId, Optional<String> user) {

    /**
     * Validates the components.
     *
     * @param sequence positive
     * @param change not null
     * @param sessionId the session
     * @param user not null
     */
    public SessionEvent {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be positive: " + sequence);
        }
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(user, "user");
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + change + " session " + sessionId + user.map(u -> " (" + u + ")").orElse("");
    }
}
