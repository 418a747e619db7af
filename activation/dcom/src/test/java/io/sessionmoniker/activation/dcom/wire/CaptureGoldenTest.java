package io.sessionmoniker.activation.dcom.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.sessionmoniker.activation.orpc.objref.ComVersion;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.objref.StdObjRef;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The captured calls of Impacket 0.10.0, j-Interop 2.0.8 and j-interop-ng 3.4.0: every request decodes to what
 * {@code flow.txt} shows, and every reply (which the clients accepted) decodes, re-encodes and is rebuilt from the
 * test server's facts octet for octet.
 */
class CaptureGoldenTest {

    static final Guid SESSION_INFO = Guid.parse("10000013-0000-0000-0000-000000000001");
    static final Guid UNKNOWN_CLASS = Guid.parse("10000099-0000-0000-0000-000000000001");

    static Stream<CaptureLog.Call> calls() {
        return CaptureLog.activationCalls();
    }

    static Stream<String> capturesWithStubs() {
        return CaptureLog.captures().stream().filter(c -> !CaptureLog.stubFiles(c).isEmpty());
    }

    @Test
    void everyRunIsCovered() {
        List<CaptureLog.Call> all = calls().toList();
        assertEquals(7, all.stream().filter(c -> c.iface().equals("IRemoteSCMActivator")).count());
        assertEquals(9, all.stream().filter(c -> c.iface().equals("IActivation")).count());
        assertEquals(5, all.stream().filter(c -> c.iface().equals("IObjectExporter")).count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capturesWithStubs")
    void theLogAgreesWithTheStubFiles(String capture) {
        List<CaptureLog.Call> calls = CaptureLog.calls(capture);
        List<Map.Entry<String, Bytes>> files = CaptureLog.stubFiles(capture);
        assertEquals(2 * calls.size(), files.size(), "a .req and a .resp per call");
        for (int i = 0; i < calls.size(); i++) {
            CaptureLog.Call call = calls.get(i);
            String stem = String.format(java.util.Locale.ROOT, "%03d-%s-%s-op%d", i + 1,
                    call.connection().substring(1, call.connection().indexOf(' ')), call.iface(), call.opnum());
            assertEquals(stem + ".req", files.get(2 * i).getKey());
            assertEquals(stem + ".resp", files.get(2 * i + 1).getKey());
            assertEquals(files.get(2 * i).getValue(), call.request(), stem + ".req");
            assertEquals(files.get(2 * i + 1).getValue(), call.response(), stem + ".resp");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void theReplyDecodesAndReencodesOctetForOctet(CaptureLog.Call call) throws WireFormatException {
        Bytes reencoded = switch (call.iface() + "/" + call.opnum()) {
            case "IRemoteSCMActivator/4" -> RemoteCreateInstanceResponse.decode(call.response()).encode();
            case "IActivation/0" -> RemoteActivationResponse.decode(call.response()).encode();
            case "IObjectExporter/1" -> StatusResponse.decode(call.response()).encode();
            case "IObjectExporter/2" -> ComplexPingResponse.decode(call.response()).encode();
            case "IObjectExporter/4" -> ResolveOxid2Response.decode(call.response()).encode();
            case "IObjectExporter/5" -> ServerAlive2Response.decode(call.response()).encode();
            default -> throw new AssertionError("no decoder for " + call);
        };
        assertEquals(call.response(), reencoded);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void theReplyIsRebuiltFromTheServersFacts(CaptureLog.Call call) {
        CaptureLog.Server server = CaptureLog.server(call.capture());
        int hint = call.capture().equals("impacket-hint2") ? 2 : 6;
        ScmReplyInfo exporter = new ScmReplyInfo(server.oxid(), server.bindings(), server.remUnknown(), hint,
                ComVersion.V5_7);
        boolean unknownClass = call.capture().endsWith("unknownclsid");
        Bytes built = switch (call.iface() + "/" + call.opnum()) {
            case "IRemoteSCMActivator/4" -> unknownClass
                    ? RemoteCreateInstanceResponse.failure(HResult.REGDB_E_CLASSNOTREG).encode()
                    : RemoteCreateInstanceResponse.success(PropsOutInfo.of(new PropsOutInfo.Result(Iids.IDISPATCH, 0,
                            objRef(server, Iids.IDISPATCH))), exporter).encode();
            case "IActivation/0" -> remoteActivationReply(call, server, exporter, unknownClass).encode();
            case "IObjectExporter/1" -> StatusResponse.OK.encode();
            case "IObjectExporter/2" -> new ComplexPingResponse(SetId.of(1), 0, 0).encode();
            case "IObjectExporter/4" -> ResolveOxid2Response.of(exporter).encode();
            case "IObjectExporter/5" -> new ServerAlive2Response(ComVersion.V5_7, server.bindings(), 0).encode();
            default -> throw new AssertionError("no encoder for " + call);
        };
        assertEquals(call.response(), built);
    }

    private static RemoteActivationResponse remoteActivationReply(CaptureLog.Call call, CaptureLog.Server server,
            ScmReplyInfo exporter, boolean unknownClass) {
        RemoteActivationRequest req;
        try {
            req = RemoteActivationRequest.decode(call.request());
        } catch (WireFormatException e) {
            throw new AssertionError(e);
        }
        int n = req.iids().size();
        if (unknownClass) {
            // the test server put the failure in every pResults entry; MS-DCOM says 0 there, as failure() writes
            int hr = HResult.REGDB_E_CLASSNOTREG;
            RemoteActivationResponse spec = RemoteActivationResponse.failure(hr, n);
            return new RemoteActivationResponse(spec.orpcThat(), spec.oxid(), spec.oxidBindings(), spec.remUnknown(),
                    spec.authnHint(), spec.serverVersion(), hr, spec.interfaces(), java.util.Collections.nCopies(n, hr),
                    0);
        }
        List<InterfacePointer> pointers = req.iids().stream().map(iid -> objRef(server, iid)).toList();
        return RemoteActivationResponse.success(exporter, pointers, java.util.Collections.nCopies(n, 0));
    }

    private static InterfacePointer objRef(CaptureLog.Server server, Guid iid) {
        var ipid = iid.equals(Iids.IUNKNOWN) ? server.unknown() : server.dispatch();
        return InterfacePointer.of(new ObjRef(iid, new StdObjRef(0, 5, server.oxid(), server.oid(), ipid),
                server.bindings()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void theRequestDecodesToWhatTheFlowShows(CaptureLog.Call call) throws WireFormatException {
        CaptureLog.Server server = CaptureLog.server(call.capture());
        boolean impacket = call.capture().startsWith("impacket");
        Guid expectedClass = call.capture().endsWith("unknownclsid") ? UNKNOWN_CLASS : SESSION_INFO;
        switch (call.iface() + "/" + call.opnum()) {
            case "IRemoteSCMActivator/4" -> {
                RemoteCreateInstanceRequest req = RemoteCreateInstanceRequest.decode(call.request());
                assertEquals(ComVersion.V5_7, req.orpcThis().version());
                assertEquals(1, req.orpcThis().flags());
                assertNull(req.unkOuter());
                assertEquals(2, req.properties().destCtx());
                InstantiationInfo info = req.instantiationInfo();
                assertEquals(expectedClass, info.classId());
                assertEquals(List.of(Iids.IDISPATCH), info.iids());
                assertEquals(ComVersion.V5_7, info.clientVersion());
                assertEquals(List.of(7), req.scmRequestInfo().protseqs());
                assertEquals(0, req.scmRequestInfo().clientImpLevel());
                assertEquals(ServerLocationInfo.EMPTY, req.properties().find(ServerLocationInfo.class).orElseThrow());
                assertEquals(ActivationContextInfo.EMPTY,
                        req.properties().find(ActivationContextInfo.class).orElseThrow());
                List<Guid> order = req.properties().properties().stream().map(ActivationProperty::clsid).toList();
                switch (call.capture()) {
                    case "impacket-specialproperties-session3" -> {
                        SpecialProperties sp = req.specialProperties().orElseThrow();
                        assertEquals(3, sp.sessionId());
                        assertEquals(1, sp.remoteThisSessionId());
                        assertFalse(sp.usesConsoleSession());
                        assertEquals(3, sp.requestedSession().getAsInt());
                        assertEquals(6, sp.defaultAuthnLevel());
                        assertEquals(0x14, sp.origClsctx());
                        assertEquals(0x14, info.classCtx());
                        assertEquals(88, info.thisSize());
                        assertEquals(SpecialProperties.forSession(3), sp);
                        assertEquals(5, order.size());
                        assertEquals(DcomIids.CLSID_SPECIAL_SYSTEM_PROPERTIES, order.get(1));
                    }
                    case "impacket-specialproperties-console" -> {
                        SpecialProperties sp = req.specialProperties().orElseThrow();
                        assertEquals(SpecialProperties.ANY_SESSION, sp.sessionId());
                        assertEquals(0, sp.remoteThisSessionId());
                        assertTrue(sp.usesConsoleSession());
                        assertTrue(sp.requestedSession().isEmpty());
                        assertEquals(SpecialProperties.console(), sp);
                    }
                    default -> {
                        assertTrue(req.specialProperties().isEmpty(), "Impacket cannot ask for a session");
                        assertEquals(0, info.classCtx());
                        assertEquals(0, info.thisSize(), "Impacket marshals thisSize as 0");
                        assertEquals(List.of(DcomIids.CLSID_INSTANTIATION_INFO, DcomIids.CLSID_ACTIVATION_CONTEXT_INFO,
                                DcomIids.CLSID_SERVER_LOCATION_INFO, DcomIids.CLSID_SCM_REQUEST_INFO), order);
                    }
                }
            }
            case "IActivation/0" -> {
                RemoteActivationRequest req = RemoteActivationRequest.decode(call.request());
                assertEquals(expectedClass, req.clsid());
                assertNull(req.objectName());
                assertNull(req.objectStorage());
                assertEquals(0, req.mode());
                assertEquals(List.of(7), req.protseqs());
                assertEquals(impacket ? ComVersion.V5_7 : new ComVersion(5, 2), req.orpcThis().version());
                assertEquals(impacket ? 2 : 3, req.clientImpLevel());
                assertEquals(impacket ? List.of(Iids.IDISPATCH) : List.of(Iids.IUNKNOWN, Iids.IDISPATCH), req.iids());
                if (!impacket) {
                    int consumed = consumed(call.request(), r -> RemoteActivationRequest.decode(r));
                    assertEquals(10, call.request().length() - consumed, "j-Interop's trailing junk");
                }
            }
            case "IObjectExporter/4" -> {
                ResolveOxidRequest req = ResolveOxidRequest.decode(call.request());
                assertEquals(server.oxid(), req.oxid());
                assertEquals(List.of(7), req.protseqs());
            }
            case "IObjectExporter/2" -> {
                ComplexPingRequest req = ComplexPingRequest.decode(call.request());
                assertEquals(SetId.NONE, req.setId());
                assertEquals(0, req.sequenceNum());
                assertEquals(List.of(server.oid()), req.addToSet());
                assertEquals(impacket ? List.of(server.oid()) : List.of(), req.delFromSet());
                if (!impacket) {
                    int consumed = consumed(call.request(), r -> ComplexPingRequest.decode(r));
                    assertEquals(16, call.request().length() - consumed, "j-Interop's trailing zeros");
                }
            }
            case "IObjectExporter/1" -> assertEquals(SetId.of(1), SimplePingRequest.decode(call.request()).setId());
            case "IObjectExporter/5" -> assertEquals(0, call.request().length(), "ServerAlive2 has no [in]");
            default -> fail("unexpected " + call);
        }
    }

    interface Decoder {
        Object decode(io.sessionmoniker.activation.orpc.ndr.NdrReader r) throws WireFormatException;
    }

    static int consumed(Bytes stub, Decoder decoder) throws WireFormatException {
        var r = io.sessionmoniker.activation.orpc.ndr.NdrReader.of(stub);
        decoder.decode(r);
        return r.position();
    }

    @Nested
    class ReplyContents {

        @Test
        void impacketsReplyHasPropsOutInfoThenScmReplyInfo() throws WireFormatException {
            CaptureLog.Call call = CaptureLog.calls("impacket-default").get(0);
            RemoteCreateInstanceResponse reply = RemoteCreateInstanceResponse.decode(call.response());
            assertEquals(OrpcThat.EMPTY, reply.orpcThat());
            assertEquals(0, reply.hresult());
            assertEquals(List.of(DcomIids.CLSID_PROPS_OUT_INFO, DcomIids.CLSID_SCM_REPLY_INFO),
                    reply.properties().properties().stream().map(ActivationProperty::clsid).toList());
            CaptureLog.Server server = CaptureLog.server("impacket-default");
            ScmReplyInfo scm = reply.scmReply().orElseThrow();
            assertEquals(server.oxid(), scm.oxid());
            assertEquals(server.remUnknown(), scm.remUnknown());
            assertEquals(6, scm.authnHint());
            assertEquals(ComVersion.V5_7, scm.serverVersion());
            PropsOutInfo.Result result = reply.propsOut().orElseThrow().results().get(0);
            assertEquals(Iids.IDISPATCH, result.iid());
            assertEquals(server.dispatch(), result.pointer().objRef().std().ipid());
            assertEquals(5, result.pointer().objRef().std().publicRefs());
            CustomHeader header = reply.properties().header();
            assertEquals(List.of(192, 120), header.propertySizes());
            assertEquals(112, header.headerSize());
            assertEquals(424, header.totalSize());
        }

        @Test
        void theUnknownClassIsTheCallsReturnValueWithANullPointer() throws WireFormatException {
            CaptureLog.Call call = CaptureLog.calls("impacket-unknownclsid").get(0);
            RemoteCreateInstanceResponse reply = RemoteCreateInstanceResponse.decode(call.response());
            assertNull(reply.properties());
            assertEquals(HResult.REGDB_E_CLASSNOTREG, reply.hresult());
            assertEquals(Bytes.fromHex("00000000 00000000 00000000 54010480"), call.response());
        }

        @Test
        void jInteropsReplyHasTheIUnknownEntryFirst() throws WireFormatException {
            CaptureLog.Call call = CaptureLog.calls("jinterop208-default").get(0);
            RemoteActivationResponse reply = RemoteActivationResponse.decode(call.response());
            CaptureLog.Server server = CaptureLog.server("jinterop208-default");
            assertEquals(0, reply.activationResult());
            assertEquals(List.of(0, 0), reply.results());
            assertEquals(server.unknown(), reply.interfaces().get(0).objRef().std().ipid());
            assertEquals(Iids.IUNKNOWN, reply.interfaces().get(0).objRef().iid());
            assertEquals(server.dispatch(), reply.interfaces().get(1).objRef().std().ipid());
            assertEquals(server.bindings(), reply.oxidBindings());
            assertEquals(server.remUnknown(), reply.remUnknown());
        }

        @Test
        void theReferentIdsStartAt0x20004InTheStubAndInEachBlobPart() {
            CaptureLog.Call call = CaptureLog.calls("impacket-default").get(0);
            byte[] stub = call.response().toArray();
            assertEquals(Wire.FIRST_REFERENT_ID, java.nio.ByteBuffer.wrap(stub, 8, 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
            assertTrue(Arrays.equals(new byte[] {4, 0, 2, 0}, Arrays.copyOfRange(stub, 0x80, 0x84)),
                    "CustomHeader.pclsid");
        }
    }
}
