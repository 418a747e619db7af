package io.sessionmoniker.activation.host.testing;

import io.sessionmoniker.activation.host.HostDaemon;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * An embedded {@link SessionHost} for one test, with real server processes, and the check that none of them
 * outlives the test.
 *
 * <pre>{@code
 * @RegisterExtension
 * final HostFixture fixture = HostFixture.of(() -> Scenario.load(path));
 *
 * @Test
 * void serversRunInTheirSession(SessionHost host) { ... }
 * }</pre>
 *
 * <p>The host is started from the scenario on first use: when a test or {@code @BeforeEach} method declares a
 * {@link SessionHost} parameter, or calls {@link #host()}. So a scenario may be written by the test class first (to
 * its {@code @TempDir}, in a {@code @BeforeEach}). A test may start more hosts and host daemons through the fixture
 * ({@link #start}, {@link #restart}, {@link #daemon}) and hand it clients to close ({@link #closeLater}).
 *
 * <p>After each test the fixture closes what it was given (clients first, in reverse order, then daemons and
 * hosts) and waits up to {@link #EXIT_DEADLINE} (30 s) for every server to have exited: every pid its hosts listed, and
 * every process that became a descendant of this JVM during the test (the host launches its servers as children,
 * so a server that a test closed or restarted its host under is checked too). A server still alive then fails
 * the test, named by pid and command line, and is killed so it cannot disturb the next test.
 *
 * <p>Register it on an instance field (one fixture per test); it has no state across tests. It lives in the host
 * module's test jar, which the tests of {@code server-stubs} and {@code samples} use at test scope.
 */
public final class HostFixture implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** How long the servers have to exit once their host is closed, unless {@link #withExitDeadline} says. */
    public static final Duration EXIT_DEADLINE = Duration.ofSeconds(30);

    /** A scenario, loaded when the host starts. */
    @FunctionalInterface
    public interface ScenarioSource {
        /**
         * Loads the scenario.
         *
         * @return the scenario
         * @throws Exception if it cannot be loaded
         */
        Scenario load() throws Exception;
    }

    private final ScenarioSource scenario;
    private final SessionHost.Options options;
    private final Duration exitDeadline;

    private final Set<Long> before = new HashSet<>();
    private final List<SessionHost> hosts = new ArrayList<>();
    private final List<HostDaemon> daemons = new ArrayList<>();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private SessionHost host;

    private HostFixture(ScenarioSource scenario, SessionHost.Options options, Duration exitDeadline) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.options = Objects.requireNonNull(options, "options");
        this.exitDeadline = Objects.requireNonNull(exitDeadline, "exitDeadline");
    }

    /**
     * Returns a fixture whose host runs the scenario with the default options.
     *
     * @param scenario loads the scenario when the host starts
     * @return the fixture
     */
    public static HostFixture of(ScenarioSource scenario) {
        return new HostFixture(scenario, SessionHost.Options.defaults(), EXIT_DEADLINE);
    }

    /**
     * Returns a copy that starts its host with other options.
     *
     * @param value the options
     * @return the copy
     */
    public HostFixture withOptions(SessionHost.Options value) {
        return new HostFixture(scenario, value, exitDeadline);
    }

    /**
     * Returns a copy that gives the servers another time to exit after the test.
     *
     * @param value how long, positive
     * @return the copy
     */
    public HostFixture withExitDeadline(Duration value) {
        return new HostFixture(scenario, options, value);
    }

    /**
     * Returns the test's host, starting it on first use.
     *
     * @return the host
     * @throws Exception if the scenario cannot be loaded or the host cannot start
     */
    public SessionHost host() throws Exception {
        if (host == null) {
            host = start(scenario.load(), options);
        }
        return host;
    }

    /**
     * Closes the test's host (if started) and starts another, which {@link #host()} returns from now on.
     *
     * @param next the scenario of the new host
     * @param nextOptions its options
     * @return the new host
     * @throws Exception if it cannot start
     */
    public SessionHost restart(Scenario next, SessionHost.Options nextOptions) throws Exception {
        if (host != null) {
            host.close();
        }
        host = start(next, nextOptions);
        return host;
    }

    /**
     * Starts a further host, closed and checked with the others after the test.
     *
     * @param s the scenario
     * @param o the options
     * @return the host
     * @throws Exception if it cannot start
     */
    public SessionHost start(Scenario s, SessionHost.Options o) throws Exception {
        SessionHost h = SessionHost.start(s, o);
        hosts.add(h);
        return h;
    }

    /**
     * Starts a host daemon on the fixture's scenario and options, closed and checked after the test.
     *
     * @param socket where the daemon listens
     * @return the daemon
     * @throws Exception if it cannot start
     */
    public HostDaemon daemon(Path socket) throws Exception {
        HostDaemon d = HostDaemon.start(scenario.load(), socket, options);
        daemons.add(d);
        return d;
    }

    /**
     * Closes something after the test, before the hosts: a client of a daemon, an activation.
     *
     * @param <T> its type
     * @param closeable what to close
     * @return {@code closeable}
     */
    public <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.push(Objects.requireNonNull(closeable, "closeable"));
        return closeable;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        before.clear();
        ProcessHandle.current().descendants().forEach(p -> before.add(p.pid()));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Set<ProcessHandle> servers = new LinkedHashSet<>();
        for (SessionHost h : allHosts()) {
            h.serverPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(servers::add));
        }
        startedDuringTheTest().forEach(servers::add);
        Throwable failure = null;
        for (AutoCloseable c : closeables) {
            failure = closeQuietly(c, failure);
        }
        for (HostDaemon d : daemons) {
            failure = closeQuietly(d, failure);
        }
        for (SessionHost h : hosts) {
            failure = closeQuietly(h, failure);
        }
        closeables.clear();
        daemons.clear();
        hosts.clear();
        host = null;
        // what the closed hosts were still starting shows up now: check it too
        startedDuringTheTest().forEach(servers::add);
        try {
            Await.until("every server to exit after its host closed", exitDeadline,
                    () -> servers.stream().filter(ProcessHandle::isAlive).map(HostFixture::describe)
                            .collect(Collectors.toList()),
                    List::isEmpty);
        } catch (AssertionError outlived) {
            servers.forEach(ProcessHandle::destroyForcibly);
            if (failure != null) {
                outlived.addSuppressed(failure);
            }
            throw outlived;
        }
        if (failure instanceof Exception e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SessionHost.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return host();
        } catch (Exception e) {
            throw new ParameterResolutionException("the host did not start: " + e, e);
        }
    }

    private List<SessionHost> allHosts() {
        List<SessionHost> all = new ArrayList<>(hosts);
        daemons.forEach(d -> all.add(d.host()));
        return all;
    }

    private List<ProcessHandle> startedDuringTheTest() {
        return ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid())).toList();
    }

    private static Throwable closeQuietly(AutoCloseable c, Throwable failure) {
        try {
            c.close();
            return failure;
        } catch (Exception | Error e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
            return failure;
        }
    }

    private static String describe(ProcessHandle p) {
        String command = p.info().commandLine().orElse("command line unknown");
        return "pid " + p.pid() + " (" + (command.length() > 300 ? command.substring(0, 300) + " ..." : command) + ")";
    }
}
