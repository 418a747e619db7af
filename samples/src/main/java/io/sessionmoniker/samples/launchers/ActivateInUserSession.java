package io.sessionmoniker.samples.launchers;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.server.ISessionInfo;

/** A service (SYSTEM, session 0) starts the SessionInfo server in bob's session 2 and asks it where it runs. */
public final class ActivateInUserSession {

    private ActivateInUserSession() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        try (SessionHost host = SessionHost.start(Scenario.demo(), SessionHost.Options.defaults())) {
            Activation<ISessionInfo> a = host.activate("Session:2!new:10000013-0000-0000-0000-000000000001",
                    Caller.local(Principal.system(), 0), ISessionInfo.class);
            ISessionInfo info = a.object();
            System.out.println("runs in session " + info.SessionId() + " as " + info.UserName() + ", pid "
                    + info.ProcessId());
            ((ComObject) info).close();
        }
    }
}
