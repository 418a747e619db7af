package io.sessionmoniker.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after garbage collection, for the memory figures of {@link HostScaleBenchmark}. */
final class Heap {

    private Heap() {
    }

    /**
     * Collects garbage until the heap in use stops shrinking (at most 10 collections) and returns it.
     *
     * @return the bytes of heap in use
     */
    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used - 64 * 1024) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }
}
