package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.policy.LogonType;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.SessionView;
import io.sessionmoniker.policy.Sid;
import io.sessionmoniker.policy.WtsState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WtsSessionMapperTest {

    private static final Sid ALICE = Sid.machineAccount(1001);
    private static final Sid BOB = Sid.machineAccount(1002);
    private static final Map<String, Sid> ACCOUNTS = Map.of("PC\\alice", ALICE, "PC\\bob", BOB);
    private static final WtsSessionMapper MAPPER = new WtsSessionMapper(
            (id, domain, user) -> Optional.ofNullable(ACCOUNTS.get(RawWtsSession.qualify(domain, user))));

    /** What a typical Windows Server with one console user and one RDP user reports. */
    private static final List<RawWtsSession> SERVER = List.of(
            new RawWtsSession(0, "Services", 4, "", ""),
            new RawWtsSession(1, "Console", 0, "alice", "PC"),
            new RawWtsSession(2, "RDP-Tcp#7", 0, "bob", "PC"),
            new RawWtsSession(65536, "RDP-Tcp", 6, "", ""));

    @Nested
    class Snapshot {
        @Test
        void mapsEverySession() {
            SessionSnapshot snap = MAPPER.snapshot(SERVER, 1);
            assertEquals(List.of(0L, 1L, 2L, 65536L), snap.sessions().stream().map(SessionView::id).toList());
            assertEquals(SessionId.of(1), snap.consoleSessionId());
            SessionView console = snap.find(1).orElseThrow();
            assertEquals("Console", console.name());
            assertEquals(WtsState.ACTIVE, console.state());
            assertTrue(console.console());
            Principal alice = console.user().orElseThrow();
            assertEquals("PC\\alice", alice.name());
            assertEquals(ALICE, alice.sid());
            assertEquals(LogonType.INTERACTIVE, alice.logonType());
            assertFalse(alice.isAdministrator(), "group memberships are not read");
            assertEquals(WtsState.DISCONNECTED, snap.find(0).orElseThrow().state());
            assertFalse(snap.find(0).orElseThrow().hasUser());
            assertEquals(WtsState.LISTEN, snap.find(65536).orElseThrow().state());
        }

        @Test
        void consoleSwitchingReportsNoConsole() {
            SessionSnapshot snap = MAPPER.snapshot(SERVER, 0xFFFF_FFFFL);
            assertEquals(SessionId.NO_CONSOLE, snap.consoleSessionId());
            assertTrue(snap.sessions().stream().noneMatch(SessionView::console));
        }

        @Test
        void consoleIdNamingNoEnumeratedSessionReportsNoConsole() {
            SessionSnapshot snap = MAPPER.snapshot(SERVER, 3);
            assertEquals(SessionId.NO_CONSOLE, snap.consoleSessionId());
        }

        @Test
        void unknownStatesAndTheNoSessionIdAreLeftOut() {
            SessionSnapshot snap = MAPPER.snapshot(List.of(
                    new RawWtsSession(1, "Console", 0, "alice", "PC"),
                    new RawWtsSession(5, "Future", 10, "", ""),
                    new RawWtsSession(6, "Negative", -1, "", ""),
                    new RawWtsSession(0xFFFF_FFFFL, "None", 0, "", "")), 1);
            assertEquals(List.of(1L), snap.sessions().stream().map(SessionView::id).toList());
        }

        @Test
        void repeatedIdsKeepTheFirst() {
            SessionSnapshot snap = MAPPER.snapshot(List.of(
                    new RawWtsSession(2, "RDP-Tcp#7", 0, "bob", "PC"),
                    new RawWtsSession(2, "RDP-Tcp#8", 4, "", "")), SessionId.NO_CONSOLE.wireValue());
            assertEquals("RDP-Tcp#7", snap.find(2).orElseThrow().name());
        }

        @Test
        void emptyEnumeration() {
            SessionSnapshot snap = MAPPER.snapshot(List.of(), 1);
            assertTrue(snap.sessions().isEmpty());
            assertEquals(SessionId.NO_CONSOLE, snap.consoleSessionId());
        }

        @Test
        void largeSessionIdsAreUnsigned() {
            SessionSnapshot snap = MAPPER.snapshot(List.of(new RawWtsSession(0xFFFF_FFFEL, "Odd", 6, "", "")),
                    SessionId.NO_CONSOLE.wireValue());
            assertEquals(0xFFFF_FFFEL, snap.sessions().get(0).id());
        }
    }

    @Nested
    class Users {
        @Test
        void unresolvableUserFailsClosed() {
            RawWtsSession carol = new RawWtsSession(3, "RDP-Tcp#9", 0, "carol", "CORP");
            assertEquals(Optional.empty(), MAPPER.user(carol));
            SessionView view = MAPPER.snapshot(List.of(carol), SessionId.NO_CONSOLE.wireValue()).find(3).orElseThrow();
            assertFalse(view.hasUser(), "no SID: reported without a user");
            assertEquals(WtsState.ACTIVE, view.state());
        }

        @Test
        void resolverThatThrowsFailsClosed() {
            WtsSessionMapper broken = new WtsSessionMapper((id, d, u) -> {
                throw new IllegalStateException("LSA unavailable");
            });
            assertEquals(Optional.empty(), broken.user(new RawWtsSession(1, "Console", 0, "alice", "PC")));
        }

        @Test
        void blankUserMeansNobody() {
            assertEquals(Optional.empty(), MAPPER.user(new RawWtsSession(1, "Console", 0, "  ", "PC")));
        }

        @Test
        void statesThatCannotHaveAUserDropTheName() {
            for (int state : new int[] {6, 7, 8, 9}) {   // Listen, Reset, Down, Init
                RawWtsSession raw = new RawWtsSession(4, "x", state, "alice", "PC");
                assertEquals(Optional.empty(), MAPPER.user(raw), "state " + state);
                assertFalse(MAPPER.snapshot(List.of(raw), SessionId.NO_CONSOLE.wireValue()).sessions().get(0)
                        .hasUser());
            }
        }

        @Test
        void disconnectedSessionsKeepTheirUser() {
            RawWtsSession raw = new RawWtsSession(2, "", 4, "bob", "PC");
            assertEquals(BOB, MAPPER.user(raw).orElseThrow().sid());
        }

        @Test
        void localNamesWithoutDomain() {
            WtsSessionMapper m = new WtsSessionMapper((id, d, u) -> Optional.of(ALICE));
            assertEquals("alice", m.user(new RawWtsSession(1, "Console", 0, "alice", "")).orElseThrow().name());
        }

        @Test
        void resolverSeesSessionDomainAndUser() {
            StringBuilder seen = new StringBuilder();
            new WtsSessionMapper((id, d, u) -> {
                seen.append(id).append('|').append(d).append('|').append(u);
                return Optional.of(BOB);
            }).user(new RawWtsSession(7, "RDP-Tcp#1", 0, "bob", "PC"));
            assertEquals("7|PC|bob", seen.toString());
        }
    }
}
