package io.sessionmoniker.activation.dcom.wire;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.dcom.wire.ActivationMessages.RemoteActivationRequest;
import io.sessionmoniker.activation.dcom.wire.ActivationMessages.RemoteActivationResponse;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ComplexPingRequest;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ComplexPingResponse;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ResolveOxid2Response;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ResolveOxidRequest;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ServerAlive2Response;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.SimplePingRequest;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.StatusResponse;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceRequest;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceResponse;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ComVersion;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gives {@link WireFormatException} naming the field, and nothing else: every truncation of every
 * captured stub, every octet of them changed, inflated counts and sizes, wrong signatures and identities.
 */
class MalformedInputTest {

    interface Codec {
        Object decode(NdrReader r) throws WireFormatException;
    }

    static Codec requestDecoder(CaptureLog.Call call) {
        return switch (call.iface() + "/" + call.opnum()) {
            case "IRemoteSCMActivator/4" -> RemoteCreateInstanceRequest::decode;
            case "IActivation/0" -> RemoteActivationRequest::decode;
            case "IObjectExporter/1" -> SimplePingRequest::decode;
            case "IObjectExporter/2" -> ComplexPingRequest::decode;
            case "IObjectExporter/4" -> ResolveOxidRequest::decode;
            case "IObjectExporter/5" -> r -> null;
            default -> throw new AssertionError(call.toString());
        };
    }

    static Codec responseDecoder(CaptureLog.Call call) {
        return switch (call.iface() + "/" + call.opnum()) {
            case "IRemoteSCMActivator/4" -> RemoteCreateInstanceResponse::decode;
            case "IActivation/0" -> RemoteActivationResponse::decode;
            case "IObjectExporter/1" -> StatusResponse::decode;
            case "IObjectExporter/2" -> ComplexPingResponse::decode;
            case "IObjectExporter/4" -> ResolveOxid2Response::decode;
            case "IObjectExporter/5" -> ServerAlive2Response::decode;
            default -> throw new AssertionError(call.toString());
        };
    }

    /** Each captured stub with its decoder: requests and replies. */
    static Stream<Arguments> stubs() {
        return CaptureLog.activationCalls().flatMap(call -> Stream.of(
                Arguments.of(call + " request", call.request(), requestDecoder(call)),
                Arguments.of(call + " reply", call.response(), responseDecoder(call))));
    }

