package io.sessionmoniker.activation.internal;

import io.sessionmoniker.activation.Activation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The pool behind {@code Activator.bindAsync}: daemon threads, created on demand and retired after a minute idle
 * (activations block on process starts, so a bounded pool would queue them behind each other).
 */
public final class AsyncActivations {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "sessmon-activation-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private AsyncActivations() {
    }

    /**
     * Runs an activation on the pool. A result that arrives after the future was completed otherwise (cancelled,
     * or timed out by the caller's {@code orTimeout}) is closed.
     *
     * @param <T> the interface type
     * @param activation the blocking activation
     * @return its future
     */
    public static <T> CompletableFuture<Activation<T>> run(Supplier<Activation<T>> activation) {
        CompletableFuture<Activation<T>> future = new CompletableFuture<>();
        POOL.execute(() -> {
            if (future.isDone()) {
                return;
            }
            try {
                Activation<T> a = activation.get();
                if (!future.complete(a)) {
                    a.close();
                }
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return future;
    }
}
