package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionmoniker.activation.host.internal.HostWire;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import org.junit.jupiter.api.Test;

/** The daemon's session JSON keeps the console id a number, the console's 0xFFFFFFFF included. */
class SessionWireTest {

    @Test
    void aNumberedConsoleIsWrittenAsItsNumber() {
        SessionManager m = SessionManager.builder(SessionManagerTest.USERS).build();
        JsonNode json = HostWire.snapshot(m.snapshot());
        assertTrue(json.get("consoleSessionId").isIntegralNumber(), json.toString());
        assertEquals(1, json.get("consoleSessionId").asLong());
        SessionSnapshot back = HostWire.snapshot(json);
        assertEquals(SessionId.of(1), back.consoleSessionId());
        assertEquals(m.snapshot().sessions(), back.sessions());
    }

    @Test
    void noConsoleIsWrittenAsAllOnesAndReadBackAsNoConsole() {
        SessionManager m = SessionManager.builder(SessionManagerTest.USERS).build();
        m.beginConsoleSwitch();
        JsonNode json = HostWire.snapshot(m.snapshot());
        assertTrue(json.get("consoleSessionId").isIntegralNumber(), json.toString());
        assertEquals(4294967295L, json.get("consoleSessionId").asLong());
        assertTrue(json.toString().startsWith("{\"consoleSessionId\":4294967295,"), json.toString());
        assertSame(SessionId.NO_CONSOLE, HostWire.snapshot(json).consoleSessionId());
    }
}
