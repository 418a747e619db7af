package io.sessionmoniker.activation.orpc.ndr;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.internal.Le;
import io.sessionmoniker.activation.orpc.rpc.internal.StubBuffers;
import io.sessionmoniker.moniker.Guid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Objects;

/**
 * Writes NDR 2.0 little-endian stub data (C706 chapter 14) into a growable array. Every primitive is aligned
 * to its own size, relative to the start of the stub data, with zero padding: octets and NDR {@code boolean}
 * 1, {@code short} 2, {@code long}/{@code float}/pointers/GUIDs 4, {@code hyper}/{@code double} 8.
 *
 * <p><b>Pointers.</b> {@link #writeUnique} and {@link #writeFull} write a referent id (0 for NULL; ids count
 * up from {@value #FIRST_REFERENT_ID} in steps of 4, as MIDL does). Outside any embedding scope the pointer is
 * top-level and its referent follows at once. Between {@link #beginEmbedded()} and the matching
 * {@link #endEmbedded()} (a structure or array that contains pointers) the referents are deferred: they are
 * written, in order, when the outermost scope ends, each in its own fresh scope so its own embedded pointers
 * follow it. That is NDR's rule that embedded referents come after the containing construct.
 *
 * <pre>{@code
 * NdrWriter w = new NdrWriter();
 * w.writeShort(2);                       // 02 00
 * w.writeInt(7);                         // 00 00 (pad) 07 00 00 00
 * w.beginEmbedded();                     // struct { [unique] long* a; long b; }
 * w.writeUnique(5, (ww, v) -> ww.writeInt(v));
 * w.writeInt(9);
 * w.endEmbedded();                       // now the referent 5
 * Bytes stub = w.toBytes();              // 02 00 00 00 07 00 00 00 00 00 02 00 09 00 00 00 05 00 00 00
 * }</pre>
 *
 * <p>Booleans: {@link #writeBoolean} is NDR's 1-octet {@code boolean}; {@link #writeBool32} is MIDL's
 * 4-octet {@code BOOL}; {@link #writeVariantBool} is OLE Automation's 2-octet {@code VARIANT_BOOL} (-1/0).
 *
 * <p>A writer made by {@link #pooled(int)} marshals a large stub into a lent array rather than a new one (the
 * octets are the same). Not thread-safe.
 */
public final class NdrWriter {

    /** The first referent id handed out. */
    public static final int FIRST_REFERENT_ID = 0x00020000;

    private static final byte[] NO_BYTES = new byte[0];

    /** Extra room given beyond a write larger than the doubled buffer. */
    private static final int GROWTH_SLACK = 256;

    private final StubBuffers pool;
    private byte[] buf;
    private int pos;
    private int nextReferent = FIRST_REFERENT_ID;
    private int embedDepth;
    private ArrayList<Object> pending;
    private IdentityHashMap<Object, Integer> fullIds;

    /** Creates a writer with room for 128 octets before it grows. */
    public NdrWriter() {
        this(128);
    }

    /**
     * Creates a writer.
     *
     * @param initialCapacity octets to allocate up front
     */
    public NdrWriter(int initialCapacity) {
        this(null, initialCapacity);
    }

    private NdrWriter(StubBuffers pool, int initialCapacity) {
        this.pool = pool;
        int n = Math.max(initialCapacity, 16);
        buf = pool == null ? new byte[n] : pool.take(n);
    }

    /**
     * Creates a writer whose array, once it is large, is lent by {@code StubBuffers.SHARED}: for a stub that is
     * sent and then given back, so that a bulk call neither allocates nor zeroes an array of its size (the
     * octets written are the same as any writer's). The stub {@link #toBytes()} returns lies in the lent array;
     * its last holder gives it back with {@code StubBuffers.SHARED.recycle(stub)} once nothing reads it (a stub
     * never given back is only collected as garbage).
     *
     * @param expectedLength the octets the stub is expected to take, so that it is marshalled without growing
     * @return the writer
     */
    public static NdrWriter pooled(int expectedLength) {
        return new NdrWriter(StubBuffers.SHARED, expectedLength);
    }

