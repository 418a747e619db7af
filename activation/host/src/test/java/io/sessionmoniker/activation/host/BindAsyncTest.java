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
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.activation.testing.Await;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.policy.SessionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Activator#bindAsync} on the embedded host, with real server processes. */
class BindAsyncTest {

    private static final String REPORTER = "50000000-0000-0000-0000-000000000001";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("scenario.json"));

    private SessionHost host;

    @BeforeEach
    void start(SessionHost started) {
        host = started;
    }

    @Test
    void completesWithAWorkingActivation() throws Exception {
        CompletableFuture<Activation<ReportingServer.IReport>> f = host.bindAsync("Session:2!new:" + REPORTER,
                ReportingServer.IReport.class, ActivationOptions.defaults());
        try (Activation<ReportingServer.IReport> a = f.get(120, TimeUnit.SECONDS)) {
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
        Thread worker = Await.until("the activation to wait for the console", DEADLINE, () -> {
            assertFalse(f.isDone(), "the activation finished without a console: " + f);
            return waitingForTheConsole();
        }, Objects::nonNull);
        assertTrue(f.cancel(true));
        assertThrows(CancellationException.class, f::join);
        Set<Long> before = children();
        host.sessions().completeConsoleSwitch(SessionId.of(2));
        // the activation now launches a server in session 2 and creates an instance nobody will receive: the pool
        // releases it, and a LocalServer with no instance left exits
        Set<Long> launched = Await.until("a server launched after the console attached", DEADLINE, () -> {
            Set<Long> now = children();
            now.removeAll(before);
            return now;
        }, now -> !now.isEmpty());
        for (long server : launched) {
            ProcessHandle handle = ProcessHandle.of(server).orElse(null);
            if (handle != null) {
                handle.onExit().get(60, TimeUnit.SECONDS);
            }
        }
        Await.until("the activation thread to finish its work", DEADLINE, worker::getState,
                state -> state == Thread.State.TERMINATED || state == Thread.State.TIMED_WAITING
                        || state == Thread.State.WAITING);
        Await.until("the host to list no server", DEADLINE, host::serverPids, List::isEmpty);
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
