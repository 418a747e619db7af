package io.sessionmoniker.activation.dcom.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.dcom.wire.ActivationMessages.RemoteActivationRequest;
import io.sessionmoniker.activation.dcom.wire.ActivationMessages.RemoteActivationResponse;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ComplexPingRequest;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ComplexPingResponse;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ResolveOxid2Response;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ResolveOxidRequest;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ResolveOxidResponse;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ServerAlive2Response;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.SimplePingRequest;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.StatusResponse;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceRequest;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceResponse;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteGetClassObjectRequest;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteGetClassObjectResponse;
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
import io.sessionmoniker.activation.orpc.objref.SecurityBinding;
import io.sessionmoniker.activation.orpc.objref.StdObjRef;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message, property and blob survives encode then decode, and the encoders follow MS-DCOM's layouts. */
class WireRoundTripTest {

    static final Guid CLSID = Guid.parse("10000013-0000-0000-0000-000000000001");
    static final Guid CID = Guid.parse("01234567-89AB-CDEF-0123-456789ABCDEF");
    static final Oxid OXID = Oxid.of(0x0102030405060708L);
    static final Ipid REM_UNKNOWN = Ipid.of(Guid.parse("00112233-4455-6677-8899-AABBCCDDEEFF"));
    static final DualStringArray BINDINGS = new DualStringArray(
            List.of(StringBinding.tcp("10.0.0.1", 49701), new StringBinding(StringBinding.NCACN_IP_TCP, "HOST[49701]")),
            List.of(new SecurityBinding(AuthVerifier.RPC_C_AUTHN_WINNT, "")));
    static final ScmReplyInfo EXPORTER = new ScmReplyInfo(OXID, BINDINGS, REM_UNKNOWN,
            AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY, ComVersion.V5_7);
    static final InterfacePointer DISPATCH = InterfacePointer.of(new ObjRef(Iids.IDISPATCH,
            new StdObjRef(0, 5, OXID, Oid.of(0x1112131415161718L), Ipid.of(Guid.parse("A0A1A2A3-B0B1-C0C1-D0D1-E0E1E2E3E4E5"))),
            BINDINGS));
    static final InterfacePointer UNKNOWN = InterfacePointer.of(new ObjRef(Iids.IUNKNOWN,
            new StdObjRef(0, 5, OXID, Oid.of(0x1112131415161718L), Ipid.of(Guid.parse("B0A1A2A3-B0B1-C0C1-D0D1-E0E1E2E3E4E5"))),
            BINDINGS));
    static final OrpcThis ORPC_THIS = new OrpcThis(ComVersion.V5_7, 1, CID, List.of());

    /** A blob with every property this package models, and one it does not. */
    static ActivationBlob everyProperty() {
        Bytes unknown = TypeSerialization.encode(w -> w.writeInt(0x12345678).writeInt(9));
        return new ActivationBlob(ActivationBlob.MSHCTX_DIFFERENTMACHINE, List.of(
                InstantiationInfo.of(CLSID, List.of(Iids.IUNKNOWN, Iids.IDISPATCH)),
                SpecialProperties.forSession(3),
                new ActivationContextInfo(0, 0, 0, 0, DISPATCH, null),
                new ServerLocationInfo("HOST", 1, 2, 3),
                new ScmRequestInfo(2, List.of(StringBinding.NCACN_IP_TCP, StringBinding.NCACN_HTTP)),
                new SecurityInfo(0, new SecurityInfo.ServerInfo(0, "server", 0)),
                new InstanceInfo("C:\\file.txt", 1, null, UNKNOWN),
                new UnknownProperty(Guid.parse("000001FF-0000-0000-C000-000000000046"), unknown)));
    }

    interface Codec {
        Object decode(NdrReader r) throws WireFormatException;
    }

    static Arguments message(String name, Object value, Supplier<Bytes> encoder, Codec decoder) {
        return Arguments.of(name, value, encoder, decoder);
    }

