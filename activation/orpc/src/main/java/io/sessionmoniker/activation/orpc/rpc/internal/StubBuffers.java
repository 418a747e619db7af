package io.sessionmoniker.activation.orpc.rpc.internal;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Arrays for large stubs, lent and given back, so that a bulk call does not allocate (and have the JVM zero) a
 * new array of its size on every marshalling and every reassembly. Only arrays of at least
 * {@value #MIN_POOLED} and at most {@value #MAX_POOLED} octets are pooled; other sizes are plain new arrays.
 *
 * <p><b>Ownership.</b> {@link #take} lends an array to one owner: the writer that marshals into it, the
 * reassembly that copies fragments into it, and then whoever that hands the stub over to (the caller a client
 * call returns it to; the server connection that writes a reply). The owner gives it back with {@link #recycle}
 * once nothing reads it any more: not the owner, not a write in progress, not a value decoded from it (the NDR
 * reader copies what it returns). An owner that never gives an array back only leaves it to the garbage
 * collector. Only arrays lent and not yet given back are taken back: giving back an array a second time, or one
 * this pool never lent (a constant reply, a decoder's own fragment), does nothing, so a stub whose origin is not
 * known may be offered safely by the last party that reads it.
 *
 * <p>At most {@value #MAX_FREE} arrays, and {@value #MAX_FREE_BYTES} octets together, wait to be lent again; the
 * pool holds only weak references to what it has lent. Thread-safe.
 *
 * <pre>{@code
 * byte[] a = StubBuffers.SHARED.take(150_000);   // at least 150 000 octets, of any content
 * …                                              // fill it, send it, decode it
 * StubBuffers.SHARED.recycle(a);                 // nobody reads it any more
 * }</pre>
 */
public final class StubBuffers {

    /** The pool the writers and assemblers of this module share. */
    public static final StubBuffers SHARED = new StubBuffers();

    /** Below this many octets an array is allocated fresh: a small array costs less than pooling it. */
    public static final int MIN_POOLED = 16 * 1024;

    /** Above this many octets an array is allocated fresh and never pooled. */
    public static final int MAX_POOLED = 4 * 1024 * 1024;

    /** Arrays that may wait to be lent again. */
    public static final int MAX_FREE = 8;

    /** Octets that may wait to be lent again, together. */
    public static final long MAX_FREE_BYTES = 4L * 1024 * 1024;

    private final byte[][] free = new byte[MAX_FREE][];
    private int freeCount;
    private long freeBytes;
    /** What is lent now, by identity (arrays do not override equals); weak, so a lost loan costs nothing. */
    private final Map<byte[], Boolean> lent = new WeakHashMap<>();

    /** Creates an empty pool; the module shares {@link #SHARED}, tests make their own. */
    public StubBuffers() {
    }

    /**
     * Lends an array of at least {@code length} octets. Its content is whatever it held before: the owner writes
     * before it reads. A length outside the pooled range gives a new array of exactly that length, not lent.
     *
     * @param length at least 0
     * @return the array
     * @throws OutOfMemoryError if a new array cannot be allocated
     */
    public byte[] take(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length < MIN_POOLED || length > MAX_POOLED) {
            return new byte[length];
        }
        synchronized (this) {
            int best = -1;
            for (int i = 0; i < freeCount; i++) {
                if (free[i].length >= length && (best < 0 || free[i].length < free[best].length)) {
                    best = i;
                }
            }
            if (best >= 0) {
                byte[] a = free[best];
                free[best] = free[--freeCount];
                free[freeCount] = null;
                freeBytes -= a.length;
                lent.put(a, Boolean.TRUE);
                return a;
            }
        }
        // rounded up to an eighth of its power of two, so that a reply a little longer than its request fits too
        int step = Integer.highestOneBit(length) >>> 3;
        byte[] a = new byte[(int) Math.min(MAX_POOLED, ((long) length + step - 1) & -step)];
        synchronized (this) {
            lent.put(a, Boolean.TRUE);
        }
        return a;
    }

    /**
     * Gives back an array this pool lent; anything else is ignored.
     *
     * @param array the array, or null
     */
    public void recycle(byte[] array) {
        if (array == null || array.length < MIN_POOLED || array.length > MAX_POOLED) {
            return;
        }
        synchronized (this) {
            if (lent.remove(array) == null) {
                return;
            }
            if (freeCount < MAX_FREE && freeBytes + array.length <= MAX_FREE_BYTES) {
                free[freeCount++] = array;
                freeBytes += array.length;
            }
        }
    }

    /**
     * Gives back the array a stub lies in, if this pool lent it.
     *
     * @param stub the stub, or null
     */
    public void recycle(Bytes stub) {
        if (stub != null && !stub.isEmpty()) {
            recycle(stub.array());
        }
    }

    /**
     * Returns the number of arrays waiting to be lent again.
     *
     * @return the count
     */
    public synchronized int freeArrays() {
        return freeCount;
    }

    /**
     * Tells whether an array is lent now (taken and not given back).
     *
     * @param array the array
     * @return true if lent
     */
    public synchronized boolean isLent(byte[] array) {
        return lent.containsKey(array);
    }

    @Override
    public synchronized String toString() {
        return freeCount + " arrays (" + freeBytes + " octets) free, " + lent.size() + " lent";
    }
}
