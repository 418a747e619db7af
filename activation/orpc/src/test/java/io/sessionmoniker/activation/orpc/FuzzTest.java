package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.activation.orpc.automation.BstrCodec;
import io.sessionmoniker.activation.orpc.automation.DispParams;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages;
import io.sessionmoniker.activation.orpc.automation.ExcepInfo;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.CallAssembler;
import io.sessionmoniker.activation.orpc.rpc.Pdu;
import io.sessionmoniker.activation.orpc.rpc.PduDecoder;
import io.sessionmoniker.activation.orpc.rpc.PduLimits;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutates the golden vectors with fixed seeds and feeds them to every decoder: each must either decode or
 * refuse the bytes with a {@link WireFormatException} (or, for the stream decoder, a failure value), never
 * anything else, and never an INTERNAL_ERROR.
 */
class FuzzTest {

    interface Decoder {
        Object decode(Bytes b) throws WireFormatException;
    }

    record Target(String vector, Decoder decoder) {
    }

    static final List<Target> STUBS = List.of(
            new Target("variant/array-variant.hex", b -> Variant.decode(NdrReader.of(b))),
            new Target("variant/array-bstr.hex", b -> Variant.decode(NdrReader.of(b))),
            new Target("variant/array-ui1.hex", b -> Variant.decode(NdrReader.of(b))),
            new Target("variant/array-i4.hex", b -> Variant.decode(NdrReader.of(b))),
            new Target("variant/bstr.hex", b -> Variant.decode(NdrReader.of(b))),
            new Target("variant/unknown.hex", b -> Variant.decode(NdrReader.of(b))),
            new Target("variant/i8.hex", b -> Variant.decode(NdrReader.of(b))),
            new Target("automation/dispparams-named.hex", b -> DispParams.decode(NdrReader.of(b))),
            new Target("automation/excepinfo.hex", b -> ExcepInfo.decode(NdrReader.of(b))),
            new Target("automation/invoke-request.hex", b -> DispatchMessages.InvokeRequest.decode(NdrReader.of(b))),
            new Target("automation/invoke-response.hex", b -> DispatchMessages.InvokeResponse.decode(NdrReader.of(b))),
            new Target("automation/getidsofnames-request.hex",
                    b -> DispatchMessages.GetIdsOfNamesRequest.decode(NdrReader.of(b))),
            new Target("orpc/orpcthis-extensions.hex", b -> OrpcThis.decode(NdrReader.of(b))),
            new Target("orpc/remqi-response.hex", b -> RemUnknownMessages.RemQueryInterfaceResponse.decode(NdrReader.of(b))),
            new Target("orpc/remqi2-response.hex",
                    b -> RemUnknownMessages.RemQueryInterface2Response.decode(NdrReader.of(b))),
            new Target("orpc/remaddref-request.hex", b -> RemUnknownMessages.RemAddRefRequest.decode(NdrReader.of(b))),
            new Target("orpc/objref-standard.hex", ObjRef::decode),
            new Target("ndr/bstr.hex", b -> BstrCodec.decode(NdrReader.of(b))));

    static final List<String> PDUS = List.of("bind", "bind-auth", "bind_ack", "bind_nak", "alter_context",
            "alter_context_resp", "request", "request-auth", "response", "fault", "auth3", "shutdown");

    static byte[] mutate(byte[] golden, Random random) {
        byte[] a = golden.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(a.length);
            switch (random.nextInt(5)) {
                case 0 -> a[at] = (byte) random.nextInt(256);
                case 1 -> a[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> a[at] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
                case 3 -> {
                    int n = Math.min(4, a.length - at);
                    for (int i = 0; i < n; i++) {
                        a[at + i] = (byte) 0xFF;
                    }
                }
                default -> a = java.util.Arrays.copyOf(a, random.nextInt(a.length + 1));
            }
            if (a.length == 0) {
                break;
            }
        }
        return a;
    }

    @ParameterizedTest(name = "stub decoders, seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void stubDecoders(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2500; i++) {
            Target t = STUBS.get(random.nextInt(STUBS.size()));
            byte[] a = mutate(Vectors.load(t.vector()).toArray(), random);
            try {
                t.decoder().decode(Bytes.copyOf(a));
            } catch (WireFormatException e) {
                assertNotEquals(WireFailure.Kind.INTERNAL_ERROR, e.failure().kind());
            } catch (RuntimeException e) {
                fail(t.vector() + " mutated to " + Bytes.copyOf(a).toHex() + " threw " + e, e);
            }
        }
    }

    @ParameterizedTest(name = "PDU stream decoder, seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    void pduDecoder(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2500; i++) {
            byte[] a = mutate(PduCodecTest.vector(PDUS.get(random.nextInt(PDUS.size()))).toArray(), random);
            PduDecoder d = new PduDecoder(PduLimits.DEFAULT);
            CallAssembler calls = new CallAssembler(PduLimits.DEFAULT);
            int p = 0;
            try {
                while (p < a.length) {
                    int n = 1 + random.nextInt(a.length - p);
                    Optional<WireFailure> f = d.feed(a, p, n, pdu -> {
                        try {
                            if (pdu instanceof Pdu.Request r) {
                                calls.offer(r);
                                RemUnknownMessages.RemQueryInterfaceRequest.decode(NdrReader.of(r.stub()));
                            }
                        } catch (WireFormatException e) {
                            assertNotEquals(WireFailure.Kind.INTERNAL_ERROR, e.failure().kind());
                        }
                    });
                    f.ifPresent(x -> assertNotEquals(WireFailure.Kind.INTERNAL_ERROR, x.kind(), x.message()));
                    p += n;
                }
            } catch (RuntimeException e) {
                fail("mutated PDU " + Bytes.copyOf(a).toHex() + " threw " + e, e);
            }
        }
    }
}
