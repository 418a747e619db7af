package io.sessionmoniker.activation.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting with a deadline for something a test can observe: a condition is polled, first at once and then with a
 * short backoff (1 ms doubling to 50 ms), until it holds or the deadline passes; then the wait fails with an
 * {@link AssertionError} that names what was awaited, how long, and the state last observed.
 *
 * <pre>{@code
 * Await.until("the host lists no server", Duration.ofSeconds(30), host::serverPids, List::isEmpty);
 * }</pre>
 *
 * <p>A condition may itself fail (throw an {@link AssertionError}) to end the wait early, when what it sees rules
 * out the awaited state ever arriving. An interrupt (a test's timeout) ends the wait with a failure too.
 *
 * <p>Shared by the tests of the activation modules through this module's test jar, which holds only this package.
 */
public final class Await {

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Await() {
    }

    /**
     * Waits until a condition holds.
     *
     * @param description what is awaited, for the failure message ("the server to exit")
     * @param timeout how long to wait at most
     * @param condition polled until it returns true
     * @throws AssertionError if the condition does not hold within the timeout
     */
    public static void until(String description, Duration timeout, BooleanSupplier condition) {
        Objects.requireNonNull(condition, "condition");
        until(description, timeout, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Waits until an observed state satisfies a predicate, and returns that state.
     *
     * @param <T> the type of the state
     * @param description what is awaited, for the failure message
     * @param timeout how long to wait at most
     * @param state observes the current state; polled
     * @param done tells whether a state is the awaited one
     * @return the first observed state that satisfies {@code done}
     * @throws AssertionError if no observed state satisfies {@code done} within the timeout; the message shows the
     *     last one
     */
    public static <T> T until(String description, Duration timeout, Supplier<? extends T> state,
            Predicate<? super T> done) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(done, "done");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
        }
        long start = System.nanoTime();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            T seen = state.get();
            if (done.test(seen)) {
                return seen;
            }
            long left = timeout.toNanos() - (System.nanoTime() - start);
            if (left <= 0) {
                throw new AssertionError("timed out after " + describe(timeout) + " waiting for " + description
                        + "; last observed: " + seen);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                AssertionError interrupted = new AssertionError("interrupted after "
                        + describe(Duration.ofNanos(System.nanoTime() - start)) + " waiting for " + description
                        + "; last observed: " + seen);
                interrupted.initCause(e);
                throw interrupted;
            }
            pause = Math.min(2 * pause, LONGEST_PAUSE_NANOS);
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
