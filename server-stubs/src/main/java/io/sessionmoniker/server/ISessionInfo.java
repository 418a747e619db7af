package io.sessionmoniker.server;

import io.sessionmoniker.activation.ComInterface;

/**
 * What the SessionInfo server reports about its own process: the session, user, window station and desktop it
 * was launched for, and its real pid.
 *
 * <pre>{@code
 * ISessionInfo info = host.activate("Session:2!new:10000013-0000-0000-0000-000000000001", caller,
 *         ISessionInfo.class).object();
 * info.SessionId();   // 2
 * }</pre>
 */
@ComInterface(iid = "10000013-0000-0000-0000-0000000000F1")
public interface ISessionInfo {

    /**
     * Returns the session the server runs in.
     *
     * @return the session id
     */
    int SessionId();

    /**
     * Returns the user the server runs as.
     *
     * @return the user name
     */
    String UserName();

    /**
     * Returns the window station.
     *
     * @return for example {@code WinSta0}
     */
    String WindowStation();

    /**
     * Returns the desktop.
     *
     * @return for example {@code Default}
     */
    String Desktop();

    /**
     * Returns the server's process id.
     *
     * @return the pid
     */
    int ProcessId();

    /**
     * Returns all of the above as JSON.
     *
     * @return {@code {"sessionId":2,"userName":"bob",…}}
     */
    String Describe();

    /**
     * Returns its argument.
     *
     * @param text any text
     * @return the same text
     */
    String Echo(String text);
}
