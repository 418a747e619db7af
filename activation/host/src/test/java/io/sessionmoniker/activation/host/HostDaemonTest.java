package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.Activators;
import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.SessionEvent;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.host.internal.IHostControl;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.policy.ActivationDeniedException;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.IdentityKind;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A host daemon and its clients: activation, sessions, notifications and errors across the socket. */
class HostDaemonTest {

    static final String REPORTER = ServiceControlManagerTest.REPORTER;

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("scenario.json"));

    HostDaemon daemon;
    Path socket;

    @BeforeEach
    void start() throws Exception {
        socket = tmp.resolve("run").resolve("host.sock");
        daemon = fixture.daemon(socket);
    }

    @AfterEach
    void theReferenceFileGoesWithTheDaemon() {
        daemon.close();   // the fixture then checks that its servers ended
        assertFalse(Files.exists(HostDaemon.refFile(socket)), "the reference file goes with the daemon");
    }

    @Test
    void clientsShareOneServerPerSessionAndTheirProxiesCallItDirectly() throws Exception {
        try (HostClient one = HostClient.connect(socket); HostClient two = HostClient.connect(socket)) {
            assertEquals("daemon", one.backend());
            Activation<ReportingServer.IReport> a = one.bind("Session:2!new:" + REPORTER, ReportingServer.IReport.class,
                    ActivationOptions.defaults());
            Activation<ReportingServer.IReport> b = two.bind("Session:2!new:" + REPORTER,
                    ReportingServer.IReport.class, ActivationOptions.defaults());
            try (a; b) {
                assertTrue(a.launched());
                assertFalse(b.launched(), "the second client binds to the running server");
                assertEquals(a.pid(), b.pid());
                assertEquals(2, a.object().SessionId(), "the server itself reports its session");
                assertEquals("bob", b.object().User());
                assertEquals(a.pid().getAsLong(), b.object().Pid());
                assertEquals(IdentityKind.INTERACTIVE_USER, a.decision().orElseThrow().identity());
                assertEquals(List.of(a.pid().getAsLong()), one.status().serverPids());
            }
        }
    }

    @Test
    void lateBoundClassObjectAndCallerTravel() throws Exception {
        try (HostClient client = HostClient.connect(socket)) {
            Caller bob = client.caller("bob", OptionalLong.empty());
            assertEquals(OptionalLong.of(2), bob.session(), "a user's first interactive session");
            assertEquals("bob", bob.principal().name());
            try (Activation<LateBound> d = client.bind("Session:2!clsid:" + REPORTER, LateBound.class,
                    ActivationOptions.defaults().withCaller(bob))) {
                assertEquals(2L, ((Number) d.object().invoke("SessionId")).longValue());
            }
            ComException crossing = assertThrows(ActivationDeniedException.class, () -> client.bind(
                    "Session:1!clsid:" + REPORTER, LateBound.class, ActivationOptions.defaults().withCaller(bob)));
            assertTrue(crossing.getMessage().contains("crossSession"), crossing.getMessage());
            try (Activation<ClassObject> f = client.bind("Session:1!clsid:" + REPORTER, ClassObject.class,
                    ActivationOptions.defaults())) {
                assertTrue(f.decision().orElseThrow().isAllowed());
                try (LateBound instance = f.object().createInstance(LateBound.class)) {
                    assertEquals(1L, ((Number) instance.invoke("SessionId")).longValue());
                }
            }
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> client.caller("mallory", OptionalLong.empty()));
            assertTrue(unknown.getMessage().contains("mallory"), unknown.getMessage());
        }
    }

    @Test
    void failuresArriveAsTheSameExceptions() throws Exception {
        try (HostClient client = HostClient.connect(socket)) {
            MonikerSyntaxException syntax = assertThrows(MonikerSyntaxException.class, () -> client.bind(
                    "Session:2!new:nonsense", ReportingServer.IReport.class, ActivationOptions.defaults()));
            assertEquals(HResult.MK_E_SYNTAX, syntax.hresult());
            assertEquals("Session:2!new:nonsense", syntax.input());
            ComException missing = assertThrows(ComException.class, () -> client.bind(
                    "Session:7!new:" + REPORTER, ReportingServer.IReport.class, ActivationOptions.defaults()));
            assertInstanceOf(ActivationDeniedException.class, missing);
            assertFalse(((ActivationDeniedException) missing).trace().isEmpty(), "the trace travels");
            ComException notRegistered = assertThrows(ComException.class, () -> client.bind(
                    "Session:2!new:50000000-0000-0000-0000-0000000000AA", ReportingServer.IReport.class,
                    ActivationOptions.defaults()));
            assertEquals(HResult.REGDB_E_CLASSNOTREG, notRegistered.hresult());
            ComException inproc = assertThrows(ComException.class, () -> client.bind("Session:2!new:" + REPORTER,
                    ReportingServer.IReport.class, ActivationOptions.defaults()
                            .withClassContext(ActivationOptions.CLSCTX_INPROC_SERVER)));
            assertEquals(HResult.REGDB_E_CLASSNOTREG, inproc.hresult());
            ComException badOp = assertThrows(ComException.class, () -> client.sessionOperation("logoff", "7"));
            assertTrue(badOp.getMessage().contains("7"), badOp.getMessage());
            assertThrows(IllegalArgumentException.class, () -> client.sessionOperation("explode", "1"));
            assertTrue(daemon.host().serverPids().isEmpty(), "nothing was launched");
        }
    }

    @Test
    void sessionOperationsAndNotificationsReachClients() throws Exception {
        try (HostClient client = HostClient.connect(socket)) {
            BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();
            SessionProvider.Subscription sub = client.sessions().subscribe(events::add);
            Activation<ReportingServer.IReport> a = client.bind("Session:2!new:" + REPORTER,
                    ReportingServer.IReport.class, ActivationOptions.defaults());
            long pid = a.pid().getAsLong();
            assertEquals(2, client.sessionOperation("logoff", "2"));
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            ComException gone = assertThrows(ComException.class, () -> a.object().Pid());
            assertTrue(gone.hresult() == HResult.RPC_E_DISCONNECTED || gone.hresult() == HResult.RPC_E_SERVER_DIED,
                    gone.toString());
            a.close();
            SessionEvent logoff = events.poll(30, TimeUnit.SECONDS);
            assertEquals(SessionChange.SESSION_LOGOFF, logoff.change());
            assertEquals(2, logoff.sessionId());
            long carol = client.sessionOperation("logon", "bob");
            SessionSnapshot snap = client.sessions().snapshot();
            assertEquals("bob", snap.find(carol).orElseThrow().user().orElseThrow().name());
            SessionEvent next = events.poll(30, TimeUnit.SECONDS);
            assertTrue(next.sequence() > logoff.sequence(), "in order");
            sub.close();
            assertEquals(SessionId.of(1), client.sessions().consoleSessionId());
        }
    }

    @Test
    void theServiceLoaderOpensADaemonClientAndShutdownIsAskedFor() throws Exception {
        try (Activator a = Activators.open(ActivatorSettings.defaults().withHostSocket(socket))) {
            assertEquals("daemon", a.backend());
            assertEquals(3, a.sessions().sessions().size());
            ((HostClient) a).shutdown();
        }
        assertTrue(waitShutdown(), "the daemon's waiter wakes");
    }

    @Test
    void noDaemonMeansAClearError() {
        IOException e = assertThrows(IOException.class, () -> HostClient.connect(tmp.resolve("none/host.sock")));
        assertTrue(e.getMessage().contains("sessmon host start"), e.getMessage());
    }

    @Test
    void aDaemonOnABusySocketIsRefused() {
        assertThrows(IOException.class, () -> HostDaemon.start(ServiceControlManagerTest.scenario("scenario.json"),
                socket, SessionHost.Options.defaults()));
    }

    @Test
    void malformedRequestsGetErrorsAndTheDaemonKeepsServing() throws Exception {
        String hex = Files.readString(HostDaemon.refFile(socket)).strip();
        try (ComClient raw = new ComClient(UnixSocketTransport.create())) {
            IHostControl control = raw.proxy(ObjRef.decode(Bytes.fromHex(hex)), IHostControl.class);
            String name = "\"name\":\"Session:2!new:" + REPORTER + "\"";
            for (String bad : new String[] {"", "not json", "[1,2]", "{}", "{\"name\":5}",
                "{" + name + ",\"caller\":{\"user\":7},\"classContext\":4}"}) {
                for (String answer : List.of(control.Activate(bad), control.Explain(bad))) {
                    assertError(bad, answer);
                }
            }
            for (String bad : new String[] {"{" + name + ",\"caller\":{},\"lateBound\":\"yes\"}",
                "{" + name + ",\"caller\":{},\"lateBound\":false,\"iid\":\"nonsense\",\"classContext\":4}",
                "{" + name + ",\"caller\":{},\"lateBound\":true,\"deadlineMillis\":-5,\"classContext\":4}"}) {
                assertError(bad, control.Activate(bad));
            }
            for (String bad : new String[] {"", "not json", "[1,2]", "{\"user\":7}", "{\"session\":\"two\"}",
                "{\"user\":\"mallory\"}"}) {
                assertTrue(control.ResolveCaller(bad).contains("\"error\""), bad);
            }
            assertTrue(control.ResolveCaller("{}").contains("SYSTEM"), "no user named: the default caller");
            assertTrue(control.SessionOperation(null, null).contains("\"error\""));
            assertTrue(control.SessionOperation("logoff", "two").contains("is a number"));
        }
        assertTrue(daemon.host().serverPids().isEmpty(), "nothing was launched");
        try (HostClient client = HostClient.connect(socket)) {
            assertEquals(3, client.sessions().sessions().size(), "the daemon still serves");
        }
    }

    private static void assertError(String request, String answer) throws Exception {
        JsonNode error = new ObjectMapper().readTree(answer).get("error");
        assertTrue(error != null && error.get("message").asText().length() > 0, request + " -> " + answer);
    }

    private boolean waitShutdown() throws InterruptedException {
        Thread waiter = new Thread(() -> {
            try {
                daemon.awaitShutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        waiter.join(Duration.ofSeconds(30).toMillis());
        return !waiter.isAlive();
    }

    static Caller system() {
        return Caller.local(Principal.system(), 0);
    }
}
