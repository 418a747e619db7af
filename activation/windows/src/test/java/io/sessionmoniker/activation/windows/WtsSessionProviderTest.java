package io.sessionmoniker.activation.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.SessionEvent;
import io.sessionmoniker.activation.SessionProvider.Subscription;
import io.sessionmoniker.activation.windows.internal.RawWtsSession;
import io.sessionmoniker.activation.windows.internal.WtsNatives;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.SessionView;
import io.sessionmoniker.policy.Sid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The provider's logic over a fake WTS: runs on every OS. */
class WtsSessionProviderTest {

    private static final Sid ALICE = Sid.machineAccount(1001);
    private static final Sid BOB = Sid.machineAccount(1002);

    /** A scriptable stand-in for the WTS calls. */
    static class FakeWts implements WtsNatives {
        final Deque<Long> consoleIds = new ArrayDeque<>();
        long console = 1;
        List<RawWtsSession> sessions = new ArrayList<>(List.of(
                new RawWtsSession(0, "Services", 4, "", ""),
                new RawWtsSession(1, "Console", 0, "alice", "PC"),
                new RawWtsSession(65536, "RDP-Tcp", 6, "", "")));
        final Map<String, Sid> accounts = new HashMap<>(Map.of("PC\\alice", ALICE));
        final Map<Long, Sid> tokens = new HashMap<>();
        final Map<Long, String> loggedOn = new HashMap<>(Map.of(1L, "PC\\alice"));
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        SessionChangeSink sink;
        int starts;
        int closes;
        RuntimeException startFailure;

        @Override
        public long activeConsoleSessionId() {
            calls.add("console");
            return consoleIds.isEmpty() ? console : consoleIds.poll();
        }

        @Override
        public List<RawWtsSession> enumerateSessions() {
            calls.add("enumerate");
            return sessions;
        }

        @Override
        public Optional<String> sessionUser(long sessionId) {
            return Optional.ofNullable(loggedOn.get(sessionId));
        }

        @Override
        public Optional<Sid> lookupAccount(String domain, String user) {
            calls.add("lookup " + domain + "\\" + user);
            return Optional.ofNullable(accounts.get(domain + "\\" + user));
        }

        @Override
        public Optional<Sid> tokenUser(long sessionId) {
            calls.add("token " + sessionId);
            return Optional.ofNullable(tokens.get(sessionId));
        }

        @Override
        public NotificationHandle startNotifications(SessionChangeSink s) {
            starts++;
            if (startFailure != null) {
                RuntimeException e = startFailure;
                startFailure = null;
                throw e;
            }
            sink = s;
            return () -> closes++;
        }
    }

