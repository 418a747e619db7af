package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ComVersion;
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages;
import io.sessionmoniker.activation.orpc.objref.SecurityBinding;
import io.sessionmoniker.activation.orpc.objref.StdObjRef;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.Guid;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrpcTest {

    static final Ipid IPID = Ipid.of(Vectors.IPID);
    static final StdObjRef STD = new StdObjRef(0, 5, Oxid.of(0x0102030405060708L), Oid.of(0x1112131415161718L), IPID);
    static final ObjRef OBJREF = new ObjRef(Iids.IDISPATCH, STD, new DualStringArray(
            List.of(StringBinding.tcp("10.0.0.1", 135), StringBinding.local("/s")),
            List.of(new SecurityBinding(AuthVerifier.RPC_C_AUTHN_WINNT, ""))));

    /** An ORPC golden: its value, its encoder and its decoder. */
    interface Decoder {
        Object decode(NdrReader r) throws WireFormatException;
    }

    interface Encoder {
        void encode(NdrWriter w);
    }

    static Stream<Arguments> messages() {
        OrpcThis orpcThis = OrpcThis.of(Vectors.CID);
        var qi = new RemUnknownMessages.RemQueryInterfaceRequest(orpcThis, IPID, 5, List.of(Iids.IDISPATCH));
        var qiResp = new RemUnknownMessages.RemQueryInterfaceResponse(OrpcThat.EMPTY,
                List.of(new RemUnknownMessages.RemQiResult(0, STD)), 0);
        var addRef = new RemUnknownMessages.RemAddRefRequest(orpcThis,
                List.of(new RemUnknownMessages.RemInterfaceRef(IPID, 5, 0)));
        var addRefResp = new RemUnknownMessages.RemAddRefResponse(OrpcThat.EMPTY, List.of(0), 0);
        var release = new RemUnknownMessages.RemReleaseRequest(orpcThis,
                List.of(new RemUnknownMessages.RemInterfaceRef(IPID, 1, 0)));
        var releaseResp = new RemUnknownMessages.RemReleaseResponse(OrpcThat.EMPTY, 0);
        var qi2Resp = new RemUnknownMessages.RemQueryInterface2Response(OrpcThat.EMPTY, List.of(0, 0x80004002),
                Arrays.asList(AutomationTest.DEADBEEF, null), 0);
        OrpcThis withExtent = new OrpcThis(ComVersion.V5_7, 0, Vectors.CID, List.of(new OrpcExtent(
                Guid.parse("F1F19680-4D2A-11CE-A66A-0020AF6E72F4"), Bytes.fromHex("010203"))));
        return Stream.of(
                Arguments.of("orpcthis", orpcThis, (Encoder) orpcThis::encode, (Decoder) OrpcThis::decode),
                Arguments.of("orpcthis-extensions", withExtent, (Encoder) withExtent::encode, (Decoder) OrpcThis::decode),
                Arguments.of("orpcthat", OrpcThat.EMPTY, (Encoder) OrpcThat.EMPTY::encode, (Decoder) OrpcThat::decode),
                Arguments.of("dualstringarray-empty", DualStringArray.EMPTY, (Encoder) DualStringArray.EMPTY::encode,
                        (Decoder) DualStringArray::decode),
                Arguments.of("remqi-request", qi, (Encoder) qi::encode,
                        (Decoder) RemUnknownMessages.RemQueryInterfaceRequest::decode),
                Arguments.of("remqi-response", qiResp, (Encoder) qiResp::encode,
                        (Decoder) RemUnknownMessages.RemQueryInterfaceResponse::decode),
                Arguments.of("remaddref-request", addRef, (Encoder) addRef::encode,
                        (Decoder) RemUnknownMessages.RemAddRefRequest::decode),
                Arguments.of("remaddref-response", addRefResp, (Encoder) addRefResp::encode,
                        (Decoder) RemUnknownMessages.RemAddRefResponse::decode),
                Arguments.of("remrelease-request", release, (Encoder) release::encode,
                        (Decoder) RemUnknownMessages.RemReleaseRequest::decode),
                Arguments.of("remrelease-response", releaseResp, (Encoder) releaseResp::encode,
                        (Decoder) RemUnknownMessages.RemReleaseResponse::decode),
                Arguments.of("remqi2-response", qi2Resp, (Encoder) qi2Resp::encode,
                        (Decoder) RemUnknownMessages.RemQueryInterface2Response::decode));
    }

    @Nested
    class Golden {
        @ParameterizedTest(name = "{0} encodes to the golden bytes")
        @MethodSource("io.sessionmoniker.activation.orpc.OrpcTest#messages")
        void encodes(String name, Object value, Encoder encoder, Decoder decoder) {
            assertEquals(Vectors.load("orpc/" + name + ".hex"), Vectors.encode(encoder::encode));
        }

        @ParameterizedTest(name = "{0} decodes to the expected value")
        @MethodSource("io.sessionmoniker.activation.orpc.OrpcTest#messages")
        void decodes(String name, Object value, Encoder encoder, Decoder decoder) throws WireFormatException {
            NdrReader r = NdrReader.of(Vectors.load("orpc/" + name + ".hex"));
            assertEquals(value, decoder.decode(r));
            assertEquals(0, r.remaining());
        }

        @ParameterizedTest(name = "{0} truncated at every length fails cleanly")
        @MethodSource("io.sessionmoniker.activation.orpc.OrpcTest#messages")
        void truncated(String name, Object value, Encoder encoder, Decoder decoder) {
            Bytes golden = Vectors.load("orpc/" + name + ".hex");
            for (int n = 0; n < golden.length(); n++) {
                Bytes cut = golden.slice(0, n);
                assertThrows(WireFormatException.class, () -> decoder.decode(NdrReader.of(cut)), "length " + n);
            }
        }

        @Test
        void objRef() throws WireFormatException {
            Bytes golden = Vectors.load("orpc/objref-standard.hex");
            assertEquals(golden, OBJREF.encode());
            assertEquals(OBJREF, ObjRef.decode(golden));
            assertEquals(OBJREF, InterfacePointer.of(OBJREF).objRef());
            assertEquals(22, OBJREF.resolverAddress().securityOffset());
            for (int n = 0; n < golden.length(); n++) {
                Bytes cut = golden.slice(0, n);
                assertThrows(WireFormatException.class, () -> ObjRef.decode(cut), "length " + n);
            }
        }

        @Test
        void remQueryInterface2RequestRoundTrips() throws WireFormatException {
            var req = new RemUnknownMessages.RemQueryInterface2Request(OrpcThis.of(Vectors.CID), IPID,
                    List.of(Iids.IDISPATCH, Iids.IUNKNOWN));
            assertEquals(req, RemUnknownMessages.RemQueryInterface2Request.decode(NdrReader.of(Vectors.encode(req::encode))));
        }

        @Test
        void interfacePointerAsParameter() throws WireFormatException {
            InterfacePointer ip = InterfacePointer.of(OBJREF);
            Bytes b = Vectors.encode(w -> {
                InterfacePointer.encodePointer(w, ip);
                InterfacePointer.encodePointer(w, null);
            });
            NdrReader r = NdrReader.of(b);
            assertEquals(ip, InterfacePointer.decodePointer(r));
            assertEquals(null, InterfacePointer.decodePointer(r));
        }
    }

    @Nested
    class Refused {
        @Test
        void badSignature() {
            byte[] a = Vectors.load("orpc/objref-standard.hex").toArray();
            a[0] = 0x4e;
            WireFormatException e = assertThrows(WireFormatException.class, () -> ObjRef.decode(Bytes.copyOf(a)));
            assertEquals("OBJREF.signature", e.failure().field());
            assertEquals(0, e.failure().offset());
            assertTrue(e.getMessage().contains("0x574F454E"), e.getMessage());
        }

        @Test
        void customHandlerAndExtendedFormsAreUnsupported() {
            WireFormatException e = assertThrows(WireFormatException.class,
                    () -> ObjRef.decode(Vectors.load("orpc/objref-custom.hex")));
            assertEquals(WireFailure.Kind.UNSUPPORTED, e.failure().kind());
            assertTrue(e.getMessage().contains("OBJREF_CUSTOM"), e.getMessage());
            for (int flag : new int[] {2, 8}) {
                byte[] a = Vectors.load("orpc/objref-standard.hex").toArray();
                a[4] = (byte) flag;
                assertEquals(WireFailure.Kind.UNSUPPORTED,
                        assertThrows(WireFormatException.class, () -> ObjRef.decode(Bytes.copyOf(a))).failure().kind());
            }
            byte[] a = Vectors.load("orpc/objref-standard.hex").toArray();
            a[4] = 3;
            assertEquals(WireFailure.Kind.MALFORMED,
                    assertThrows(WireFormatException.class, () -> ObjRef.decode(Bytes.copyOf(a))).failure().kind());
        }

        @Test
        void securityOffsetPastTheEnd() {
            byte[] a = Vectors.load("orpc/objref-standard.hex").toArray();
            a[66] = 0x30;
            assertEquals("DUALSTRINGARRAY.wSecurityOffset",
                    assertThrows(WireFormatException.class, () -> ObjRef.decode(Bytes.copyOf(a))).failure().field());
        }

        @Test
        void extentArraySizeMismatch() {
            byte[] a = Vectors.load("orpc/orpcthis-extensions.hex").toArray();
            a[32] = 2;
            assertThrows(WireFormatException.class, () -> OrpcThis.decode(NdrReader.of(a, 0, a.length)));
        }

        @Test
        void iidCountMismatch() {
            byte[] a = Vectors.load("orpc/remqi-request.hex").toArray();
            a[52] = 2;
            assertEquals("iids.max_count", assertThrows(WireFormatException.class,
                    () -> RemUnknownMessages.RemQueryInterfaceRequest.decode(NdrReader.of(a, 0, a.length))).failure().field());
        }
    }

    @Nested
    class Bindings {
        @Test
        void localBinding() {
            StringBinding b = StringBinding.local("/run/sessmon/exp-1.sock");
            assertEquals(StringBinding.NCALRPC, b.towerId());
            assertEquals("", b.serverName());
            assertEquals("/run/sessmon/exp-1.sock", b.endpoint());
        }

        @Test
        void tcpBinding() {
            StringBinding b = StringBinding.tcp("10.0.0.1", 135);
            assertEquals("10.0.0.1", b.serverName());
            assertEquals("135", b.endpoint());
            assertEquals("", new StringBinding(7, "host").endpoint());
        }

        @Test
        void versionsCompare() {
            assertTrue(new ComVersion(5, 2).compareTo(ComVersion.V5_7) < 0);
            assertFalse(new StdObjRef(0, 1, Oxid.of(1), Oid.of(1), IPID).noPing());
            assertTrue(new StdObjRef(StdObjRef.SORF_NOPING, 1, Oxid.of(1), Oid.of(1), IPID).noPing());
        }
    }

    @Test
    void newCausalityIdsAreVersion4GuidsAndDistinct() throws WireFormatException {
        java.util.Set<Guid> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            OrpcThis t = OrpcThis.newCausality();
            java.util.UUID u = t.cid().toUuid();
            assertEquals(4, u.version());
            assertEquals(2, u.variant());
            assertTrue(seen.add(t.cid()));
            NdrWriter w = new NdrWriter();
            t.encode(w);
            assertEquals(t, OrpcThis.decode(NdrReader.of(w.toBytes())));
        }
    }
}