    static Stream<Arguments> messages() {
        ActivationBlob in = everyProperty();
        var rci = new RemoteCreateInstanceRequest(new OrpcThis(ComVersion.V5_7, 1, CID, List.of(new OrpcExtent(
                Guid.parse("F1F19680-4D2A-11CE-A66A-0020AF6E72F4"), Bytes.fromHex("010203")))), null, in);
        var rciOuter = new RemoteCreateInstanceRequest(ORPC_THIS, UNKNOWN, in);
        var rciOk = RemoteCreateInstanceResponse.success(PropsOutInfo.of(
                new PropsOutInfo.Result(Iids.IDISPATCH, 0, DISPATCH),
                new PropsOutInfo.Result(Iids.IUNKNOWN, HResult.E_NOINTERFACE, null)), EXPORTER);
        var rciFail = RemoteCreateInstanceResponse.failure(HResult.REGDB_E_CLASSNOTREG);
        var gco = new RemoteGetClassObjectRequest(ORPC_THIS, in);
        var gcoOk = RemoteGetClassObjectResponse.success(PropsOutInfo.of(
                new PropsOutInfo.Result(Guid.parse("00000001-0000-0000-C000-000000000046"), 0, UNKNOWN)), EXPORTER);
        var gcoFail = RemoteGetClassObjectResponse.failure(HResult.E_ACCESSDENIED);
        var ra = new RemoteActivationRequest(new OrpcThis(new ComVersion(5, 2), 0, CID, List.of()), CLSID, "obj",
                DISPATCH, 3, 0, List.of(Iids.IUNKNOWN, Iids.IDISPATCH), List.of(7));
        var raPlain = new RemoteActivationRequest(ORPC_THIS, CLSID, null, null, 2, 0, List.of(Iids.IDISPATCH),
                List.of());
        var raOk = RemoteActivationResponse.success(EXPORTER, Arrays.asList(UNKNOWN, null),
                List.of(0, HResult.E_NOINTERFACE));
        var raFail = RemoteActivationResponse.failure(HResult.REGDB_E_CLASSNOTREG, 2);
        var resolve = new ResolveOxidRequest(OXID, List.of(7, 0x1F));
        var resolveOk = new ResolveOxidResponse(BINDINGS, REM_UNKNOWN, 6, 0);
        var resolveFail = ResolveOxidResponse.failure(0x776);
        var resolve2Ok = ResolveOxid2Response.of(EXPORTER);
        var resolve2Fail = ResolveOxid2Response.failure(0x776);
        var simple = new SimplePingRequest(SetId.of(0x8000000000000001L));
        var complex = new ComplexPingRequest(SetId.NONE, 3, List.of(Oid.of(1), Oid.of(-1)), List.of(Oid.of(2)));
        var complexEmpty = new ComplexPingRequest(SetId.of(5), 0, List.of(), List.of());
        var complexOk = new ComplexPingResponse(SetId.of(5), 2, 0);
        var alive2 = new ServerAlive2Response(ComVersion.V5_7, BINDINGS, 0);
        var alive2Null = new ServerAlive2Response(ComVersion.V5_7, null, 0);
        return Stream.of(
                message("RemoteCreateInstance request", rci, rci::encode, RemoteCreateInstanceRequest::decode),
                message("RemoteCreateInstance request with pUnkOuter", rciOuter, rciOuter::encode,
                        RemoteCreateInstanceRequest::decode),
                message("RemoteCreateInstance reply", rciOk, rciOk::encode, RemoteCreateInstanceResponse::decode),
                message("RemoteCreateInstance failure", rciFail, rciFail::encode, RemoteCreateInstanceResponse::decode),
                message("RemoteGetClassObject request", gco, gco::encode, RemoteGetClassObjectRequest::decode),
                message("RemoteGetClassObject reply", gcoOk, gcoOk::encode, RemoteGetClassObjectResponse::decode),
                message("RemoteGetClassObject failure", gcoFail, gcoFail::encode, RemoteGetClassObjectResponse::decode),
                message("RemoteActivation request", ra, ra::encode, RemoteActivationRequest::decode),
                message("RemoteActivation request, no protseqs", raPlain, raPlain::encode,
                        RemoteActivationRequest::decode),
                message("RemoteActivation reply", raOk, raOk::encode, RemoteActivationResponse::decode),
                message("RemoteActivation failure", raFail, raFail::encode, RemoteActivationResponse::decode),
                message("ResolveOxid(2) request", resolve, resolve::encode, ResolveOxidRequest::decode),
                message("ResolveOxid reply", resolveOk, resolveOk::encode, ResolveOxidResponse::decode),
                message("ResolveOxid failure", resolveFail, resolveFail::encode, ResolveOxidResponse::decode),
                message("ResolveOxid2 reply", resolve2Ok, resolve2Ok::encode, ResolveOxid2Response::decode),
                message("ResolveOxid2 failure", resolve2Fail, resolve2Fail::encode, ResolveOxid2Response::decode),
                message("SimplePing request", simple, simple::encode, SimplePingRequest::decode),
                message("SimplePing/ServerAlive reply", StatusResponse.OK, StatusResponse.OK::encode,
                        StatusResponse::decode),
                message("ComplexPing request", complex, complex::encode, ComplexPingRequest::decode),
                message("ComplexPing request, nothing to add or remove", complexEmpty, complexEmpty::encode,
                        ComplexPingRequest::decode),
                message("ComplexPing reply", complexOk, complexOk::encode, ComplexPingResponse::decode),
                message("ServerAlive2 reply", alive2, alive2::encode, ServerAlive2Response::decode),
                message("ServerAlive2 reply, no bindings", alive2Null, alive2Null::encode, ServerAlive2Response::decode));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void roundTrips(String name, Object value, Supplier<Bytes> encoder, Codec decoder) throws WireFormatException {
        Bytes wire = encoder.get();
        NdrReader r = NdrReader.of(wire);
        assertEquals(value, decoder.decode(r));
        assertEquals(0, r.remaining(), "the decoder reads all the encoder wrote");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void trailingOctetsAreIgnored(String name, Object value, Supplier<Bytes> encoder, Codec decoder)
            throws WireFormatException {
        byte[] padded = Arrays.copyOf(encoder.get().toArray(), encoder.get().length() + 16);
        Arrays.fill(padded, padded.length - 16, padded.length, (byte) 0xEE);
        assertEquals(value, decoder.decode(NdrReader.of(Bytes.copyOf(padded))));
    }

    @Nested
    class Blob {

        @Test
        void everyPropertyRoundTripsInOrder() throws WireFormatException {
            ActivationBlob blob = everyProperty();
            ActivationBlob back = ActivationBlob.decode(blob.encode());
            assertEquals(blob, back);
            assertEquals(blob.properties().stream().map(ActivationProperty::clsid).toList(),
                    back.properties().stream().map(ActivationProperty::clsid).toList());
        }

        @Test
        void theSizesAddUp() {
            ActivationBlob blob = everyProperty();
            Bytes wire = blob.encode();
            CustomHeader h = blob.header();
            assertEquals(wire.length() - 8, h.totalSize());
            assertEquals(h.totalSize(), h.headerSize() + h.propertySizes().stream().mapToInt(Integer::intValue).sum());
            for (int size : h.propertySizes()) {
                assertEquals(0, size % 8, "each property is padded to 8");
            }
            assertEquals(Guid.NULL, h.classInfoClsid());
            assertEquals(ActivationBlob.MSHCTX_DIFFERENTMACHINE, h.destCtx());
        }

        @Test
        void anUnknownPropertyKeepsItsOctets() throws WireFormatException {
            ActivationBlob back = ActivationBlob.decode(everyProperty().encode());
            UnknownProperty unknown = back.find(UnknownProperty.class).orElseThrow();
            assertEquals(Bytes.fromHex("011008 00cccccccc 08000000 00000000 78563412 09000000"), unknown.serialized());
        }

        @Test
        void aClsidTwiceIsRefusedWhenBuilding() {
            assertThrows(IllegalArgumentException.class, () -> ActivationBlob.of(ServerLocationInfo.EMPTY,
                    ServerLocationInfo.EMPTY));
        }

        @Test
        void aRequestNeedsTheRequiredProperties() {
            ActivationBlob noScm = ActivationBlob.of(InstantiationInfo.of(CLSID, List.of(Iids.IDISPATCH)),
                    ServerLocationInfo.EMPTY);
            assertThrows(IllegalArgumentException.class, () -> new RemoteCreateInstanceRequest(ORPC_THIS, null, noScm));
        }
    }

    @Nested
    class Layouts {

        @Test
        void typeSerializationHeaders() {
            Bytes part = TypeSerialization.encode(w -> w.writeInt(1).writeShort(2));
            assertEquals(Bytes.fromHex("01100800 cccccccc 08000000 00000000 01000000 0200 0000"), part);
        }

        @Test
        void impacketsUnpaddedObjectBufferLengthAndFillersAreAccepted() throws WireFormatException {
            Bytes part = Bytes.fromHex("01100800 cccccccc 06000000 cccccccc 01000000 0200 fafa");
            int[] got = TypeSerialization.decode(part, "T", r -> new int[] {r.readInt(), r.readShort()});
            assertEquals(1, got[0]);
            assertEquals(2, got[1]);
        }

        @Test
        void specialPropertiesMainLayoutIs88OctetsWithTheFieldsAtTheirOffsets() {
            Bytes body = SpecialProperties.console().serialize().slice(TypeSerialization.HEADER_LENGTH,
                    TypeSerialization.HEADER_LENGTH + 88);
            assertEquals(88 + 16, SpecialProperties.console().serialize().length());
            assertEquals(Bytes.fromHex("ffffffff"), body.slice(0, 4));
            assertEquals(Bytes.fromHex("01000000"), body.slice(44, 48));
            assertEquals(Bytes.fromHex("14000000"), body.slice(40, 44));
        }

        @Test
        void specialPropertiesAlternateLayoutIsAccepted() throws WireFormatException {
            SpecialProperties sp = SpecialProperties.forSession(7);
            NdrWriter w = new NdrWriter();
            sp.encodeBody(w);
            Bytes first48 = w.toBytes().slice(0, SpecialProperties.FIXED_LENGTH);
            Bytes alternate = TypeSerialization.encode(ww -> {
                ww.writeBytes(first48);
                for (int i = 0; i < 8; i++) {
                    ww.writeInt(0xAAAAAAAA);          // Reserved3[8], arbitrary values
                }
            });
            assertEquals(16 + SpecialProperties.ALTERNATE_LENGTH, alternate.length());
            assertEquals(sp, SpecialProperties.decode(alternate));
        }

        @Test
        void instantiationInfoOfComputesThisSize() {
            InstantiationInfo info = InstantiationInfo.of(CLSID, List.of(Iids.IDISPATCH));
            assertEquals(info.serialize().length(), info.thisSize());
            assertEquals(88, info.thisSize());
        }

        @Test
        void customObjRefHeaderCarriesTheDataLengthPlus8() throws WireFormatException {
            CustomObjRef ref = new CustomObjRef(DcomIids.IACTIVATION_PROPERTIES_IN,
                    DcomIids.CLSID_ACTIVATION_PROPERTIES_IN, Bytes.fromHex("0102030405"));
            Bytes wire = ref.encode();
            assertEquals(Bytes.fromHex("4d454f57 04000000"), wire.slice(0, 8));
            assertEquals(Bytes.fromHex("00000000 0d000000"), wire.slice(40, 48));
            assertEquals(ref, CustomObjRef.decode(wire));
        }

        @Test
        void setIdText() {
            assertEquals("0x0000000000000001", SetId.of(1).toString());
            assertTrue(SetId.NONE.isNone());
        }

        @Test
        void remoteActivationSuccessNeedsTheFirstInterfaceAndAgreeingResults() {
            assertThrows(IllegalArgumentException.class, () -> RemoteActivationResponse.success(EXPORTER,
                    Arrays.asList(null, DISPATCH), List.of(HResult.E_NOINTERFACE, 0)));
            assertThrows(IllegalArgumentException.class, () -> RemoteActivationResponse.success(EXPORTER,
                    Arrays.asList(UNKNOWN, null), List.of(0, 0)));
            assertThrows(IllegalArgumentException.class, () -> RemoteCreateInstanceResponse.failure(0));
        }

        @Test
        void remoteActivationFailureFollowsMsDcom() {
            RemoteActivationResponse f = RemoteActivationResponse.failure(HResult.REGDB_E_CLASSNOTREG, 2);
            assertEquals(List.of(0, 0), f.results());
            assertEquals(Arrays.asList(null, null), f.interfaces());
            assertEquals(OrpcThat.EMPTY, f.orpcThat());
        }
    }
}
