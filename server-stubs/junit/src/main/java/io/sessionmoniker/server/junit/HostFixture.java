package io.sessionmoniker.server.junit;

import io.sessionmoniker.activation.host.DcomSettings;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One started host of a {@link SessionHostTest}, with what the extension injects; closing it ends the host, waits
 * for every server it launched to exit and removes its files. Kept in the JUnit store, which closes it when its
 * class (or test) ends, whatever the outcome.
 */
final class HostFixture implements AutoCloseable {

    /** How long the servers of a closed host have to exit before the fixture reports them. */
    static final Duration SERVER_EXIT = Duration.ofSeconds(30);

    private final SessionHost host;
    private final Scenario scenario;
    private final DcomEndpoint endpoint;
    private final ScriptedCalls calls;
    private final SessionControl sessionControl;
    private final Path workDirectory;
    private boolean closed;

    private HostFixture(SessionHost host, Scenario scenario, DcomEndpoint endpoint, Path workDirectory) {
        this.host = host;
        this.scenario = scenario;
        this.endpoint = endpoint;
        this.workDirectory = workDirectory;
        this.calls = new ScriptedCalls(workDirectory.resolve("calls.jsonl"));
        this.sessionControl = new SessionControl(host.sessions());
    }

    /** Thrown when port 135 is required and cannot be bound: the extension aborts or fails the tests with it. */
    static final class Port135Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Port135Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Starts a host and registers the scripted classes.
     *
     * @param scenario the scenario
     * @param ann the test's settings
     * @param classes the scripted classes
     * @return the fixture
     * @throws Port135Unavailable if port 135 is required and cannot be bound
     * @throws IOException if the host or its files cannot be made
     */
    static HostFixture start(Scenario scenario, SessionHostTest ann, List<ScriptedClassSpec> classes)
            throws Port135Unavailable, IOException {
        Path work = Files.createTempDirectory("sessmon-kit-");
        try {
            SessionHost host = null;
            Optional<String> fallback = Optional.empty();
            Scenario started = scenario;
            if (ann.dcom()) {
                DcomSettings d = scenario.dcom();
                if (!ann.minimumAuthnLevel().isEmpty()) {
                    d = d.withMinimumAuthnLevel(DcomSettings.parseLevel(ann.minimumAuthnLevel()));
                }
                String address = ann.dcomAddress();
                String hostPart = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
                if (ann.port135() != SessionHostTest.Port135.NEVER) {
                    started = scenario.withDcom(d.withListen(hostPart + ":" + DcomEndpoint.WELL_KNOWN_PORT));
                    try {
                        host = SessionHost.start(started, options(work));
                    } catch (IOException | UncheckedIOException e) {
                        BindException bind = bindFailure(e);
                        if (bind == null) {
                            throw e;
                        }
                        String reason = port135Message(address, bind);
                        if (ann.port135() == SessionHostTest.Port135.REQUIRED) {
                            throw new Port135Unavailable(reason, e);
                        }
                        fallback = Optional.of(reason);
                    }
                }
                if (host == null) {
                    started = scenario.withDcom(d.withListen(hostPart + ":0"));
                    host = SessionHost.start(started, options(work));
                }
            } else {
                host = SessionHost.start(scenario, options(work));
            }
            DcomEndpoint endpoint = null;
            if (ann.dcom()) {
                InetSocketAddress a = host.dcomAddress().orElseThrow();
                endpoint = new DcomEndpoint(a, started.dcom().computerName(), started.dcom().domain(),
                        scenario.users(), fallback);
            }
            HostFixture f = new HostFixture(host, started, endpoint, work);
            try {
                for (ScriptedClassSpec c : classes) {
                    c.register(host, work, f.calls.recordFile());
                }
            } catch (IOException | RuntimeException e) {
                f.close();
                throw e;
            }
            return f;
        } catch (IOException | RuntimeException | Port135Unavailable e) {
            delete(work);
            throw e;
        }
    }

    private static SessionHost.Options options(Path work) throws IOException {
        return new SessionHost.Options(null, Files.createDirectories(work.resolve("logs")), Map.of());
    }

    private static BindException bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                return b;
            }
        }
        return null;
    }

    /** Why 135 could not be bound, and how to allow it. */
    static String port135Message(String address, BindException e) {
        String start = "?";
        try {
            start = Files.readString(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).strip();
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or no procfs: the hint below still holds
        }
        return "the host's DCOM side cannot listen on " + address + ":135 (" + e.getMessage() + "), which DCOM"
                + " clients that cannot be given a port (j-Interop, Impacket) dial. Port 135 needs root,"
                + " CAP_NET_BIND_SERVICE (setcap cap_net_bind_service=+ep on the java binary), a lowered"
                + " net.ipv4.ip_unprivileged_port_start (now " + start + "; sysctl"
                + " net.ipv4.ip_unprivileged_port_start=135), or a network namespace of the test JVM's own, where the"
                + " port is free and the JVM may bind it: unshare -rn sh -c 'ip link set lo up && exec java …'"
                + " (with Maven: surefire's <jvm> set to such a wrapper, as server-stubs-junit's README shows)."
                + " If another process holds the port, end it or use port135 = PREFERRED or NEVER";
    }

    SessionHost host() {
        return host;
    }

    Scenario scenario() {
        return scenario;
    }

    Optional<DcomEndpoint> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    ScriptedCalls calls() {
        return calls;
    }

    SessionControl sessionControl() {
        return sessionControl;
    }

    /**
     * Closes the host, waits for every server it launched to exit, and removes the fixture's files.
     *
     * @throws IllegalStateException naming the servers still running after {@link #SERVER_EXIT}
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Long> launched = host.launchedServerPids();
        try {
            host.close();
        } finally {
            List<Long> alive = awaitExit(launched, SERVER_EXIT);
            delete(workDirectory);
            if (!alive.isEmpty()) {
                throw new IllegalStateException("servers of the closed host are still running after "
                        + SERVER_EXIT.toSeconds() + " s: pids " + alive);
            }
        }
    }

    /** Waits on the processes' exits, up to the deadline; returns those still alive. */
    static List<Long> awaitExit(List<Long> pids, Duration deadline) {
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> exits.add(h.onExit()));
        }
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                    .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // reported below, pid by pid
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Long> alive = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> alive.add(pid));
        }
        return alive;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.getLogger(HostFixture.class.getName()).log(System.Logger.Level.DEBUG, "cannot remove " + dir, e);
        }
    }
}
