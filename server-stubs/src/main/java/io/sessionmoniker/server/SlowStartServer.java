package io.sessionmoniker.server;

import io.sessionmoniker.activation.server.LocalServer;
import io.sessionmoniker.moniker.Guid;
import java.util.concurrent.TimeUnit;

/**
 * The SlowStart local server: CLSID {@code 10000013-0000-0000-0000-000000000005}; registers only after
 * {@code --delay-millis N} (default 5000), for start-timeout behaviour.
 */
public final class SlowStartServer {

    /** The class. */
    public static final Guid CLSID = Guid.parse("10000013-0000-0000-0000-000000000005");

    private SlowStartServer() {
    }

    /**
     * Runs the server.
     *
     * @param args the command line ({@code --delay-millis N})
     * @throws InterruptedException if interrupted while holding back
     */
    public static void main(String[] args) throws InterruptedException {
        long delay = 5000;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--delay-millis")) {
                try {
                    delay = Long.parseLong(args[i + 1]);
                } catch (NumberFormatException e) {
                    System.err.println("SlowStartServer: --delay-millis takes a number of milliseconds, not "
                            + args[i + 1]);
                    System.exit(2);
                }
            }
        }
        // deliberately late: this stub exists to exercise the host's start timeout
        TimeUnit.MILLISECONDS.sleep(delay);
        System.exit(LocalServer.serve(args, LocalServer.ServerClass.multipleUse(CLSID, () -> Stubs.stub(false))));
    }
}
