package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable run of octets: a PDU's stub data, an authentication token, the OBJREF inside an
 * {@link InterfacePointer}. Equality is by content; {@link #toString()} is lowercase hexadecimal.
 *
 * <p>Slicing never copies. {@link #copyOf(byte[])} copies its argument; {@link #unsafeWrap(byte[], int, int)}
 * does not and is for producers that hand over a freshly filled array they never touch again (the PDU decoder
 * and {@link NdrWriter#toBytes()} work that way, which is how a decoded stub reaches the NDR reader without a
 * second copy).
 *
 * <pre>{@code
 * Bytes b = Bytes.fromHex("4d 45 4f 57");
 * b.length();            // 4
 * b.slice(1, 3).toHex(); // "454f"
 * b.equals(Bytes.copyOf(new byte[] {0x4d, 0x45, 0x4f, 0x57}));   // true
 * }</pre>
 */
public final class Bytes {

    /** The empty run. */
    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] array;
    private final int offset;
    private final int length;

    private Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /**
     * Returns a copy of the array's contents.
     *
     * @param bytes the octets
     * @return the run
     */
    public static Bytes copyOf(byte[] bytes) {
        return copyOf(bytes, 0, bytes.length);
    }

    /**
     * Returns a copy of part of an array.
     *
     * @param bytes the array
     * @param offset where the run starts
     * @param length how many octets
     * @return the run
     * @throws IndexOutOfBoundsException if the range is outside the array
     */
    public static Bytes copyOf(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length), 0, length);
    }

    /**
     * Wraps part of an array without copying it. The caller hands the array over: it must not change those
     * octets afterwards, or this value stops being immutable.
     *
     * @param bytes the array, owned by the result from now on
     * @param offset where the run starts
     * @param length how many octets
     * @return the run
     * @throws IndexOutOfBoundsException if the range is outside the array
     */
    public static Bytes unsafeWrap(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new Bytes(bytes, offset, length);
    }

    /**
     * Parses hexadecimal digits; whitespace between them is ignored.
     *
     * @param hex for example {@code "05 00 0b 03"}
     * @return the run
     * @throws IllegalArgumentException if a character is neither a hexadecimal digit nor whitespace, or the
     *     number of digits is odd
     */
    public static Bytes fromHex(CharSequence hex) {
        byte[] out = new byte[hex.length() / 2];
        int n = 0;
        int high = -1;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            int digit = Character.digit(c, 16);
            if (digit < 0 || c > 'f') {
                throw new IllegalArgumentException("not a hexadecimal digit at index " + i + ": '" + c + "'");
            }
            if (high < 0) {
                high = digit;
            } else {
                out[n++] = (byte) (high << 4 | digit);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new IllegalArgumentException("odd number of hexadecimal digits");
        }
        return unsafeWrap(out, 0, n);
    }

    /**
     * Returns the number of octets.
     *
     * @return the length
     */
    public int length() {
        return length;
    }

    /**
     * Tells whether the run is empty.
     *
     * @return true if {@link #length()} is 0
     */
    public boolean isEmpty() {
        return length == 0;
    }

    /**
     * Returns one octet.
     *
     * @param index from 0
     * @return the octet, 0 to 255
     * @throws IndexOutOfBoundsException if {@code index} is outside the run
     */
    public int get(int index) {
        Objects.checkIndex(index, length);
        return array[offset + index] & 0xFF;
    }

    /**
     * Returns a part of this run, sharing its storage.
     *
     * @param from the first index, inclusive
     * @param to the last index, exclusive
     * @return the part
     * @throws IndexOutOfBoundsException if the range is outside the run
     */
    public Bytes slice(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        if (from == 0 && to == length) {
            return this;
        }
        return to == from ? EMPTY : new Bytes(array, offset + from, to - from);
    }

    /**
     * Returns a new array with the octets.
     *
     * @return a copy
     */
    public byte[] toArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /**
     * Copies the octets into an array.
     *
     * @param destination the array
     * @param destinationOffset where to start writing
     * @throws IndexOutOfBoundsException if the destination is too small
     */
    public void copyTo(byte[] destination, int destinationOffset) {
        System.arraycopy(array, offset, destination, destinationOffset, length);
    }

    /**
     * Puts the octets into a buffer at its position, advancing it.
     *
     * @param destination the buffer
     * @throws java.nio.BufferOverflowException if it has too little room
     */
    public void writeTo(ByteBuffer destination) {
        destination.put(array, offset, length);
    }

    /**
     * Returns a read-only buffer over the octets, without copying.
     *
     * @return a buffer positioned at the first octet
     */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    /**
     * Returns the octets as lowercase hexadecimal without separators.
     *
     * @return for example {@code "4d454f57"}
     */
    public String toHex() {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = array[offset + i] & 0xFF;
            out[2 * i] = HEX[b >>> 4];
            out[2 * i + 1] = HEX[b & 0xF];
        }
        return new String(out);
    }

    /**
     * The backing array, for the wire layers' readers; never handed out beyond them.
     *
     * @return the array
     */
    public byte[] array() {
        return array;
    }

    /**
     * Where the run starts in {@link #array()}.
     *
     * @return the offset
     */
    public int offset() {
        return offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(array, offset, offset + length,
                other.array, other.offset, other.offset + other.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    /** Returns the hexadecimal form, shortened after 64 octets. */
    @Override
    public String toString() {
        if (length <= 64) {
            return toHex();
        }
        return slice(0, 64).toHex() + "…(" + length + " bytes)";
    }
}
