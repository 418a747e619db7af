package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.ComInterface;

/**
 * What a host daemon offers its clients on its socket. Requests and answers are JSON documents ({@link HostWire}),
 * so that failures carry their HRESULT, message, moniker position and policy trace, and fields can be added
 * without changing the interface. Every answer is either a result object or {@code {"error":{…}}}.
 */
@ComInterface(iid = "5E55A0A0-0000-4000-8000-000000000010")
public interface IHostControl {

    /**
     * Describes the daemon: pid, socket, scenario, sessions, servers.
     *
     * @return JSON
     */
    String Status();

    /**
     * Lists the sessions.
     *
     * @return JSON: a session snapshot
     */
    String Sessions();

    /**
     * Resolves a caller by account name and optional session, as {@code --as}/{@code --from-session} do.
     *
     * @param request JSON {@code {"user":NAME|null,"session":N|null,"remote":bool}}
     * @return JSON: the caller, or an error
     */
    String ResolveCaller(String request);

    /**
     * Decides without launching ({@code sessmon explain}).
     *
     * @param request JSON {@code {"name":…,"caller":{…}}}
     * @return JSON: the decision, or an error
     */
    String Explain(String request);

    /**
     * Activates and returns the marshalled reference for the client to unmarshal.
     *
     * @param request JSON {@code {"name":…,"caller":{…},"iid":…|null,"lateBound":bool,"deadlineMillis":N|null,
     *     "classContext":N}}
     * @return JSON {@code {"objref":HEX,"pid":N,"launched":bool,"decision":{…}}}, or an error
     */
    String Activate(String request);

    /**
     * Changes sessions: {@code logon USER}, {@code logoff ID}, {@code disconnect ID}, {@code connect ID},
     * {@code console ID}, {@code lock ID}, {@code unlock ID}, {@code reset ID}.
     *
     * @param operation the operation's name
     * @param argument its argument
     * @return JSON {@code {"session":N,"snapshot":{…}}}, or an error
     */
    String SessionOperation(String operation, String argument);

    /**
     * Subscribes to session notifications; they are delivered in order, until unsubscribed or the client's
     * connection fails.
     *
     * @param sink the client's callback
     * @return the subscription's cookie
     */
    int Subscribe(ISessionSink sink);

    /**
     * Ends a subscription. Unknown cookies are ignored.
     *
     * @param cookie from {@link #Subscribe}
     */
    void Unsubscribe(int cookie);

    /** Asks the daemon to end its servers and exit; it answers first. */
    void Shutdown();
}
