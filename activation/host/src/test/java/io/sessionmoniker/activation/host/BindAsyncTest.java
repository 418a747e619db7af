package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.server.LocalServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.host.ReportingServer;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.policy.SessionId;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Activator#bindAsync} on the embedded host, with real server processes. */
class BindAsyncTest {

    private static final String REPORTER = "50000000-0000-0000-0000-000000000001";
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private SessionHost host;
    private final Set<Long> servers = new HashSet<>();

    @BeforeEach
    void start() throws Exception {
        host = SessionHost.start(Scenario.load(Path.of(BindAsyncTest.class.getResource("/scm/scenario.json").toURI())),
                SessionHost.Options.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        servers.addAll(host.serverPids());
        host.close();
        for (long pid : servers) {
            ProcessHandle.of(pid).ifPresent(p -> {
                try {
                    p.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("server " + pid + " outlived the host", e);
                }
            });
        }
    }

    @Test
    void completesWithAWorkingActivation() throws Exception {
        CompletableFuture<Activation<ReportingServer.IReport>> f = host.bindAsync("Session:2!new:" + REPORTER,
                ReportingServer.IReport.class, ActivationOptions.defaults());
        try (Activation<ReportingServer.IReport> a = f.get(120, TimeUnit.SECONDS)) {
            servers.add(a.pid().getAsLong());
            assertEquals(2, a.object().SessionId());
            assertTrue(a.launched());
            assertTrue(a.decision().isPresent());
        }
    }

    @Test
    void failsWithTheExceptionBindThrows() throws Exception {
        String bad = "Session:2!new:5000";
        MonikerSyntaxException sync = assertThrows(MonikerSyntaxException.class,
                () -> host.bind(bad, LateBound.class, ActivationOptions.defaults()));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> host.bindAsync(bad, LateBound.class, ActivationOptions.defaults()).get(120, TimeUnit.SECONDS));
        MonikerSyntaxException async = assertInstanceOf(MonikerSyntaxException.class, e.getCause());
        assertEquals(sync.eaten(), async.eaten());
        assertEquals(sync.getMessage(), async.getMessage());
        ExecutionException missing = assertThrows(ExecutionException.class, () -> host.bindAsync(
                "Session:9!new:" + REPORTER, LateBound.class, ActivationOptions.defaults()).get(120, TimeUnit.SECONDS));
        assertEquals(HResult.ERROR_CTX_WINSTATION_NOT_FOUND,
                assertInstanceOf(ComException.class, missing.getCause()).hresult());
    }

    @Test
    void aResultThatArrivesAfterCancellationIsReleased() throws Exception {
        // hold the activation in progress: Session:Console waits while no session is attached to the console
        host.sessions().beginConsoleSwitch();
        CompletableFuture<Activation<ReportingServer.IReport>> f = host.bindAsync("Session:Console!new:" + REPORTER,
                ReportingServer.IReport.class, ActivationOptions.defaults());
        long end = System.nanoTime() + DEADLINE_NANOS;
        Thread worker = null;
        while (worker == null) {
            assertTrue(System.nanoTime() < end, "the activation never waited for the console");
            assertFalse(f.isDone(), "the activation finished without a console: " + f);
            worker = waitingForTheConsole();
            Thread.onSpinWait();
        }
        assertTrue(f.cancel(true));
        assertThrows(CancellationException.class, f::join);
        Set<Long> before = children();
        host.sessions().completeConsoleSwitch(SessionId.of(2));
        // the activation now launches a server in session 2 and creates an instance nobody will receive: the pool
        // releases it, and a LocalServer with no instance left exits
        long server = -1;
        while (server < 0) {
            assertTrue(System.nanoTime() < end, "no server was launched after the console attached");
            for (long pid : children()) {
                if (!before.contains(pid)) {
                    server = pid;
                }
            }
            Thread.onSpinWait();
        }
        servers.add(server);
        ProcessHandle handle = ProcessHandle.of(server).orElse(null);
        if (handle != null) {
            handle.onExit().get(60, TimeUnit.SECONDS);
        }
        while (worker.isAlive() && worker.getState() != Thread.State.TIMED_WAITING
                && worker.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < end, "the activation thread did not finish");
            Thread.onSpinWait();
        }
        while (!host.serverPids().isEmpty()) {
            assertTrue(System.nanoTime() < end, "the host still lists the server " + host.serverPids());
            Thread.onSpinWait();
        }
    }

    private static Set<Long> children() {
        Set<Long> pids = new HashSet<>();
        ProcessHandle.current().children().filter(ProcessHandle::isAlive).forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private static Thread waitingForTheConsole() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (!e.getKey().getName().startsWith("sessmon-activation-")) {
                continue;
            }
            for (StackTraceElement frame : e.getValue()) {
                if (frame.getMethodName().equals("awaitConsole")) {
                    return e.getKey();
                }
            }
        }
        return null;
    }
}
