package io.sessionmoniker.activation.host;

import static io.sessionmoniker.activation.SessionChange.CONSOLE_CONNECT;
import static io.sessionmoniker.activation.SessionChange.CONSOLE_DISCONNECT;
import static io.sessionmoniker.activation.SessionChange.REMOTE_CONNECT;
import static io.sessionmoniker.activation.SessionChange.REMOTE_DISCONNECT;
import static io.sessionmoniker.activation.SessionChange.SESSION_CREATE;
import static io.sessionmoniker.activation.SessionChange.SESSION_LOCK;
import static io.sessionmoniker.activation.SessionChange.SESSION_LOGOFF;
import static io.sessionmoniker.activation.SessionChange.SESSION_LOGON;
import static io.sessionmoniker.activation.SessionChange.SESSION_TERMINATE;
import static io.sessionmoniker.activation.SessionChange.SESSION_UNLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.SessionEvent;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.SessionView;
import io.sessionmoniker.policy.WtsState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionManagerTest {

    static final UserDirectory USERS = UserDirectory.builder()
            .user("alice", List.of("Administrators"))
            .user("bob", List.of())
            .user("carol", List.of())
            .user("dave", List.of("Remote Desktop Users"))
            .build();

    SessionManager manager;
    List<SessionEvent> events;

    /** Services 0, console 1 with alice, listener 65536. */
    @BeforeEach
    void setUp() {
        manager = SessionManager.builder(USERS)
                .session(0, "Services", WtsState.DISCONNECTED, null, false)
                .session(1, "Console", WtsState.ACTIVE, "alice", true)
                .session(65536, "RDP-Tcp", WtsState.LISTEN, null, false)
                .build();
        events = new CopyOnWriteArrayList<>();
        manager.subscribe(events::add);
    }

    List<String> changes() {
        List<String> out = new ArrayList<>();
        for (SessionEvent e : events) {
            out.add(e.change() + " " + e.sessionId());
        }
        return out;
    }

    SessionView session(long id) {
        return manager.session(id).orElseThrow(() -> new AssertionError("no session " + id));
    }

    @Nested
    class Logon {

        @Test
        void createsAnRdpSessionWhenTheConsoleIsTaken() {
            long id = manager.logon("bob");
            assertEquals(2, id);
            assertEquals(List.of("SESSION_CREATE 2", "REMOTE_CONNECT 2", "SESSION_LOGON 2"), changes());
            SessionView s = session(2);
            assertEquals("RDP-Tcp#0", s.name());
            assertEquals(WtsState.ACTIVE, s.state());
            assertEquals("bob", s.user().orElseThrow().name());
            assertFalse(s.console());
            assertEquals(Optional.of("bob"), events.get(2).user());
        }

        @Test
        void fillsTheConsoleWhenItHasNoUser() {
            manager.logoff(1);
            events.clear();
            assertEquals(1, manager.logon("bob"));
            assertEquals(List.of("SESSION_LOGON 1"), changes());
            assertTrue(session(1).console());
        }

        @Test
        void reconnectsTheUsersDisconnectedSession() {
            long id = manager.logon("bob");
            manager.disconnect(id);
            events.clear();
            assertEquals(id, manager.logon("BOB"), "one session per user; names ignore case");
            assertEquals(List.of("REMOTE_CONNECT 2"), changes());
            assertEquals(WtsState.ACTIVE, session(id).state());
        }

        @Test
        void aConnectedUserKeepsItsSession() {
            assertEquals(1, manager.logon("alice"));
            assertTrue(events.isEmpty());
        }

        @Test
        void sessionIdsAreReused() {
            assertEquals(2, manager.logon("bob"));
            assertEquals(3, manager.logon("carol"));
            manager.logoff(2);
            assertEquals(2, manager.logon("dave"), "the lowest free id is reused");
            assertEquals("RDP-Tcp#2", session(2).name());
        }

        @Test
        void unknownUsersAndSystemCannotLogOn() {
            SessionOperationException e = assertThrows(SessionOperationException.class, () -> manager.logon("eve"));
            assertTrue(e.getMessage().contains("no such user"), e.getMessage());
            assertTrue(e.sessionId().isEmpty());
            assertThrows(SessionOperationException.class, () -> manager.logon("system"));
            assertTrue(events.isEmpty());
        }
    }

    @Nested
    class Logoff {

        @Test
        void deletesAnRdpSessionWithItsWindowStation() {
            long id = manager.logon("bob");
            events.clear();
            manager.logoff(id);
            assertEquals(List.of("SESSION_LOGOFF 2", "REMOTE_DISCONNECT 2", "SESSION_TERMINATE 2"), changes());
            assertTrue(manager.session(id).isEmpty());
            assertEquals(Optional.of("bob"), events.get(0).user(), "the logoff names the user who left");
        }

        @Test
        void neverDeletesTheConsoleSession() {
            manager.logoff(1);
            assertEquals(List.of("SESSION_LOGOFF 1"), changes());
            SessionView console = session(1);
            assertTrue(console.console());
            assertTrue(console.user().isEmpty());
            assertEquals(WtsState.CONNECTED, console.state(), "back at the logon screen");
            assertEquals(SessionId.of(1), manager.consoleSessionId());
            assertEquals("WinSta0", SessionView.INTERACTIVE_WINDOW_STATION);
        }

        @Test
        void aDisconnectedSessionIsDeletedWithoutASecondDisconnect() {
            long id = manager.logon("bob");
            manager.disconnect(id);
            events.clear();
            manager.logoff(id);
            assertEquals(List.of("SESSION_LOGOFF 2", "SESSION_TERMINATE 2"), changes());
        }

        @ParameterizedTest(name = "logoff of session {0} fails")
        @ValueSource(longs = {0, 7, 65536})
        void refusesSessionsWithoutAnInteractiveUser(long id) {
            SessionOperationException e = assertThrows(SessionOperationException.class, () -> manager.logoff(id));
            assertEquals(id, e.sessionId().orElseThrow());
            assertTrue(e.getMessage().contains("session " + id), e.getMessage());
            assertTrue(events.isEmpty());
        }

        @Test
        void unknownSessionsNameTheirHresult() {
            SessionOperationException e = assertThrows(SessionOperationException.class, () -> manager.logoff(9));
            assertEquals(HResult.ERROR_CTX_WINSTATION_NOT_FOUND, e.hresult());
            manager.logoff(1);
            SessionOperationException twice = assertThrows(SessionOperationException.class, () -> manager.logoff(1));
            assertEquals(HResult.ERROR_NO_TOKEN, twice.hresult());
        }
    }

    @Nested
    class DisconnectAndReconnect {

        @Test
        void rdpSessionsDisconnectAndReconnect() {
            long id = manager.logon("bob");
            events.clear();
            manager.disconnect(id);
            assertEquals(WtsState.DISCONNECTED, session(id).state());
            assertTrue(session(id).user().isPresent(), "the user stays logged on");
            manager.reconnect(id);
            assertEquals(WtsState.ACTIVE, session(id).state());
            assertEquals(List.of("REMOTE_DISCONNECT 2", "REMOTE_CONNECT 2"), changes());
            assertThrows(SessionOperationException.class, () -> manager.reconnect(id));
        }

        @Test
        void disconnectingTheConsoleIsASwitchToANewLogonScreen() {
            manager.logon("bob");
            events.clear();
            manager.disconnect(1);
            assertEquals(List.of("CONSOLE_DISCONNECT 1", "SESSION_CREATE 3", "CONSOLE_CONNECT 3"), changes());
            assertEquals(SessionId.of(3), manager.consoleSessionId());
            assertEquals(WtsState.DISCONNECTED, session(1).state());
            assertEquals("alice", session(1).user().orElseThrow().name());
            assertEquals(WtsState.CONNECTED, session(3).state());
            assertEquals("Console", session(3).name());
            assertEquals(1, manager.logon("alice"), "alice comes back to her own session");
        }

        @Test
        void cannotDisconnectTwiceOrALogonScreen() {
            long id = manager.logon("bob");
            manager.disconnect(id);
            assertThrows(SessionOperationException.class, () -> manager.disconnect(id));
            manager.logoff(1);
            assertThrows(SessionOperationException.class, () -> manager.disconnect(1));
        }
    }

    @Nested
    class Console {

        @Test
        void switchingPassesThroughNoConsoleAndCompletes() {
            long bob = manager.logon("bob");
            List<SessionId> consoleIdsSeen = new CopyOnWriteArrayList<>();
            manager.subscribe(e -> consoleIdsSeen.add(manager.consoleSessionId()));
            events.clear();
            manager.switchConsole(bob);
            assertEquals(List.of("CONSOLE_DISCONNECT 1", "REMOTE_DISCONNECT 2", "CONSOLE_CONNECT 2"), changes());
            assertEquals(SessionId.of(bob), manager.consoleSessionId());
            assertTrue(session(bob).console());
            assertFalse(session(1).console());
            assertEquals(WtsState.DISCONNECTED, session(1).state());
            assertEquals(3, consoleIdsSeen.size());
        }

        @Test
        void theTwoHalvesExposeTheDetachedConsole() {
            manager.beginConsoleSwitch();
            assertEquals(SessionId.NO_CONSOLE, manager.consoleSessionId());
            assertTrue(manager.snapshot().consoleSession().isEmpty());
            assertTrue(manager.sessions().stream().noneMatch(SessionView::console));
            assertThrows(SessionOperationException.class, manager::beginConsoleSwitch);
            manager.completeConsoleSwitch(SessionId.of(1));
            assertEquals(SessionId.of(1), manager.consoleSessionId());
            assertEquals(WtsState.ACTIVE, session(1).state());
            assertEquals(List.of("CONSOLE_DISCONNECT 1", "CONSOLE_CONNECT 1"), changes());
            assertThrows(SessionOperationException.class, () -> manager.completeConsoleSwitch(SessionId.of(1)));
        }

        @Test
        void completingWithNoTargetCreatesALogonScreen() {
            manager.beginConsoleSwitch();
            manager.completeConsoleSwitch(SessionId.NO_CONSOLE);
            assertEquals(SessionId.of(2), manager.consoleSessionId());
            assertTrue(session(2).user().isEmpty());
        }

        @Test
        void anySessionIsNotAConsoleTarget() {
            manager.beginConsoleSwitch();
            assertThrows(SessionOperationException.class, () -> manager.completeConsoleSwitch(SessionId.ANY));
            assertEquals(SessionId.NO_CONSOLE, manager.consoleSessionId());
        }

        @Test
        void aLogonScreenThatLosesTheConsoleEnds() {
            long bob = manager.logon("bob");
            manager.logoff(1);
            events.clear();
            manager.switchConsole(bob);
            assertEquals(List.of("CONSOLE_DISCONNECT 1", "SESSION_TERMINATE 1", "REMOTE_DISCONNECT 2",
                    "CONSOLE_CONNECT 2"), changes());
            assertTrue(manager.session(1).isEmpty());
        }

        @Test
        void listenersAndSessionZeroCannotTakeTheConsole() {
            assertThrows(SessionOperationException.class, () -> manager.switchConsole(0));
            assertThrows(SessionOperationException.class, () -> manager.switchConsole(65536));
            assertThrows(SessionOperationException.class, () -> manager.switchConsole(1));
            assertEquals(SessionId.of(1), manager.consoleSessionId());
        }
    }

    @Nested
    class ResetAndLock {

        @Test
        void resetEndsTheUserAndDeletesAnRdpSession() {
            long id = manager.logon("bob");
            events.clear();
            manager.reset(id);
            manager.reset(1);
            assertEquals(List.of("SESSION_LOGOFF 2", "REMOTE_DISCONNECT 2", "SESSION_TERMINATE 2", "SESSION_LOGOFF 1"),
                    changes());
            assertTrue(session(1).console());
            assertThrows(SessionOperationException.class, () -> manager.reset(0));
        }

        @Test
        void lockAndUnlock() {
            manager.lock(1);
            assertTrue(manager.isLocked(1));
            assertThrows(SessionOperationException.class, () -> manager.lock(1));
            manager.unlock(1);
            assertFalse(manager.isLocked(1));
            assertEquals(List.of(SESSION_LOCK, SESSION_UNLOCK), events.stream().map(SessionEvent::change).toList());
        }
    }

    @Nested
    class Notifications {

        @Test
        void aThrowingListenerDoesNotStopTheOthers() {
            List<SessionEvent> after = new CopyOnWriteArrayList<>();
            manager.subscribe(e -> {
                throw new IllegalStateException("listener bug");
            });
            manager.subscribe(after::add);
            manager.logon("bob");
            assertEquals(3, after.size());
            assertEquals(3, events.size());
        }

        @Test
        void listenersRunOutsideTheLockAndMayChangeSessions() {
            AtomicBoolean done = new AtomicBoolean();
            manager.subscribe(e -> {
                manager.snapshot();
                if (e.change() == SESSION_LOGON && e.sessionId() == 2 && done.compareAndSet(false, true)) {
                    manager.logon("carol");   // a change made from a callback
                }
            });
            manager.logon("bob");
            assertEquals(List.of("SESSION_CREATE 2", "REMOTE_CONNECT 2", "SESSION_LOGON 2",
                    "SESSION_CREATE 3", "REMOTE_CONNECT 3", "SESSION_LOGON 3"), changes());
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).sequence(), "in order, no gaps");
            }
        }

        @Test
        void closingASubscriptionStopsDelivery() {
            List<SessionEvent> mine = new CopyOnWriteArrayList<>();
            SessionProvider.Subscription s = manager.subscribe(mine::add);
            manager.logon("bob");
            s.close();
            s.close();
            manager.logon("carol");
            assertEquals(3, mine.size());
            assertEquals(6, events.size());
        }

        @Test
        void changeValuesMatchWindows() {
            assertEquals(1, CONSOLE_CONNECT.value());
            assertEquals(2, CONSOLE_DISCONNECT.value());
            assertEquals(3, REMOTE_CONNECT.value());
            assertEquals(4, REMOTE_DISCONNECT.value());
            assertEquals(5, SESSION_LOGON.value());
            assertEquals(6, SESSION_LOGOFF.value());
            assertEquals(0xA, SESSION_CREATE.value());
            assertEquals(0xB, SESSION_TERMINATE.value());
            assertEquals(SESSION_LOCK, SessionChange.fromValue(7));
            assertThrows(IllegalArgumentException.class, () -> SessionChange.fromValue(12));
        }
    }

    @Nested
    class Building {

        @Test
        void defaultsAddServicesAndAConsoleLogonScreen() {
            SessionManager m = SessionManager.builder(USERS).build();
            assertEquals(2, m.sessions().size());
            assertEquals(SessionId.of(1), m.consoleSessionId());
            assertTrue(m.session(0).orElseThrow().user().isEmpty());
        }

        @Test
        void rejectsScenariosTheModelCannotHold() {
            assertThrows(IllegalArgumentException.class, () -> SessionManager.builder(USERS)
                    .session(0, "Services", WtsState.ACTIVE, "alice", false).build());
            assertThrows(IllegalArgumentException.class, () -> SessionManager.builder(USERS)
                    .session(1, "Console", WtsState.ACTIVE, "alice", true)
                    .session(2, "RDP", WtsState.ACTIVE, "alice", false).build());
            assertThrows(IllegalArgumentException.class, () -> SessionManager.builder(USERS)
                    .session(1, "Console", WtsState.ACTIVE, "nobody", true).build());
            assertThrows(IllegalArgumentException.class, () -> SessionManager.builder(USERS)
                    .session(1, "a", WtsState.ACTIVE, "alice", true)
                    .session(2, "b", WtsState.ACTIVE, "bob", true).build());
            assertThrows(IllegalArgumentException.class, () -> SessionManager.builder(USERS)
                    .session(3, "RDP-Tcp", WtsState.LISTEN, null, false).build());
            assertThrows(IllegalArgumentException.class, () -> SessionManager.builder(USERS)
                    .session(2, "RDP", WtsState.ACTIVE, null, false).build());
        }
    }

    /**
     * Many threads change sessions while others read snapshots and a listener records events: at the end every
     * snapshot seen was consistent, events arrived in order without gaps, and replaying them tells the same
     * story as the final state.
     */
    @Test
    void concurrentOperationsKeepTheInvariants() throws Exception {
        List<String> names = List.of("alice", "bob", "carol", "dave");
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<SessionEvent> seen = new CopyOnWriteArrayList<>();
        manager.subscribe(e -> {
            SessionSnapshot snap = manager.snapshot();   // reading from a callback must not deadlock
            if (snap == null) {
                problems.add("null snapshot");
            }
            seen.add(e);
        });
        int writers = 4;
        int readers = 2;
        int opsPerWriter = 400;
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            long seed = w;
            futures.add(pool.submit(() -> {
                Random random = new Random(seed);
                start.await();
                for (int i = 0; i < opsPerWriter; i++) {
                    String user = names.get(random.nextInt(names.size()));
                    long id = random.nextInt(6);
                    try {
                        switch (random.nextInt(7)) {
                            case 0, 1 -> manager.logon(user);
                            case 2 -> manager.logoff(id);
                            case 3 -> manager.disconnect(id);
                            case 4 -> manager.reconnect(id);
                            case 5 -> manager.switchConsole(id);
                            default -> manager.reset(id);
                        }
                    } catch (SessionOperationException expected) {
                        // invalid for the state at that moment: refused cleanly, nothing changed
                    }
                }
                return null;
            }));
        }
        for (int r = 0; r < readers; r++) {
            futures.add(pool.submit(() -> {
                start.await();
                while (writing.get()) {
                    checkInvariants(manager.snapshot(), problems);
                }
                return null;
            }));
        }
        start.countDown();
        for (int i = 0; i < writers; i++) {
            futures.get(i).get(60, TimeUnit.SECONDS);
        }
        writing.set(false);
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        checkInvariants(manager.snapshot(), problems);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        assertEquals(seen, events, "every listener sees the same sequence");
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i).sequence(), "delivered in order, without gaps");
        }
        // replay: the sessions that exist and their users follow from the events
        Set<Long> alive = new HashSet<>(Set.of(0L, 1L, 65536L));
        for (SessionEvent e : seen) {
            if (e.change() == SESSION_CREATE) {
                assertTrue(alive.add(e.sessionId()), "created twice: " + e);
            } else if (e.change() == SESSION_TERMINATE) {
                assertTrue(alive.remove(e.sessionId()), "terminated twice: " + e);
            } else {
                assertTrue(alive.contains(e.sessionId()), "event for a dead session: " + e);
            }
        }
        Set<Long> actual = new HashSet<>();
        manager.sessions().forEach(s -> actual.add(s.id()));
        assertEquals(alive, actual);
    }

    static void checkInvariants(SessionSnapshot snap, ConcurrentLinkedQueue<String> problems) {
        long consoles = snap.sessions().stream().filter(SessionView::console).count();
        if (consoles > 1) {
            problems.add("two consoles: " + snap);
        }
        if (!snap.consoleSessionId().equals(SessionId.NO_CONSOLE) && consoles != 1) {
            problems.add("console id without a console session: " + snap);
        }
        if (snap.find(0).isEmpty() || snap.find(0).get().user().isPresent()) {
            problems.add("session 0 missing or with a user: " + snap);
        }
        if (snap.find(65536).map(s -> s.state() != WtsState.LISTEN).orElse(true)) {
            problems.add("listener missing: " + snap);
        }
        Set<String> users = new HashSet<>();
        for (SessionView s : snap.sessions()) {
            if (s.user().isPresent() && !users.add(s.user().get().name())) {
                problems.add("user in two sessions: " + snap);
            }
            if (s.console() && s.state() == WtsState.DISCONNECTED) {
                problems.add("disconnected console: " + snap);
            }
        }
    }
}
