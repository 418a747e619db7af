package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.SessionEvent;
import io.sessionmoniker.activation.SessionProvider.Subscription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real threads, no sleeps: each test waits for a latch with a generous deadline. */
class SessionEventDispatcherTest {

    private static final long WAIT_SECONDS = 10;

    private final SessionEventDispatcher dispatcher = new SessionEventDispatcher("test-events");

    @AfterEach
    void close() {
        dispatcher.close();
    }

    @Test
    void numbersFromOneAndDeliversInOrderFromManyPublishers() throws Exception {
        int publishers = 8;
        int each = 250;
        List<SessionEvent> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(publishers * each);
        dispatcher.subscribe(e -> {
            seen.add(e);
            all.countDown();
        });
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            long session = p;
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    dispatcher.publish(SessionChange.SESSION_LOCK, session, Optional.empty());
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(all.await(WAIT_SECONDS, TimeUnit.SECONDS));
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i).sequence(), "delivered in sequence order");
        }
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthers() throws Exception {
        CountDownLatch second = new CountDownLatch(2);
        dispatcher.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        dispatcher.subscribe(e -> second.countDown());
        dispatcher.publish(SessionChange.SESSION_LOGON, 1, Optional.of("PC\\alice"));
        dispatcher.publish(SessionChange.SESSION_LOGOFF, 1, Optional.of("PC\\alice"));
        assertTrue(second.await(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void publishDoesNotWaitForABlockedListener() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch delivered = new CountDownLatch(3);
        dispatcher.subscribe(e -> {
            inListener.countDown();
            try {
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            delivered.countDown();
        });
        dispatcher.publish(SessionChange.SESSION_LOCK, 1, Optional.empty());
        assertTrue(inListener.await(WAIT_SECONDS, TimeUnit.SECONDS));
        // The listener holds the delivery thread; publishing must still return (no lock is held while it runs).
        assertEquals(2, dispatcher.publish(SessionChange.SESSION_UNLOCK, 1, Optional.empty()).orElseThrow().sequence());
        assertEquals(3, dispatcher.publish(SessionChange.SESSION_LOCK, 1, Optional.empty()).orElseThrow().sequence());
        release.countDown();
        assertTrue(delivered.await(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void listenersMaySubscribeAndUnsubscribeFromTheirCallback() throws Exception {
        CountDownLatch late = new CountDownLatch(1);
        AtomicReference<Subscription> self = new AtomicReference<>();
        List<Long> first = Collections.synchronizedList(new ArrayList<>());
        self.set(dispatcher.subscribe(e -> {
            first.add(e.sequence());
            self.get().close();
            dispatcher.subscribe(e2 -> late.countDown());
        }));
        dispatcher.publish(SessionChange.REMOTE_CONNECT, 2, Optional.empty());
        dispatcher.publish(SessionChange.REMOTE_DISCONNECT, 2, Optional.empty());
        assertTrue(late.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of(1L), first, "unsubscribed after the first event");
    }

    @Test
    void closedSubscriptionsReceiveNothing() throws Exception {
        List<SessionEvent> closedOnes = Collections.synchronizedList(new ArrayList<>());
        Subscription s = dispatcher.subscribe(closedOnes::add);
        s.close();
        s.close();
        CountDownLatch marker = new CountDownLatch(1);
        dispatcher.subscribe(e -> marker.countDown());
        dispatcher.publish(SessionChange.SESSION_LOCK, 1, Optional.empty());
        assertTrue(marker.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(closedOnes.isEmpty());
        assertEquals(1, dispatcher.listenerCount());
    }

    @Test
    void closeDeliversWhatIsQueuedThenDropsTheRest() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        dispatcher.subscribe(e -> {
            try {
                gate.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            seen.add(e.sequence());
        });
        for (int i = 0; i < 5; i++) {
            dispatcher.publish(SessionChange.SESSION_LOCK, 1, Optional.empty());
        }
        Thread closer = new Thread(dispatcher::close);
        closer.start();
        gate.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(closer.isAlive());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seen);
        assertEquals(Optional.empty(), dispatcher.publish(SessionChange.SESSION_LOCK, 1, Optional.empty()));
        dispatcher.close();                                  // idempotent
    }

    @Test
    void aListenerMayCloseTheDispatcher() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        dispatcher.subscribe(e -> {
            assertTrue(dispatcher.isDeliveryThread());
            dispatcher.close();                              // must not wait for itself
            done.countDown();
        });
        dispatcher.publish(SessionChange.SESSION_LOGOFF, 1, Optional.empty());
        assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(dispatcher.isDeliveryThread());
    }
}
