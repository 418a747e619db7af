package io.sessionmoniker.samples.launchers;

import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionManager;

/** Subscribes to session changes (WM_WTSSESSION_CHANGE) and drives a few: logon, console switch, logoff. */
public final class WatchSessions {

    private WatchSessions() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        SessionManager sessions = Scenario.demo().sessionManager();
        SessionProvider.Subscription subscription = sessions.subscribe(e -> System.out.println("change: " + e));
        try {
            sessions.disconnect(2);             // bob's client goes away
            sessions.switchConsole(2);          // and bob takes the console
            sessions.logoff(1);                 // alice logs off her now-disconnected session
            System.out.println("console session is now " + sessions.consoleSessionId());
        } finally {
            subscription.close();
        }
    }
}
