package io.sessionmoniker.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.Activators;
import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.activation.remote.AuthenticationLevel;
import io.sessionmoniker.activation.remote.RemoteActivator;
import io.sessionmoniker.activation.remote.RemoteCredentials;
import io.sessionmoniker.activation.remote.RemoteHost;
import io.sessionmoniker.activation.remote.RemoteSettings;
import io.sessionmoniker.activation.testing.Await;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.server.ISessionInfo;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The remote backend against our host over loopback TCP: what no other DCOM client can ask — a session — and each
 * server's own report of where it runs; the host's refusals with their HRESULTs; every authentication level; and
 * the life of held references: pinged, dropped by the host when the pings stop, released on close.
 */
class RemoteActivatorTest {

    static final String CLSID = RemoteScenario.SESSION_INFO;
    static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    static Path scenario;
    static Path connectScenario;
    static Path shortPings;

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> RemoteScenario.load(scenario));

    @BeforeAll
    static void write() throws Exception {
        scenario = RemoteScenario.write(dir.resolve("default"), "");
        connectScenario = RemoteScenario.write(dir.resolve("connect"), "\"minimumAuthnLevel\": \"connect\"");
        shortPings = RemoteScenario.write(dir.resolve("pings"), "\"pingPeriodMillis\": 1000");
    }

    RemoteActivator open(SessionHost host, String user, String password, AuthenticationLevel level) throws Exception {
        return open(RemoteScenario.settings(host, user, password, level));
    }

    RemoteActivator open(ActivatorSettings settings) throws Exception {
        return fixture.closeLater((RemoteActivator) Activators.open(settings));
    }

    static String hex(int hr) {
        return String.format(Locale.ROOT, "0x%08X", hr);
    }

    @Test
    void activatesIntoSessionsOneTwoThreeAndTheConsoleAndEachServerReportsIt() throws Exception {
        SessionHost host = fixture.host();
        RemoteActivator remote = open(host, "alice", "demo-alice", AuthenticationLevel.PRIVACY);
        String[] users = {null, "alice", "bob", "carol"};
        for (int session = 1; session <= 3; session++) {
            try (Activation<ISessionInfo> a = remote.bind("Session:" + session + "!new:" + CLSID,
                    ISessionInfo.class)) {
                assertEquals(session, a.object().SessionId(), "the server reports the session it runs in");
                assertEquals(users[session], a.object().UserName());
                assertTrue(a.decision().isEmpty() && a.pid().isEmpty(), "the wire reports no decision or pid");
            }
        }
        try (Activation<ISessionInfo> a = remote.bind("Session:Console!new:" + CLSID, ISessionInfo.class)) {
            assertEquals(1, a.object().SessionId());
        }
        try (Activation<LateBound> a = remote.bind("session:3!new:" + CLSID, LateBound.class)) {
            assertEquals(3, ((Number) a.object().get("SessionId")).intValue());
            assertEquals("carol", a.object().invoke("UserName"));
        }
    }

    @Test
    void aRemoteClientsActivationsAndReleasesLeaveALocalClientsObjectInTheSameServerAlone() throws Exception {
        // the server's TCP and local sockets each number their connections from 1: a DCOM client's connection
        // closing once released what the host's local connection of the same number held, so the local client's
        // object was disconnected and the server ended, and every activation launched a new one
        SessionHost host = fixture.host();
        try (Activation<LateBound> local = host.activate("Session:2!new:" + CLSID,
                Caller.local(Principal.system(), 0), LateBound.class)) {
            long pid = ((Number) local.object().invoke("ProcessId")).longValue();
            RemoteActivator remote = open(host, "bob", "demo-bob", AuthenticationLevel.PRIVACY);
            for (int i = 0; i < 3; i++) {
                try (Activation<LateBound> a = remote.bind("new:" + CLSID, LateBound.class)) {
                    assertEquals(pid, ((Number) a.object().invoke("ProcessId")).longValue(),
                            "bound to the running server");
                }
                assertEquals(2, ((Number) local.object().invoke("SessionId")).intValue(),
                        "the local client's object lives on");
            }
            assertEquals(List.of(pid), host.launchedServerPids(), "one server for all of them");
        }
    }

    @Test
    void aNameWithoutASessionPartLeavesThePlaceToTheHost() throws Exception {
        // no SpecialPropertiesData: the host places a network caller's Interactive User object in the caller's own
        // session, as Windows does
        SessionHost host = fixture.host();
        RemoteActivator remote = open(host, "bob", "demo-bob", AuthenticationLevel.PRIVACY);
        try (Activation<ISessionInfo> a = remote.bind("new:" + CLSID, ISessionInfo.class)) {
            assertEquals(2, a.object().SessionId());
            assertEquals("bob", a.object().UserName());
        }
    }

    @Test
    void theClassObjectComesFromRemoteGetClassObjectInTheSessionNamed() throws Exception {
        RemoteActivator remote = open(fixture.host(), "alice", "demo-alice", AuthenticationLevel.PRIVACY);
        try (Activation<ClassObject> a = remote.bind("Session:3!clsid:" + CLSID + ":", ClassObject.class)) {
            a.object().lockServer(true);
            ISessionInfo info = a.object().createInstance(ISessionInfo.class);
            assertEquals(3, info.SessionId());
            ((AutoCloseable) info).close();
            a.object().lockServer(false);
        }
    }

    @Test
    void thePolicysRefusalsArriveWithTheirHResults() throws Exception {
        SessionHost host = fixture.host();
        RemoteActivator bob = open(host, "bob", "demo-bob", AuthenticationLevel.PRIVACY);
        // crossSession=admins: bob may not reach alice's console session, nor carol's
        ComException console = assertThrows(ComException.class, () -> bob.bind("Session:Console!new:" + CLSID,
                ISessionInfo.class));
        assertEquals(hex(HResult.E_ACCESSDENIED), hex(console.hresult()), console.getMessage());
        ComException other = assertThrows(ComException.class, () -> bob.bind("Session:3!new:" + CLSID,
                LateBound.class));
        assertEquals(hex(HResult.E_ACCESSDENIED), hex(other.hresult()), other.getMessage());
        ComException missing = assertThrows(ComException.class, () -> bob.bind("Session:77!new:" + CLSID,
                LateBound.class));
        assertEquals(hex(HResult.ERROR_CTX_WINSTATION_NOT_FOUND), hex(missing.hresult()), missing.getMessage());
        ComException unknown = assertThrows(ComException.class, () -> bob.bind(
                "Session:2!new:5E55B0A0-C0DE-4000-8000-00000000DEAD", LateBound.class));
        assertEquals(hex(HResult.REGDB_E_CLASSNOTREG), hex(unknown.hresult()), unknown.getMessage());
        // a caller cannot be claimed: the host knows bob from his NTLM logon
        ComException claimed = assertThrows(ComException.class, () -> bob.bind("Session:2!new:" + CLSID,
                LateBound.class, io.sessionmoniker.activation.ActivationOptions.defaults().withCaller(
                        io.sessionmoniker.policy.Caller.remote(io.sessionmoniker.policy.Principal.anonymous()))));
        assertEquals(hex(HResult.E_INVALIDARG), hex(claimed.hresult()), claimed.getMessage());
        // and his own session is his to use
        try (Activation<ISessionInfo> a = bob.bind("Session:2!new:" + CLSID, ISessionInfo.class)) {
            assertEquals(2, a.object().SessionId());
        }
    }

    @Test
    void wrongCredentialsAreAccessDenied() throws Exception {
        SessionHost host = fixture.host();
        RemoteActivator wrong = open(host, "bob", "not-bobs", AuthenticationLevel.PRIVACY);
        ComException e = assertThrows(ComException.class, () -> wrong.bind("Session:2!new:" + CLSID,
                ISessionInfo.class));
        assertEquals(hex(HResult.E_ACCESSDENIED), hex(e.hresult()), e.getMessage());
        RemoteActivator nobody = open(host, "mallory", "anything", AuthenticationLevel.INTEGRITY);
        ComException n = assertThrows(ComException.class, () -> nobody.bind("new:" + CLSID, LateBound.class));
        assertEquals(hex(HResult.E_ACCESSDENIED), hex(n.hresult()), n.getMessage());
    }

    @ParameterizedTest
    @EnumSource(AuthenticationLevel.class)
    void everyLevelActivatesAndCallsOnAHostThatAcceptsIt(AuthenticationLevel level) throws Exception {
        SessionHost host = fixture.start(RemoteScenario.load(connectScenario), SessionHost.Options.defaults());
        RemoteActivator remote = open(host, "alice", "demo-alice", level);
        assertEquals(level, remote.authenticationLevel());
        try (Activation<ISessionInfo> a = remote.bind("Session:2!new:" + CLSID, ISessionInfo.class)) {
            assertEquals(2, a.object().SessionId());
            assertEquals("x".repeat(20_000), a.object().Echo("x".repeat(20_000)), "a call of several fragments");
        }
    }

    @Test
    void aHardenedHostRefusesConnectLevel() throws Exception {
        // the default host requires PKT_INTEGRITY, as KB5004442 makes Windows do
        RemoteActivator remote = open(fixture.host(), "alice", "demo-alice", AuthenticationLevel.CONNECT);
        ComException e = assertThrows(ComException.class, () -> remote.bind("Session:2!new:" + CLSID,
                ISessionInfo.class));
        assertEquals(hex(HResult.E_ACCESSDENIED), hex(e.hresult()), e.getMessage());
    }

    @Test
    void heldReferencesArePingedAndAReferenceTheHostDroppedIsDisconnected() throws Exception {
        // a host that releases what is not pinged for 3 s
        SessionHost host = fixture.start(RemoteScenario.load(shortPings), SessionHost.Options.defaults());
        RemoteActivator pinging = open(RemoteScenario.settings(host, "alice", "demo-alice",
                AuthenticationLevel.PRIVACY).with(RemoteSettings.PING_PERIOD, Duration.ofMillis(200)));
        RemoteActivator silent = open(RemoteScenario.settings(host, "alice", "demo-alice",
                AuthenticationLevel.PRIVACY).with(RemoteSettings.PING_PERIOD, Duration.ofHours(1)));
        Activation<ISessionInfo> kept = pinging.bind("Session:2!new:" + CLSID, ISessionInfo.class);
        Activation<ISessionInfo> dropped = silent.bind("Session:3!new:" + CLSID, ISessionInfo.class);
        assertEquals(1, pinging.objectsHeld());
        assertEquals(3, dropped.object().SessionId());
        // nobody pings the second object: the host releases it, and a call on it is RPC_E_DISCONNECTED
        Await.until("the unpinged reference is dropped", DEADLINE, () -> {
            try {
                dropped.object().SessionId();
                return false;
            } catch (ComException e) {
                assertEquals(hex(HResult.RPC_E_DISCONNECTED), hex(e.hresult()), e.getMessage());
                return true;
            }
        });
        // the pinged one outlived it, and lives on through many more pings than the three periods the host allows
        long now = pinging.pingsAnswered();
        Await.until("twenty more pings", DEADLINE, () -> pinging.pingsAnswered() >= now + 20);
        assertEquals(2, kept.object().SessionId());
        kept.close();
        assertEquals(0, pinging.objectsHeld());
        dropped.close();
    }

    @Test
    void aDeadHostIsServerUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RemoteActivator refused = open(settings("127.0.0.1", port, Duration.ofSeconds(5)));
        ComException e = assertThrows(ComException.class, () -> refused.bind("Session:2!new:" + CLSID,
                LateBound.class));
        assertEquals(hex(HResult.RPC_S_SERVER_UNAVAILABLE), hex(e.hresult()), e.getMessage());
        // a host that takes the connection and never answers: the same, within the call timeout
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            RemoteActivator mute = open(settings("127.0.0.1", silent.getLocalPort(), Duration.ofSeconds(2)));
            ComException m = assertThrows(ComException.class, () -> mute.bind("Session:2!new:" + CLSID,
                    LateBound.class));
            assertEquals(hex(HResult.RPC_S_SERVER_UNAVAILABLE), hex(m.hresult()), m.getMessage());
        }
    }

    private static ActivatorSettings settings(String host, int port, Duration timeout) {
        return ActivatorSettings.defaults().with(RemoteSettings.HOST, new RemoteHost(host, port))
                .with(RemoteSettings.CREDENTIALS, RemoteCredentials.password("", "alice", "demo-alice".toCharArray()))
                .with(RemoteSettings.CALL_TIMEOUT, timeout);
    }

    @Test
    void closingTheActivatorReleasesAndTheServerExits() throws Exception {
        SessionHost host = fixture.host();
        RemoteActivator remote = open(host, "alice", "demo-alice", AuthenticationLevel.PRIVACY);
        Activation<ISessionInfo> a = remote.bind("Session:2!new:" + CLSID, ISessionInfo.class);
        ISessionInfo second = ((io.sessionmoniker.activation.orpc.runtime.RemoteObject) a.object())
                .queryInterface(ISessionInfo.class);
        assertEquals(2, second.SessionId());
        List<Long> pids = host.serverPids();
        assertEquals(1, pids.size());
        ProcessHandle server = ProcessHandle.of(pids.get(0)).orElseThrow();
        remote.close();
        // both proxies' references released: the server's last object is gone, and it ends
        server.onExit().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertFalse(server.isAlive());
        ComException e = assertThrows(ComException.class, () -> a.object().SessionId());
        assertEquals(hex(HResult.RPC_E_DISCONNECTED), hex(e.hresult()));
        a.close();
    }

    @Test
    void settingsNamingAHostChooseTheRemoteBackendAndShowNoSecret() {
        ActivatorSettings s = ActivatorSettings.defaults().with(RemoteSettings.HOST, RemoteHost.parse("lab-7"))
                .with(RemoteSettings.CREDENTIALS, RemoteCredentials.parseUser("LAB\\alice",
                        "s3cret-pass".toCharArray()));
        assertEquals("remote", Activators.choose(s).name());
        assertEquals(135, s.get(RemoteSettings.HOST).orElseThrow().port());
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertTrue(s.toString().contains("LAB\\alice"), s.toString());
        char[] password = "pw".toCharArray();
        RemoteCredentials.password("", "bob", password);
        assertEquals("\0\0", new String(password), "the caller's password is wiped");
    }
}
