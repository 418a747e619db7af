package io.sessionmoniker.server.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.policy.WtsState;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The session operations a test drives under a held reference, on the demo scenario, a host per test: a disconnect
 * keeps the server, a console switch moves where {@code Session:Console} activates.
 */
@SessionHostTest(lifecycle = SessionHostTest.Lifecycle.PER_METHOD)
class SessionControlTest {

    static final String SESSION_INFO = "10000013-0000-0000-0000-000000000001";

    @Test
    void aDisconnectKeepsTheServerAndItsClientsCalls(SessionHost host, SessionControl sessions) {
        try (Activation<LateBound> a = host.activate("Session:2!new:" + SESSION_INFO, host.caller("bob",
                OptionalLong.empty()), LateBound.class)) {
            sessions.disconnect(2);
            assertEquals(WtsState.DISCONNECTED, sessions.snapshot().find(2).orElseThrow().state());
            assertEquals(2, ((Number) a.object().invoke("SessionId")).intValue());
            sessions.reconnect(2);
            assertEquals(WtsState.ACTIVE, sessions.snapshot().find(2).orElseThrow().state());
            assertTrue(host.serverPids().contains(a.pid().orElseThrow()));
        }
    }

    @Test
    void aConsoleSwitchMovesTheConsoleSession(SessionHost host, SessionControl sessions) {
        sessions.switchConsole(2);
        assertEquals(2, sessions.snapshot().consoleSessionId().id());
        try (Activation<LateBound> a = host.activate("Session:Console!new:" + SESSION_INFO, host.caller("bob",
                OptionalLong.empty()), LateBound.class)) {
            assertEquals(2, ((Number) a.object().invoke("SessionId")).intValue());
            assertEquals("bob", a.object().invoke("UserName"));
        }
    }
}
