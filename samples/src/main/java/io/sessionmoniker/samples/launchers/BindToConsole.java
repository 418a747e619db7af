package io.sessionmoniker.samples.launchers;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;

/** Binds to whichever session is at the physical console, late-bound, and calls a method by name. */
public final class BindToConsole {

    private BindToConsole() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        try (SessionHost host = SessionHost.start(Scenario.demo(), SessionHost.Options.defaults())) {
            Activation<LateBound> a = host.activateDispatch("Session:Console!@SessionMoniker.SessionInfo",
                    Caller.local(Principal.system(), 0));
            try (LateBound d = a.object()) {
                System.out.println("console session " + a.decision().orElseThrow().sessionId() + ": " + d.invoke("Describe"));
            }
        }
    }
}
