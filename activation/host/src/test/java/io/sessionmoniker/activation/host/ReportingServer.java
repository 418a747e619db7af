package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.server.LaunchContext;
import io.sessionmoniker.activation.server.LocalServer;
import io.sessionmoniker.activation.ComInterface;
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
        java.util.function.Supplier<IReport> make = () -> report(ctx);
        if (mode.startsWith("rogue=")) {
            rogue(ctx, make, java.nio.file.Path.of(mode.substring("rogue=".length())));
            return;
        }
        Guid clsid = Guid.parse(mode.equals("single") ? "50000000-0000-0000-0000-000000000002"
                : mode.startsWith("clsid=") ? mode.substring(6) : "50000000-0000-0000-0000-000000000001");
        if (mode.startsWith("gated=")) {
            // says it started with a "started" file beside the go file, and registers only once the go file exists
            java.nio.file.Path go = java.nio.file.Path.of(mode.substring("gated=".length()));
            java.nio.file.Files.write(go.resolveSibling("started"), new byte[0]);
            if (!awaitFile(go, java.time.Duration.ofMinutes(5))) {
                throw new IllegalStateException("the go file " + go + " never came");
            }
            System.exit(LocalServer.serve(args, LocalServer.ServerClass.multipleUse(
                    Guid.parse("50000000-0000-0000-0000-00000000000B"), make)));
        }
        if (mode.startsWith("suspended=")) {
            // registers held back, says so with a "registered" file beside the go file, and resumes once the test
            // creates the go file
            java.nio.file.Path go = java.nio.file.Path.of(mode.substring("suspended=".length()));
            Guid suspended = Guid.parse("50000000-0000-0000-0000-000000000008");
            Runnable beforeResume = () -> {
                try {
                    java.nio.file.Files.createFile(go.resolveSibling("registered"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (!awaitFile(go, java.time.Duration.ofMinutes(5))) {
                    throw new IllegalStateException("the go file " + go + " never came");
                }
            };
            System.exit(LocalServer.serve(args, beforeResume, new LocalServer.ServerClass(suspended, make,
                    LocalServer.REGCLS_MULTIPLEUSE | LocalServer.REGCLS_SUSPENDED)));
        }
        LocalServer.ServerClass c = mode.equals("single") ? LocalServer.ServerClass.singleUse(clsid, make)
                : LocalServer.ServerClass.multipleUse(clsid, make);
        System.exit(LocalServer.serve(args, c));
    }

    private static IReport report(LaunchContext ctx) {
        return new IReport() {
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
    }

    /**
     * The {@code rogue=FILE} mode: with its real launch token, tries what the token must not allow — registering
     * a class it was not started for, a class object exported on a socket other than its own, its class twice —
     * between one proper registration, and writes the outcomes to FILE ({@code attempt=ok} or the HRESULT's name).
     * Then it serves until its input ends.
     */
    private static void rogue(LaunchContext ctx, java.util.function.Supplier<IReport> make, java.nio.file.Path file)
            throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(ctx.socketDirectory());
        long pid = ProcessHandle.current().pid();
        Guid own = Guid.parse("50000000-0000-0000-0000-00000000000A");
        Guid foreign = Guid.parse("50000000-0000-0000-0000-000000000001");
        var transport = io.sessionmoniker.activation.orpc.transport.Transports.forProtocolSequence(
                io.sessionmoniker.activation.orpc.transport.UnixSocketTransport.PROTOCOL_SEQUENCE);
        var allowAll = io.sessionmoniker.activation.orpc.runtime.ObjectExporter.AccessCheck.ALLOW_ALL;
        try (var mine = io.sessionmoniker.activation.orpc.runtime.ObjectExporter.start(transport,
                     io.sessionmoniker.activation.orpc.transport.Endpoint.unix(dir.resolve("server-" + pid + ".sock")),
                     allowAll);
             var elsewhere = io.sessionmoniker.activation.orpc.runtime.ObjectExporter.start(transport,
                     io.sessionmoniker.activation.orpc.transport.Endpoint.unix(dir.resolve("elsewhere-" + pid
                             + ".sock")), allowAll)) {
            var registrar = mine.client().proxy(io.sessionmoniker.activation.orpc.objref.ObjRef.decode(
                    io.sessionmoniker.activation.orpc.rpc.Bytes.fromHex(ctx.registrar())),
                    io.sessionmoniker.activation.host.internal.IScmRegistrar.class);
            io.sessionmoniker.activation.orpc.runtime.IClassFactory factory =
                    new io.sessionmoniker.activation.orpc.runtime.IClassFactory() {
                        @Override
                        public io.sessionmoniker.activation.orpc.objref.ObjRef CreateInstance(Guid iid) {
                            return mine.export(make.get(), IReport.class);
                        }

                        @Override
                        public void LockServer(boolean lock) {
                        }
                    };
            Class<io.sessionmoniker.activation.orpc.runtime.IClassFactory> cf =
                    io.sessionmoniker.activation.orpc.runtime.IClassFactory.class;
            java.util.List<String> outcomes = new java.util.ArrayList<>();
            outcomes.add("foreign=" + attempt(() -> registrar.RegisterClassObject(ctx.token(), foreign,
                    mine.export(factory, cf), LocalServer.REGCLS_MULTIPLEUSE)));
            outcomes.add("elsewhere=" + attempt(() -> registrar.RegisterClassObject(ctx.token(), own,
                    elsewhere.export(factory, cf), LocalServer.REGCLS_MULTIPLEUSE)));
            outcomes.add("own=" + attempt(() -> registrar.RegisterClassObject(ctx.token(), own,
                    mine.export(factory, cf), LocalServer.REGCLS_MULTIPLEUSE)));
            outcomes.add("twice=" + attempt(() -> registrar.RegisterClassObject(ctx.token(), own,
                    mine.export(factory, cf), LocalServer.REGCLS_MULTIPLEUSE)));
            java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            java.nio.file.Files.write(tmp, outcomes);
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            while (System.in.read() >= 0) {
                // serves until the host ends it
            }
        }
    }

    private static String attempt(java.util.function.IntSupplier registration) {
        try {
            registration.getAsInt();
            return "ok";
        } catch (io.sessionmoniker.moniker.ComException e) {
            return io.sessionmoniker.moniker.HResult.nameOf(e.hresult());
        }
    }

    /**
     * Waits for a file to appear, on its directory's change events.
     *
     * @param file the file
     * @param timeout how long to wait
     * @return whether it appeared in time
     */
    static boolean awaitFile(java.nio.file.Path file, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (java.nio.file.WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            while (!java.nio.file.Files.exists(file)) {
                long left = deadline - System.nanoTime();
                java.nio.file.WatchKey key = left <= 0 ? null : watch.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                if (key == null) {
                    return java.nio.file.Files.exists(file);
                }
                key.pollEvents();
                key.reset();
            }
            return true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
