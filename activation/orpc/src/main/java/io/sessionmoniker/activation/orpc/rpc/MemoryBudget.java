package io.sessionmoniker.activation.orpc.rpc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A number of bytes that calls may hold while they are received, reassembled, queued and run: a server's whole
 * budget, or one connection's share of it. A reservation succeeds only if it fits this budget and every budget
 * above it; a refused reservation changes nothing. Thread-safe.
 *
 * <pre>{@code
 * MemoryBudget server = new MemoryBudget(256L << 20, null);     // 256 MiB for every connection together
 * MemoryBudget connection = new MemoryBudget(64L << 20, server); // 64 MiB for one connection
 * if (connection.tryReserve(n)) {
 *     try { … } finally { connection.release(n); }
 * }
 * }</pre>
 */
public final class MemoryBudget {

    private final long capacity;
    private final MemoryBudget parent;
    private final AtomicLong reserved = new AtomicLong();

    /**
     * Creates a budget.
     *
     * @param capacity the bytes it holds, at least 1
     * @param parent the budget every reservation must also fit, or null
     */
    public MemoryBudget(long capacity, MemoryBudget parent) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a memory budget must be positive, not " + capacity);
        }
        this.capacity = capacity;
        this.parent = parent;
    }

    /**
     * Reserves bytes, here and in every budget above.
     *
     * @param bytes at least 0
     * @return {@code false}, and nothing reserved, if they do not fit
     */
    public boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative reservation " + bytes);
        }
        if (bytes == 0) {
            return true;
        }
        long now;
        do {
            now = reserved.get();
            if (now + bytes > capacity) {
                return false;
            }
        } while (!reserved.compareAndSet(now, now + bytes));
        if (parent != null && !parent.tryReserve(bytes)) {
            reserved.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /**
     * Gives back bytes reserved earlier, here and in every budget above.
     *
     * @param bytes what {@link #tryReserve} granted
     */
    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        long left = reserved.addAndGet(-bytes);
        if (left < 0) {
            throw new IllegalStateException("released " + bytes + " bytes more than were reserved");
        }
        if (parent != null) {
            parent.release(bytes);
        }
    }

    /**
     * Returns the bytes reserved now.
     *
     * @return the count
     */
    public long reserved() {
        return reserved.get();
    }

    /**
     * Returns the bytes this budget holds.
     *
     * @return the capacity
     */
    public long capacity() {
        return capacity;
    }

    @Override
    public String toString() {
        return reserved() + " of " + capacity + " bytes reserved";
    }
}
