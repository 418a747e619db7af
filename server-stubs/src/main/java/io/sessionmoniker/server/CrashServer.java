package io.sessionmoniker.server;

import io.sessionmoniker.activation.server.LocalServer;
import io.sessionmoniker.moniker.Guid;

/**
 * The Crash local server: CLSID {@code 10000013-0000-0000-0000-000000000004}. {@code Crash()} ends the process
 * mid-call; started with {@code --die-at-start} it exits with status 3 before registering, for start-failure
 * behaviour.
 */
public final class CrashServer {

    /** The class. */
    public static final Guid CLSID = Guid.parse("10000013-0000-0000-0000-000000000004");

    private CrashServer() {
    }

    /**
     * Runs the server.
     *
     * @param args the command line ({@code --die-at-start} to fail at once)
     */
    public static void main(String[] args) {
        for (String a : args) {
            if (a.equals("--die-at-start")) {
                System.err.println("CrashServer: dying at start as asked");
                System.exit(3);
            }
        }
        System.exit(LocalServer.serve(args, LocalServer.ServerClass.multipleUse(CLSID, () -> Stubs.stub(true))));
    }
}
