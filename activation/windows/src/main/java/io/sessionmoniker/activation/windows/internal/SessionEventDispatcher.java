package io.sessionmoniker.activation.windows.internal;

import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.SessionEvent;
import io.sessionmoniker.activation.SessionListener;
import io.sessionmoniker.activation.SessionProvider.Subscription;
import io.sessionmoniker.activation.internal.SessionListeners;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * Numbers session changes and delivers them to listeners, in order, on a delivery thread of its own. Pure Java,
 * tested on every OS.
 *
 * <p>{@link #publish} is cheap and never calls a listener: it assigns the next sequence number (1, 2, …) under a
 * short lock, queues the event and returns, so the window procedure that reports {@code WM_WTSSESSION_CHANGE}
 * never waits for a slow listener. The delivery thread takes one event at a time and calls every listener outside
 * the lock; a listener that throws is logged and the others still get the event; a listener may subscribe,
 * unsubscribe or close the dispatcher from its callback. {@link #close()} delivers the events already queued,
 * drops later ones and stops the thread.
 *
 * <pre>{@code
 * try (SessionEventDispatcher d = new SessionEventDispatcher("wts-events")) {
 *     d.subscribe(e -> System.out.println(e));
 *     d.publish(SessionChange.SESSION_LOGON, 2, Optional.of("PC\\bob"));   // #1 SESSION_LOGON session 2 (PC\bob)
 * }
 * }</pre>
 */
public final class SessionEventDispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SessionEventDispatcher.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Object lock = new Object();
    private final ArrayDeque<SessionEvent> queue = new ArrayDeque<>();
    private final SessionListeners listeners = new SessionListeners(LOG);
    private final Thread thread;
    private long sequence;
    private boolean closed;

    /**
     * Creates the dispatcher and starts its delivery thread (a daemon).
     *
     * @param threadName the delivery thread's name
     */
    public SessionEventDispatcher(String threadName) {
        thread = new Thread(this::run, Objects.requireNonNull(threadName, "threadName"));
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Adds a listener; it receives the events published from now on.
     *
     * @param listener the listener
     * @return the subscription; closing it stops delivery (an event being delivered may still arrive)
     */
    public Subscription subscribe(SessionListener listener) {
        return listeners.add(listener);
    }

    /**
     * Numbers and queues one change.
     *
     * @param change the reason
     * @param sessionId the session
     * @param user the user concerned, if known
     * @return the event, or empty once the dispatcher is closed
     */
    public Optional<SessionEvent> publish(SessionChange change, long sessionId, Optional<String> user) {
        synchronized (lock) {
            if (closed) {
                return Optional.empty();
            }
            SessionEvent event = new SessionEvent(sequence + 1, change, sessionId, user);
            sequence++;
            queue.add(event);
            lock.notifyAll();
            return Optional.of(event);
        }
    }

    /**
     * Returns the number of listeners subscribed.
     *
     * @return the count
     */
    public int listenerCount() {
        return listeners.size();
    }

    /**
     * Tells whether the calling thread is the delivery thread, that is, whether it runs inside a listener.
     *
     * @return {@code true} inside a listener callback
     */
    public boolean isDeliveryThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Delivers the events already queued, then stops the delivery thread. Later {@link #publish} calls do nothing.
     * Waits up to five seconds for the thread unless called from a listener. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        if (isDeliveryThread()) {
            return;
        }
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "session event delivery thread {0} still busy after {1};"
                    + " a listener is blocked", thread.getName(), CLOSE_WAIT);
        }
    }

    private void run() {
        while (true) {
            SessionEvent event;
            synchronized (lock) {
                while (queue.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Nobody but close() should stop this thread; keep delivering.
                        LOG.log(System.Logger.Level.DEBUG, "session event delivery thread interrupted; ignoring");
                    }
                }
                event = queue.poll();
                if (event == null) {
                    return;
                }
            }
            listeners.deliver(event);
        }
    }

}
