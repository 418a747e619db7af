package io.sessionmoniker.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.SessionTarget;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Session ids, and the two 0xFFFFFFFF answers that are not sessions. */
class SessionIdTest {

    @Test
    void numberedIdsAreEqualWhenTheirNumbersAre() {
        assertEquals(SessionId.of(3), SessionId.of(3));
        assertEquals(SessionId.of(3).hashCode(), SessionId.of(3).hashCode());
        assertNotEquals(SessionId.of(3), SessionId.of(4));
        assertEquals(3, SessionId.of(3).id());
        assertTrue(SessionId.of(3).isSession());
        assertTrue(SessionId.of(3).names(3));
        assertFalse(SessionId.of(3).names(4));
    }

    @Test
    void noConsoleAndAnyAreDistinctThoughBothAreWrittenAsAllOnes() {
        assertNotEquals(SessionId.NO_CONSOLE, SessionId.ANY);
        assertNotEquals(SessionId.ANY, SessionId.NO_CONSOLE);
        assertEquals(2, Set.of(SessionId.NO_CONSOLE, SessionId.ANY).size());
        assertEquals(0xFFFF_FFFFL, SessionId.NO_CONSOLE.wireValue());
        assertEquals(0xFFFF_FFFFL, SessionId.ANY.wireValue());
        assertEquals(SessionId.NO_CONSOLE, SessionId.NO_CONSOLE);
        assertEquals(SessionId.ANY, SessionId.ANY);
    }

    @Test
    void theSentinelsNameNoSession() {
        for (SessionId sentinel : new SessionId[] {SessionId.NO_CONSOLE, SessionId.ANY}) {
            assertFalse(sentinel.isSession());
            assertFalse(sentinel.names(0xFFFF_FFFFL));
            assertNotEquals(SessionId.of(SessionId.MAX_ID), sentinel);
            IllegalStateException e = assertThrows(IllegalStateException.class, sentinel::id);
            assertTrue(e.getMessage().startsWith("0xFFFFFFFF"), e.getMessage());
        }
    }

    @Test
    void eachWireReadsAllOnesAsItsOwnSentinel() {
        assertSame(SessionId.NO_CONSOLE, SessionId.fromConsoleWire(0xFFFF_FFFFL));
        assertSame(SessionId.ANY, SessionId.fromDcomWire(0xFFFF_FFFFL));
        assertEquals(SessionId.of(1), SessionId.fromConsoleWire(1));
        assertEquals(SessionId.of(1), SessionId.fromDcomWire(1));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 65536, 0xFFFF_FFFEL})
    void numberedIdsRoundTripThroughBothWires(long id) {
        SessionId s = SessionId.of(id);
        assertEquals(id, s.wireValue());
        assertEquals(s, SessionId.fromConsoleWire(s.wireValue()));
        assertEquals(s, SessionId.fromDcomWire(s.wireValue()));
    }

    @Test
    void sentinelsRoundTripThroughTheirOwnWire() {
        assertSame(SessionId.NO_CONSOLE, SessionId.fromConsoleWire(SessionId.NO_CONSOLE.wireValue()));
        assertSame(SessionId.ANY, SessionId.fromDcomWire(SessionId.ANY.wireValue()));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE})
    void outOfRangeNumbersAreRefused(long id) {
        assertThrows(IllegalArgumentException.class, () -> SessionId.of(id));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0x1_0000_0000L, Long.MIN_VALUE})
    void valuesWiderThan32BitsAreNotWireValues(long value) {
        assertThrows(IllegalArgumentException.class, () -> SessionId.fromConsoleWire(value));
        assertThrows(IllegalArgumentException.class, () -> SessionId.fromDcomWire(value));
    }

    @Test
    void canonicalText() {
        assertEquals("0", SessionId.of(0).toString());
        assertEquals("4294967294", SessionId.of(SessionId.MAX_ID).toString());
        assertEquals("0xFFFFFFFF (no console session)", SessionId.NO_CONSOLE.toString());
        assertEquals("0xFFFFFFFF (any session)", SessionId.ANY.toString());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 3, 15, 16, 65536, 0xFFFF_FFFEL})
    void agreesWithTheSessionMonikersTarget(long id) {
        assertEquals(SessionTarget.MAX_ID, SessionId.MAX_ID);
        assertEquals(SessionTarget.of(id).toString(), SessionId.of(id).toString());
        assertEquals(SessionTarget.of(id).id(), SessionId.of(id).id());
    }

    @Test
    void aSnapshotWithoutAConsoleSaysSo() {
        SessionView rdp = new SessionView(2, "RDP-Tcp#1", WtsState.CONNECTED, Optional.empty(), false);
        SessionSnapshot snap = SessionSnapshot.of(java.util.List.of(rdp), SessionId.NO_CONSOLE);
        assertSame(SessionId.NO_CONSOLE, snap.consoleSessionId());
        assertEquals(Optional.empty(), snap.consoleSession());
        assertTrue(snap.toString().contains("console=0xFFFFFFFF (no console session)"), snap.toString());
    }
}
