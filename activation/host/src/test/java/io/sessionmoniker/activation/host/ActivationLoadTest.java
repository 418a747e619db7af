package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.host.testing.HostFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host daemon under many concurrent activations of a server that is still starting: the activations that wait
 * for its registration must not keep the registration itself from running.
 */
class ActivationLoadTest {

    static final String REPORTER = ServiceControlManagerTest.REPORTER;
    static final int CLIENTS = 32;

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("load.json"));

    /** The same, with a start timeout long enough for the test to look around while the server waits. */
    @RegisterExtension
    final HostFixture gatedFixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("load-gated.json"));

    @Test
    void manyActivationsOfAStartingServerAllSucceedWithOneProcess() throws Exception {
        Path logs = tmp.resolve("logs");
        Path socket = tmp.resolve("run").resolve("host.sock");
        HostDaemon daemon = fixture.withOptions(new SessionHost.Options(null, logs, Map.of())).daemon(socket);
        List<HostClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(fixture.closeLater(HostClient.connect(socket)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Activation<ReportingServer.IReport>> held = new ArrayList<>();
        try {
            // every client connected first, then all ask at once: more waiting activations than the daemon's workers
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Activation<ReportingServer.IReport>>> futures = new ArrayList<>();
            for (HostClient c : clients) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return c.bind("Session:2!new:" + REPORTER, ReportingServer.IReport.class,
                            ActivationOptions.defaults());
                }));
            }
            go.countDown();
            List<String> failures = new ArrayList<>();
            Set<Long> pids = new HashSet<>();
            int launched = 0;
            for (Future<Activation<ReportingServer.IReport>> f : futures) {
                try {
                    Activation<ReportingServer.IReport> a = f.get(5, TimeUnit.MINUTES);
                    held.add(a);   // held until all have returned: a server whose last instance goes may exit
                    pids.add(a.object().Pid());
                    launched += a.launched() ? 1 : 0;
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
            long serverLogs;
            try (Stream<Path> files = Files.list(logs)) {
                serverLogs = files.filter(p -> p.getFileName().toString().startsWith("server-")).count();
            }
            assertEquals(0, failures.size(), (CLIENTS - failures.size()) + " of " + CLIENTS + " succeeded, " + serverLogs
                    + " servers were started; the first failure: " + failures.stream().findFirst().orElse(""));
            assertEquals(1, pids.size(), "one process for one (class, session, identity)");
            assertEquals(1, launched, "one activation launched it");
            assertEquals(1, serverLogs, "one server was started");
            assertEquals(List.copyOf(pids), daemon.host().serverPids());
        } finally {
            held.forEach(Activation::close);
            pool.shutdownNow();
        }
    }

    static final String GATED = "50000000-0000-0000-0000-00000000000B";

    @Test
    void activationsWaitingForAServerHoldNoWorkerOtherCallsAreAnsweredMeanwhile() throws Exception {
        Path logs = tmp.resolve("logs");
        Path socket = tmp.resolve("run").resolve("host.sock");
        Path gate = Files.createDirectories(tmp.resolve("gate"));
        Path go = gate.resolve("go");
        HostDaemon daemon = gatedFixture.withOptions(new SessionHost.Options(null, logs,
                Map.of("GOFILE", go.toString()))).daemon(socket);
        List<HostClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(gatedFixture.closeLater(HostClient.connect(socket)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        List<Activation<ReportingServer.IReport>> held = new ArrayList<>();
        try {
            List<Future<Activation<ReportingServer.IReport>>> futures = new ArrayList<>();
            for (HostClient c : clients) {
                futures.add(pool.submit(() -> c.bind("Session:2!new:" + GATED, ReportingServer.IReport.class,
                        ActivationOptions.defaults())));
            }
            // the server started and waits for the go file; all 32 activations wait for it in the daemon, four times
            // the daemon's 8 RPC workers
            assertTrue(ReportingServer.awaitFile(gate.resolve("started"), java.time.Duration.ofSeconds(120)),
                    "the gated server started");
            io.sessionmoniker.activation.testing.Await.until("all activations wait in the daemon",
                    java.time.Duration.ofSeconds(120), () -> daemon.controlCallsRunning() == CLIENTS);
            // a new client connects and asks for the status, and the waiting clients' connections still answer too
            Future<Long> status = pool.submit(() -> {
                try (HostClient another = HostClient.connect(socket)) {
                    return another.status().pid();
                }
            });
            assertEquals(ProcessHandle.current().pid(), status.get(2, TimeUnit.MINUTES),
                    "the status is answered while every activation waits");
            assertTrue(futures.stream().noneMatch(Future::isDone), "no activation returned before the server registered");
            assertFalse(Files.exists(go));
            Files.write(go, new byte[0]);
            Set<Long> pids = new HashSet<>();
            int launched = 0;
            for (Future<Activation<ReportingServer.IReport>> f : futures) {
                Activation<ReportingServer.IReport> a = f.get(5, TimeUnit.MINUTES);
                held.add(a);
                pids.add(a.object().Pid());
                launched += a.launched() ? 1 : 0;
            }
            assertEquals(1, pids.size(), "one process for one (class, session, identity)");
            assertEquals(1, launched, "one activation launched it");
            io.sessionmoniker.activation.testing.Await.until("the control calls are done",
                    java.time.Duration.ofSeconds(60), () -> daemon.controlCallsRunning() == 0);
        } finally {
            held.forEach(Activation::close);
            pool.shutdownNow();
        }
    }
}
