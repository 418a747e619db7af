package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.activation.orpc.automation.BstrCodec;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.CallAssembler;
import io.sessionmoniker.activation.orpc.rpc.Fragmenter;
import io.sessionmoniker.activation.orpc.rpc.MemoryBudget;
import io.sessionmoniker.activation.orpc.rpc.Pdu;
import io.sessionmoniker.activation.orpc.rpc.PduCodec;
import io.sessionmoniker.activation.orpc.rpc.PduDecoder;
import io.sessionmoniker.activation.orpc.rpc.PduLimits;
import io.sessionmoniker.activation.orpc.rpc.PduSender;
import io.sessionmoniker.activation.orpc.rpc.RpcClient;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.transport.PeerCredentials;
import io.sessionmoniker.activation.orpc.transport.Transport;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.rpc.internal.Le;
import io.sessionmoniker.activation.orpc.rpc.internal.StubBuffers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paths a large call takes: strings copied to and from UTF-16LE in bulk, BSTRs that span many fragments,
 * fragments decoded from direct buffers into reused arrays, reassembly sized by {@code alloc_hint}, stubs
 * marshalled and reassembled in lent arrays, and gathering writes that must put exactly the bytes of
 * {@link PduCodec#encode(Pdu)} on the wire.
 */
class BulkTransferTest {

    /** A string of {@code n} code units: ASCII, Latin-1, CJK, surrogate pairs and unpaired surrogates. */
    static String mixed(int n, long seed) {
        Random r = new Random(seed);
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = switch (r.nextInt(6)) {
                case 0 -> (char) ('a' + r.nextInt(26));
                case 1 -> (char) (0x80 + r.nextInt(0x80));
                case 2 -> (char) (0x4E00 + r.nextInt(0x100));
                case 3 -> (char) (0xD800 + r.nextInt(0x400)); // a high surrogate, alone or not
                case 4 -> (char) (0xDC00 + r.nextInt(0x400)); // a low surrogate
                default -> (char) r.nextInt(0x10000);
            };
        }
        return new String(c);
    }

    /** The reference encoding: each code unit, low byte first. */
    static byte[] utf16le(String s) {
        byte[] b = new byte[2 * s.length()];
        for (int i = 0; i < s.length(); i++) {
            b[2 * i] = (byte) s.charAt(i);
            b[2 * i + 1] = (byte) (s.charAt(i) >>> 8);
        }
        return b;
    }

    @ParameterizedTest(name = "{0} code units")
    @ValueSource(ints = {0, 1, 15, 16, 17, 2047, 2048, 2049, 4095, 4096, 65536, 100_003, 131_072, 131_073})
    void charsCopyInBulkExactlyAsUnitByUnit(int n) {
        for (String s : List.of(mixed(n, n), "x".repeat(n))) {
            byte[] b = new byte[2 * n + 6];
            Le.putChars(s, b, 3);
            byte[] expected = new byte[2 * n + 6];
            System.arraycopy(utf16le(s), 0, expected, 3, 2 * n);
            assertArrayEquals(expected, b);
            assertEquals(s, Le.chars(b, 3, n));
        }
    }

    @Test
    void longStringsEncodedAndDecodedAtOnceOnManyThreadsEachComeBackWhole() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(threads.submit(() -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < 200; i++) {
                        // longer and shorter in turn, so that a reused scratch array holds a longer string's tail
                        String s = mixed(4096 + r.nextInt(140_000), seed * 1000L + i);
                        byte[] b = new byte[2 * s.length()];
                        Le.putChars(s, b, 0);
                        assertArrayEquals(utf16le(s), b);
                        assertEquals(s, Le.chars(b, 0, s.length()));
                    }
                    return 200;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(200, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void unpairedSurrogatesSurviveAtChunkBoundaries() {
        StringBuilder sb = new StringBuilder("y".repeat(2047)).append('\uD800').append('\uDC00').append('\uDBFF');
        sb.append("z".repeat(2047)).append('\uDFFF');
        String s = sb.toString();
        byte[] b = new byte[2 * s.length()];
        Le.putChars(s, b, 0);
        assertArrayEquals(utf16le(s), b);
        assertEquals(s, Le.chars(b, 0, s.length()));
    }

    @Test
    void largeBstrHasTheBlobLayoutAndComesBack() throws WireFormatException {
        String s = mixed(70_001, 7);
        NdrWriter w = new NdrWriter(16);
        w.writeByte(1); // the blob's counts must still be aligned after a large growth
        BstrCodec.encode(w, s);
        w.writeInt(0x12345678);
        Bytes stub = w.toBytes();

        NdrReader r = NdrReader.of(stub);
        assertEquals(1, r.readByte());
        assertEquals(s, BstrCodec.decode(r));
        assertEquals(0x12345678, r.readInt("HRESULT"));
        assertEquals(0, r.remaining());

        // pointer, max_count, cBytes, clSize, then the units as they are
        byte[] a = stub.toArray();
        assertEquals(NdrWriter.FIRST_REFERENT_ID, Le.i32(a, 4));
        assertEquals(s.length(), Le.i32(a, 8));
        assertEquals(2 * s.length(), Le.i32(a, 12));
        assertEquals(s.length(), Le.i32(a, 16));
        byte[] units = new byte[2 * s.length()];
        System.arraycopy(a, 20, units, 0, units.length);
        assertArrayEquals(utf16le(s), units);
    }

    @ParameterizedTest(name = "fragments of at most {0} bytes")
    @ValueSource(ints = {1432, 5840, RpcClient.MAX_FRAGMENT})
    void bstrAcrossFragmentBoundariesThroughDirectBuffersAndReusedArrays(int maxFragment) throws Exception {
        String s = mixed(150_001, maxFragment);
        NdrWriter w = new NdrWriter();
        OrpcThis.of(Vectors.IPID).encode(w);
        BstrCodec.encode(w, s);
        BstrCodec.encode(w, "after");
        Pdu.Request whole = Pdu.Request.of(41, 0, 5, Vectors.IPID, w.toBytes());
        List<Pdu.Request> fragments = Fragmenter.split(whole, maxFragment);
        assertTrue(fragments.size() > 4);

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Pdu.Request f : fragments) {
            wire.writeBytes(PduCodec.encode(f));
        }
        byte[] bytes = wire.toByteArray();
        PduLimits limits = PduLimits.DEFAULT.withMaxFragmentLength(RpcClient.MAX_FRAGMENT).withMaxReassembledLength(1 << 20);
        for (boolean direct : new boolean[] {true, false}) {
            PduDecoder decoder = new PduDecoder(limits).reuseFragmentBuffers(true);
            CallAssembler calls = new CallAssembler(limits);
            List<Pdu.Request> done = new ArrayList<>();
            Random chunks = new Random(maxFragment);
            ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(70_000) : ByteBuffer.allocate(70_000);
            for (int p = 0; p < bytes.length; ) {
                int n = Math.min(bytes.length - p, 1 + chunks.nextInt(70_000));
                buffer.clear();
                buffer.put(bytes, p, n).flip();
                p += n;
                Optional<WireFailure> bad = decoder.feed(buffer, pdu -> {
                    try {
                        calls.offer((Pdu.Request) pdu).ifPresent(done::add);
                    } catch (WireFormatException e) {
                        throw new AssertionError(e);
                    }
                });
                assertFalse(bad.isPresent(), () -> bad.get().toString());
                assertEquals(0, buffer.remaining());
            }
            assertEquals(1, done.size());
            assertEquals(whole, done.get(0));
            NdrReader r = NdrReader.of(done.get(0).stub());
            OrpcThis.decode(r);
            assertEquals(s, BstrCodec.decode(r));
            assertEquals("after", BstrCodec.decode(r));
        }
    }

    @Test
    void reusedArraysAreNotHandedToWholeCallsOrOtherPdus() throws WireFormatException {
        PduLimits limits = PduLimits.DEFAULT.withMaxFragmentLength(0xFFFF);
        PduDecoder decoder = new PduDecoder(limits).reuseFragmentBuffers(true);
        List<Pdu> seen = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Pdu.Response f : Fragmenter.split(Pdu.Response.of(1, 0, FragmentationTest.stub(9000)), 4280)) {
            wire.writeBytes(PduCodec.encode(f));
        }
        Pdu.Response whole = Pdu.Response.of(2, 0, FragmentationTest.stub(100));
        Pdu.Fault fault = Pdu.Fault.of(3, 0, RpcStatus.NCA_S_OP_RNG_ERROR);
        wire.writeBytes(PduCodec.encode(whole));
        wire.writeBytes(PduCodec.encode(fault));
        byte[] bytes = wire.toByteArray();
        decoder.feed(bytes, 0, bytes.length, seen::add);
        assertEquals(5, seen.size());
        // the whole response and the fault kept their own arrays: they are intact after later fragments
        assertEquals(whole, seen.get(3));
        assertEquals(fault, seen.get(4));
        byte[] first = ((Pdu.Response) seen.get(0)).stub().array();
        assertTrue(first == ((Pdu.Response) seen.get(1)).stub().array(), "fragments share the reused array");
        assertFalse(first == ((Pdu.Response) seen.get(3)).stub().array());
    }

    @ParameterizedTest(name = "alloc_hint {0}")
    @ValueSource(ints = {0, 1, 24_000, 24_001, -1, Integer.MAX_VALUE})
    void reassemblyIsRightWhateverTheHintSays(int hint) throws WireFormatException {
        Bytes stub = FragmentationTest.stub(24_001);
        CallAssembler calls = new CallAssembler(PduLimits.DEFAULT.withMaxReassembledLength(Integer.MAX_VALUE));
        Optional<Pdu.Response> out = Optional.empty();
        int p = 0;
        for (int i = 0; p < stub.length(); i++) {
            int n = Math.min(3000, stub.length() - p);
            int flags = (p == 0 ? Pdu.PFC_FIRST_FRAG : 0) | (p + n == stub.length() ? Pdu.PFC_LAST_FRAG : 0);
            // a hint believed as it is would allocate up to 2 GiB for 3000 bytes received
            out = calls.offer(new Pdu.Response(7, flags, hint, 0, 0, stub.slice(p, p + n), null));
            p += n;
        }
        assertEquals(stub, out.orElseThrow().stub());
        assertEquals(stub.length(), out.get().allocHint());
    }

    /** Takes every array waiting in the shared pool, so that the next one lent is the next one given back. */
    static void emptySharedFreeList() {
        while (StubBuffers.SHARED.freeArrays() > 0) {
            StubBuffers.SHARED.take(StubBuffers.MIN_POOLED);
        }
    }

    @Test
    void aPooledWriterPutsTheSameOctetsInALentArrayWhateverItHeldBefore() {
        String s = mixed(40_000, 3);
        emptySharedFreeList();
        byte[] dirty = StubBuffers.SHARED.take(100_000);
        for (int hint : new int[] {100_000, 16}) {   // sized up front; grown from a small start
            Arrays.fill(dirty, (byte) 0xA5);
            StubBuffers.SHARED.recycle(dirty);
            NdrWriter plain = new NdrWriter();
            NdrWriter pooled = NdrWriter.pooled(hint);
            for (NdrWriter w : List.of(plain, pooled)) {
                w.writeByte(1);                      // the padding after it must be written as zeros
                BstrCodec.encode(w, s);
                w.writeByte(2);
                w.writeLong(3);
                w.writeShort(4);
            }
            Bytes expected = plain.toBytes();
            Bytes stub = pooled.toBytes();
            assertEquals(expected, stub);
            assertTrue(StubBuffers.SHARED.isLent(stub.array()), "a large stub lies in a lent array");
            dirty = stub.array();
        }
        StubBuffers.SHARED.recycle(dirty);
        Bytes small = NdrWriter.pooled(64).writeInt(7).toBytes();
        assertFalse(StubBuffers.SHARED.isLent(small.array()), "a small stub has an array of its own");
    }

    @Test
    void aReassembledCallLiesInALentArrayAndTheBudgetHoldsWhatItWasGranted() throws WireFormatException {
        Bytes stub = FragmentationTest.stub(100_000);
        MemoryBudget budget = new MemoryBudget(1 << 20, null);
        CallAssembler calls = new CallAssembler(PduLimits.DEFAULT, budget);
        List<Pdu.Response> fragments = Fragmenter.split(Pdu.Response.of(1, 0, stub), RpcClient.MAX_FRAGMENT);
        Optional<Pdu.Response> whole = Optional.empty();
        for (Pdu.Response f : fragments) {
            whole = calls.offer(f);
        }
        assertEquals(stub, whole.orElseThrow().stub());
        assertTrue(StubBuffers.SHARED.isLent(whole.get().stub().array()));
        assertEquals(stub.length(), calls.takeReservation(), "the call's own length, not the lent array's");
        assertEquals(stub.length(), budget.reserved());
        budget.release(stub.length());
        StubBuffers.SHARED.recycle(whole.get().stub());

        // a call dropped half way gives back its reservation and its array, which nobody else has seen
        Pdu.Response first = fragments.get(0);
        assertTrue(calls.offer(new Pdu.Response(2, first.flags(), first.allocHint(), 0, 0, first.stub(), null))
                .isEmpty());
        assertEquals(stub.length(), budget.reserved());
        emptySharedFreeList();   // to count what comes back
        assertTrue(calls.discard(2));
        assertEquals(0, budget.reserved());
        assertEquals(1, StubBuffers.SHARED.freeArrays());
    }

    @Test
    void gatheringWritesPutExactlyTheEncodedBytesOnTheWire() throws Exception {
        List<Pdu> pdus = new ArrayList<>();
        pdus.add(Pdu.Fault.of(1, 0, RpcStatus.NCA_S_OP_RNG_ERROR));
        pdus.addAll(Fragmenter.split(Pdu.Request.of(2, 1, 6, Vectors.IPID, FragmentationTest.stub(200_000)), 5840));
        pdus.addAll(Fragmenter.split(Pdu.Response.of(3, 0, FragmentationTest.stub(70_000)), RpcClient.MAX_FRAGMENT));
        pdus.add(Pdu.Response.of(4, 0, FragmentationTest.stub(10)));
        pdus.add(new Pdu.Fault(5, Pdu.PFC_WHOLE, 4096, 0, 0, 0, RpcStatus.NCA_S_FAULT_UNSPEC,
                FragmentationTest.stub(4096), null));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Pdu p : pdus) {
            expected.writeBytes(PduCodec.encode(p));
        }
        List<Integer> buffersPerWrite = new ArrayList<>();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        Transport.Link capture = new Transport.Link() {
            @Override
            public int read(ByteBuffer destination) {
                return -1;
            }

            @Override
            public void write(ByteBuffer... sources) {
                buffersPerWrite.add(sources.length);
                for (ByteBuffer b : sources) {
                    byte[] a = new byte[b.remaining()];
                    b.get(a);
                    sent.writeBytes(a);
                }
            }

            @Override
            public PeerCredentials peer() {
                return PeerCredentials.UNKNOWN;
            }

            @Override
            public String describe() {
                return "capture";
            }

            @Override
            public void close() {
            }
        };
        PduSender.write(capture, pdus);
        assertArrayEquals(expected.toByteArray(), sent.toByteArray());
        int writes = (pdus.size() + PduSender.MAX_BATCH - 1) / PduSender.MAX_BATCH;
        assertEquals(writes, buffersPerWrite.size());
        assertTrue(buffersPerWrite.stream().allMatch(n -> n <= 2 * PduSender.MAX_BATCH));
    }
}