    static int consumed(Bytes stub, Codec codec) throws WireFormatException {
        NdrReader r = NdrReader.of(stub);
        codec.decode(r);
        return r.position();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stubs")
    void everyTruncationIsAWireFormatException(String name, Bytes stub, Codec codec) throws WireFormatException {
        int needed = consumed(stub, codec);
        for (int n = 0; n < stub.length(); n++) {
            Bytes prefix = stub.slice(0, n);
            if (n < needed) {
                int length = n;
                assertThrows(WireFormatException.class, () -> codec.decode(NdrReader.of(prefix)),
                        () -> name + " cut to " + length + " bytes");
            } else {
                assertDoesNotThrow(() -> codec.decode(NdrReader.of(prefix)), "only trailing junk is cut");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stubs")
    void everyChangedOctetDecodesOrIsAWireFormatException(String name, Bytes stub, Codec codec) {
        byte[] original = stub.toArray();
        int[] values = {0x00, 0xFF, 0x7F, 0x80};
        for (int i = 0; i < original.length; i++) {
            for (int v : values) {
                byte[] changed = original.clone();
                changed[i] = (byte) v;
                decodeOrRefuse(name + " octet " + i + " = " + v, codec, changed);
            }
            byte[] flipped = original.clone();
            flipped[i] ^= 0x01;
            decodeOrRefuse(name + " octet " + i + " ^ 1", codec, flipped);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stubs")
    void everyInflatedCountDecodesOrIsAWireFormatException(String name, Bytes stub, Codec codec) {
        byte[] original = stub.toArray();
        int[] values = {0x7FFFFFFF, 0xFFFFFFFF, 0x00010000, 0x00008001, 11};
        for (int i = 0; i + 4 <= original.length; i += 2) {
            for (int v : values) {
                byte[] changed = original.clone();
                ByteBuffer.wrap(changed).order(ByteOrder.LITTLE_ENDIAN).putInt(i, v);
                decodeOrRefuse(name + " int at " + i + " = " + v, codec, changed);
            }
        }
    }

    private static void decodeOrRefuse(String what, Codec codec, byte[] bytes) {
        try {
            codec.decode(NdrReader.of(Bytes.copyOf(bytes)));
        } catch (WireFormatException e) {
            assertTrue(e.failure().kind() == WireFailure.Kind.MALFORMED
                    || e.failure().kind() == WireFailure.Kind.UNSUPPORTED
                    || e.failure().kind() == WireFailure.Kind.LIMIT_EXCEEDED, what);
        } catch (RuntimeException e) {
            throw new AssertionError(what + " threw " + e, e);
        }
    }

    /** The activation blob of Impacket's first RemoteCreateInstance: OBJREF_CUSTOM data at 0x60 of the stub. */
    static Bytes impacketRequest() {
        return CaptureLog.calls("impacket-default").get(0).request();
    }

    static Bytes impacketBlob() {
        Bytes stub = impacketRequest();
        return stub.slice(0x60, stub.length());
    }

    @Test
    void everyTruncationOfTheBlobIsRefused() {
        Bytes blob = impacketBlob();
        for (int n = 0; n < blob.length(); n++) {
            Bytes prefix = blob.slice(0, n);
            assertThrows(WireFormatException.class, () -> ActivationBlob.decode(prefix), "blob cut to " + n);
        }
    }

    static Bytes patch32(Bytes b, int offset, int value) {
        byte[] a = b.toArray();
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return Bytes.copyOf(a);
    }

    static Bytes patch8(Bytes b, int offset, int value) {
        byte[] a = b.toArray();
        a[offset] = (byte) value;
        return Bytes.copyOf(a);
    }

    static WireFailure requestFailure(Bytes stub) {
        return assertThrows(WireFormatException.class, () -> RemoteCreateInstanceRequest.decode(stub)).failure();
    }

    static void assertField(String expected, WireFailure failure) {
        assertTrue(failure.field().contains(expected), () -> "expected a failure in " + expected + " but was "
                + failure.message());
    }

    /** Named faults in Impacket's captured RemoteCreateInstance (offsets from its stub's first octet). */
    @Nested
    class RemoteCreateInstance {

        @Test
        void theCaptureItselfDecodes() {
            assertDoesNotThrow(() -> RemoteCreateInstanceRequest.decode(impacketRequest()));
        }

        @Test
        void wrongSignature() {
            assertField("OBJREF.signature", requestFailure(patch32(impacketRequest(), 0x30, 0x574F454E)));
        }

        @Test
        void aStandardObjRefInsteadOfACustomOne() {
            assertField("OBJREF.flags", requestFailure(patch32(impacketRequest(), 0x34, 1)));
        }

        @Test
        void theReplysIidInARequest() {
            assertField("OBJREF.iid", requestFailure(patch8(impacketRequest(), 0x38, 0xA3)));
        }

        @Test
        void theReplysClsidInARequest() {
            assertField("OBJREF_CUSTOM.clsid", requestFailure(patch8(impacketRequest(), 0x48, 0x39)));
        }

        @Test
        void aNullActivationBlob() {
            assertField("pActProperties", requestFailure(patch32(impacketRequest(), 0x24, 0)));
        }

        @Test
        void dwSizeBeyondTheData() {
            assertField("ACTIVATION_BLOB.dwSize", requestFailure(patch32(impacketRequest(), 0x60, 0x169)));
        }

        @Test
        void totalSizeDisagreesWithDwSize() {
            assertField("CustomHeader.totalSize", requestFailure(patch32(impacketRequest(), 0x78, 0x160)));
        }

        @Test
        void headerSizeBeyondTheBlob() {
            assertField("CustomHeader.headerSize", requestFailure(patch32(impacketRequest(), 0x7C, 0x1000)));
        }

        @Test
        void moreThanTenProperties() {
            assertField("CustomHeader.cIfs", requestFailure(patch32(impacketRequest(), 0x88, 11)));
        }

        @Test
        void noProperties() {
            assertField("CustomHeader.cIfs", requestFailure(patch32(impacketRequest(), 0x88, 0)));
        }

        @Test
        void aPropertySizeThatDoesNotAddUp() {
            assertField("CustomHeader.pSizes", requestFailure(patch32(impacketRequest(), 0xF0, 0x60)));
        }

        @Test
        void aHugePropertySize() {
            assertField("CustomHeader.pSizes", requestFailure(patch32(impacketRequest(), 0xF0, 0x7FFFFFF0)));
        }

        @Test
        void aPclsidCountThatDisagreesWithCIfs() {
            assertField("CustomHeader.pclsid", requestFailure(patch32(impacketRequest(), 0xA8, 5)));
        }

        @Test
        void aPropertyNamedTwice() {
            // the ActivationContextInfo CLSID (000001A5) renamed to InstantiationInfo (000001AB)
            assertField("CustomHeader.pclsid", requestFailure(patch8(impacketRequest(), 0xBC, 0xAB)));
        }

        @Test
        void aMissingRequiredProperty() {
            // ScmRequestInfo (000001AA) renamed to an unknown property: the request lacks ScmRequestInfoData
            WireFailure f = requestFailure(patch8(impacketRequest(), 0xDC, 0xFF));
            assertField("pActProperties", f);
            assertTrue(f.detail().contains("ScmRequestInfoData"), f.message());
        }

        @Test
        void typeSerializationVersion2() {
            assertField("InstantiationInfoData.header.Version", requestFailure(patch8(impacketRequest(), 0x100, 2)));
        }

        @Test
        void bigEndianDataAreUnsupported() {
            WireFailure f = requestFailure(patch8(impacketRequest(), 0x101, 0x00));
            assertEquals(WireFailure.Kind.UNSUPPORTED, f.kind());
            assertField("InstantiationInfoData.header.Endianness", f);
        }

        @Test
        void objectBufferLongerThanTheProperty() {
            assertField("InstantiationInfoData.header.ObjectBufferLength",
                    requestFailure(patch32(impacketRequest(), 0x108, 0x100)));
        }

        @Test
        void zeroInterfaces() {
            assertField("InstantiationInfoData.cIID", requestFailure(patch32(impacketRequest(), 0x12C, 0)));
        }

        @Test
        void tooManyInterfaces() {
            assertField("InstantiationInfoData.cIID", requestFailure(patch32(impacketRequest(), 0x12C, 0x8001)));
        }

        @Test
        void anIidCountThatDisagreesWithCIid() {
            assertField("InstantiationInfoData.pIID", requestFailure(patch32(impacketRequest(), 0x12C, 2)));
        }

        @Test
        void aNullRemoteRequest() {
            assertField("ScmRequestInfoData.remoteRequest", requestFailure(patch32(impacketRequest(), 0x1B4, 0)));
        }

        @Test
        void tooManyProtseqs() {
            byte[] a = impacketRequest().toArray();
            a[0x1BC] = 0x01;
            a[0x1BD] = (byte) 0x80;
            assertField("cRequestedProtseqs", requestFailure(Bytes.copyOf(a)));
        }
    }

    @Nested
    class Properties {

        @Test
        void specialPropertiesTooShortForEitherLayout() {
            Bytes part = TypeSerialization.encode(w -> {
                for (int i = 0; i < 14; i++) {
                    w.writeInt(0);
                }
            });
            assertThrows(WireFormatException.class, () -> SpecialProperties.decode(part));
        }

        @Test
        void propsOutInfoWithSOkAndNoPointer() {
            Bytes part = TypeSerialization.encode(w -> {
                w.beginEmbedded();
                w.writeInt(1);
                w.writeUnique(List.of(Iids.IDISPATCH), Wire::writeGuids);
                w.writeUnique(List.of(0), Wire::writeInts);
                w.writeUnique(java.util.Arrays.asList((InterfacePointer) null), Wire::writeInterfacePointers);
                w.endEmbedded();
            });
            WireFailure f = assertThrows(WireFormatException.class, () -> PropsOutInfo.decode(part)).failure();
            assertField("PropsOutInfo.ppIntfData", f);
        }

        @Test
        void scmReplyInfoWithoutBindings() {
            Bytes part = TypeSerialization.encode(w -> {
                w.beginEmbedded();
                w.writeInt(0);
                w.writeUnique("x", (ww, s) -> {
                    ww.beginEmbedded();
                    ww.writeLong(1).writeInt(0).writeGuid(io.sessionmoniker.moniker.Guid.NULL).writeInt(6)
                            .writeShort(5).writeShort(7);
                    ww.endEmbedded();
                });
                w.endEmbedded();
            });
            assertField("pdsaOxidBindings", assertThrows(WireFormatException.class,
                    () -> ScmReplyInfo.decode(part)).failure());
        }

        @Test
        void moreThanSevenOctetsLeftInTheObjectBuffer() {
            Bytes part = TypeSerialization.encode(w -> {
                ServerLocationInfo.EMPTY.encodeBody(w);
                w.writeLong(0);
            });
            assertField("LocationInfoData", assertThrows(WireFormatException.class,
                    () -> ServerLocationInfo.decode(part)).failure());
        }

        @Test
        void aNulInsideAString() {
            Bytes part = TypeSerialization.encode(w -> {
                w.beginEmbedded();
                w.writeUnique("a\0b", (ww, s) -> {
                    ww.writeConformance(4).writeVariance(0, 4);
                    ww.writeChars(s);
                    ww.writeShort(0);
                });
                w.writeInt(0).writeInt(0).writeInt(0);
                w.endEmbedded();
            });
            assertField("LocationInfoData.machineName", assertThrows(WireFormatException.class,
                    () -> ServerLocationInfo.decode(part)).failure());
        }

        @Test
        void aReplyBlobInsideAnOutObjRefWithTheInIdentity() {
            Bytes blob = ActivationBlob.of(ServerLocationInfo.EMPTY).encode();
            InterfacePointer in = new CustomObjRef(DcomIids.IACTIVATION_PROPERTIES_IN,
                    DcomIids.CLSID_ACTIVATION_PROPERTIES_IN, blob).toInterfacePointer();
            NdrWriter w = Wire.writer();
            OrpcThat.EMPTY.encode(w);
            InterfacePointer.encodePointer(w, in);
            w.writeInt(0);
            Bytes stub = w.toBytes();
            assertField("ppActProperties.OBJREF.iid", assertThrows(WireFormatException.class,
                    () -> RemoteCreateInstanceResponse.decode(stub)).failure());
        }
    }

    @Nested
    class Exporter {

        @Test
        void complexPingCountDisagreesWithItsArray() {
            Bytes stub = new ComplexPingRequest(SetId.NONE, 0, List.of(io.sessionmoniker.activation.orpc.objref.Oid.of(1)),
                    List.of()).encode();
            assertField("AddToSet", assertThrows(WireFormatException.class,
                    () -> ComplexPingRequest.decode(patch8(stub, 10, 2))).failure());
        }

        @Test
        void complexPingNullArrayWithACount() {
            Bytes stub = new ComplexPingRequest(SetId.NONE, 0, List.of(), List.of()).encode();
            assertField("DelFromSet", assertThrows(WireFormatException.class,
                    () -> ComplexPingRequest.decode(patch8(stub, 12, 1))).failure());
        }

        @Test
        void remoteActivationWithNoInterfaces() {
            Bytes stub = CaptureLog.calls("jinterop208-default").get(0).request();
            assertField("Interfaces", assertThrows(WireFormatException.class,
                    () -> RemoteActivationRequest.decode(patch32(stub, 0x40, 0))).failure());
        }

        @Test
        void remoteActivationWithAProtseqArrayOfAnotherLength() {
            Bytes stub = CaptureLog.calls("jinterop208-default").get(0).request();
            assertField("aRequestedProtseqs", assertThrows(WireFormatException.class,
                    () -> RemoteActivationRequest.decode(patch32(stub, 0x70, 3))).failure());
        }

        @Test
        void remoteActivationWithNullIids() {
            Bytes stub = CaptureLog.calls("jinterop208-default").get(0).request();
            assertField("pIIDs", assertThrows(WireFormatException.class,
                    () -> RemoteActivationRequest.decode(patch32(stub, 0x44, 0))).failure());
        }

        @Test
        void resolveOxidCountDisagreesWithItsArray() {
            Bytes stub = new ObjectExporterMessages.ResolveOxidRequest(io.sessionmoniker.activation.orpc.objref.Oxid.of(1),
                    List.of(7)).encode();
            assertField("arRequestedProtseqs", assertThrows(WireFormatException.class,
                    () -> ResolveOxidRequest.decode(patch8(stub, 8, 2))).failure());
        }

        @Test
        void serverAlive2WithAnOddComVersionStillDecodes() throws WireFormatException {
            Bytes stub = new ServerAlive2Response(new ComVersion(5, 1), null, 0).encode();
            assertEquals(new ComVersion(5, 1), ServerAlive2Response.decode(stub).comVersion());
        }
    }

    @Test
    void aThrowableOtherThanWireFormatExceptionFailsTheFuzz() {
        try {
            decodeOrRefuse("probe", r -> {
                throw new IllegalStateException("probe");
            }, new byte[0]);
            fail("a RuntimeException must fail the fuzz");
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage().contains("probe"));
        }
    }
}
