package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.Activation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.host.internal.IScmRegistrar;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.runtime.Dispatch;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.activation.testing.Await;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.ActivationDeniedException;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SessionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service control manager with real server processes ({@link ReportingServer}). */
class ServiceControlManagerTest {

    static final String REPORTER = "50000000-0000-0000-0000-000000000001";
    static final Caller SYSTEM = Caller.local(Principal.system(), 0);

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> scenario("scenario.json"));

    SessionHost host;

    static Scenario scenario(String name) throws Exception {
        return Scenario.load(Path.of(ServiceControlManagerTest.class.getResource("/scm/" + name).toURI()));
    }

    @BeforeEach
    void start(SessionHost started) {
        host = started;
    }

    Activation<ReportingServer.IReport> activate(String moniker, Caller caller) {
        return host.activate(moniker + "!new:" + REPORTER, caller, ReportingServer.IReport.class);
    }

    @Test
    void serversRunInTheDecidedSessionAndAreReused() {
        Activation<ReportingServer.IReport> bob = activate("Session:2", SYSTEM);
        assertTrue(bob.launched());
        assertEquals(2, bob.object().SessionId(), "the server itself reports its session");
        assertEquals("bob", bob.object().User());
        assertEquals("WinSta0\\Default", bob.object().Desktop());
        assertEquals(bob.pid().getAsLong(), bob.object().Pid());
        assertNotEquals(ProcessHandle.current().pid(), bob.pid(), "a real, separate process");
        Activation<ReportingServer.IReport> again = activate("Session:2", SYSTEM);
        assertFalse(again.launched());
        assertEquals(bob.pid().getAsLong(), again.object().Pid(), "a multiple-use server is reused");
        Activation<ReportingServer.IReport> console = activate("Session:Console", SYSTEM);
        assertNotEquals(bob.pid().getAsLong(), console.pid().getAsLong());
        assertEquals("alice", console.object().User());
        Activation<ReportingServer.IReport> fallback = host.activate("new:" + REPORTER, SYSTEM,
                ReportingServer.IReport.class);
        assertTrue(fallback.decision().orElseThrow().fallback());
        assertEquals(console.pid().getAsLong(), fallback.object().Pid(), "the console fallback binds to alice's server");
        for (var a : List.of(bob, again, console, fallback)) {
            ((RemoteObject) a.object()).close();
        }
    }

    @Test
    void concurrentActivationsStartOneProcess() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Activation<ReportingServer.IReport>>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> activate("Session:2", SYSTEM)));
            }
            Set<Long> pids = new HashSet<>();
            int launched = 0;
            List<Activation<ReportingServer.IReport>> held = new ArrayList<>();
            for (var f : futures) {
                Activation<ReportingServer.IReport> a = f.get(120, TimeUnit.SECONDS);
                held.add(a);   // held until all have returned: a server whose last instance goes may exit
                pids.add(a.object().Pid());
                launched += a.launched() ? 1 : 0;
            }
            held.forEach(a -> ((RemoteObject) a.object()).close());
            assertEquals(1, pids.size(), "one process for one (class, session, identity)");
            assertEquals(1, launched);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyActivationsStartOneProcessPerSession() throws Exception {
        host = fixture.restart(scenario("race.json"), SessionHost.Options.defaults());
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Activation<ReportingServer.IReport>>> one = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                one.add(pool.submit(() -> activate("Session:2", SYSTEM)));
            }
            Set<Long> pids = new HashSet<>();
            List<Activation<ReportingServer.IReport>> held = new ArrayList<>();
            for (var f : one) {
                Activation<ReportingServer.IReport> a = f.get(120, TimeUnit.SECONDS);
                held.add(a);
                pids.add(a.object().Pid());
            }
            assertEquals(1, pids.size(), "50 activations into one session: one process");
            List<Future<Activation<ReportingServer.IReport>>> five = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int session = 1 + i % 5;
                five.add(pool.submit(() -> activate("Session:" + session, SYSTEM)));
            }
            java.util.Map<Long, Set<Long>> bySession = new java.util.HashMap<>();
            for (var f : five) {
                Activation<ReportingServer.IReport> a = f.get(120, TimeUnit.SECONDS);
                held.add(a);
                bySession.computeIfAbsent(a.object().SessionId(), k -> new HashSet<>()).add(a.object().Pid());
            }
            held.forEach(a -> ((RemoteObject) a.object()).close());
            assertEquals(5, bySession.size());
            bySession.forEach((session, p) -> assertEquals(1, p.size(), "one process for session " + session));
            assertEquals(5, bySession.values().stream().flatMap(Set::stream).distinct().count());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theOtherIdentitiesRunWhereTheirRowSays() {
        Caller bob = Caller.local(host.sessions().users().lookup("bob").orElseThrow(), 2);
        var launching = host.activate("Session:1!new:50000000-0000-0000-0000-000000000005", bob,
                ReportingServer.IReport.class);
        assertEquals(2, launching.object().SessionId(), "Launching User ignores the moniker: the caller's session");
        assertEquals("bob", launching.object().User());
        var thisUser = host.activate("Session:2!new:50000000-0000-0000-0000-000000000006", SYSTEM,
                ReportingServer.IReport.class);
        assertEquals(0, thisUser.object().SessionId());
        assertEquals("svc", thisUser.object().User());
        assertTrue(thisUser.object().Desktop().startsWith("Service-0x0-"), thisUser.object().Desktop());
        var service = host.activate("Session:2!new:50000000-0000-0000-0000-000000000007", bob,
                ReportingServer.IReport.class);
        // bob may launch the service, but with no AccessPermission only the server's identity (SYSTEM) may call it
        ComException denied = assertThrows(ComException.class, () -> service.object().SessionId());
        assertEquals(HResult.E_ACCESSDENIED, denied.hresult(), denied.toString());
        var asSystem = host.activate("Session:2!new:50000000-0000-0000-0000-000000000007", SYSTEM,
                ReportingServer.IReport.class);
        assertEquals(service.pid(), asSystem.pid());
        assertEquals(0, asSystem.object().SessionId());
        assertEquals("SYSTEM", asSystem.object().User());
        for (var a : List.of(launching, thisUser, service, asSystem)) {
            ((RemoteObject) a.object()).close();
        }
    }

    @Test
    void sessionConsoleWaitsForAConsoleSwitchToComplete() throws Exception {
        host.sessions().beginConsoleSwitch();
        java.util.concurrent.CompletableFuture<Activation<ReportingServer.IReport>> result =
                new java.util.concurrent.CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                result.complete(activate("Session:Console", SYSTEM));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "console-activation");
        caller.start();
        // the activation parks until a session attaches to the console: wait until it is parked there
        Await.until("the activation to wait for the console", Duration.ofSeconds(30), () -> {
            assertFalse(result.isDone(), "the activation finished without a console: " + result);
            return caller.getState() + " " + (parkedInAwaitConsole(caller) ? "in awaitConsole" : "elsewhere");
        }, state -> state.endsWith("in awaitConsole"));
        host.sessions().completeConsoleSwitch(SessionId.of(2));
        Activation<ReportingServer.IReport> a = result.get(120, TimeUnit.SECONDS);
        assertEquals(2, a.object().SessionId(), "Session:Console resolved at bind time, after the switch");
        assertEquals("bob", a.object().User());
        ((RemoteObject) a.object()).close();
    }

    private static boolean parkedInAwaitConsole(Thread t) {
        if (t.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals("awaitConsole")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void sessionConsoleGivesUpAtTheDeadline() {
        host.sessions().beginConsoleSwitch();
        ComException e = assertThrows(ComException.class, () -> host.activate("Session:Console!new:" + REPORTER, SYSTEM,
                ReportingServer.IReport.class, java.time.Duration.ofMillis(300)));
        assertEquals(HResult.MK_E_EXCEEDEDDEADLINE, e.hresult());
    }

    @Test
    void activationsRacingAServerThatStopsAllSucceed() throws Exception {
        // every activation releases its instance at once, so servers keep deciding to stop while others bind:
        // each activation must still succeed (CO_E_SERVER_STOPPING makes the host launch anew)
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> {
                    Activation<ReportingServer.IReport> a = activate("Session:2", SYSTEM);
                    try {
                        return a.object().SessionId();
                    } finally {
                        ((RemoteObject) a.object()).close();
                    }
                }));
            }
            for (var f : futures) {
                assertEquals(2L, f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void singleUseServesOneActivationPerProcess() {
        String single = "Session:2!new:50000000-0000-0000-0000-000000000002";
        var a = host.activate(single, SYSTEM, ReportingServer.IReport.class);
        var b = host.activate(single, SYSTEM, ReportingServer.IReport.class);
        assertNotEquals(a.object().Pid(), b.object().Pid());
        assertTrue(a.launched() && b.launched());
    }

    @Test
    void aServerThatExitsBeforeRegisteringReportsItsStatus() {
        ComException e = assertThrows(ComException.class, () -> host.activate(
                "Session:2!new:50000000-0000-0000-0000-000000000003", SYSTEM, ReportingServer.IReport.class));
        assertEquals(HResult.CO_E_SERVER_EXEC_FAILURE, e.hresult());
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
    }

    @Test
    void aServerThatNeverRegistersTimesOutAndIsEnded() throws Exception {
        host = fixture.restart(scenario("short-timeout.json"), SessionHost.Options.defaults());
        ComException e = assertThrows(ComException.class, () -> host.activate(
                "Session:2!new:50000000-0000-0000-0000-000000000004", SYSTEM, ReportingServer.IReport.class));
        assertEquals(HResult.CO_E_SERVER_EXEC_FAILURE, e.hresult());
        assertTrue(e.getMessage().contains("did not register"), e.getMessage());
        // what to change and where to look: the configured timeout, its setting, the server's log
        assertTrue(e.getMessage().matches("(?s).*start timeout of \\d+ ms.*policy.startTimeoutMillis.*"
                + "its output is in /\\S+\\.log.*"), e.getMessage());
        assertFalse(e.getMessage().contains("|InteractiveUser|") || e.getMessage().contains("|LaunchingUser|"),
                "no server key's internal form: " + e.getMessage());
        Await.until("the hung server to be ended", Duration.ofSeconds(30), host::serverPids, List::isEmpty);
    }

    @Test
    void logoffEndsTheSessionsServers() throws Exception {
        Activation<ReportingServer.IReport> bob = activate("Session:2", SYSTEM);
        ProcessHandle server = ProcessHandle.of(bob.pid().getAsLong()).orElseThrow();
        host.sessions().logoff(2);
        server.onExit().get(30, TimeUnit.SECONDS);
        ComException e = assertThrows(ComException.class, () -> bob.object().SessionId());
        assertTrue(e.hresult() == HResult.RPC_E_DISCONNECTED || e.hresult() == HResult.RPC_E_SERVER_DIED, e.toString());
        assertThrows(ComException.class, () -> activate("Session:2", SYSTEM), "session 2 is gone");
    }

    @Test
    void aKilledServerIsReplacedOnTheNextActivation() throws Exception {
        Activation<ReportingServer.IReport> first = activate("Session:2", SYSTEM);
        ProcessHandle server = ProcessHandle.of(first.pid().getAsLong()).orElseThrow();
        server.destroyForcibly();
        server.onExit().get(30, TimeUnit.SECONDS);
        Await.until("the host to forget the killed server " + first.pid().getAsLong(), Duration.ofSeconds(30),
                host::serverPids, pids -> !pids.contains(first.pid().getAsLong()));
        Activation<ReportingServer.IReport> second = activate("Session:2", SYSTEM);
        assertTrue(second.launched());
        assertNotEquals(first.pid().getAsLong(), second.object().Pid());
    }

    @Test
    void deniedDecisionsLaunchNothing() {
        Caller bob = Caller.local(host.sessions().users().lookup("bob").orElseThrow(), 2);
        ActivationDeniedException e = assertThrows(ActivationDeniedException.class,
                () -> activate("Session:1", bob));
        assertEquals(HResult.E_ACCESSDENIED, e.hresult());
        assertFalse(e.trace().isEmpty());
        assertTrue(host.serverPids().isEmpty());
    }

    @Test
    void lateBoundActivation() {
        Activation<LateBound> a = host.activateDispatch("Session:2!clsid:" + REPORTER + ":", SYSTEM);
        try (LateBound d = a.object()) {
            assertEquals(2L, d.invoke("SessionId"));
            assertEquals("bob", d.invoke("user"));
        }
    }

    @Test
    void aRegistrationWithAForeignTokenIsRefused() throws Exception {
        try (ComClient client = new ComClient(UnixSocketTransport.create())) {
            IScmRegistrar registrar = client.proxy(ObjRef.decode(Bytes.fromHex(host.registrarRef())),
                    IScmRegistrar.class);
            ComException e = assertThrows(ComException.class, () -> registrar.RegisterClassObject(
                    "00112233445566778899aabbccddeeff", Guid.parse(REPORTER), null, 1));
            assertEquals(HResult.E_ACCESSDENIED, e.hresult());
            ComException missing = assertThrows(ComException.class,
                    () -> registrar.RegisterClassObject(null, Guid.parse(REPORTER), null, 1));
            assertEquals(HResult.E_ACCESSDENIED, missing.hresult());
        }
    }

    @Test
    void theHostEndsItsServersWhenItCloses() throws Exception {
        Activation<ReportingServer.IReport> a = activate("Session:2", SYSTEM);
        ProcessHandle server = ProcessHandle.of(a.pid().getAsLong()).orElseThrow();
        host.close();
        server.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(server.isAlive());
    }

    @Test
    void suspendedClassesWaitUntilTheServerResumesThem(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path go = dir.resolve("go");
        host = fixture.restart(scenario("scenario.json"),
                new SessionHost.Options(null, null, java.util.Map.of("GOFILE", go.toString())));
        String name = "Session:2!new:50000000-0000-0000-0000-000000000008";
        var first = host.bindAsync(name, ReportingServer.IReport.class,
                io.sessionmoniker.activation.ActivationOptions.defaults());
        var second = host.bindAsync(name, ReportingServer.IReport.class,
                io.sessionmoniker.activation.ActivationOptions.defaults());
        // the server registered (RegisterClassObject returned) before it writes this file
        assertTrue(ReportingServer.awaitFile(dir.resolve("registered"), java.time.Duration.ofSeconds(60)),
                "the server registers its class suspended");
        assertEquals(1, host.scm().suspendedCount(), "the host holds the registration back");
        assertFalse(first.isDone(), "a suspended class takes no activation");
        assertFalse(second.isDone(), "a suspended class takes no activation");
        assertEquals(1, host.serverPids().size(), "and the waiting activations launch nothing more");
        java.nio.file.Files.createFile(go);
        try (Activation<ReportingServer.IReport> a = first.get(60, TimeUnit.SECONDS);
             Activation<ReportingServer.IReport> b = second.get(60, TimeUnit.SECONDS)) {
            assertEquals(a.pid(), b.pid(), "both bind to the one resumed server");
            assertEquals(2, a.object().SessionId());
            assertEquals(0, host.scm().suspendedCount());
        }
    }

    @Test
    void aLaunchTokenRegistersOnlyItsOwnClassesOnceAndOnlyObjectsOfItsOwnServer(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path outcomes = dir.resolve("outcomes");
        host = fixture.restart(scenario("scenario.json"),
                new SessionHost.Options(null, null, java.util.Map.of("ROGUEFILE", outcomes.toString())));
        try (Activation<io.sessionmoniker.activation.ClassObject> rogue = host.activate(
                "Session:2!clsid:50000000-0000-0000-0000-00000000000A", SYSTEM,
                io.sessionmoniker.activation.ClassObject.class)) {
            assertTrue(rogue.launched());
            List<String> lines = Await.until("the rogue server's outcomes", Duration.ofSeconds(60), () -> {
                try {
                    return java.nio.file.Files.exists(outcomes) ? java.nio.file.Files.readAllLines(outcomes) : List.of();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, l -> !l.isEmpty());
            assertEquals(List.of("foreign=E_ACCESSDENIED", "elsewhere=E_ACCESSDENIED", "own=ok",
                    "twice=E_ACCESSDENIED"), lines, "a class it was not started for, an object on another socket"
                    + " and a second registration are refused; its own registration goes through");
            try (Activation<ReportingServer.IReport> reporter = activate("Session:2", SYSTEM)) {
                assertTrue(reporter.launched(), "the class the rogue tried to register was not taken from it");
                assertNotEquals(rogue.pid().getAsLong(), reporter.object().Pid());
            }
        }
    }

    @Test
    void aServerEndedBySigtermRemovesItsSocket(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        host = fixture.restart(scenario("scenario.json"), new SessionHost.Options(run, null, java.util.Map.of()));
        try (Activation<ReportingServer.IReport> a = activate("Session:2", SYSTEM)) {
            long pid = a.object().Pid();
            Path socket = run.resolve("server-" + pid + ".sock");
            assertTrue(java.nio.file.Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    "a running server listens on " + socket);
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
            server.destroy();   // SIGTERM, as a logoff or the host's start timeout sends, while an instance is held
            server.onExit().get(60, TimeUnit.SECONDS);
            assertFalse(java.nio.file.Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    "the server removed its socket as it ended");
        }
    }

    @Test
    void serverLogsAreOwnerOnlyNewFilesAndLeaveEarlierFilesAlone(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path logs = java.nio.file.Files.createDirectory(dir.resolve("logs"));
        // what an earlier host, or another account, left under the name the first server's log would have
        Path planted = java.nio.file.Files.writeString(logs.resolve("server-1-" + REPORTER + "-session2.log"),
                "someone else's\n");
        Path target = java.nio.file.Files.writeString(dir.resolve("target.txt"), "a link's target\n");
        Path link = java.nio.file.Files.createSymbolicLink(logs.resolve("server-1-" + REPORTER + "-session2-1.log"),
                target);
        host = fixture.restart(scenario("scenario.json"), new SessionHost.Options(null, logs, java.util.Map.of()));
        try (Activation<ReportingServer.IReport> a = activate("Session:2", SYSTEM)) {
            assertEquals(2, a.object().SessionId());
        }
        List<Path> made;
        try (var files = java.nio.file.Files.list(logs)) {
            made = files.filter(p -> !p.equals(planted) && !p.equals(link)).toList();
        }
        assertEquals(1, made.size(), "one new log: " + made);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(made.get(0))), "a server's log is owner-only");
        assertEquals("someone else's\n", java.nio.file.Files.readString(planted), "an earlier file is left alone");
        assertEquals("a link's target\n", java.nio.file.Files.readString(target), "a link is never followed");
    }

    @Test
    void callsIntoAServerAreCheckedAgainstItsAccessPermission() {
        Caller bob = Caller.local(host.sessions().users().lookup("bob").orElseThrow(), 2);
        Caller alice = Caller.local(host.sessions().users().lookup("alice").orElseThrow(), 1);
        String guarded = "Session:2!new:50000000-0000-0000-0000-000000000009";
        try (Activation<ReportingServer.IReport> asBob = host.activate(guarded, bob, ReportingServer.IReport.class)) {
            ComException denied = assertThrows(ComException.class, () -> asBob.object().SessionId());
            assertEquals(HResult.E_ACCESSDENIED, denied.hresult(), "bob may launch, but the AccessPermission lets only"
                    + " SYSTEM and administrators call: " + denied);
            try (Activation<ReportingServer.IReport> asAlice = host.activate(guarded, alice,
                    ReportingServer.IReport.class);
                 Activation<ReportingServer.IReport> asSystem = host.activate(guarded, SYSTEM,
                         ReportingServer.IReport.class)) {
                assertEquals(asBob.pid(), asAlice.pid(), "one server; the check is per call, per caller");
                assertEquals(2, asAlice.object().SessionId(), "an administrator may call");
                assertEquals("bob", asSystem.object().User(), "SYSTEM may call");
            }
            ComException viaQi = assertThrows(ComException.class, () -> ((io.sessionmoniker.activation.orpc.runtime.RemoteObject)
                    asBob.object()).queryInterface(ReportingServer.IReport.class));
            assertEquals(HResult.E_ACCESSDENIED, viaQi.hresult(), "QueryInterface is a call too: " + viaQi);
        }
        try (Activation<ReportingServer.IReport> plain = host.activate("Session:2!new:" + REPORTER, bob,
                ReportingServer.IReport.class)) {
            assertEquals(2, plain.object().SessionId(), "without an AccessPermission the server's own user may call");
        }
    }
}
