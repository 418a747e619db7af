package io.sessionmoniker.activation.orpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.internal.StubBuffers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool of large stub arrays: what it lends, what it takes back, and that no array has two owners at once. */
class StubBuffersTest {

    @Test
    void smallAndHugeArraysAreNewAndExactAndNeverLent() {
        StubBuffers pool = new StubBuffers();
        for (int n : new int[] {0, 1, StubBuffers.MIN_POOLED - 1, StubBuffers.MAX_POOLED + 1}) {
            byte[] a = pool.take(n);
            assertEquals(n, a.length);
            assertFalse(pool.isLent(a));
            pool.recycle(a);
            assertEquals(0, pool.freeArrays());
        }
    }

    @Test
    void aGivenBackArrayIsLentAgainToTheNextTaker() {
        StubBuffers pool = new StubBuffers();
        byte[] a = pool.take(131_200);
        assertTrue(a.length >= 131_200);
        assertTrue(pool.isLent(a));
        pool.recycle(a);
        assertFalse(pool.isLent(a));
        assertEquals(1, pool.freeArrays());
        // a reply a little longer than its request fits the same array
        byte[] b = pool.take(131_300);
        assertSame(a, b);
        assertTrue(pool.isLent(b));
        assertEquals(0, pool.freeArrays());
    }

    @Test
    void givingBackTwiceOrGivingWhatWasNeverLentDoesNothing() {
        StubBuffers pool = new StubBuffers();
        byte[] a = pool.take(50_000);
        pool.recycle(a);
        pool.recycle(a);
        assertEquals(1, pool.freeArrays());
        assertSame(a, pool.take(50_000));
        assertNotSame(a, pool.take(50_000), "an array given back twice is still lent to one owner only");
        pool.recycle(new byte[a.length]);
        pool.recycle(Bytes.copyOf(new byte[60_000]));
        pool.recycle((byte[]) null);
        pool.recycle((Bytes) null);
        pool.recycle(Bytes.EMPTY);
        assertEquals(0, pool.freeArrays());
    }

    @Test
    void theSmallestArrayThatFitsIsLentAndTheFreeListIsBounded() {
        StubBuffers pool = new StubBuffers();
        List<byte[]> lent = new ArrayList<>();
        for (int i = 0; i < StubBuffers.MAX_FREE + 3; i++) {
            lent.add(pool.take(20_000 + 10_000 * i));
        }
        lent.forEach(pool::recycle);
        assertEquals(StubBuffers.MAX_FREE, pool.freeArrays());
        byte[] fit = pool.take(41_000);
        assertSame(lent.get(3), fit, "the 50 000-octet array, not a longer one");
        byte[] big = new StubBuffers().take(StubBuffers.MAX_POOLED);
        assertEquals(StubBuffers.MAX_POOLED, big.length);
    }

    @Test
    void concurrentOwnersNeverShareAnArray() throws Exception {
        StubBuffers pool = new StubBuffers();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                byte mark = (byte) (t + 1);
                done.add(threads.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 2000; i++) {
                        int n = 16_384 + (i * 7919 + mark * 104_729) % 200_000;
                        byte[] a = pool.take(n);
                        Arrays.fill(a, 0, n, mark);
                        Thread.yield();
                        for (int k = 0; k < n; k += 4093) {
                            if (a[k] != mark) {
                                throw new AssertionError("another owner wrote into this thread's array");
                            }
                        }
                        checked++;
                        pool.recycle(a);
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(2000, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertTrue(pool.freeArrays() <= StubBuffers.MAX_FREE);
    }
}
