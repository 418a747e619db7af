package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.LaunchContext;
import io.sessionmoniker.activation.LocalServer;
import io.sessionmoniker.activation.orpc.ComInterface;
import io.sessionmoniker.moniker.Guid;

/**
 * A real local server for the service-control-manager tests: reports what its own process knows. Arguments:
 * none (multiple-use), {@code clsid=GUID} (multiple-use under that class), {@code single}, {@code crash} (exits
 * with 3 before registering), {@code hang} (never registers).
 */
public final class ReportingServer {

    /** What the server reports. */
    @ComInterface(iid = "50000000-0000-0000-0000-0000000000F1")
    public interface IReport {
        /**
         * The session from the launch context.
         *
         * @return the id
         */
        long SessionId();

        /**
         * The user from the launch context.
         *
         * @return the name
         */
        String User();

        /**
         * The desktop.
         *
         * @return window station and desktop
         */
        String Desktop();

        /**
         * This process.
         *
         * @return the pid
         */
        long Pid();
    }

    private ReportingServer() {
    }

    /**
     * Runs the server.
     *
     * @param args the mode, then {@code -Embedding}
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 && !LocalServer.embedding(new String[] {args[0]}) ? args[0] : "";
        if (mode.equals("crash")) {
            System.exit(3);
        }
        if (mode.equals("hang")) {
            while (System.in.read() >= 0) {
                // never registers
            }
            return;
        }
        LaunchContext ctx = LaunchContext.fromEnvironment().orElseThrow();
        java.util.function.Supplier<IReport> make = () -> new IReport() {
            @Override
            public long SessionId() {
                return ctx.sessionId();
            }

            @Override
            public String User() {
                return ctx.user();
            }

            @Override
            public String Desktop() {
                return ctx.windowStation() + "\\" + ctx.desktop();
            }

            @Override
            public long Pid() {
                return ProcessHandle.current().pid();
            }
        };
        Guid clsid = Guid.parse(mode.equals("single") ? "50000000-0000-0000-0000-000000000002"
                : mode.startsWith("clsid=") ? mode.substring(6) : "50000000-0000-0000-0000-000000000001");
        LocalServer.ServerClass c = mode.equals("single") ? LocalServer.ServerClass.singleUse(clsid, make)
                : LocalServer.ServerClass.multipleUse(clsid, make);
        System.exit(LocalServer.serve(args, c));
    }
}
