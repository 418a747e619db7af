package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.activation.orpc.automation.BstrCodec;
import io.sessionmoniker.activation.orpc.ndr.NdrDecoder;
import io.sessionmoniker.activation.orpc.ndr.NdrEncoder;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NdrTest {

    /** A referent with identity, for full pointers. */
    record Box(int value) {
    }

    static final NdrEncoder<Integer> INT = (w, v) -> w.writeInt(v);
    static final NdrDecoder<Integer> READ_INT = NdrReader::readInt;

    static Bytes primitives() {
        return Vectors.encode(w -> w.writeByte(1).writeShort(0x0203).writeInt(0x04050607).writeLong(0x08090A0B0C0D0E0FL)
                .writeByte(0xFF).writeDouble(1.0).writeFloat(1.0f).writeBoolean(true).writeVariantBool(true)
                .writeBool32(true).writeGuid(Vectors.IPID));
    }

    static Bytes pointers() {
        Box x = new Box(0x44);
        return Vectors.encode(w -> {
            w.writeUnique(7, INT);
            w.writeUnique(null, INT);
            w.beginEmbedded();
            w.writeUnique(0x22, INT).writeUnique(null, INT).writeInt(0x11).writeUnique(0x33, INT);
            w.endEmbedded();
            NdrEncoder<Box> box = (ww, b) -> ww.writeInt(b.value());
            w.writeFull(x, box).writeFull(x, box).writeFull(new Box(0x55), box);
            w.beginEmbedded();
            w.writeUnique("s", (ww, s) -> {
                ww.beginEmbedded();
                ww.writeUnique(0x66, INT).writeInt(0x77);
                ww.endEmbedded();
            });
            w.writeUnique(0x99, INT);
            w.endEmbedded();
        });
    }

    @Nested
    class Golden {
        @Test
        void primitivesAndAlignment() throws WireFormatException {
            assertEquals(Vectors.load("ndr/primitives.hex"), primitives());
            NdrReader r = NdrReader.of(Vectors.load("ndr/primitives.hex"));
            assertEquals(1, r.readByte());
            assertEquals(0x0203, r.readShort());
            assertEquals(0x04050607, r.readInt());
            assertEquals(0x08090A0B0C0D0E0FL, r.readLong());
            assertEquals(0xFF, r.readByte());
            assertEquals(1.0, r.readDouble());
            assertEquals(1.0f, r.readFloat());
            assertTrue(r.readBoolean());
            assertTrue(r.readVariantBool());
            assertTrue(r.readBool32());
            assertEquals(Vectors.IPID, r.readGuid());
            assertEquals(0, r.remaining());
        }

        @Test
        void strings() throws WireFormatException {
            Bytes golden = Vectors.load("ndr/strings.hex");
            assertEquals(golden, Vectors.encode(w -> w.writeWideString("Ab", true).writeWideString("Ab", false)));
            NdrReader r = NdrReader.of(golden);
            assertEquals("Ab", r.readWideString(true, "s1"));
            assertEquals("Ab", r.readWideString(false, "s2"));
        }

        @Test
        void arrays() throws WireFormatException {
            Bytes golden = Vectors.load("ndr/arrays.hex");
            assertEquals(golden, Vectors.encode(w -> w.writeConformantBytes(Bytes.fromHex("010203"))
                    .writeConformantInts(new int[] {1, -1}).writeConformance(4).writeVariance(1, 2)
                    .writeShort(10).writeShort(11)));
            assertArrayEquals(new byte[] {1, 2, 3}, NdrReader.of(golden).readConformantByteArray("a"));
            NdrReader r = NdrReader.of(golden);
            assertEquals(Bytes.fromHex("010203"), r.readConformantBytes("a"));
            assertArrayEquals(new int[] {1, -1}, r.readConformantInts("b"));
            assertEquals(4, r.readConformance(2, "c"));
            assertEquals(1, r.readInt());
            assertEquals(2, r.readInt());
            assertEquals(10, r.readShort());
            assertEquals(11, r.readShort());
        }

        @Test
        void pointersDeferredAfterTheirStructure() throws WireFormatException {
            Bytes golden = Vectors.load("ndr/pointers.hex");
            assertEquals(golden, pointers());
            NdrReader r = NdrReader.of(golden);
            assertEquals(7, r.readUniqueNow(READ_INT));
            assertNull(r.readUniqueNow(READ_INT));
            r.beginEmbedded();
            NdrReader.Deferred<Integer> a = r.readUnique(READ_INT);
            NdrReader.Deferred<Integer> b = r.readUnique(READ_INT);
            assertEquals(0x11, r.readInt());
            NdrReader.Deferred<Integer> d = r.readUnique(READ_INT);
            assertThrows(IllegalStateException.class, a::get);
            r.endEmbedded();
            assertEquals(0x22, a.get());
            assertTrue(b.isNull());
            assertEquals(0x33, d.get());
            NdrReader.Deferred<Integer> x1 = r.readFull(READ_INT);
            NdrReader.Deferred<Integer> x2 = r.readFull(READ_INT);
            NdrReader.Deferred<Integer> y = r.readFull(READ_INT);
            assertSame(x1, x2);
            assertEquals(0x44, x1.get());
            assertEquals(0x55, y.get());
            r.beginEmbedded();
            List<Integer> inner = new ArrayList<>();
            NdrReader.Deferred<Integer> s = r.readUnique(rr -> {
                rr.beginEmbedded();
                NdrReader.Deferred<Integer> q = rr.readUnique(READ_INT);
                int rv = rr.readInt();
                rr.endEmbedded();
                inner.add(q.get());
                return rv;
            });
            NdrReader.Deferred<Integer> t = r.readUnique(READ_INT);
            r.endEmbedded();
            assertEquals(0x77, s.get());
            assertEquals(List.of(0x66), inner);
            assertEquals(0x99, t.get());
            assertEquals(0, r.remaining());
        }

        @Test
        void bstr() throws WireFormatException {
            Bytes golden = Vectors.load("ndr/bstr.hex");
            assertEquals(golden, Vectors.encode(w -> {
                BstrCodec.encode(w, "Hi");
                BstrCodec.encode(w, "");
                BstrCodec.encode(w, null);
            }));
            NdrReader r = NdrReader.of(golden);
            assertEquals("Hi", BstrCodec.decode(r));
            assertEquals("", BstrCodec.decode(r));
            assertNull(BstrCodec.decode(r));
            assertNull(BstrCodec.decode(NdrReader.of(Bytes.fromHex("00000000"))), "a NULL pointer is a NULL BSTR");
        }

        @Test
        void oddByteLengthBstrRoundsUp() throws WireFormatException {
            assertEquals("H\u0100", BstrCodec.decode(NdrReader.of(Bytes.fromHex(
                    "00000200 02000000 03000000 02000000 4800 0001"))));
        }
    }

    @Nested
    class Malformed {
        @Test
        void everyTruncationOfThePointerVectorFails() {
            Bytes golden = Vectors.load("ndr/pointers.hex");
            for (int n = 0; n < golden.length(); n++) {
                Bytes cut = golden.slice(0, n);
                assertThrows(WireFormatException.class, () -> {
                    NdrReader r = NdrReader.of(cut);
                    r.readUniqueNow(READ_INT);
                    r.readUniqueNow(READ_INT);
                    r.beginEmbedded();
                    r.readUnique(READ_INT);
                    r.readUnique(READ_INT);
                    r.readInt();
                    r.readUnique(READ_INT);
                    r.endEmbedded();
                    r.readFull(READ_INT);
                    r.readFull(READ_INT);
                    r.readFull(READ_INT);
                    r.beginEmbedded();
                    r.readUnique(rr -> {
                        rr.beginEmbedded();
                        rr.readUnique(READ_INT);
                        rr.readInt();
                        rr.endEmbedded();
                        return 0;
                    });
                    r.readUnique(READ_INT);
                    r.endEmbedded();
                }, "length " + n);
            }
        }

        @ParameterizedTest(name = "max_count {0} larger than the remaining bytes")
        @ValueSource(strings = {"04000000 010203", "ffffffff", "00000080 00", "ffffff7f"})
        void conformanceLargerThanTheData(String hex) {
            WireFormatException e = assertThrows(WireFormatException.class,
                    () -> NdrReader.of(Bytes.fromHex(hex)).readConformantBytes("data"));
            assertEquals("data.max_count", e.failure().field());
            assertEquals(0, e.failure().offset());
            assertEquals(RpcStatus.WIN32_BAD_STUB_DATA, e.failure().faultStatus());
            WireFormatException array = assertThrows(WireFormatException.class,
                    () -> NdrReader.of(Bytes.fromHex(hex)).readConformantByteArray("data"));
            assertEquals(e.getMessage(), array.getMessage());
        }

        @Test
        void hugeIntArrayCountIsRefusedBeforeAllocating() {
            WireFormatException e = assertThrows(WireFormatException.class,
                    () -> NdrReader.of(Bytes.fromHex("ffffff3f 00000000")).readConformantInts("a"));
            assertTrue(e.getMessage().contains("1073741823 elements of 4 bytes"), e.getMessage());
        }

        @ParameterizedTest(name = "string {0}")
        @ValueSource(strings = {
            "02000000 00000000 03000000 41006200 0000",   // actual > max
            "03000000 00000000 03000000 41006200 6300",   // no terminator
            "03000000 00000000 00000000",                 // empty without terminator
            "03000000 ffffffff 01000000 0000",            // negative offset
            "03000000 00000000 ffffffff"})                // negative actual count
        void badStrings(String hex) {
            assertThrows(WireFormatException.class,
                    () -> NdrReader.of(Bytes.fromHex(hex)).readWideString(true, "s"));
        }

        @Test
        void badBstrBlobs() {
            for (String hex : List.of(
                    "00000200 02000000 04000000 03000000 48006900",   // clSize differs from max_count
                    "00000200 01000000 ffffffff 01000000 4800",       // NULL BSTR with a length
                    "00000200 01000000 08000000 01000000 4800",       // cBytes does not match clSize
                    "00000200 02000000 04000000 02000000 4800")) {    // truncated data
                assertThrows(WireFormatException.class, () -> BstrCodec.decode(NdrReader.of(Bytes.fromHex(hex))), hex);
            }
        }

        @Test
        void nestingDepthIsLimited() {
            NdrWriter w = new NdrWriter();
            NdrEncoder<Integer> nest = new NdrEncoder<>() {
                @Override
                public void encode(NdrWriter ww, Integer depth) {
                    ww.writeUnique(depth > 0 ? depth - 1 : null, this);
                }
            };
            w.writeUnique(100, nest);
            Bytes deep = w.toBytes();
            NdrDecoder<Integer> read = new NdrDecoder<>() {
                @Override
                public Integer decode(NdrReader rr) throws WireFormatException {
                    rr.readUniqueNow(this);
                    return 0;
                }
            };
            WireFormatException e = assertThrows(WireFormatException.class,
                    () -> NdrReader.of(deep).maxDepth(10).readUniqueNow(read));
            assertEquals(WireFailure.Kind.LIMIT_EXCEEDED, e.failure().kind());
            assertEquals("maxNestingDepth", e.failure().field());
        }

        @Test
        void alignmentPastTheEnd() {
            NdrReader r = NdrReader.of(Bytes.fromHex("01"));
            assertThrows(WireFormatException.class, () -> {
                r.readByte();
                r.readShort();
            });
        }
    }

    @Test
    void writerScopesMustBalance() {
        NdrWriter w = new NdrWriter();
        assertThrows(IllegalStateException.class, w::endEmbedded);
        w.beginEmbedded();
        assertThrows(IllegalStateException.class, w::toBytes);
        assertThrows(IllegalArgumentException.class, () -> new NdrWriter().writeWideString("a\0", true));
    }

    @Test
    void alignmentIsRelativeToTheStubStart() throws WireFormatException {
        byte[] a = Bytes.fromHex("ff 01000000 0200 0000 0300000000000000").toArray();
        NdrReader r = NdrReader.of(a, 1, a.length - 1);
        assertEquals(1, r.readInt());
        assertEquals(2, r.readShort());
        assertEquals(3L, r.readLong());
    }
}
