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
        if (mode.startsWith("suspended=")) {
            // registers held back, and resumes once the test creates the go file
            java.nio.file.Path go = java.nio.file.Path.of(mode.substring("suspended=".length()));
            Guid suspended = Guid.parse("50000000-0000-0000-0000-000000000008");
            System.exit(LocalServer.serve(args, () -> awaitFile(go), new LocalServer.ServerClass(suspended, make,
                    LocalServer.REGCLS_MULTIPLEUSE | LocalServer.REGCLS_SUSPENDED)));
        }
        LocalServer.ServerClass c = mode.equals("single") ? LocalServer.ServerClass.singleUse(clsid, make)
                : LocalServer.ServerClass.multipleUse(clsid, make);
        System.exit(LocalServer.serve(args, c));
    }

    /** Waits for a file to appear, on the directory's change events. */
    private static void awaitFile(java.nio.file.Path file) {
        try (java.nio.file.WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            while (!java.nio.file.Files.exists(file)) {
                watch.take().reset();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
