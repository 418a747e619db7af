package io.sessionmoniker.activation.orpc.ndr;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.rpc.internal.Le;
import io.sessionmoniker.moniker.Guid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads NDR 2.0 little-endian stub data; the mirror of {@link NdrWriter}, with the same alignment rules
 * (relative to the start of the data it was given) and the same pointer scopes. Every read checks the bytes
 * that remain and throws {@link WireFormatException} naming the field and offset; nothing else escapes for
 * bad input. Counts read from the wire ({@code max_count}, {@code actual_count}) are checked against the
 * bytes that remain before anything is allocated, so a hostile count cannot make it allocate more than the
 * input's size.
 *
 * <p>Referents of embedded pointers arrive after their containing construct, so inside
 * {@link #beginEmbedded()}…{@link #endEmbedded()} a pointer read returns a {@link Deferred} that is filled
 * when the outermost scope ends. Nested referents count against a depth limit
 * ({@value #DEFAULT_MAX_DEPTH} by default), so deeply nested VARIANT arrays cannot exhaust the stack.
 *
 * <pre>{@code
 * NdrReader r = NdrReader.of(stub);
 * int count = r.readShort();
 * r.beginEmbedded();                                  // struct { [unique] long* a; long b; }
 * NdrReader.Deferred<Integer> a = r.readUnique(NdrReader::readInt);
 * int b = r.readInt();
 * r.endEmbedded();                                    // reads a's referent
 * a.get();                                            // the value, or null for a NULL pointer
 * }</pre>
 */
public final class NdrReader {

    /** The default limit on nested referents. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private final byte[] buf;
    private final int base;
    private final int end;
    private int pos;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int depth;
    private int embedDepth;
    private ArrayList<Object> pending;
    private HashMap<Integer, Deferred<?>> fullReferents;

    private NdrReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.base = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /**
     * Returns a reader over stub data.
     *
     * @param stub the stub data; alignment counts from its first octet
     * @return the reader
     */
    public static NdrReader of(Bytes stub) {
        return new NdrReader(stub.array(), stub.offset(), stub.length());
    }

    /**
     * Returns a reader over part of an array, which must not change while it is read.
     *
     * @param bytes the array
     * @param offset where the stub data starts
     * @param length its length
     * @return the reader
     */
    public static NdrReader of(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new NdrReader(bytes, offset, length);
    }

    /**
     * Sets the limit on nested referents.
     *
     * @param limit at least 1
     * @return this reader
     */
    public NdrReader maxDepth(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("depth limit " + limit);
        }
        this.maxDepth = limit;
        return this;
    }

    /**
     * Returns the offset of the next octet from the start of the data.
     *
     * @return the position
     */
    public int position() {
        return pos - base;
    }

    /**
     * Returns the number of octets not yet read.
     *
     * @return the count
     */
    public int remaining() {
        return end - pos;
    }

    /**
     * Returns the octets not yet read, without consuming them (trailing data after the last parameter, for
     * example, which some clients send and servers ignore).
     *
     * @return the rest
     */
    public Bytes rest() {
        return Bytes.copyOf(buf, pos, end - pos);
    }

    /**
     * Builds a failure at the current position, for decoders layered on this reader.
     *
     * @param field the field at fault
     * @param detail what is wrong
     * @return the exception to throw
     */
    public WireFormatException malformed(String field, String detail) {
        return malformedAt(field, position(), detail);
    }

    /**
     * Builds a failure at a given position.
     *
     * @param field the field at fault
     * @param offset its offset from the start of the data
     * @param detail what is wrong
     * @return the exception to throw
     */
    public WireFormatException malformedAt(String field, int offset, String detail) {
        return new WireFormatException(WireFailure.malformedStub(field, offset, detail));
    }

    /**
     * Builds an "unsupported" failure at a given position.
     *
     * @param field the field at fault
     * @param offset its offset from the start of the data
     * @param detail what is not supported
     * @return the exception to throw
     */
    public WireFormatException unsupportedAt(String field, int offset, String detail) {
        return new WireFormatException(new WireFailure(WireFailure.Kind.UNSUPPORTED, field, offset, detail,
                RpcStatus.WIN32_BAD_STUB_DATA));
    }

    private void need(int n, String field) throws WireFormatException {
        if (n > end - pos) {
            throw malformed(field, "needs " + n + " bytes but " + (end - pos) + " remain");
        }
    }

    /**
     * Skips the padding to a multiple of {@code n}.
     *
     * @param n 1, 2, 4 or 8
     * @return this reader
     * @throws WireFormatException if the padding runs past the end
     */
    public NdrReader align(int n) throws WireFormatException {
        int padded = base + ((pos - base + n - 1) & -n);
        if (padded > end) {
            throw malformed("alignment", "padding to " + n + " runs past the end");
        }
        pos = padded;
        return this;
    }

    /**
     * Reads an octet.
     *
     * @return 0 to 255
     * @throws WireFormatException if no octet remains
     */
    public int readByte() throws WireFormatException {
        need(1, "octet");
        return buf[pos++] & 0xFF;
    }

    /**
     * Reads an NDR {@code boolean} (one octet; non-zero is true).
     *
     * @return the value
     * @throws WireFormatException if no octet remains
     */
    public boolean readBoolean() throws WireFormatException {
        return readByte() != 0;
    }

    /**
     * Reads a signed 16-bit value, aligned to 2.
     *
     * @return the value
     * @throws WireFormatException if truncated
     */
    public short readShort() throws WireFormatException {
        align(2);
        need(2, "16-bit value");
        short v = (short) Le.u16(buf, pos);
        pos += 2;
        return v;
    }

    /**
     * Reads an unsigned 16-bit value, aligned to 2.
     *
     * @return 0 to 65535
     * @throws WireFormatException if truncated
     */
    public int readUnsignedShort() throws WireFormatException {
        return readShort() & 0xFFFF;
    }

    /**
     * Reads a 32-bit value, aligned to 4.
     *
     * @return the value
     * @throws WireFormatException if truncated
     */
    public int readInt() throws WireFormatException {
        return readInt("32-bit value");
    }

    /**
     * Reads a 32-bit value, aligned to 4, naming the field in a failure.
     *
     * @param field the field's name
     * @return the value
     * @throws WireFormatException if truncated
     */
    public int readInt(String field) throws WireFormatException {
        align(4);
        need(4, field);
        int v = Le.i32(buf, pos);
        pos += 4;
        return v;
    }

    /**
     * Reads a 64-bit {@code hyper}, aligned to 8.
     *
     * @return the value
     * @throws WireFormatException if truncated
     */
    public long readLong() throws WireFormatException {
        align(8);
        need(8, "64-bit value");
        long v = Le.i64(buf, pos);
        pos += 8;
        return v;
    }

    /**
     * Reads an IEEE single, aligned to 4.
     *
     * @return the value
     * @throws WireFormatException if truncated
     */
    public float readFloat() throws WireFormatException {
        return Float.intBitsToFloat(readInt("float"));
    }

    /**
     * Reads an IEEE double, aligned to 8.
     *
     * @return the value
     * @throws WireFormatException if truncated
     */
    public double readDouble() throws WireFormatException {
        return Double.longBitsToDouble(readLong());
    }

    /**
     * Reads a MIDL {@code BOOL} (32-bit; non-zero is true).
     *
     * @return the value
     * @throws WireFormatException if truncated
     */
    public boolean readBool32() throws WireFormatException {
        return readInt("BOOL") != 0;
    }

    /**
     * Reads a {@code VARIANT_BOOL} (16-bit; non-zero is true, -1 is canonical).
     *
     * @return the value
     * @throws WireFormatException if truncated
     */
    public boolean readVariantBool() throws WireFormatException {
        return readShort() != 0;
    }

    /**
     * Reads a GUID structure, aligned to 4.
     *
     * @return the GUID
     * @throws WireFormatException if truncated
     */
    public Guid readGuid() throws WireFormatException {
        align(4);
        need(16, "GUID");
        Guid g = Le.guid(buf, pos);
        pos += 16;
        return g;
    }

    /**
     * Reads octets as they are, without alignment.
     *
     * @param n how many
     * @return a copy of the octets
     * @throws WireFormatException if fewer remain
     */
    public Bytes readBytes(int n) throws WireFormatException {
        if (n < 0) {
            throw malformed("octets", "negative length " + n);
        }
        need(n, "octets");
        Bytes out = Bytes.copyOf(buf, pos, n);
        pos += n;
        return out;
    }

    /**
     * Reads a {@code max_count} and checks that that many elements of the given size can still follow.
     *
     * @param elementSize the smallest wire size of one element, at least 1
     * @param field the array's name, for a failure
     * @return the count, not negative
     * @throws WireFormatException if truncated, or the count cannot fit in what remains
     */
    public int readConformance(int elementSize, String field) throws WireFormatException {
        int at = position();
        int n = readInt(field + ".max_count");
        checkCount(n, elementSize, field + ".max_count", at);
        return n;
    }

    /**
     * Checks that {@code count} elements of {@code elementSize} octets fit in what remains.
     *
     * @param count a count read from the wire
     * @param elementSize the smallest wire size of one element
     * @param field the count's name
     * @param at the count's offset
     * @throws WireFormatException if they cannot
     */
    public void checkCount(int count, int elementSize, String field, int at) throws WireFormatException {
        if (count < 0 || (long) count * elementSize > end - pos) {
            throw malformedAt(field, at, String.format(Locale.ROOT,
                    "%d elements of %d bytes but only %d bytes remain", count & 0xFFFFFFFFL, elementSize, end - pos));
        }
    }

    /**
     * Reads a conformant array of octets ({@code max_count}, then the octets).
     *
     * @param field the array's name
     * @return the octets
     * @throws WireFormatException if malformed
     */
    public Bytes readConformantBytes(String field) throws WireFormatException {
        return readBytes(readConformance(1, field));
    }

    /**
     * Reads a conformant array of octets into a new array of exactly its length: one copy, for a value handed to
     * a caller as a {@code byte[]}.
     *
     * @param field the array's name
     * @return the octets
     * @throws WireFormatException if malformed
     */
    public byte[] readConformantByteArray(String field) throws WireFormatException {
        int n = readConformance(1, field);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /**
     * Reads a conformant array of 32-bit values.
     *
     * @param field the array's name
     * @return the values
     * @throws WireFormatException if malformed
     */
    public int[] readConformantInts(String field) throws WireFormatException {
        int n = readConformance(4, field);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Le.i32(buf, pos);
            pos += 4;
        }
        return out;
    }

    /**
     * Reads a conformant varying string of {@code wchar_t}: {@code max_count}, {@code offset},
     * {@code actual_count}, the code units. With {@code terminated} the last code unit must be NUL and is
     * removed.
     *
     * @param terminated whether a NUL terminator is expected
     * @param field the string's name
     * @return the string
     * @throws WireFormatException if malformed: counts inconsistent or too large, terminator missing
     */
    public String readWideString(boolean terminated, String field) throws WireFormatException {
        int maxAt = position();
        int max = readInt(field + ".max_count");
        int offset = readInt(field + ".offset");
        int actualAt = position();
        int actual = readInt(field + ".actual_count");
        checkCount(actual, 2, field + ".actual_count", actualAt);
        if (max < 0 || offset < 0 || (long) offset + actual > (max & 0xFFFFFFFFL)) {
            throw malformedAt(field + ".max_count", maxAt, "offset " + (offset & 0xFFFFFFFFL) + " + actual_count "
                    + actual + " exceed max_count " + (max & 0xFFFFFFFFL));
        }
        int n = actual;
        if (terminated) {
            if (actual == 0 || Le.u16(buf, pos + 2 * (actual - 1)) != 0) {
                throw malformedAt(field, position(), "a [string] of " + actual + " code units without NUL terminator");
            }
            n--;
        }
        String s = Le.chars(buf, pos, n);
        pos += 2 * actual;
        return s;
    }

    /**
     * Reads {@code n} UTF-16LE code units without alignment or counts.
     *
     * @param n the number of code units
     * @param field the field's name
     * @return the string
     * @throws WireFormatException if fewer remain
     */
    public String readChars(int n, String field) throws WireFormatException {
        if (n < 0) {
            throw malformed(field, "negative length");
        }
        need(2L * n > Integer.MAX_VALUE ? Integer.MAX_VALUE : 2 * n, field);
        String s = Le.chars(buf, pos, n);
        pos += 2 * n;
        return s;
    }

    /**
     * Reads a referent id without its referent.
     *
     * @return the id; 0 for NULL
     * @throws WireFormatException if truncated
     */
    public int readReferentId() throws WireFormatException {
        return readInt("referent id");
    }

    /**
     * Reads a {@code [unique]} pointer. Outside an embedding scope the referent is read at once; inside, it
     * is read when the outermost scope ends.
     *
     * @param decoder reads the referent
     * @param <T> the referent's type
     * @return the referent's holder; for a NULL pointer one whose value is null
     * @throws WireFormatException if malformed
     */
    public <T> Deferred<T> readUnique(NdrDecoder<? extends T> decoder) throws WireFormatException {
        int id = readReferentId();
        if (id == 0) {
            return Deferred.nullPointer();
        }
        Deferred<T> holder = new Deferred<>();
        referent(holder, decoder);
        return holder;
    }

    /**
     * Reads a top-level {@code [unique]} pointer and its referent.
     *
     * @param decoder reads the referent
     * @param <T> the referent's type
     * @return the referent, or null for a NULL pointer
     * @throws WireFormatException if malformed
     * @throws IllegalStateException if called inside an embedding scope
     */
    public <T> T readUniqueNow(NdrDecoder<? extends T> decoder) throws WireFormatException {
        if (embedDepth > 0) {
            throw new IllegalStateException("an embedded pointer's referent comes later; use readUnique");
        }
        return this.<T>readUnique(decoder).get();
    }

    /**
     * Reads a {@code [ptr]} (full) pointer: an id seen before names the same referent, which is not read
     * again.
     *
     * @param decoder reads the referent
     * @param <T> the referent's type
     * @return the referent's holder, shared by every pointer with the same id
     * @throws WireFormatException if malformed
     */
    @SuppressWarnings("unchecked")
    public <T> Deferred<T> readFull(NdrDecoder<? extends T> decoder) throws WireFormatException {
        int id = readReferentId();
        if (id == 0) {
            return Deferred.nullPointer();
        }
        if (fullReferents == null) {
            fullReferents = new HashMap<>();
        }
        Deferred<?> known = fullReferents.get(id);
        if (known != null) {
            return (Deferred<T>) known;
        }
        Deferred<T> holder = new Deferred<>();
        fullReferents.put(id, holder);
        referent(holder, decoder);
        return holder;
    }

    private <T> void referent(Deferred<T> holder, NdrDecoder<? extends T> decoder) throws WireFormatException {
        if (embedDepth > 0) {
            if (pending == null) {
                pending = new ArrayList<>();
            }
            pending.add(holder);
            pending.add(decoder);
        } else {
            readReferent(holder, decoder);
        }
    }

    @SuppressWarnings("unchecked")
    private void readReferent(Deferred<?> holder, NdrDecoder<?> decoder) throws WireFormatException {
        if (depth >= maxDepth) {
            throw new WireFormatException(new WireFailure(WireFailure.Kind.LIMIT_EXCEEDED, "maxNestingDepth",
                    position(), "referents nested deeper than " + maxDepth, RpcStatus.WIN32_BAD_STUB_DATA));
        }
        int savedEmbed = embedDepth;
        ArrayList<Object> savedPending = pending;
        embedDepth = 0;
        pending = null;
        depth++;
        Object value = decoder.decode(this);
        depth--;
        if (embedDepth != 0) {
            throw new IllegalStateException("referent decoder left " + embedDepth + " embedding scopes open");
        }
        embedDepth = savedEmbed;
        pending = savedPending;
        ((Deferred<Object>) holder).set(value);
    }

    /**
     * Opens an embedding scope.
     *
     * @return this reader
     */
    public NdrReader beginEmbedded() {
        embedDepth++;
        return this;
    }

    /**
     * Closes an embedding scope; closing the outermost one reads the deferred referents in order.
     *
     * @return this reader
     * @throws WireFormatException if a referent is malformed
     * @throws IllegalStateException if no scope is open
     */
    public NdrReader endEmbedded() throws WireFormatException {
        if (embedDepth <= 0) {
            throw new IllegalStateException("endEmbedded without beginEmbedded");
        }
        if (--embedDepth == 0 && pending != null) {
            ArrayList<Object> list = pending;
            pending = null;
            for (int i = 0; i < list.size(); i += 2) {
                readReferent((Deferred<?>) list.get(i), (NdrDecoder<?>) list.get(i + 1));
            }
        }
        return this;
    }

    /**
     * The referent of a pointer, filled when NDR's order reaches it.
     *
     * @param <T> the referent's type
     */
    public static final class Deferred<T> {
        private static final Deferred<Object> NULL = new Deferred<>(true);

        private T value;
        private boolean resolved;

        Deferred() {
        }

        private Deferred(boolean resolved) {
            this.resolved = resolved;
        }

        @SuppressWarnings("unchecked")
        static <T> Deferred<T> nullPointer() {
            return (Deferred<T>) NULL;
        }

        void set(T v) {
            this.value = v;
            this.resolved = true;
        }

        /**
         * Returns the referent.
         *
         * @return the value, or null for a NULL pointer
         * @throws IllegalStateException if the referent has not been read yet (the embedding scope is open)
         */
        public T get() {
            if (!resolved) {
                throw new IllegalStateException("the referent is read when the embedding scope ends");
            }
            return value;
        }

        /**
         * Tells whether the pointer was NULL; valid once resolved.
         *
         * @return true for a NULL pointer
         */
        public boolean isNull() {
            return get() == null;
        }
    }
}
