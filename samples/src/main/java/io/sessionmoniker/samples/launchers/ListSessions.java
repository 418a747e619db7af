package io.sessionmoniker.samples.launchers;

import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SessionView;

/** Lists the sessions of the demo scenario through the {@link SessionProvider} view. */
public final class ListSessions {

    private ListSessions() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        SessionProvider sessions = Scenario.demo().sessionManager();
        System.out.println("console session: " + sessions.consoleSessionId());
        for (SessionView s : sessions.sessions()) {
            System.out.printf("%6d  %-10s %-8s %s%n", s.id(), s.name(), s.user().map(Principal::name).orElse("-"),
                    s.state().label());
        }
    }
}
