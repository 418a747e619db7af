package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.ComException;
import java.util.OptionalLong;

/**
 * A session operation that cannot be done: logoff of session 0, an unknown session id, logon of an unknown
 * user, reconnecting a session that is not disconnected, and so on. Carries an HRESULT and the session concerned.
 *
 * <pre>{@code
 * try {
 *     manager.logoff(0);
 * } catch (SessionOperationException e) {
 *     e.getMessage();   // "cannot log off session 0: it hosts services and has no interactive user"
 * }
 * }</pre>
 */
public final class SessionOperationException extends ComException {

    private static final long serialVersionUID = 1L;

    /** The session the operation named, or -1. */
    private final long sessionId;

    SessionOperationException(int hresult, long sessionId, String message) {
        super(hresult, message);
        this.sessionId = sessionId;
    }

    /**
     * Returns the session the operation was about.
     *
     * @return the id, or empty for an operation on no particular session (a logon)
     */
    public OptionalLong sessionId() {
        return sessionId < 0 ? OptionalLong.empty() : OptionalLong.of(sessionId);
    }
}