    private final FakeWts wts = new FakeWts();
    private final WtsSessionProvider provider = new WtsSessionProvider(wts);
    private final BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        provider.close();
    }

    private SessionEvent next() throws InterruptedException {
        SessionEvent e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 10 s");
        }
        return e;
    }

    @Nested
    class Snapshots {
        @Test
        void readsSessionsUsersAndConsole() {
            SessionSnapshot snap = provider.snapshot();
            assertEquals(SessionId.of(1), snap.consoleSessionId());
            assertEquals(List.of(0L, 1L, 65536L), snap.sessions().stream().map(SessionView::id).toList());
            assertEquals(ALICE, snap.find(1).orElseThrow().user().orElseThrow().sid());
            assertEquals(List.of("console", "enumerate", "console", "lookup PC\\alice"), wts.calls);
        }

        @Test
        void tokenIsTheFallbackForTheSid() {
            wts.sessions = List.of(new RawWtsSession(2, "RDP-Tcp#1", 0, "bob", "CORP"));
            wts.tokens.put(2L, BOB);
            wts.console = 0xFFFF_FFFFL;
            SessionSnapshot snap = provider.snapshot();
            assertEquals(BOB, snap.find(2).orElseThrow().user().orElseThrow().sid());
            assertTrue(wts.calls.containsAll(List.of("lookup CORP\\bob", "token 2")));
        }

        @Test
        void noSidAtAllMeansNoUser() {
            wts.sessions = List.of(new RawWtsSession(2, "RDP-Tcp#1", 0, "bob", "CORP"));
            assertFalse(provider.snapshot().find(2).orElseThrow().hasUser());
        }

        @Test
        void rereadsWhenTheConsoleMovesDuringTheEnumeration() {
            wts.consoleIds.addAll(List.of(1L, 0xFFFF_FFFFL, 0xFFFF_FFFFL, 0xFFFF_FFFFL));
            SessionSnapshot snap = provider.snapshot();
            assertEquals(SessionId.NO_CONSOLE, snap.consoleSessionId());
            assertEquals(2, wts.calls.stream().filter("enumerate"::equals).count());
        }

        @Test
        void givesUpAfterThreeAttemptsAndUsesTheLastRead() {
            wts.consoleIds.addAll(List.of(0L, 1L, 0L, 1L, 0L, 1L));
            assertEquals(SessionId.of(1), provider.snapshot().consoleSessionId());
            assertEquals(3, wts.calls.stream().filter("enumerate"::equals).count());
        }

        @Test
        void consoleSessionIdIsOneCall() {
            wts.console = 0xFFFF_FFFFL;
            assertEquals(SessionId.NO_CONSOLE, provider.consoleSessionId());
            assertEquals(List.of("console"), wts.calls);
        }

        @Test
        void enumerationFailuresPropagate() {
            WtsSessionProvider failing = new WtsSessionProvider(new FakeWts() {
                @Override
                public List<RawWtsSession> enumerateSessions() {
                    throw WindowsHResults.win32Error(5, "WTSEnumerateSessionsW");
                }
            });
            assertEquals(HResult.E_ACCESSDENIED, assertThrows(ComException.class, failing::snapshot).hresult());
        }
    }

    @Nested
    class Notifications {
        @Test
        void messagesBecomeNumberedEventsWithTheirUsers() throws Exception {
            provider.subscribe(events::add);
            assertEquals(1, wts.starts);
            wts.loggedOn.put(2L, "PC\\bob");
            wts.sink.onSessionChange(5, 2);                     // WTS_SESSION_LOGON, session 2
            wts.sink.onSessionChange(7, 2);                     // WTS_SESSION_LOCK
            wts.loggedOn.remove(2L);
            wts.sink.onSessionChange(6, 2);                     // WTS_SESSION_LOGOFF: WTS no longer knows bob
            assertEquals(new SessionEvent(1, SessionChange.SESSION_LOGON, 2, Optional.of("PC\\bob")), next());
            assertEquals(new SessionEvent(2, SessionChange.SESSION_LOCK, 2, Optional.of("PC\\bob")), next());
            assertEquals(new SessionEvent(3, SessionChange.SESSION_LOGOFF, 2, Optional.of("PC\\bob")), next());
        }

        @Test
        void usersFromTheSnapshotAtSubscribeAreRemembered() throws Exception {
            provider.subscribe(events::add);
            wts.loggedOn.clear();
            wts.sink.onSessionChange(6, 1);
            assertEquals(Optional.of("PC\\alice"), next().user());
        }

        @Test
        void unknownReasonsAreSkippedWithoutUsingANumber() throws Exception {
            provider.subscribe(events::add);
            wts.sink.onSessionChange(0x42, 1);
            wts.sink.onSessionChange(8, 1);
            SessionEvent e = next();
            assertEquals(1, e.sequence());
            assertEquals(SessionChange.SESSION_UNLOCK, e.change());
        }

        @Test
        void deliveryIsNotOnTheWindowThread() throws Exception {
            BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
            provider.subscribe(e -> threads.add(Thread.currentThread()));
            wts.sink.onSessionChange(7, 1);
            Thread delivery = threads.poll(10, TimeUnit.SECONDS);
            assertNotEquals(Thread.currentThread(), delivery);
            assertEquals("sessionmoniker-wts-events", delivery.getName());
        }

        @Test
        void oneWindowForAllSubscribers() throws Exception {
            BlockingQueue<SessionEvent> other = new LinkedBlockingQueue<>();
            provider.subscribe(events::add);
            Subscription s2 = provider.subscribe(other::add);
            assertEquals(1, wts.starts);
            wts.sink.onSessionChange(1, 1);
            assertEquals(1, next().sequence());
            assertEquals(1, other.poll(10, TimeUnit.SECONDS).sequence());
            s2.close();
            wts.sink.onSessionChange(2, 1);
            assertEquals(2, next().sequence());
            assertTrue(other.isEmpty());
        }

        @Test
        void aFailedStartLeavesNoSubscriberAndCanBeRetried() throws Exception {
            ComException failure = WindowsHResults.win32Error(1702, "WTSRegisterSessionNotification");
            wts.startFailure = failure;
            List<SessionEvent> lost = Collections.synchronizedList(new ArrayList<>());
            assertSame(failure, assertThrows(ComException.class, () -> provider.subscribe(lost::add)));
            provider.subscribe(events::add);
            assertEquals(2, wts.starts);
            wts.sink.onSessionChange(7, 1);
            assertEquals(1, next().sequence());
            assertTrue(lost.isEmpty());
        }

        @Test
        void closeStopsNotificationsButNotSnapshots() {
            provider.subscribe(events::add);
            provider.close();
            provider.close();
            assertEquals(1, wts.closes);
            assertThrows(IllegalStateException.class, () -> provider.subscribe(events::add));
            wts.sink.onSessionChange(7, 1);                     // a late message after close: dropped
            assertTrue(events.isEmpty());
            assertEquals(SessionId.of(1), provider.snapshot().consoleSessionId());
        }

        @Test
        void closeWithoutSubscribersStartsNothing() {
            provider.close();
            assertEquals(0, wts.starts);
            assertEquals(0, wts.closes);
        }
    }
}
