package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.automation.DispParams;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages;
import io.sessionmoniker.activation.orpc.automation.ExcepInfo;
import io.sessionmoniker.activation.orpc.automation.SafeArrayBound;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.runtime.Dispatch;
import io.sessionmoniker.moniker.HResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AutomationTest {

    static final InterfacePointer DEADBEEF = new InterfacePointer(Bytes.fromHex("deadbeef"));

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("empty", Variant.EMPTY),
                Arguments.of("null", Variant.NULL),
                Arguments.of("i2", new Variant.I2((short) -2)),
                Arguments.of("i4", new Variant.I4(0x12345678)),
                Arguments.of("i8", new Variant.I8(0x0102030405060708L)),
                Arguments.of("r4", new Variant.R4(1.5f)),
                Arguments.of("r8", new Variant.R8(-2.5)),
                Arguments.of("bool-true", new Variant.Bool(true)),
                Arguments.of("bool-false", new Variant.Bool(false)),
                Arguments.of("date", new Variant.Date(45000.5)),
                Arguments.of("bstr", new Variant.Bstr("Hi")),
                Arguments.of("bstr-null", new Variant.Bstr(null)),
                Arguments.of("unknown", new Variant.Unknown(DEADBEEF)),
                Arguments.of("dispatch-null", new Variant.Dispatch(null)),
                Arguments.of("array-ui1", new Variant.UI1Array(Bytes.fromHex("010203"), SafeArrayBound.vector(3))),
                Arguments.of("array-i4", new Variant.I4Array(new int[] {1, 2}, List.of(new SafeArrayBound(2, 1)))),
                Arguments.of("array-bstr", new Variant.BstrArray(Arrays.asList("a", null), SafeArrayBound.vector(2))),
                Arguments.of("array-variant", new Variant.VariantArray(List.of(new Variant.I4(7), new Variant.Bstr("x")),
                        SafeArrayBound.vector(2))));
    }

    /** Each automation golden with its decoder and expected value. */
    interface Codec {
        Object decode(NdrReader r) throws WireFormatException;
    }

    static Stream<Arguments> messages() {
        OrpcThis orpcThis = OrpcThis.of(Vectors.CID);
        return Stream.of(
                Arguments.of("dispparams", new DispParams(List.of(new Variant.I4(5), new Variant.Bool(true)), List.of()),
                        (Codec) DispParams::decode),
                Arguments.of("dispparams-named", new DispParams(List.of(new Variant.I4(9)),
                        List.of(DispatchMessages.DISPID_PROPERTYPUT)), (Codec) DispParams::decode),
                Arguments.of("excepinfo", ExcepInfo.of("S", null, 0x80004005), (Codec) ExcepInfo::decode),
                Arguments.of("invoke-request", new DispatchMessages.InvokeRequest(orpcThis, 1, Iids.IID_NULL,
                        DispatchMessages.LOCALE_SYSTEM_DEFAULT, DispatchMessages.DISPATCH_METHOD,
                        DispParams.ofPositional(List.of(new Variant.Bstr("x"))), List.of(), List.of()),
                        (Codec) DispatchMessages.InvokeRequest::decode),
                Arguments.of("invoke-response", new DispatchMessages.InvokeResponse(OrpcThat.EMPTY, new Variant.I4(42),
                        ExcepInfo.NONE, 0, List.of(), 0), (Codec) DispatchMessages.InvokeResponse::decode),
                Arguments.of("getidsofnames-request", new DispatchMessages.GetIdsOfNamesRequest(orpcThis, Iids.IID_NULL,
                        List.of("Ping"), DispatchMessages.LOCALE_SYSTEM_DEFAULT),
                        (Codec) DispatchMessages.GetIdsOfNamesRequest::decode),
                Arguments.of("getidsofnames-response", new DispatchMessages.GetIdsOfNamesResponse(OrpcThat.EMPTY,
                        List.of(1), 0), (Codec) DispatchMessages.GetIdsOfNamesResponse::decode));
    }

    static Bytes encodeMessage(Object value) {
        return Vectors.encode(w -> {
            if (value instanceof DispParams p) {
                p.encode(w);
            } else if (value instanceof ExcepInfo e) {
                e.encode(w);
            } else if (value instanceof DispatchMessages.InvokeRequest m) {
                m.encode(w);
            } else if (value instanceof DispatchMessages.InvokeResponse m) {
                m.encode(w);
            } else if (value instanceof DispatchMessages.GetIdsOfNamesRequest m) {
                m.encode(w);
            } else {
                ((DispatchMessages.GetIdsOfNamesResponse) value).encode(w);
            }
        });
    }

    @Nested
    class Variants {
        @ParameterizedTest(name = "VARIANT {0} encodes to the golden bytes")
        @MethodSource("io.sessionmoniker.activation.orpc.AutomationTest#variants")
        void encodes(String name, Variant v) {
            assertEquals(Vectors.load("variant/" + name + ".hex"), Vectors.encode(v::encode));
        }

        @ParameterizedTest(name = "VARIANT {0} decodes to the expected value")
        @MethodSource("io.sessionmoniker.activation.orpc.AutomationTest#variants")
        void decodes(String name, Variant v) throws WireFormatException {
            NdrReader r = NdrReader.of(Vectors.load("variant/" + name + ".hex"));
            assertEquals(v, Variant.decode(r));
            assertEquals(0, r.remaining());
        }

        @ParameterizedTest(name = "VARIANT {0} truncated at every length fails cleanly")
        @MethodSource("io.sessionmoniker.activation.orpc.AutomationTest#variants")
        void truncated(String name, Variant v) {
            Bytes golden = Vectors.load("variant/" + name + ".hex");
            for (int n = 0; n < golden.length(); n++) {
                Bytes cut = golden.slice(0, n);
                assertThrows(WireFormatException.class, () -> Variant.decode(NdrReader.of(cut)), "length " + n);
            }
        }

        @ParameterizedTest(name = "VARIANT {0} after an odd offset keeps its 8-byte alignment")
        @MethodSource("io.sessionmoniker.activation.orpc.AutomationTest#variants")
        void roundTripsAtEveryAlignment(String name, Variant v) throws WireFormatException {
            for (int lead = 0; lead < 8; lead++) {
                int skip = lead;
                Bytes b = Vectors.encode(w -> {
                    for (int i = 0; i < skip; i++) {
                        w.writeByte(0xEE);
                    }
                    v.encode(w);
                });
                NdrReader r = NdrReader.of(b);
                for (int i = 0; i < skip; i++) {
                    r.readByte();
                }
                assertEquals(v, Variant.decode(r));
            }
        }

        @Test
        void unknownVartypeIsUnsupported() {
            Bytes b = Bytes.fromHex("00000200 00000000 03000000 00000000 42000000 00000000 42000000");
            WireFormatException e = assertThrows(WireFormatException.class, () -> Variant.decode(NdrReader.of(b)));
            assertEquals(WireFailure.Kind.UNSUPPORTED, e.failure().kind());
            assertEquals("wireVARIANTStr.vt", e.failure().field());
            assertEquals(16, e.failure().offset());
            assertEquals("unsupported data at offset 16 in wireVARIANTStr.vt: VARTYPE 0x0042 is not supported",
                    e.failure().message());
        }

        @Test
        void byrefIsUnsupported() {
            Bytes b = Bytes.fromHex("00000200 00000000 03000000 00000000 03400000 00000000 03400000 00000000");
            assertEquals(WireFailure.Kind.UNSUPPORTED,
                    assertThrows(WireFormatException.class, () -> Variant.decode(NdrReader.of(b))).failure().kind());
        }

        @Test
        void discriminantMustMatchVt() {
            Bytes b = Bytes.fromHex("00000200 00000000 03000000 00000000 03000000 00000000 02000000 0000");
            assertEquals("wireVARIANTStr switch",
                    assertThrows(WireFormatException.class, () -> Variant.decode(NdrReader.of(b))).failure().field());
        }

        @Test
        void safeArraySizeMustMatchBounds() {
            byte[] a = Vectors.load("variant/array-ui1.hex").toArray();
            a[64] = 4;    // rgsabound.cElements 4 while Size is 3
            assertEquals("SAFEARRAYUNION.Size", assertThrows(WireFormatException.class,
                    () -> Variant.decode(NdrReader.of(a, 0, a.length))).failure().field());
        }

        @Test
        void safeArrayTypeMustMatchVt() {
            byte[] a = Vectors.load("variant/array-ui1.hex").toArray();
            a[52] = 3;    // sfType SF_I4 for a VT_UI1 array
            assertEquals("SAFEARRAYUNION.sfType", assertThrows(WireFormatException.class,
                    () -> Variant.decode(NdrReader.of(a, 0, a.length))).failure().field());
        }

        @Test
        void emptyAndMultiDimensionalArraysRoundTrip() throws WireFormatException {
            for (Variant v : List.of(
                    new Variant.UI1Array(Bytes.EMPTY, SafeArrayBound.vector(0)),
                    new Variant.I4Array(new int[6], List.of(new SafeArrayBound(3, 0), new SafeArrayBound(2, -1))),
                    new Variant.VariantArray(List.of(new Variant.VariantArray(List.of(Variant.of("deep")),
                            SafeArrayBound.vector(1))), SafeArrayBound.vector(1)))) {
                assertEquals(v, Variant.decode(NdrReader.of(Vectors.encode(v::encode))));
            }
        }

        @Test
        void javaMapping() {
            assertEquals(new Variant.I4(3), Variant.of(3));
            assertEquals(new Variant.Bool(true), Variant.of(true));
            assertEquals(Variant.EMPTY, Variant.of(null));
            assertArrayEquals(new byte[] {1, 2}, (byte[]) Variant.of(new byte[] {1, 2}).toJava());
            assertArrayEquals(new Object[] {1, "a", null}, (Object[]) Variant.of(new Object[] {1, "a", null}).toJava());
            assertArrayEquals(new String[] {"a"}, (String[]) Variant.of(new String[] {"a"}).toJava());
            assertThrows(IllegalArgumentException.class, () -> Variant.of(new Object()));
        }

        @Test
        void dates() {
            assertEquals(LocalDateTime.of(2023, 3, 15, 12, 0), new Variant.Date(45000.5).toLocalDateTime());
            assertEquals(LocalDateTime.of(1899, 12, 29, 6, 0), new Variant.Date(-1.25).toLocalDateTime());
            assertEquals(-1.25, Variant.Date.of(LocalDateTime.of(1899, 12, 29, 6, 0)).value());
            assertEquals(45000.5, Variant.Date.of(LocalDateTime.of(2023, 3, 15, 12, 0)).value());
        }
    }

    @Nested
    class Messages {
        @ParameterizedTest(name = "{0} encodes to the golden bytes")
        @MethodSource("io.sessionmoniker.activation.orpc.AutomationTest#messages")
        void encodes(String name, Object value, Codec codec) {
            assertEquals(Vectors.load("automation/" + name + ".hex"), encodeMessage(value));
        }

        @ParameterizedTest(name = "{0} decodes to the expected value")
        @MethodSource("io.sessionmoniker.activation.orpc.AutomationTest#messages")
        void decodes(String name, Object value, Codec codec) throws WireFormatException {
            NdrReader r = NdrReader.of(Vectors.load("automation/" + name + ".hex"));
            assertEquals(value, codec.decode(r));
            assertEquals(0, r.remaining());
        }

        @ParameterizedTest(name = "{0} truncated at every length fails cleanly")
        @MethodSource("io.sessionmoniker.activation.orpc.AutomationTest#messages")
        void truncated(String name, Object value, Codec codec) {
            Bytes golden = Vectors.load("automation/" + name + ".hex");
            for (int n = 0; n < golden.length(); n++) {
                Bytes cut = golden.slice(0, n);
                assertThrows(WireFormatException.class, () -> codec.decode(NdrReader.of(cut)), "length " + n);
            }
        }

        @Test
        void invokeWithByReferenceArgumentsRoundTrips() throws WireFormatException {
            var req = new DispatchMessages.InvokeRequest(OrpcThis.of(Vectors.CID), 7, Iids.IID_NULL, 0x409,
                    DispatchMessages.DISPATCH_METHOD | 0xFFFFFFF0,
                    new DispParams(List.of(Variant.EMPTY, new Variant.R8(2)), List.of()), List.of(0),
                    List.of(new Variant.Bstr("in/out")));
            assertEquals(req, DispatchMessages.InvokeRequest.decode(NdrReader.of(encodeMessage(req))));
            var resp = new DispatchMessages.InvokeResponse(OrpcThat.EMPTY, Variant.EMPTY,
                    new ExcepInfo(1001, "src", "desc", "help.chm", 5, 0), 0, List.of(new Variant.Bstr("out")),
                    HResult.DISP_E_EXCEPTION);
            assertEquals(resp, DispatchMessages.InvokeResponse.decode(NdrReader.of(Vectors.encode(resp::encode))));
        }

        @Test
        void dispParamsCountsMustMatch() {
            byte[] a = Vectors.load("automation/dispparams.hex").toArray();
            a[8] = 3;    // cArgs 3 with two VARIANTs
            assertEquals("DISPPARAMS.cArgs", assertThrows(WireFormatException.class,
                    () -> DispParams.decode(NdrReader.of(a, 0, a.length))).failure().field());
        }

        @Test
        void positionalArgumentsAreReversed() {
            assertEquals(List.of(Variant.of("b"), Variant.of("a")),
                    DispParams.ofPositional(List.of(Variant.of("a"), Variant.of("b"))).arguments());
        }

        @Test
        void tooManyNames() {
            Bytes b = Vectors.encode(w -> {
                OrpcThis.of(Vectors.CID).encode(w);
                w.writeGuid(Iids.IID_NULL).writeConformance(16385);
                for (int i = 0; i < 16385; i++) {
                    w.writeInt(0);
                }
            });
            assertEquals("rgszNames.max_count", assertThrows(WireFormatException.class,
                    () -> DispatchMessages.GetIdsOfNamesRequest.decode(NdrReader.of(b))).failure().field());
        }
    }
}
