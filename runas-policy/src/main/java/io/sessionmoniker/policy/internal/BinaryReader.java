package io.sessionmoniker.policy.internal;

import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import io.sessionmoniker.policy.Sid;

/**
 * Bounds-checked little-endian reads from a byte buffer. Every read names the structure it belongs to, so a
 * short buffer becomes a {@link SecurityDescriptorFormatException} with the offset, never an
 * {@link IndexOutOfBoundsException}.
 *
 * <pre>{@code
 * BinaryReader r = new BinaryReader(blob);
 * r.require(0, 20, r.length(), "the SECURITY_DESCRIPTOR header", "the buffer");
 * int control = r.u16(2);
 * Sid owner = r.sid((int) r.u32(4), r.length(), "the owner SID");
 * }</pre>
 */
public final class BinaryReader {

    private final byte[] bytes;

    /**
     * Wraps a buffer; the buffer is not copied and must not change while it is read.
     *
     * @param bytes the buffer
     */
    public BinaryReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Returns the buffer length.
     *
     * @return the number of bytes
     */
    public int length() {
        return bytes.length;
    }

    /**
     * Checks that {@code count} bytes starting at {@code offset} lie before {@code limit}.
     *
     * @param offset the first byte
     * @param count how many bytes are needed
     * @param limit the end of the enclosing structure
     * @param what the structure being read, for the message
     * @param limitName the enclosing structure, for the message ("the 40-byte buffer")
     */
    public void require(int offset, int count, int limit, String what, String limitName) {
        if (offset < 0 || (long) offset + count > limit) {
            int remaining = Math.max(0, limit - offset);
            throw SecurityDescriptorFormatException.binary(offset,
                    "expected " + count + " bytes for " + what + " but only " + remaining
                            + " remain before the end of " + limitName);
        }
    }

    /**
     * Reads an unsigned byte; the caller has checked the bounds.
     *
     * @param offset where
     * @return {@code 0..255}
     */
    public int u8(int offset) {
        return bytes[offset] & 0xFF;
    }

    /**
     * Reads an unsigned little-endian 16-bit value; the caller has checked the bounds.
     *
     * @param offset where
     * @return {@code 0..65535}
     */
    public int u16(int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    /**
     * Reads an unsigned little-endian 32-bit value; the caller has checked the bounds.
     *
     * @param offset where
     * @return {@code 0..4294967295}
     */
    public long u32(int offset) {
        return Integer.toUnsignedLong(i32(offset));
    }

    /**
     * Reads a little-endian 32-bit value; the caller has checked the bounds.
     *
     * @param offset where
     * @return the value as a signed int (the bit pattern of an access mask)
     */
    public int i32(int offset) {
        return (bytes[offset] & 0xFF)
                | (bytes[offset + 1] & 0xFF) << 8
                | (bytes[offset + 2] & 0xFF) << 16
                | (bytes[offset + 3] & 0xFF) << 24;
    }

    /**
     * Reads a binary SID ([MS-DTYP] 2.4.2.2) that must end before {@code limit}.
     *
     * @param offset where the SID starts
     * @param limit the end of the enclosing structure
     * @param what the SID's role, for messages ("the owner SID")
     * @return the SID
     * @throws SecurityDescriptorFormatException if it is truncated, has a revision other than 1 or more than 15
     *     sub-authorities
     */
    public Sid sid(int offset, int limit, String what) {
        String limitName = limit == bytes.length
                ? "the " + bytes.length + "-byte buffer"
                : "its enclosing structure (at offset " + limit + ")";
        return sid(offset, limit, what, limitName);
    }

    /**
     * Reads a binary SID that must end before {@code limit}, naming the limit in messages.
     *
     * @param offset where the SID starts
     * @param limit the end of the enclosing structure
     * @param what the SID's role, for messages
     * @param limitName the enclosing structure, for messages
     * @return the SID
     */
    public Sid sid(int offset, int limit, String what, String limitName) {
        require(offset, 8, limit, "the header of " + what, limitName);
        int revision = u8(offset);
        if (revision != 1) {
            throw SecurityDescriptorFormatException.binary(offset,
                    "expected SID revision 1 in " + what + " but was " + revision);
        }
        int count = u8(offset + 1);
        if (count > Sid.MAX_SUB_AUTHORITIES) {
            throw SecurityDescriptorFormatException.binary(offset + 1,
                    "expected at most 15 sub-authorities in " + what + " but the count is " + count);
        }
        require(offset, 8 + 4 * count, limit, what + " with " + count + " sub-authorities", limitName);
        long authority = 0;
        for (int i = 0; i < 6; i++) {
            authority = (authority << 8) | u8(offset + 2 + i);
        }
        long[] subs = new long[count];
        for (int i = 0; i < count; i++) {
            subs[i] = u32(offset + 8 + 4 * i);
        }
        return Sid.of(authority, subs);
    }
}