    /**
     * Returns the number of octets written, which is also the offset of the next one.
     *
     * @return the position
     */
    public int position() {
        return pos;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            if (pos + n < 0) {
                throw new IllegalStateException("stub data over 2 GiB");
            }
            // a large write (a long string) gets a little room after it for what usually follows (an HRESULT,
            // more parameters) so that it is not copied again at once
            int need = pos + n;
            int size = Math.max(need > buf.length * 2 ? need + GROWTH_SLACK : buf.length * 2, 16);
            if (pool == null) {
                buf = Arrays.copyOf(buf, size);
            } else {
                // the old array was never handed out: it goes back at once
                byte[] bigger = pool.take(size);
                System.arraycopy(buf, 0, bigger, 0, pos);
                pool.recycle(buf);
                buf = bigger;
            }
        }
    }

    /**
     * Pads with zeros to a multiple of {@code n}.
     *
     * @param n 1, 2, 4 or 8
     * @return this writer
     */
    public NdrWriter align(int n) {
        int padded = (pos + n - 1) & -n;
        ensure(padded - pos);
        while (pos < padded) {
            buf[pos++] = 0;
        }
        return this;
    }

    /**
     * Writes an octet ({@code byte}, {@code unsigned char}, {@code small}).
     *
     * @param v the low 8 bits are written
     * @return this writer
     */
    public NdrWriter writeByte(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    /**
     * Writes an NDR {@code boolean}: one octet, 1 or 0.
     *
     * @param v the value
     * @return this writer
     */
    public NdrWriter writeBoolean(boolean v) {
        return writeByte(v ? 1 : 0);
    }

    /**
     * Writes a 16-bit value, aligned to 2.
     *
     * @param v the low 16 bits are written
     * @return this writer
     */
    public NdrWriter writeShort(int v) {
        align(2);
        ensure(2);
        Le.put16(buf, pos, v);
        pos += 2;
        return this;
    }

    /**
     * Writes a 32-bit value ({@code long}, {@code unsigned long}, {@code HRESULT}, {@code DWORD}), aligned to 4.
     *
     * @param v the value
     * @return this writer
     */
    public NdrWriter writeInt(int v) {
        align(4);
        ensure(4);
        Le.put32(buf, pos, v);
        pos += 4;
        return this;
    }

    /**
     * Writes a 64-bit {@code hyper}, aligned to 8.
     *
     * @param v the value
     * @return this writer
     */
    public NdrWriter writeLong(long v) {
        align(8);
        ensure(8);
        Le.put64(buf, pos, v);
        pos += 8;
        return this;
    }

    /**
     * Writes an IEEE single, aligned to 4.
     *
     * @param v the value
     * @return this writer
     */
    public NdrWriter writeFloat(float v) {
        return writeInt(Float.floatToRawIntBits(v));
    }

    /**
     * Writes an IEEE double, aligned to 8.
     *
     * @param v the value
     * @return this writer
     */
    public NdrWriter writeDouble(double v) {
        return writeLong(Double.doubleToRawLongBits(v));
    }

    /**
     * Writes a MIDL {@code BOOL}: a 32-bit 1 or 0.
     *
     * @param v the value
     * @return this writer
     */
    public NdrWriter writeBool32(boolean v) {
        return writeInt(v ? 1 : 0);
    }

    /**
     * Writes a {@code VARIANT_BOOL}: a 16-bit -1 (true) or 0.
     *
     * @param v the value
     * @return this writer
     */
    public NdrWriter writeVariantBool(boolean v) {
        return writeShort(v ? -1 : 0);
    }

    /**
     * Writes a GUID as its 16-byte structure, aligned to 4.
     *
     * @param g the GUID
     * @return this writer
     */
    public NdrWriter writeGuid(Guid g) {
        align(4);
        ensure(16);
        Le.putGuid(buf, pos, g);
        pos += 16;
        return this;
    }

    /**
     * Writes octets as they are, without alignment.
     *
     * @param bytes the octets
     * @return this writer
     */
    public NdrWriter writeBytes(Bytes bytes) {
        ensure(bytes.length());
        bytes.copyTo(buf, pos);
        pos += bytes.length();
        return this;
    }

    /**
     * Writes octets as they are, without alignment.
     *
     * @param bytes the array
     * @param offset the first octet
     * @param length how many
     * @return this writer
     */
    public NdrWriter writeBytes(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensure(length);
        System.arraycopy(bytes, offset, buf, pos, length);
        pos += length;
        return this;
    }

    /**
     * Writes the conformance of a conformant array or structure: its {@code max_count}, aligned to 4.
     *
     * @param maxCount the element count
     * @return this writer
     */
    public NdrWriter writeConformance(int maxCount) {
        return writeInt(maxCount);
    }

    /**
     * Writes the variance of a varying array: {@code offset} then {@code actual_count}.
     *
     * @param offset the first element transmitted
     * @param actualCount the number transmitted
     * @return this writer
     */
    public NdrWriter writeVariance(int offset, int actualCount) {
        return writeInt(offset).writeInt(actualCount);
    }

    /**
     * Writes a conformant array of octets ({@code [size_is(n)] byte[]}): {@code max_count}, then the octets.
     *
     * @param bytes the octets
     * @return this writer
     */
    public NdrWriter writeConformantBytes(Bytes bytes) {
        return writeConformance(bytes.length()).writeBytes(bytes);
    }

    /**
     * Writes a conformant array of 32-bit values: {@code max_count}, then the values.
     *
     * @param values the values
     * @return this writer
     */
    public NdrWriter writeConformantInts(int[] values) {
        writeConformance(values.length);
        ensure(4 * values.length);
        for (int v : values) {
            Le.put32(buf, pos, v);
            pos += 4;
        }
        return this;
    }

    /**
     * Writes a conformant varying string of {@code wchar_t} (UTF-16LE): {@code max_count}, {@code offset} 0,
     * {@code actual_count}, then the code units. With {@code terminated} a NUL code unit is appended and
     * counted, as {@code [string] wchar_t*} requires; without it the string is sent as it is, as a
     * {@code [size_is, length_is]} array.
     *
     * @param s the string; with {@code terminated} it must not contain NUL
     * @param terminated whether to append and count the NUL terminator
     * @return this writer
     * @throws IllegalArgumentException if a terminated string contains NUL
     */
    public NdrWriter writeWideString(String s, boolean terminated) {
        if (terminated && s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a [string] cannot contain NUL");
        }
        int n = s.length() + (terminated ? 1 : 0);
        writeConformance(n).writeVariance(0, n);
        writeChars(s);
        if (terminated) {
            writeShort(0);
        }
        return this;
    }

    /**
     * Writes UTF-16LE code units without alignment or counts.
     *
     * @param s the string
     * @return this writer
     */
    public NdrWriter writeChars(String s) {
        ensure(2 * s.length());
        Le.putChars(s, buf, pos);
        pos += 2 * s.length();
        return this;
    }

    /**
     * Overwrites a 32-bit value written earlier, for sizes known only afterwards (a VARIANT's
     * {@code clSize}).
     *
     * @param position the value's offset
     * @param v the new value
     * @return this writer
     */
    public NdrWriter setInt(int position, int v) {
        Objects.checkFromIndexSize(position, 4, pos);
        Le.put32(buf, position, v);
        return this;
    }

    /**
     * Writes a fresh referent id, or 0, without any referent: for code that writes the referent itself.
     *
     * @param present false for a NULL pointer
     * @return the id written
     */
    public int writeReferentId(boolean present) {
        int id = present ? newReferentId() : 0;
        writeInt(id);
        return id;
    }

    /**
     * Sets the referent id the next non-NULL pointer gets; the ids after it count up in steps of 4. NDR leaves
     * the numbering to the sender (a receiver tells only NULL from non-NULL and, for full pointers, one referent
     * from another), so this is for encoders that must reproduce a peer's numbering octet for octet. Call it
     * before the first pointer is written.
     *
     * @param id a non-zero multiple of 4; {@value #FIRST_REFERENT_ID} by default
     * @return this writer
     * @throws IllegalArgumentException if {@code id} is 0 or not a multiple of 4
     */
    public NdrWriter nextReferentId(int id) {
        if (id == 0 || (id & 3) != 0) {
            throw new IllegalArgumentException("a referent id is a non-zero multiple of 4: " + id);
        }
        nextReferent = id;
        return this;
    }

    private int newReferentId() {
        int id = nextReferent;
        nextReferent += 4;
        return id;
    }

    /**
     * Writes a {@code [unique]} pointer: a referent id (0 for null) and, unless null, the referent now
     * (top level) or when the embedding scope ends (embedded).
     *
     * @param value the referent, or null
     * @param encoder writes the referent
     * @param <T> the referent's type
     * @return this writer
     */
    public <T> NdrWriter writeUnique(T value, NdrEncoder<? super T> encoder) {
        if (value == null) {
            writeInt(0);
            return this;
        }
        writeInt(newReferentId());
        referent(value, encoder);
        return this;
    }

    /**
     * Writes a {@code [ptr]} (full) pointer: like {@link #writeUnique}, except that a referent already
     * written through a full pointer (the same object, by identity) is named by its earlier id and not
     * written again.
     *
     * @param value the referent, or null
     * @param encoder writes the referent
     * @param <T> the referent's type
     * @return this writer
     */
    public <T> NdrWriter writeFull(T value, NdrEncoder<? super T> encoder) {
        if (value == null) {
            writeInt(0);
            return this;
        }
        if (fullIds == null) {
            fullIds = new IdentityHashMap<>();
        }
        Integer known = fullIds.get(value);
        if (known != null) {
            writeInt(known);
            return this;
        }
        int id = newReferentId();
        fullIds.put(value, id);
        writeInt(id);
        referent(value, encoder);
        return this;
    }

    private <T> void referent(T value, NdrEncoder<? super T> encoder) {
        if (embedDepth > 0) {
            if (pending == null) {
                pending = new ArrayList<>();
            }
            pending.add(encoder);
            pending.add(value);
        } else {
            writeReferent(encoder, value);
        }
    }

    @SuppressWarnings("unchecked")
    private void writeReferent(NdrEncoder<?> encoder, Object value) {
        int savedDepth = embedDepth;
        ArrayList<Object> savedPending = pending;
        embedDepth = 0;
        pending = null;
        ((NdrEncoder<Object>) encoder).encode(this, value);
        if (embedDepth != 0) {
            throw new IllegalStateException("referent encoder left " + embedDepth + " embedding scopes open");
        }
        embedDepth = savedDepth;
        pending = savedPending;
    }

    /**
     * Opens an embedding scope: pointers written until the matching {@link #endEmbedded()} are embedded, and
     * their referents wait for the outermost scope to end.
     *
     * @return this writer
     */
    public NdrWriter beginEmbedded() {
        embedDepth++;
        return this;
    }

    /**
     * Closes an embedding scope; closing the outermost one writes the deferred referents in order.
     *
     * @return this writer
     * @throws IllegalStateException if no scope is open
     */
    public NdrWriter endEmbedded() {
        if (embedDepth <= 0) {
            throw new IllegalStateException("endEmbedded without beginEmbedded");
        }
        if (--embedDepth == 0 && pending != null) {
            ArrayList<Object> list = pending;
            pending = null;
            for (int i = 0; i < list.size(); i += 2) {
                writeReferent((NdrEncoder<?>) list.get(i), list.get(i + 1));
            }
        }
        return this;
    }

    /**
     * Returns the stub data written so far, sharing this writer's array; the writer must not be used
     * afterwards.
     *
     * @return the octets
     * @throws IllegalStateException if an embedding scope is still open
     */
    public Bytes toBytes() {
        if (embedDepth != 0) {
            throw new IllegalStateException(embedDepth + " embedding scopes still open");
        }
        Bytes out = Bytes.unsafeWrap(buf, 0, pos);
        buf = NO_BYTES;
        pos = 0;
        return out;
    }

    /**
     * Returns a copy of the stub data written so far.
     *
     * @return a new array
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }
}
