package io.sessionmoniker.server.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.host.DcomSettings;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.server.CallLog;
import io.sessionmoniker.server.CallRecord;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The kit on a port the system picks ({@code port135 = NEVER}), for clients that can be given a port — here the
 * the host's own clients — and for in-process activations: the scenario from a test resource with its
 * {@code .reg}, a scripted class from the annotation, and everything injected.
 */
@SessionHostTest(scenario = "lab.json", dcom = true, port135 = SessionHostTest.Port135.NEVER)
@ScriptedClass(clsid = EphemeralPortTest.INVENTORY, progId = "Inventory.Service", scriptResource = "lab-script.json")
class EphemeralPortTest {

    static final String INVENTORY = "4A1E0C2B-0000-4000-8000-000000000001";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theEndpointIsOnAnEphemeralPortWithTheScenariosNamesAndUsers(DcomEndpoint host, Scenario scenario)
            throws Exception {
        assertNotEquals(135, host.port());
        assertTrue(host.fallbackReason().isEmpty(), "NEVER asks for no 135, so nothing fell back");
        assertEquals("127.0.0.1", host.host());
        assertEquals("LAB1", host.computerName());
        assertEquals("LAB", host.domain());
        assertEquals(new DcomEndpoint.Credentials("LAB", "bob", "lab-bob"), host.user("BOB"));
        assertTrue(host.toString().contains(":" + host.port()));
        assertTrue(!host.user("bob").toString().contains("lab-bob"), "no password in toString");
        assertThrows(IllegalArgumentException.class, () -> host.user("mallory"));
        assertEquals(host.port(), scenario.dcom().listen().map(l -> l.substring(l.lastIndexOf(':') + 1))
                .map(Integer::parseInt).map(p -> p == 0 ? host.port() : p).orElseThrow());
        assertEquals(DcomSettings.INTEGRITY, scenario.dcom().minimumAuthnLevel());
        // the SCM and the resolver listen there
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(host.address(), 30_000);
        }
    }

    @Test
    void theAnnotatedScriptedClassAnswersAndItsCallsAreRecorded(SessionHost host, ScriptedCalls calls)
            throws Exception {
        try (Activation<LateBound> a = host.activate("@Inventory.Service", host.caller("bob", OptionalLong.empty()),
                LateBound.class)) {
            assertEquals("2.1", a.object().invoke("Version"));
            assertEquals(3, a.object().invoke("Add", 1, 2));
            ComException e = assertThrows(ComException.class, () -> a.object().invoke("Add", 2, 2));
            assertTrue(e.getMessage().contains("Add knows 1 + 2 only"), e.getMessage());
            CallLog log = calls.await(l -> l.count("Add") == 2, WAIT);
            CallRecord add = log.calls("Add").get(0);
            assertEquals(List.of(1, 2), add.args());
            assertEquals(2, add.session(), "Interactive User: bob's own session");
            assertEquals("bob", add.user());
            assertEquals(a.pid().orElseThrow(), add.pid());
        }
    }

    @Test
    void theScenariosRegFileRegistersItsClassToo(SessionHost host) {
        try (Activation<LateBound> a = host.activate("Session:1!new:10000013-0000-0000-0000-000000000001",
                host.caller("alice", OptionalLong.empty()), LateBound.class)) {
            assertEquals(1, ((Number) a.object().invoke("SessionId")).intValue());
            assertEquals("alice", a.object().invoke("UserName"));
        }
    }

    @Test
    void aLogoffEndsTheSessionsServerAndTheNextCallFails(SessionHost host, SessionControl sessions) {
        long session = sessions.logon("bob");
        Activation<LateBound> a = host.activate("Session:" + session + "!@Inventory.Service",
                host.caller("bob", OptionalLong.of(session)), LateBound.class);
        try {
            assertEquals("2.1", a.object().invoke("Version"));
            long pid = a.pid().orElseThrow();
            sessions.logoff(session);
            assertEquals(List.of(), HostFixture.awaitExit(List.of(pid), WAIT), "the server ended with its session");
            ComException e = assertThrows(ComException.class, () -> a.object().invoke("Version"));
            assertTrue(e.hresult() == HResult.RPC_E_DISCONNECTED || e.hresult() == HResult.RPC_E_SERVER_DIED
                    || e.hresult() == HResult.RPC_S_SERVER_UNAVAILABLE, e.getMessage());
        } finally {
            a.close();
        }
    }
}
