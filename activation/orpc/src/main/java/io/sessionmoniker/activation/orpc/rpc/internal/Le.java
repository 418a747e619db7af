package io.sessionmoniker.activation.orpc.rpc.internal;

import io.sessionmoniker.moniker.Guid;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Little-endian reads and writes on byte arrays, and GUIDs in their 16-byte memory layout, without
 * allocation; and bulk copies of strings as UTF-16LE code units. Callers check bounds first. Thread-safe.
 */
public final class Le {

    /** Code units copied from a string at a time by {@link #putChars}; the scratch array's length. */
    private static final int CHUNK = 2048;

    /** Strings shorter than this are copied a unit at a time: a buffer view would cost more than it saves. */
    private static final int SHORT = 16;

    /** Strings of at least this many code units are decoded (and encoded) through {@link #SCRATCH}. */
    private static final int SCRATCH_MIN = 4096;

    /** The longest scratch array kept, in code units (256 KiB); longer strings get an array of their own. */
    private static final int SCRATCH_MAX = 128 * 1024;

    /**
     * The scratch array {@link #chars} decodes long strings into, and {@link #putChars} encodes their chunks
     * through; taken by one thread at a time, or empty.
     */
    private static final AtomicReference<char[]> SCRATCH = new AtomicReference<>();

    private Le() {
    }

    /**
     * Writes a string's UTF-16 code units little-endian, as they are (unpaired surrogates included). The units
     * are taken out of the string a chunk at a time with {@link String#getChars} and stored through a
     * little-endian {@link java.nio.CharBuffer} view, both bulk copies, rather than a call per character.
     *
     * @param s the string
     * @param b the destination, with room for {@code 2 * s.length()} bytes from {@code at}
     * @param at where to start
     */
    public static void putChars(String s, byte[] b, int at) {
        int n = s.length();
        if (n < SHORT) {
            for (int i = 0; i < n; i++) {
                put16(b, at + 2 * i, s.charAt(i));
            }
            return;
        }
        CharBuffer out = ByteBuffer.wrap(b, at, 2 * n).slice().order(ByteOrder.LITTLE_ENDIAN).asCharBuffer();
        // a long string borrows the scratch array for its chunks (it is never shorter than a chunk)
        char[] scratch = n >= SCRATCH_MIN ? SCRATCH.getAndSet(null) : null;
        char[] chunk = scratch != null ? scratch : new char[Math.min(n, CHUNK)];
        for (int from = 0; from < n; from += CHUNK) {
            int k = Math.min(CHUNK, n - from);
            s.getChars(from, from + k, chunk, 0);
            out.put(chunk, 0, k);
        }
        if (scratch != null) {
            SCRATCH.compareAndSet(null, scratch);
        }
    }

    /**
     * Reads UTF-16LE code units as they are (unpaired surrogates included, nothing replaced), with one bulk
     * copy through a little-endian {@link java.nio.CharBuffer} view. A long string is copied into a reused scratch
     * array (when no other thread holds it) rather than a new one, so that the only new array is the string's
     * own.
     *
     * @param b the source, with {@code 2 * n} bytes from {@code at}
     * @param at where to start
     * @param n the number of code units
     * @return the string
     */
    public static String chars(byte[] b, int at, int n) {
        if (n < SHORT) {
            char[] c = new char[n];
            for (int i = 0; i < n; i++) {
                c[i] = (char) u16(b, at + 2 * i);
            }
            return new String(c);
        }
        boolean scratch = n >= SCRATCH_MIN && n <= SCRATCH_MAX;
        char[] c = scratch ? SCRATCH.getAndSet(null) : null;
        if (c == null || c.length < n) {
            // a scratch array has the next power of two, so that the strings of about this size that follow fit
            c = new char[scratch ? Math.min(SCRATCH_MAX, Integer.highestOneBit(n - 1) << 1) : n];
        }
        ByteBuffer.wrap(b, at, 2 * n).slice().order(ByteOrder.LITTLE_ENDIAN).asCharBuffer().get(c, 0, n);
        String s = new String(c, 0, n);
        if (scratch) {
            SCRATCH.compareAndSet(null, c);
        }
        return s;
    }

    /** Reads an unsigned 16-bit value. */
    public static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    /** Reads a 32-bit value. */
    public static int i32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | b[at + 3] << 24;
    }

    /** Reads a 64-bit value. */
    public static long i64(byte[] b, int at) {
        return (i32(b, at) & 0xFFFFFFFFL) | (long) i32(b, at + 4) << 32;
    }

    /** Writes a 16-bit value. */
    public static void put16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    /** Writes a 32-bit value. */
    public static void put32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    /** Writes a 64-bit value. */
    public static void put64(byte[] b, int at, long v) {
        put32(b, at, (int) v);
        put32(b, at + 4, (int) (v >>> 32));
    }

    /** Writes a GUID in Windows' little-endian memory layout. */
    public static void putGuid(byte[] b, int at, Guid g) {
        long msb = g.mostSignificantBits();
        long lsb = g.leastSignificantBits();
        put32(b, at, (int) (msb >>> 32));
        put16(b, at + 4, (int) (msb >>> 16));
        put16(b, at + 6, (int) msb);
        for (int i = 0; i < 8; i++) {
            b[at + 8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
    }

    /** Reads a GUID in Windows' little-endian memory layout. */
    public static Guid guid(byte[] b, int at) {
        long msb = (i32(b, at) & 0xFFFFFFFFL) << 32 | (long) u16(b, at + 4) << 16 | u16(b, at + 6);
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            lsb = lsb << 8 | (b[at + 8 + i] & 0xFF);
        }
        return Guid.of(msb, lsb);
    }
}
