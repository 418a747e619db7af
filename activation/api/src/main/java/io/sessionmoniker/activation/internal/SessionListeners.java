package io.sessionmoniker.activation.internal;

import io.sessionmoniker.activation.SessionEvent;
import io.sessionmoniker.activation.SessionListener;
import io.sessionmoniker.activation.SessionProvider.Subscription;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The subscribers of a {@code SessionProvider}: adding and removing them is thread-safe, and {@link #deliver}
 * hands an event to each in turn, so that one that throws is logged and the others still get it. Callers decide
 * on which thread and in which order events are delivered; this class only isolates the listeners.
 */
public final class SessionListeners {

    private final System.Logger log;
    private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();

    /**
     * Creates an empty list.
     *
     * @param log where listener failures are reported
     */
    public SessionListeners(System.Logger log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return the subscription; closing it stops delivery (an event being delivered may still arrive)
     */
    public Subscription add(SessionListener listener) {
        Registration r = new Registration(Objects.requireNonNull(listener, "listener"));
        registrations.add(r);
        return r;
    }

    /**
     * Delivers one event to every listener.
     *
     * @param event the event
     */
    public void deliver(SessionEvent event) {
        for (Registration r : registrations) {
            r.deliver(event);
        }
    }

    /**
     * Returns the number of listeners.
     *
     * @return the count
     */
    public int size() {
        return registrations.size();
    }

    private final class Registration implements Subscription {
        private final SessionListener listener;
        private volatile boolean open = true;

        Registration(SessionListener listener) {
            this.listener = listener;
        }

        void deliver(SessionEvent event) {
            if (!open) {
                return;
            }
            try {
                listener.onSessionChange(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                log.log(System.Logger.Level.WARNING, "session listener " + listener + " failed on " + event, t);
            }
        }

        @Override
        public void close() {
            open = false;
            registrations.remove(this);
        }
    }
}
