package io.sessionmoniker.activation;

/**
 * Receives session changes from a {@link SessionProvider}. Called on the thread that made the change (or that is
 * delivering earlier changes), never while the provider holds its lock, one event at a time and in order. An
 * exception thrown by a listener is logged and does not stop delivery to the others.
 *
 * <pre>{@code
 * try (SessionProvider.Subscription s = provider.subscribe(e -> log.info("session change {}", e))) {
 *     …
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SessionListener {

    /**
     * Handles one change.
     *
     * @param event the change
     */
    void onSessionChange(SessionEvent event);
}
