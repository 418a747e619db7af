package io.sessionmoniker.activation.windows.internal;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.policy.Sid;
import java.util.List;
import java.util.Optional;

/**
 * The WTS calls the session provider needs, as a Java interface: {@link JnaWtsNatives} makes them on Windows, tests
 * supply fakes so that the provider's logic runs on every OS.
 *
 * <pre>{@code
 * WtsNatives wts = new JnaWtsNatives();
 * List<RawWtsSession> sessions = wts.enumerateSessions();
 * }</pre>
 */
public interface WtsNatives {

    /**
     * {@code WTSGetActiveConsoleSessionId}.
     *
     * @return the console session id read unsigned, {@code 0xFFFFFFFF} while none is attached
     */
    long activeConsoleSessionId();

    /**
     * {@code WTSEnumerateSessionsW}, then {@code WTSQuerySessionInformationW} ({@code WTSUserName},
     * {@code WTSDomainName}) for each session.
     *
     * @return the sessions in Windows' order
     * @throws ComException when the enumeration fails (a failed per-session query gives empty names instead)
     */
    List<RawWtsSession> enumerateSessions();

    /**
     * Asks who is logged on to a session now.
     *
     * @param sessionId the session
     * @return {@code DOMAIN\}{@code user}, or empty if nobody is (or the query failed)
     */
    Optional<String> sessionUser(long sessionId);

    /**
     * {@code LookupAccountNameW} for {@code DOMAIN\}{@code user}.
     *
     * @param domain the domain, possibly empty
     * @param user the user name
     * @return the SID, or empty when the account cannot be found
     */
    Optional<Sid> lookupAccount(String domain, String user);

    /**
     * The user SID of a session's token ({@code WTSQueryUserToken}, then {@code GetTokenInformation(TokenUser)}).
     * Succeeds only for callers holding {@code SE_TCB_NAME} (LocalSystem).
     *
     * @param sessionId the session
     * @return the SID, or empty when the token cannot be had
     */
    Optional<Sid> tokenUser(long sessionId);

    /**
     * Starts receiving {@code WM_WTSSESSION_CHANGE} for all sessions on a thread of its own.
     *
     * @param sink receives each message's {@code wParam} and {@code lParam}, on that thread
     * @return the registration; closing it unregisters, destroys the window and ends the thread
     * @throws ComException when the window cannot be created or registered
     */
    NotificationHandle startNotifications(SessionChangeSink sink);

    /** Receives the raw parameters of one {@code WM_WTSSESSION_CHANGE}. */
    @FunctionalInterface
    interface SessionChangeSink {
        /**
         * Handles one message; must not block for long (it runs in the window procedure).
         *
         * @param wParam the reason
         * @param lParam the session id
         */
        void onSessionChange(long wParam, long lParam);
    }

    /** A running notification registration. Closing it more than once is harmless. */
    interface NotificationHandle extends AutoCloseable {
        /** Unregisters, destroys the window and ends its thread. */
        @Override
        void close();
    }
}
