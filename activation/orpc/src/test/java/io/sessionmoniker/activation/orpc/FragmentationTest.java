package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.CallAssembler;
import io.sessionmoniker.activation.orpc.rpc.Fragmenter;
import io.sessionmoniker.activation.orpc.rpc.Pdu;
import io.sessionmoniker.activation.orpc.rpc.PduCodec;
import io.sessionmoniker.activation.orpc.rpc.PduDecoder;
import io.sessionmoniker.activation.orpc.rpc.PduLimits;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FragmentationTest {

    static Bytes stub(int n) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = (byte) (i * 31 + 7);
        }
        return Bytes.copyOf(a);
    }

    @Nested
    class Split {
        @ParameterizedTest(name = "{0} stub bytes in fragments of at most {1}")
        @CsvSource({"0, 1432", "1, 1432", "1392, 1432", "1393, 1432", "20000, 5840", "20000, 4280", "100, 48", "65535, 65535"})
        void splitsAndReassembles(int length, int maxFrag) throws WireFormatException {
            Pdu.Request whole = Pdu.Request.of(9, 1, 6, Vectors.IPID, stub(length));
            List<Pdu.Request> frags = Fragmenter.split(whole, maxFrag);
            assertTrue(frags.get(0).hasFlag(Pdu.PFC_FIRST_FRAG));
            assertTrue(frags.get(frags.size() - 1).hasFlag(Pdu.PFC_LAST_FRAG));
            int remaining = length;
            PduDecoder decoder = new PduDecoder(PduLimits.DEFAULT.withMaxFragmentLength(0xFFFF)
                    .withMaxReassembledLength(1 << 20));
            CallAssembler calls = new CallAssembler(PduLimits.DEFAULT.withMaxReassembledLength(1 << 20));
            List<Pdu.Request> done = new ArrayList<>();
            for (int i = 0; i < frags.size(); i++) {
                Pdu.Request f = frags.get(i);
                assertEquals(remaining, f.allocHint());
                assertTrue(PduCodec.encodedLength(f) <= maxFrag);
                if (i < frags.size() - 1) {
                    assertEquals(0, f.stub().length() % 8);
                }
                remaining -= f.stub().length();
                byte[] wire = PduCodec.encode(f);
                decoder.feed(wire, 0, wire.length, p -> {
                    try {
                        calls.offer((Pdu.Request) p).ifPresent(done::add);
                    } catch (WireFormatException e) {
                        throw new AssertionError(e);
                    }
                });
            }
            assertEquals(List.of(whole), done);
            assertEquals(0, calls.pendingCalls());
        }

        @Test
        void responsesToo() throws WireFormatException {
            Pdu.Response whole = Pdu.Response.of(3, 0, stub(10000));
            List<Pdu.Response> frags = Fragmenter.split(whole, 4280);
            assertEquals(3, frags.size());
            CallAssembler calls = new CallAssembler(PduLimits.DEFAULT);
            Optional<Pdu.Response> out = Optional.empty();
            for (Pdu.Response f : frags) {
                out = calls.offer(f);
            }
            assertEquals(whole, out.orElseThrow());
        }

        @Test
        void authenticatedOrPartialPdusAreNotSplit() {
            Pdu.Request auth = new Pdu.Request(1, 3, 0, 0, 0, null, Bytes.EMPTY, AuthVerifier.of(10, 2, 0, Bytes.EMPTY));
            assertThrows(IllegalArgumentException.class, () -> Fragmenter.split(auth, 5840));
            Pdu.Request first = new Pdu.Request(1, Pdu.PFC_FIRST_FRAG, 0, 0, 0, null, Bytes.EMPTY, null);
            assertThrows(IllegalArgumentException.class, () -> Fragmenter.split(first, 5840));
            assertThrows(IllegalArgumentException.class, () -> Fragmenter.split(Pdu.Request.of(1, 0, 0, null, stub(9)), 24));
        }
    }

    @Nested
    class Reassembly {
        Pdu.Request frag(int callId, int flags, int ctx, int opnum, int length) {
            return new Pdu.Request(callId, flags, length, ctx, opnum, null, stub(length), null);
        }

        @Test
        void interleavedCalls() throws WireFormatException {
            CallAssembler calls = new CallAssembler(PduLimits.DEFAULT);
            assertEquals(Optional.empty(), calls.offer(frag(1, Pdu.PFC_FIRST_FRAG, 0, 3, 8)));
            assertEquals(Optional.empty(), calls.offer(frag(2, Pdu.PFC_FIRST_FRAG, 0, 4, 8)));
            assertEquals(2, calls.pendingCalls());
            assertEquals(16, calls.offer(frag(2, Pdu.PFC_LAST_FRAG, 0, 4, 8)).orElseThrow().stub().length());
            assertEquals(3, calls.offer(frag(1, Pdu.PFC_LAST_FRAG, 0, 3, 8)).orElseThrow().opnum());
            assertEquals(0, calls.pendingCalls());
        }

        @Test
        void continuationWithoutStart() {
            WireFormatException e = assertThrows(WireFormatException.class,
                    () -> new CallAssembler(PduLimits.DEFAULT).offer(frag(1, Pdu.PFC_LAST_FRAG, 0, 3, 8)));
            assertEquals("pfc_flags", e.failure().field());
        }

        @Test
        void restartBeforeTheEnd() throws WireFormatException {
            CallAssembler calls = new CallAssembler(PduLimits.DEFAULT);
            calls.offer(frag(1, Pdu.PFC_FIRST_FRAG, 0, 3, 8));
            assertThrows(WireFormatException.class, () -> calls.offer(frag(1, Pdu.PFC_FIRST_FRAG, 0, 3, 8)));
            assertEquals(0, calls.pendingCalls());
        }

        @Test
        void contextOrOpnumChange() throws WireFormatException {
            CallAssembler calls = new CallAssembler(PduLimits.DEFAULT);
            calls.offer(frag(1, Pdu.PFC_FIRST_FRAG, 0, 3, 8));
            assertEquals("p_cont_id", assertThrows(WireFormatException.class,
                    () -> calls.offer(frag(1, Pdu.PFC_LAST_FRAG, 0, 4, 8))).failure().field());
        }

        @Test
        void reassembledLimit() throws WireFormatException {
            CallAssembler calls = new CallAssembler(PduLimits.DEFAULT.withMaxReassembledLength(20));
            calls.offer(frag(1, Pdu.PFC_FIRST_FRAG, 0, 3, 16));
            WireFormatException e = assertThrows(WireFormatException.class, () -> calls.offer(frag(1, 0, 0, 3, 8)));
            assertEquals(WireFailure.Kind.LIMIT_EXCEEDED, e.failure().kind());
            assertEquals("maxReassembledLength", e.failure().field());
            assertEquals(0, calls.pendingCalls());
        }

        @Test
        void pendingCallLimit() throws WireFormatException {
            CallAssembler calls = new CallAssembler(new PduLimits(5840, 1 << 20, 2, 16, 8));
            calls.offer(frag(1, Pdu.PFC_FIRST_FRAG, 0, 3, 8));
            calls.offer(frag(2, Pdu.PFC_FIRST_FRAG, 0, 3, 8));
            assertEquals("maxPendingCalls", assertThrows(WireFormatException.class,
                    () -> calls.offer(frag(3, Pdu.PFC_FIRST_FRAG, 0, 3, 8))).failure().field());
            assertTrue(calls.discard(1));
            calls.offer(frag(3, Pdu.PFC_FIRST_FRAG, 0, 3, 8));
        }

        @Test
        void wholeCallsPassThroughWithoutCopying() throws WireFormatException {
            Pdu.Request whole = Pdu.Request.of(1, 0, 3, null, stub(8));
            assertTrue(whole == new CallAssembler(PduLimits.DEFAULT).offer(whole).orElseThrow());
        }
    }
}
