package io.sessionmoniker.activation.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Await}: it returns the awaited state, and a wait that fails says what it waited for and what it saw. */
class AwaitTest {

    @Test
    void returnsTheFirstStateThatSatisfiesThePredicate() {
        AtomicInteger polls = new AtomicInteger();
        int seen = Await.until("the third poll", Duration.ofSeconds(30), polls::incrementAndGet, n -> n >= 3);
        assertEquals(3, seen);
        assertEquals(3, polls.get(), "no poll after the condition held");
    }

    @Test
    void aTimeoutNamesWhatWasAwaitedAndTheLastState() {
        AssertionError e = assertThrows(AssertionError.class, () -> Await.until("the impossible",
                Duration.ofMillis(50), () -> "still waiting", s -> false));
        assertTrue(e.getMessage().contains("waiting for the impossible"), e.getMessage());
        assertTrue(e.getMessage().contains("last observed: still waiting"), e.getMessage());
        assertTrue(e.getMessage().contains("50 ms"), e.getMessage());
    }

    @Test
    void aConditionThatFailsEndsTheWaitAtOnce() {
        AssertionError ruledOut = new AssertionError("it can never happen now");
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class, () -> Await.until("something", Duration.ofMinutes(5),
                () -> {
                    throw ruledOut;
                }));
        assertSame(ruledOut, e);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMinutes(1)) < 0);
    }

    @Test
    void anInterruptEndsTheWaitWithAFailure() {
        Thread.currentThread().interrupt();
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> Await.until("an interrupt",
                    Duration.ofMinutes(5), () -> false));
            assertTrue(e.getMessage().startsWith("interrupted after"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Await.until("x", Duration.ZERO, () -> true));
    }
}
