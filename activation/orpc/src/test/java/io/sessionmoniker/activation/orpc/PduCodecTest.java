package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.Pdu;
import io.sessionmoniker.activation.orpc.rpc.PduCodec;
import io.sessionmoniker.activation.orpc.rpc.PduDecoder;
import io.sessionmoniker.activation.orpc.rpc.PduLimits;
import io.sessionmoniker.activation.orpc.rpc.PresentationContext;
import io.sessionmoniker.activation.orpc.rpc.PresentationResult;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.Guid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PduCodecTest {

    static final Guid IREMUNKNOWN2 = Iids.IREMUNKNOWN2;
    static final Bytes NTLM8 = Bytes.fromHex("4e544c4d53535000");

    /** Every golden PDU with the value it must decode to. */
    static Stream<Arguments> goldens() {
        return Stream.of(
                Arguments.of("bind", Pdu.Bind.of(1, 5840, PresentationContext.ndr(0, SyntaxId.of(IREMUNKNOWN2)))),
                Arguments.of("bind-auth", new Pdu.Bind(2, Pdu.PFC_WHOLE, 4280, 4280, 0, List.of(
                        PresentationContext.ndr(0, SyntaxId.of(Iids.IDISPATCH)),
                        new PresentationContext(1, SyntaxId.of(Iids.IREMUNKNOWN), List.of(SyntaxId.NDR64, SyntaxId.NDR20))),
                        AuthVerifier.of(AuthVerifier.RPC_C_AUTHN_WINNT, AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT, 79231,
                                Bytes.fromHex("4e544c4d5353500001000000")))),
                Arguments.of("bind_ack", new Pdu.BindAck(1, Pdu.PFC_WHOLE, 5840, 5840, 0x1234, "135",
                        List.of(PresentationResult.accept(SyntaxId.NDR20)), null)),
                Arguments.of("bind_nak", Pdu.BindNak.of(1, Pdu.BindNak.PROTOCOL_VERSION_NOT_SUPPORTED)),
                Arguments.of("alter_context", new Pdu.AlterContext(3, Pdu.PFC_WHOLE, 4280, 4280, 0x1234,
                        List.of(PresentationContext.ndr(1, SyntaxId.of(Iids.IDISPATCH))), null)),
                Arguments.of("alter_context_resp", new Pdu.AlterContextResponse(3, Pdu.PFC_WHOLE, 4280, 4280, 0x1234, "",
                        List.of(PresentationResult.accept(SyntaxId.NDR20),
                                PresentationResult.reject(PresentationResult.ABSTRACT_SYNTAX_NOT_SUPPORTED)), null)),
                Arguments.of("request", Pdu.Request.of(4, 1, 3, Vectors.IPID, Bytes.fromHex("0102030405060708"))),
                Arguments.of("request-auth", new Pdu.Request(5, Pdu.PFC_WHOLE, 5, 0, 2, null, Bytes.fromHex("aabbccddee"),
                        AuthVerifier.forStub(5, AuthVerifier.RPC_C_AUTHN_WINNT, AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT, 0,
                                Bytes.fromHex("01000000000000000000000000000000")))),
                Arguments.of("response", Pdu.Response.of(4, 1, Bytes.copyOf(new byte[12]))),
                Arguments.of("fault", new Pdu.Fault(4, Pdu.PFC_WHOLE | Pdu.PFC_DID_NOT_EXECUTE, 0, 1, 0, 0,
                        RpcStatus.NCA_S_OP_RNG_ERROR, Bytes.EMPTY, null)),
                Arguments.of("fault-hresult", Pdu.Fault.of(9, 0, 0x80004002)),
                Arguments.of("shutdown", new Pdu.Shutdown(0, Pdu.PFC_WHOLE)),
                Arguments.of("auth3", new Pdu.Auth3(2, Pdu.PFC_WHOLE, AuthVerifier.of(AuthVerifier.RPC_C_AUTHN_WINNT,
                        AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT, 79231, NTLM8))),
                Arguments.of("co_cancel", new Pdu.CoCancel(7, Pdu.PFC_WHOLE, null)),
                Arguments.of("orphaned", new Pdu.Orphaned(7, Pdu.PFC_WHOLE, null)));
    }

    static Bytes vector(String name) {
        return Vectors.load("pdu/" + name + ".hex");
    }

    static List<Pdu> feedAll(PduDecoder decoder, Bytes bytes, int... cuts) {
        List<Pdu> out = new ArrayList<>();
        byte[] a = bytes.toArray();
        int from = 0;
        for (int cut : cuts) {
            assertEquals(Optional.empty(), decoder.feed(a, from, cut - from, out::add));
            from = cut;
        }
        assertEquals(Optional.empty(), decoder.feed(a, from, a.length - from, out::add));
        return out;
    }

    @Nested
    class Golden {
        @ParameterizedTest(name = "{0} decodes to the expected value")
        @MethodSource("io.sessionmoniker.activation.orpc.PduCodecTest#goldens")
        void decodes(String name, Pdu expected) throws WireFormatException {
            assertEquals(expected, PduCodec.decode(vector(name)));
        }

        @ParameterizedTest(name = "{0} encodes to the golden bytes")
        @MethodSource("io.sessionmoniker.activation.orpc.PduCodecTest#goldens")
        void encodes(String name, Pdu expected) {
            assertEquals(vector(name), Bytes.copyOf(PduCodec.encode(expected)));
            assertEquals(vector(name).length(), PduCodec.encodedLength(expected));
        }

        @ParameterizedTest(name = "{0} round-trips encode → decode → encode")
        @MethodSource("io.sessionmoniker.activation.orpc.PduCodecTest#goldens")
        void roundTrips(String name, Pdu expected) throws WireFormatException {
            byte[] once = PduCodec.encode(PduCodec.decode(vector(name)));
            assertEquals(vector(name), Bytes.copyOf(PduCodec.encode(PduCodec.decode(Bytes.copyOf(once)))));
        }

        @ParameterizedTest(name = "{0} into a heap and a direct buffer")
        @MethodSource("io.sessionmoniker.activation.orpc.PduCodecTest#goldens")
        void encodesIntoBuffers(String name, Pdu expected) {
            for (ByteBuffer b : List.of(ByteBuffer.allocate(300), ByteBuffer.allocateDirect(300))) {
                b.position(3);
                PduCodec.encode(expected, b);
                b.flip().position(3);
                byte[] got = new byte[b.remaining()];
                b.get(got);
                assertEquals(vector(name), Bytes.copyOf(got));
            }
        }
    }

    @Nested
    class StreamDecoding {
        @ParameterizedTest(name = "{0} split at every position")
        @MethodSource("io.sessionmoniker.activation.orpc.PduCodecTest#goldens")
        void everySplit(String name, Pdu expected) {
            Bytes bytes = vector(name);
            for (int cut = 0; cut <= bytes.length(); cut++) {
                PduDecoder d = new PduDecoder(PduLimits.DEFAULT);
                assertEquals(List.of(expected), feedAll(d, bytes, cut), "cut at " + cut);
                assertTrue(d.atBoundary());
            }
        }

        @ParameterizedTest(name = "{0} split at every pair of positions")
        @MethodSource("io.sessionmoniker.activation.orpc.PduCodecTest#goldens")
        void everyTwoSplits(String name, Pdu expected) {
            Bytes bytes = vector(name);
            for (int a = 0; a <= bytes.length(); a++) {
                for (int b = a; b <= bytes.length(); b++) {
                    assertEquals(List.of(expected), feedAll(new PduDecoder(PduLimits.DEFAULT), bytes, a, b));
                }
            }
        }

        @ParameterizedTest(name = "{0} one byte at a time")
        @MethodSource("io.sessionmoniker.activation.orpc.PduCodecTest#goldens")
        void oneByteAtATime(String name, Pdu expected) {
            Bytes bytes = vector(name);
            PduDecoder d = new PduDecoder(PduLimits.DEFAULT);
            List<Pdu> out = new ArrayList<>();
            for (int i = 0; i < bytes.length(); i++) {
                assertTrue(out.isEmpty());
                assertFalse(d.atBoundary() && i > 0);
                d.feed(ByteBuffer.wrap(new byte[] {(byte) bytes.get(i)}), out::add);
            }
            assertEquals(List.of(expected), out);
            assertEquals(bytes.length(), d.bytesConsumed());
        }

        @Test
        void allGoldensBackToBackInChunksOfEverySize() {
            List<Pdu> expected = new ArrayList<>();
            ByteBuffer all = ByteBuffer.allocate(4096);
            goldens().forEach(a -> {
                expected.add((Pdu) a.get()[1]);
                vector((String) a.get()[0]).writeTo(all);
            });
            all.flip();
            byte[] stream = new byte[all.remaining()];
            all.get(stream);
            for (int chunk = 1; chunk <= stream.length; chunk++) {
                PduDecoder d = new PduDecoder(PduLimits.DEFAULT);
                List<Pdu> out = new ArrayList<>();
                for (int p = 0; p < stream.length; p += chunk) {
                    ByteBuffer direct = ByteBuffer.allocateDirect(Math.min(chunk, stream.length - p));
                    direct.put(stream, p, direct.capacity()).flip();
                    assertEquals(Optional.empty(), d.feed(direct, out::add));
                }
                assertEquals(expected, out, "chunk " + chunk);
            }
        }

        @ParameterizedTest(name = "{0} truncated at every length yields nothing and no failure yet")
        @MethodSource("io.sessionmoniker.activation.orpc.PduCodecTest#goldens")
        void truncatedStreamWaits(String name, Pdu expected) {
            Bytes bytes = vector(name);
            for (int n = 0; n < bytes.length(); n++) {
                PduDecoder d = new PduDecoder(PduLimits.DEFAULT);
                List<Pdu> out = new ArrayList<>();
                assertEquals(Optional.empty(), d.feed(bytes.toArray(), 0, n, out::add));
                assertTrue(out.isEmpty());
                assertEquals(n == 0, d.atBoundary());
            }
        }
    }

    @Nested
    class Malformed {
        private WireFailure streamFailure(Bytes bytes, PduLimits limits) {
            PduDecoder d = new PduDecoder(limits);
            List<Pdu> out = new ArrayList<>();
            Optional<WireFailure> f = d.feed(bytes.toArray(), 0, bytes.length(), out::add);
            assertTrue(f.isPresent(), "expected a failure for " + bytes);
            assertTrue(out.isEmpty());
            assertTrue(d.failed());
            assertEquals(f, d.feed(new byte[] {5}, 0, 1, out::add), "the failure is terminal");
            return f.get();
        }

        private WireFailure decodeFailure(Bytes bytes) {
            return assertThrows(WireFormatException.class, () -> PduCodec.decode(bytes)).failure();
        }

        private Bytes patched(String name, int at, int... values) {
            byte[] a = vector(name).toArray();
            for (int i = 0; i < values.length; i++) {
                a[at + i] = (byte) values[i];
            }
            return Bytes.copyOf(a);
        }

        @ParameterizedTest(name = "{0} truncated at every length is malformed for the one-fragment decoder")
        @MethodSource("io.sessionmoniker.activation.orpc.PduCodecTest#goldens")
        void truncatedFragment(String name, Pdu expected) {
            Bytes bytes = vector(name);
            for (int n = 0; n < bytes.length(); n++) {
                WireFailure f = decodeFailure(bytes.slice(0, n));
                assertEquals(WireFailure.Kind.MALFORMED, f.kind(), f.message());
            }
        }

        @Test
        void wrongVersion() {
            WireFailure f = streamFailure(patched("request", 0, 4), PduLimits.DEFAULT);
            assertEquals(WireFailure.Kind.UNSUPPORTED, f.kind());
            assertEquals("rpc_vers", f.field());
            assertEquals(0, f.offset());
            assertEquals(WireFailure.Kind.UNSUPPORTED, streamFailure(patched("request", 1, 2), PduLimits.DEFAULT).kind());
        }

        @Test
        void bigEndianDataRepresentationIsUnsupported() {
            WireFailure f = streamFailure(patched("request", 4, 0x00), PduLimits.DEFAULT);
            assertEquals("packed_drep", f.field());
            assertEquals(4, f.offset());
        }

        @Test
        void unknownPtype() {
            WireFailure f = streamFailure(patched("request", 2, 0x14), PduLimits.DEFAULT);
            assertEquals("PTYPE", f.field());
            assertEquals(WireFailure.Kind.UNSUPPORTED, f.kind());
        }

        @Test
        void fragLengthSmallerThanHeader() {
            for (int len = 0; len < 16; len++) {
                WireFailure f = streamFailure(patched("shutdown", 8, len, 0), PduLimits.DEFAULT);
                assertEquals(WireFailure.Kind.MALFORMED, f.kind());
                assertEquals("frag_length", f.field());
                assertEquals(8, f.offset());
            }
        }

        @Test
        void fragLengthAboveTheLimit() {
            WireFailure f = streamFailure(patched("shutdown", 8, 0xd1, 0x16), PduLimits.DEFAULT);
            assertEquals(WireFailure.Kind.LIMIT_EXCEEDED, f.kind());
            assertEquals("maxFragmentLength", f.field());
            assertTrue(f.message().contains("5841"), f.message());
        }

        @Test
        void negotiatedFragmentLimitApplies() {
            PduDecoder d = new PduDecoder(PduLimits.DEFAULT);
            d.setMaxFragmentLength(47);
            Optional<WireFailure> f = d.feed(vector("request").toArray(), 0, 48, p -> { });
            assertEquals("maxFragmentLength", f.orElseThrow().field());
            assertThrows(IllegalArgumentException.class, () -> new PduDecoder(PduLimits.DEFAULT).setMaxFragmentLength(5841));
        }

        @Test
        void authLengthPastTheEnd() {
            WireFailure f = streamFailure(patched("shutdown", 10, 1), PduLimits.DEFAULT);
            assertEquals("auth_length", f.field());
            assertEquals(10, f.offset());
            assertEquals("auth_length", decodeFailure(patched("request-auth", 10, 0x31)).field());
        }

        @Test
        void authPadLengthIntoTheHeader() {
            WireFailure f = decodeFailure(patched("request-auth", 42, 0x20));
            assertEquals("auth_pad_length", f.field());
            assertEquals(42, f.offset());
        }

        @Test
        void verifierOnAPduThatHasNone() {
            byte[] nak = vector("bind_nak").toArray();
            byte[] a = new byte[nak.length + 8];
            System.arraycopy(nak, 0, a, 0, nak.length);
            a[8] = (byte) a.length;
            a[10] = 1;
            assertEquals("auth_length", decodeFailure(Bytes.copyOf(a, 0, a.length)).field());
        }

        @Test
        void tooManyContexts() {
            PduLimits one = new PduLimits(5840, 1 << 20, 4, 1, 8);
            WireFailure f = streamFailure(vector("bind-auth"), one);
            assertEquals(WireFailure.Kind.LIMIT_EXCEEDED, f.kind());
            assertEquals("maxContextsPerBind", f.field());
            assertEquals(24, f.offset());
            PduLimits oneSyntax = new PduLimits(5840, 1 << 20, 4, 4, 1);
            assertEquals("maxTransferSyntaxesPerContext", streamFailure(vector("bind-auth"), oneSyntax).field());
        }

        @Test
        void contextCountLargerThanTheBody() {
            WireFailure f = decodeFailure(patched("bind", 24, 2));
            assertEquals(WireFailure.Kind.MALFORMED, f.kind());
            assertTrue(f.field().startsWith("p_cont_elem_t"), f.field());
        }

        @Test
        void noTransferSyntax() {
            assertEquals("n_transfer_syn", decodeFailure(patched("bind", 30, 0)).field());
        }

        @Test
        void fragLengthDisagreesWithTheFragment() {
            assertEquals("frag_length", decodeFailure(patched("request", 8, 0x31)).field());
        }

        @Test
        void offsetsAreStreamOffsets() {
            Bytes good = vector("shutdown");
            Bytes bad = patched("shutdown", 0, 6);
            byte[] stream = new byte[32];
            good.copyTo(stream, 0);
            bad.copyTo(stream, 16);
            List<Pdu> out = new ArrayList<>();
            WireFailure f = new PduDecoder(PduLimits.DEFAULT).feed(stream, 0, 32, out::add).orElseThrow();
            assertEquals(1, out.size());
            assertEquals(16, f.offset());
            assertEquals(RpcStatus.NCA_S_PROTO_ERROR, f.faultStatus());
            assertEquals(0x800706C0, f.hresult());
        }
    }

    @Nested
    class Records {
        @Test
        void objectFlagFollowsTheObject() {
            Pdu.Request r = new Pdu.Request(1, Pdu.PFC_WHOLE | Pdu.PFC_OBJECT_UUID, 0, 0, 0, null, Bytes.EMPTY, null);
            assertFalse(r.hasFlag(Pdu.PFC_OBJECT_UUID));
            assertTrue(Pdu.Request.of(1, 0, 0, Vectors.IPID, Bytes.EMPTY).hasFlag(Pdu.PFC_OBJECT_UUID));
        }

        @Test
        void invalidFieldsAreCallerBugs() {
            assertThrows(IllegalArgumentException.class, () -> Pdu.Request.of(1, 70000, 0, null, Bytes.EMPTY));
            assertThrows(IllegalArgumentException.class, () -> new SyntaxId(Iids.IDISPATCH, -1, 0));
            assertThrows(IllegalArgumentException.class, () -> new PresentationContext(0, SyntaxId.NDR20, List.of()));
            assertThrows(IllegalArgumentException.class, () -> new Pdu.BindAck(1, 3, 1, 1, 1, "a\0", List.of(), null));
            assertThrows(IllegalArgumentException.class,
                    () -> PduCodec.encode(Pdu.Response.of(1, 0, Bytes.copyOf(new byte[70000]))));
        }

        @Test
        void paddingForTheVerifier() {
            assertEquals(0, AuthVerifier.forStub(32, 10, 2, 0, Bytes.EMPTY).padLength());
            assertEquals(15, AuthVerifier.forStub(1, 10, 2, 0, Bytes.EMPTY).padLength());
        }

        @Test
        void statusNames() {
            assertEquals("nca_s_op_rng_error", RpcStatus.name(RpcStatus.NCA_S_OP_RNG_ERROR));
            assertEquals("0x80004002", RpcStatus.name(0x80004002));
        }
    }
}
