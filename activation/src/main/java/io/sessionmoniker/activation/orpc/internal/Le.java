package io.sessionmoniker.activation.orpc.internal;

import io.sessionmoniker.moniker.Guid;

/**
 * Little-endian reads and writes on byte arrays, and GUIDs in their 16-byte memory layout, without
 * allocation. Callers check bounds first.
 */
public final class Le {

    private Le() {
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
