package io.sessionmoniker.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.host.HostClient;
import io.sessionmoniker.activation.host.HostDaemon;
import io.sessionmoniker.activation.host.DcomSettings;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.moniker.HResult;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sessmon host start|run|stop|status --host SOCKET}: the host daemon that many {@code sessmon} processes
 * (and Java programs, through {@code HostClient}) share.
 */
@Command(name = "host",
        mixinStandardHelpOptions = true,
        description = "Run a session host as a daemon that other sessmon commands (with --host SOCKET) and Java"
                + " programs share: one set of sessions, one server per (class, session, identity).",
        subcommands = {HostCommand.Start.class, HostCommand.Run.class, HostCommand.Stop.class,
            HostCommand.Status.class})
final class HostCommand implements Runnable {

    /** How long {@code start} waits for the daemon to accept connections, and {@code stop} for it to exit. */
    static final Duration WAIT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a host command is required: start, run, stop or status");
    }

    /** The {@code --host SOCKET} every host command requires. */
    static final class Socket {
        @Option(names = "--host", paramLabel = "SOCKET", required = true,
                description = "the daemon's socket; its directory is created owner-only (rwx------) if missing")
        Path path;
    }

    /** What every command on a running daemon takes: {@code --host SOCKET} (required) and {@code --json}. */
    /** {@code --dcom} and {@code --dcom-min-level}: the network side of {@code host run} and {@code host start}. */
    static final class DcomOptions {
        @Option(names = "--dcom", paramLabel = "[ADDR:]PORT",
                description = "also serve DCOM on TCP (the SCM and the OXID resolver) at ADDR:PORT, e.g."
                        + " 127.0.0.1:135; port 135 needs root or a private network namespace (unshare -rn)")
        String listen;

        @Option(names = "--dcom-min-level", paramLabel = "LEVEL",
                description = "the lowest authentication level a DCOM activation may use: connect, integrity"
                        + " (the default, as Windows' DCOM hardening) or privacy")
        String minimumLevel;

        /** The scenario with these options applied over its {@code "dcom"} section. */
        Scenario apply(Scenario scenario, CommandSpec spec) {
            DcomSettings d = scenario.dcom();
            if (listen != null) {
                try {
                    d = d.withListen(DcomSettings.checkListen(listen));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--dcom: " + e.getMessage());
                }
            }
            if (minimumLevel != null) {
                try {
                    d = d.withMinimumAuthnLevel(DcomSettings.parseLevel(minimumLevel));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--dcom-min-level: " + e.getMessage());
                }
            }
            return scenario.withDcom(d);
        }

        /** The options again, for the {@code host run} that {@code host start} launches. */
        List<String> arguments() {
            List<String> out = new ArrayList<>();
            if (listen != null) {
                out.add("--dcom");
                out.add(listen);
            }
            if (minimumLevel != null) {
                out.add("--dcom-min-level");
                out.add(minimumLevel);
            }
            return out;
        }
    }

    abstract static class OnDaemon implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
        Socket socket;
        @Option(names = "--json", description = "print one JSON object on standard output")
        boolean json;
    }

    /** {@code host run}: the daemon in the foreground, until {@code host stop}, SIGTERM or Ctrl-C. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the host daemon in the foreground until 'sessmon host stop', SIGTERM or Ctrl-C; it"
                    + " ends every server it started when it stops.")
    static final class Run implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private ScenarioOptions scenario;
        @CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
        private Socket socket;
        @Mixin
        private DcomOptions dcom;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            DaemonLog.enable();   // its standard error is SOCKET.log under host start
            Scenario loaded = dcom.apply(scenario.load(), spec);
            HostDaemon daemon;
            try {
                daemon = HostDaemon.start(loaded, socket.path, SessionHost.Options.defaults());
            } catch (IOException e) {
                spec.commandLine().getErr().println("sessmon host run: cannot listen on " + socket.path + ": "
                        + e.getMessage());
                return ExitCodes.ACTIVATION;
            }
            Thread hook = new Thread(daemon::close, "sessmon-host-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("sessmon host " + ProcessHandle.current().pid() + " listening on " + daemon.socket()
                    + daemon.host().dcomAddress().map(a -> ", DCOM on TCP " + DcomSettings.format(a)).orElse(""));
            out.flush();
            try {
                daemon.awaitShutdown();
            } finally {
                daemon.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting: the hook runs, and close is idempotent
                }
            }
            out.println("sessmon host " + ProcessHandle.current().pid() + " stopped");
            return ExitCodes.OK;
        }
    }

    /** {@code host start}: the daemon in the background; returns once it accepts connections. */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the host daemon in the background and return once it accepts connections. Its"
                    + " output goes to SOCKET.log.")
    static final class Start extends OnDaemon {
        @Mixin
        private ScenarioOptions scenario;
        @Mixin
        private DcomOptions dcom;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path sock = socket.path.toAbsolutePath();
            if (scenario.config != null) {
                dcom.apply(scenario.load(), spec); // a bad scenario is a usage error here, not a dead daemon
            } else {
                dcom.apply(Scenario.demo(), spec);
            }
            try {
                HostDaemon.checkSocketPath(sock);   // a file, a directory or a link at --host is left as it is
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--host " + socket.path + ": " + e.getMessage(), e);
            }
            Optional<HostClient.Status> running = status(sock);
            if (running.isPresent()) {
                long pid = running.get().pid();
                return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, HResult.CO_E_SERVER_EXEC_FAILURE,
                        "a host daemon (pid " + pid + ") already listens on " + sock + "; stop it first with: sessmon"
                                + " host stop --host " + sock, o -> o.put("pid", pid));
            }
            List<String> command = new ArrayList<>();
            if (new File("/usr/bin/setsid").canExecute()) {
                command.add("/usr/bin/setsid"); // its own session: a terminal's Ctrl-C or hangup does not reach it
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-cp");
            command.add(classPath());
            command.add(Sessmon.class.getName());
            command.add("host");
            command.add("run");
            command.add("--host");
            command.add(sock.toString());
            if (scenario.config != null) {
                command.add("--config");
                command.add(scenario.config.toAbsolutePath().toString());
            }
            command.addAll(dcom.arguments());
            Path log = sock.resolveSibling(sock.getFileName() + ".log");
            // the directory first, before anything is written in it: only in a directory of our own, that nobody
            // else can enter, is the log we open the one the daemon's output goes to
            Files.createDirectories(sock.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            try {
                HostDaemon.checkSocketDirectory(sock);
            } catch (IOException e) {
                return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION,
                        HResult.CO_E_SERVER_EXEC_FAILURE, "cannot start a daemon on " + sock + ": " + e.getMessage());
            }
            // a failed start removes the log it made; one that was there before (an earlier daemon's) stays
            boolean logExisted;
            try {
                logExisted = openLog(log);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--host " + socket.path + ": the daemon's log "
                        + log + " " + e.getMessage() + "; choose another path for the socket", e);
            }
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<HostClient.Status> up = status(sock);
                if (up.isPresent()) {
                    if (json) {
                        ObjectNode o = Json.object();
                        o.put("ok", true);
                        o.put("pid", up.get().pid());
                        o.put("socket", sock.toString());
                        o.put("log", log.toString());
                        up.get().dcom().ifPresent(a -> {
                            ObjectNode d = o.putObject("dcom");
                            d.put("address", a.getHostString());
                            d.put("port", a.getPort());
                        });
                        out.println(Json.write(o));
                    } else {
                        out.println("sessmon host " + up.get().pid() + " listening on " + sock
                                + up.get().dcom().map(a -> ", DCOM on TCP " + a.getHostString() + ":" + a.getPort())
                                        .orElse("") + " (log " + log + ")");
                    }
                    return ExitCodes.OK;
                }
                if (p.waitFor(100, TimeUnit.MILLISECONDS)) {
                    String message = "the daemon exited with status " + p.exitValue() + " before accepting connections"
                            + tail(log);
                    removeFailedLog(log, logExisted);
                    return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION,
                            HResult.CO_E_SERVER_EXEC_FAILURE, message);
                }
            }
            p.destroy();
            if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            String message = "the daemon did not accept connections on " + sock + " within " + WAIT.toSeconds() + " s"
                    + tail(log);
            removeFailedLog(log, logExisted);
            return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, HResult.CO_E_SERVER_EXEC_FAILURE,
                    message);
        }
    }

    /** {@code host stop}: asks the daemon to end its servers and exit, and waits for it. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Ask the host daemon to end its servers and exit, and wait until it has.")
    static final class Stop extends OnDaemon {
        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            long pid;
            try (HostClient client = HostClient.connect(socket.path)) {
                pid = client.status().pid();
                client.shutdown();
            } catch (IOException e) {
                return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, HResult.RPC_S_SERVER_UNAVAILABLE,
                        e.getMessage());
            }
            Optional<ProcessHandle> daemon = ProcessHandle.of(pid);
            boolean ended = daemon.isEmpty() || daemon.get().onExit().completeOnTimeout(null, WAIT.toSeconds(),
                    TimeUnit.SECONDS).join() != null || !daemon.get().isAlive();
            if (json) {
                ObjectNode o = Json.object();
                o.put("ok", ended);
                o.put("pid", pid);
                out.println(Json.write(o));
            } else {
                out.println(ended ? "sessmon host " + pid + " stopped" : "sessmon host " + pid + " did not exit within "
                        + WAIT.toSeconds() + " s");
            }
            return ended ? ExitCodes.OK : ExitCodes.ACTIVATION;
        }
    }

    /** {@code host status}: whether a daemon answers, and what it runs. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show whether a host daemon answers on SOCKET, with its pid, sessions and servers. Exit"
                    + " code 4 when none does, or when one runs but refuses connections for now (busy).")
    static final class Status extends OnDaemon {
        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<HostClient.Status> s;
            try {
                s = statusOrBusy(socket.path.toAbsolutePath());
            } catch (HostClient.Busy busy) {
                // it runs but refuses connections for now: say so, never "not running"
                return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, HResult.RPC_S_SERVER_TOO_BUSY,
                        busy.getMessage(), o -> {
                            o.put("running", true);
                            o.put("busy", true);
                            o.put("socket", socket.path.toAbsolutePath().toString());
                        });
            }
            if (json) {
                ObjectNode o = Json.object();
                o.put("running", s.isPresent());
                o.put("socket", socket.path.toAbsolutePath().toString());
                s.ifPresent(st -> {
                    o.put("pid", st.pid());
                    o.put("sessions", st.sessions());
                    ArrayNode pids = o.putArray("serverPids");
                    st.serverPids().forEach(pids::add);
                    st.dcom().ifPresent(a -> {
                        ObjectNode d = o.putObject("dcom");
                        d.put("address", a.getHostString());
                        d.put("port", a.getPort());
                    });
                });
                o.put("ok", s.isPresent());   // the success flag every command has (exit 4 when none answers)
                out.println(Json.write(o));
            } else if (s.isPresent()) {
                out.println("sessmon host " + s.get().pid() + " listening on " + s.get().socket() + ": "
                        + s.get().sessions() + " sessions, " + s.get().serverPids().size() + " servers "
                        + s.get().serverPids() + s.get().dcom().map(a -> ", DCOM on TCP " + a.getHostString() + ":"
                                + a.getPort()).orElse(""));
            } else {
                out.println("no host daemon answers on " + socket.path.toAbsolutePath());
            }
            return s.isPresent() ? ExitCodes.OK : ExitCodes.ACTIVATION;
        }
    }

    /** This JVM's class path and module path as one class path, for a child JVM that runs the same code. */
    static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        String mp = System.getProperty("jdk.module.path", "");
        return mp.isEmpty() ? cp : cp.isEmpty() ? mp : cp + File.pathSeparator + mp;
    }

    /** The daemon's status, or empty when none answers; a daemon that answers busy is reported so. */
    static Optional<HostClient.Status> statusOrBusy(Path socket) throws HostClient.Busy {
        try (HostClient client = HostClient.connect(socket)) {
            return Optional.of(client.status());
        } catch (HostClient.Busy e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The daemon's status, or empty when none answers. */
    static Optional<HostClient.Status> status(Path socket) {
        try (HostClient client = HostClient.connect(socket)) {
            return Optional.of(client.status());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** After a failed start: its output was printed; a log that only it wrote goes. */
    /**
     * Opens the daemon's log without following a link: a new owner-only file ({@code CREATE_NEW}, which never
     * follows a link), or an earlier regular file opened for appending with {@code NOFOLLOW_LINKS}.
     *
     * @param log the log's path, in a directory only this account can enter
     * @return whether it was there before
     * @throws IOException with the reason it cannot be the log (a link, a special file) after its path
     */
    private static boolean openLog(Path log) throws IOException {
        if (!Files.exists(log, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(log, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                return false;
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made since the look: checked as an earlier file below
            }
        }
        if (!Files.isRegularFile(log, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("is there and is not a regular file");
        }
        try {
            java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.APPEND, java.nio.file.LinkOption.NOFOLLOW_LINKS).close();
            return true;
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("cannot be opened for appending without following a link: " + e.getMessage(), e);
        }
    }

    private static void removeFailedLog(Path log, boolean existed) {
        if (!existed) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // the message printed already shows its content; a log left behind is harmless
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = lastLines(log, 64 * 1024);
            return lines.isEmpty() ? "; it wrote nothing" : "; its last output:\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "; its log " + log + " cannot be read: " + e.getMessage();
        }
    }

    /** The lines of the last {@code maxBytes} of a log that only ever grows, without the line that bound cuts. */
    private static List<String> lastLines(Path log, int maxBytes) throws IOException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(log,
                java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            long start = Math.max(0, size - maxBytes);
            ch.position(start);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - start));
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // until full or at the end
            }
            List<String> lines = new java.util.ArrayList<>(new String(buf.array(), 0, buf.position(),
                    StandardCharsets.UTF_8).lines().toList());
            if (start > 0 && !lines.isEmpty()) {
                lines.remove(0);
            }
            return lines;
        }
    }
}
