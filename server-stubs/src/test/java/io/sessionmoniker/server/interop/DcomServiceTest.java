package io.sessionmoniker.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.dcom.ntlm.NtHash;
import io.sessionmoniker.activation.dcom.ntlm.NtlmClientSecurity;
import io.sessionmoniker.activation.dcom.ntlm.NtlmCredentials;
import io.sessionmoniker.activation.dcom.tcp.TcpTransport;
import io.sessionmoniker.activation.dcom.wire.ActivationBlob;
import io.sessionmoniker.activation.dcom.wire.ActivationContextInfo;
import io.sessionmoniker.activation.dcom.wire.DcomIids;
import io.sessionmoniker.activation.dcom.wire.InstantiationInfo;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages;
import io.sessionmoniker.activation.dcom.wire.PropsOutInfo;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceRequest;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceResponse;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteGetClassObjectRequest;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteGetClassObjectResponse;
import io.sessionmoniker.activation.dcom.wire.ScmReplyInfo;
import io.sessionmoniker.activation.dcom.wire.ScmRequestInfo;
import io.sessionmoniker.activation.dcom.wire.ServerLocationInfo;
import io.sessionmoniker.activation.dcom.wire.SetId;
import io.sessionmoniker.activation.dcom.wire.SpecialProperties;
import io.sessionmoniker.activation.orpc.automation.DispParams;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcClient;
import io.sessionmoniker.activation.orpc.rpc.RpcException;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's DCOM side driven by our own NTLM client over loopback TCP (a port the system chose): what no
 * third-party client can send — a {@code SpecialPropertiesData} naming a session or the console — and the resolver's
 * and the exporter's answers, down to the server process's own report of where it runs.
 */
class DcomServiceTest {

    static final Guid SESSION_INFO = Guid.parse("10000013-0000-0000-0000-000000000001");
    static final Guid ISESSION_INFO = Guid.parse("10000013-0000-0000-0000-0000000000F1");
    static final Duration CALL = Duration.ofSeconds(60);
    /** MS-DCOM's {@code OR_INVALID_OXID}. */
    static final int OR_INVALID_OXID = 1910;
    /** {@code RPC_S_ACCESS_DENIED}, what the resolver answers a ping of another account's set. */
    static final int ACCESS_DENIED = 5;

    static SessionHost host;
    static InetSocketAddress scm;

    @TempDir
    static Path dir;

    /**
     * The {@link RemoteScenario}: the demo's users and sessions, and SessionInfo with an AccessPermission that lets
     * administrators call it too (by default only the server's own user and SYSTEM may, as on Windows), so that alice
     * can ask a server in carol's session where it runs.
     */
    @BeforeAll
    static void start() throws Exception {
        host = SessionHost.start(Scenario.load(RemoteScenario.write(dir, "")), SessionHost.Options.defaults());
        scm = host.dcomAddress().orElseThrow();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    static RpcClient connect(InetSocketAddress where, String user, String password, int level) {
        NtlmCredentials who = NtlmCredentials.of("", user, NtHash.fromPassword(password));
        return RpcClient.connect(TcpTransport.get(), TcpTransport.endpoint(where), Duration.ofSeconds(10),
                NtlmClientSecurity.of(who, level));
    }

    /** RemoteCreateInstance as a client that may name a session. */
    static RemoteCreateInstanceResponse createInstance(String user, String password, Guid clsid, List<Guid> iids,
            SpecialProperties session) throws Exception {
        ActivationBlob blob = session == null
                ? ActivationBlob.of(InstantiationInfo.of(clsid, iids), ActivationContextInfo.EMPTY,
                        ServerLocationInfo.EMPTY, ScmRequestInfo.of(TcpTransport.TOWER_ID))
                : ActivationBlob.of(InstantiationInfo.of(clsid, iids), ActivationContextInfo.EMPTY,
                        ServerLocationInfo.EMPTY, ScmRequestInfo.of(TcpTransport.TOWER_ID), session);
        try (RpcClient c = connect(scm, user, password, 6)) {
            Bytes reply = c.call(DcomIids.IREMOTESCMACTIVATOR_SYNTAX, null, RemoteCreateInstanceRequest.OPNUM,
                    new RemoteCreateInstanceRequest(OrpcThis.newCausality(), null, blob).encode(), CALL);
            return RemoteCreateInstanceResponse.decode(reply);
        }
    }

    /** Calls a member of the object through IDispatch on the server's own TCP endpoint, as the client was told. */
    static Variant call(RemoteCreateInstanceResponse r, String user, String password, String member) throws Exception {
        ObjRef ref = r.propsOut().orElseThrow().results().get(0).pointer().objRef();
        ScmReplyInfo exporter = r.scmReply().orElseThrow();
        StringBinding b = exporter.bindings().stringBindings().get(0);
        assertEquals(TcpTransport.TOWER_ID, b.towerId());
        Endpoint e = TcpTransport.get().endpoint(b.networkAddress()).orElseThrow();
        try (RpcClient c = connect(TcpTransport.socketAddress(e), user, password, exporter.authnHint())) {
            SyntaxId idispatch = SyntaxId.of(Iids.IDISPATCH);
            NdrWriter w = new NdrWriter();
            new DispatchMessages.GetIdsOfNamesRequest(OrpcThis.newCausality(), Guid.NULL, List.of(member), 0x409)
                    .encode(w);
            var ids = DispatchMessages.GetIdsOfNamesResponse.decode(NdrReader.of(c.call(idispatch,
                    ref.std().ipid().guid(), DispatchMessages.OPNUM_GET_IDS_OF_NAMES, w.toBytes(), CALL)));
            assertEquals(HResult.S_OK, ids.hresult(), member);
            NdrWriter inv = new NdrWriter();
            new DispatchMessages.InvokeRequest(OrpcThis.newCausality(), ids.dispIds().get(0), Guid.NULL, 0x409,
                    DispatchMessages.DISPATCH_METHOD, DispParams.NONE, List.of(), List.of()).encode(inv);
            var answer = DispatchMessages.InvokeResponse.decode(NdrReader.of(c.call(idispatch,
                    ref.std().ipid().guid(), DispatchMessages.OPNUM_INVOKE, inv.toBytes(), CALL)));
            assertEquals(HResult.S_OK, answer.hresult(), member);
            return answer.result();
        }
    }

    @Test
    void aSessionNamedInSpecialPropertiesIsHonoured() throws Exception {
        // alice, an administrator, asks for carol's disconnected session 3 (crossSession=admins lets her)
        RemoteCreateInstanceResponse r = createInstance("alice", "demo-alice", SESSION_INFO, List.of(Iids.IDISPATCH),
                SpecialProperties.forSession(3));
        assertEquals(HResult.S_OK, r.hresult());
        assertEquals(new Variant.I4(3), call(r, "alice", "demo-alice", "SessionId"));
        assertEquals(new Variant.Bstr("carol"), call(r, "alice", "demo-alice", "UserName"));
    }

    @Test
    void theConsoleFlagAsksForTheConsoleSession() throws Exception {
        RemoteCreateInstanceResponse r = createInstance("alice", "demo-alice", SESSION_INFO, List.of(Iids.IDISPATCH),
                SpecialProperties.console());
        assertEquals(HResult.S_OK, r.hresult());
        assertEquals(new Variant.I4(1), call(r, "alice", "demo-alice", "SessionId"));
    }

    @Test
    void withoutSpecialPropertiesANetworkCallerGetsItsOwnSession() throws Exception {
        RemoteCreateInstanceResponse r = createInstance("bob", "demo-bob", SESSION_INFO,
                List.of(Iids.IDISPATCH, ISESSION_INFO), null);
        assertEquals(HResult.S_OK, r.hresult());
        PropsOutInfo out = r.propsOut().orElseThrow();
        assertEquals(2, out.results().size(), "one result per interface asked for");
        assertEquals(ISESSION_INFO, out.results().get(1).pointer().objRef().iid());
        assertEquals(new Variant.I4(2), call(r, "bob", "demo-bob", "SessionId"));
    }

    @Test
    void aCrossSessionRequestThePolicyDeniesIsAccessDenied() throws Exception {
        // bob is no administrator: crossSession=admins refuses him alice's console session
        RemoteCreateInstanceResponse r = createInstance("bob", "demo-bob", SESSION_INFO, List.of(Iids.IDISPATCH),
                SpecialProperties.forSession(1));
        assertEquals(HResult.E_ACCESSDENIED, r.hresult());
        assertTrue(r.propsOut().isEmpty(), "a failure carries no properties");
    }

    @Test
    void anUnknownClassIsNotRegistered() throws Exception {
        RemoteCreateInstanceResponse r = createInstance("bob", "demo-bob", Guid.parse(
                "10000099-0000-0000-0000-000000000001"), List.of(Iids.IDISPATCH), null);
        assertEquals(HResult.REGDB_E_CLASSNOTREG, r.hresult());
    }

    @Test
    void remoteGetClassObjectHandsOutTheClassObject() throws Exception {
        Guid iClassFactory = Guid.parse("00000001-0000-0000-C000-000000000046");
        ActivationBlob blob = ActivationBlob.of(InstantiationInfo.of(SESSION_INFO, List.of(iClassFactory)),
                ActivationContextInfo.EMPTY, ServerLocationInfo.EMPTY, ScmRequestInfo.of(TcpTransport.TOWER_ID));
        RemoteGetClassObjectResponse r;
        try (RpcClient c = connect(scm, "bob", "demo-bob", 6)) {
            r = RemoteGetClassObjectResponse.decode(c.call(DcomIids.IREMOTESCMACTIVATOR_SYNTAX, null,
                    RemoteGetClassObjectRequest.OPNUM, new RemoteGetClassObjectRequest(OrpcThis.newCausality(),
                            blob).encode(), CALL));
        }
        assertEquals(HResult.S_OK, r.hresult());
        ObjRef classObject = r.propsOut().orElseThrow().results().get(0).pointer().objRef();
        assertEquals(iClassFactory, classObject.iid());
        assertEquals(r.scmReply().orElseThrow().oxid(), classObject.std().oxid(), "in the server the reply names");
        // an interface the class object does not have
        ActivationBlob other = ActivationBlob.of(InstantiationInfo.of(SESSION_INFO, List.of(ISESSION_INFO)),
                ActivationContextInfo.EMPTY, ServerLocationInfo.EMPTY, ScmRequestInfo.of(TcpTransport.TOWER_ID));
        try (RpcClient c = connect(scm, "bob", "demo-bob", 6)) {
            RemoteGetClassObjectResponse none = RemoteGetClassObjectResponse.decode(c.call(
                    DcomIids.IREMOTESCMACTIVATOR_SYNTAX, null, RemoteGetClassObjectRequest.OPNUM,
                    new RemoteGetClassObjectRequest(OrpcThis.newCausality(), other).encode(), CALL));
            assertEquals(HResult.E_NOINTERFACE, none.hresult());
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        RpcException e = assertThrows(RpcException.class, () -> createInstance("bob", "wrong", SESSION_INFO,
                List.of(Iids.IDISPATCH), null));
        assertEquals(HResult.E_ACCESSDENIED, e.hresult(), e.getMessage());
    }

    @Test
    void theResolverResolvesPingsAndTellsItIsAlive() throws Exception {
        RemoteCreateInstanceResponse r = createInstance("bob", "demo-bob", SESSION_INFO, List.of(Iids.IDISPATCH),
                null);
        ScmReplyInfo exporter = r.scmReply().orElseThrow();
        ObjRef ref = r.propsOut().orElseThrow().results().get(0).pointer().objRef();
        SetId bobsSet;
        try (RpcClient c = connect(scm, "bob", "demo-bob", 6)) {
            SyntaxId resolver = DcomIids.IOBJECTEXPORTER_SYNTAX;
            var alive = ObjectExporterMessages.ServerAlive2Response.decode(c.call(resolver, null,
                    ObjectExporterMessages.OPNUM_SERVER_ALIVE2, Bytes.EMPTY, CALL));
            assertEquals("127.0.0.1", alive.bindings().stringBindings().get(0).networkAddress());
            var resolved = ObjectExporterMessages.ResolveOxid2Response.decode(c.call(resolver, null,
                    ObjectExporterMessages.OPNUM_RESOLVE_OXID2, new ObjectExporterMessages.ResolveOxidRequest(
                            exporter.oxid(), List.of(TcpTransport.TOWER_ID)).encode(), CALL));
            assertEquals(0, resolved.status());
            assertEquals(exporter.bindings(), resolved.bindings());
            assertEquals(exporter.remUnknown(), resolved.remUnknown());
            var unknown = ObjectExporterMessages.ResolveOxid2Response.decode(c.call(resolver, null,
                    ObjectExporterMessages.OPNUM_RESOLVE_OXID2, new ObjectExporterMessages.ResolveOxidRequest(
                            io.sessionmoniker.activation.orpc.objref.Oxid.of(42), List.of(7)).encode(), CALL));
            assertEquals(OR_INVALID_OXID, unknown.status());
            var pinged = ObjectExporterMessages.ComplexPingResponse.decode(c.call(resolver, null,
                    ObjectExporterMessages.OPNUM_COMPLEX_PING, new ObjectExporterMessages.ComplexPingRequest(
                            SetId.of(0), 0, List.of(ref.std().oid()), List.of()).encode(), CALL));
            assertEquals(0, pinged.status());
            assertNotEquals(0, pinged.setId().value());
            var simple = ObjectExporterMessages.StatusResponse.decode(c.call(resolver, null,
                    ObjectExporterMessages.OPNUM_SIMPLE_PING, new ObjectExporterMessages.SimplePingRequest(
                            pinged.setId()).encode(), CALL));
            assertEquals(0, simple.status());
            bobsSet = pinged.setId();
        }
        // another account may not ping bob's set
        try (RpcClient c = connect(scm, "carol", "demo-carol", 6)) {
            assertEquals(ACCESS_DENIED, ObjectExporterMessages.StatusResponse.decode(c.call(
                    DcomIids.IOBJECTEXPORTER_SYNTAX, null, ObjectExporterMessages.OPNUM_SIMPLE_PING,
                    new ObjectExporterMessages.SimplePingRequest(bobsSet).encode(), CALL)).status());
        }
    }

    @Test
    void whenTheClientReleasesWhatItWasHandedTheServerEnds() throws Exception {
        // a host of its own, so that no other test's object keeps the server alive
        try (SessionHost own = SessionHost.start(Scenario.load(dir.resolve("scenario.json")),
                SessionHost.Options.defaults())) {
            InetSocketAddress ownScm = own.dcomAddress().orElseThrow();
            ActivationBlob blob = ActivationBlob.of(InstantiationInfo.of(SESSION_INFO,
                    List.of(Iids.IDISPATCH, ISESSION_INFO)), ActivationContextInfo.EMPTY, ServerLocationInfo.EMPTY,
                    ScmRequestInfo.of(TcpTransport.TOWER_ID));
            RemoteCreateInstanceResponse r;
            try (RpcClient c = connect(ownScm, "bob", "demo-bob", 6)) {
                r = RemoteCreateInstanceResponse.decode(c.call(DcomIids.IREMOTESCMACTIVATOR_SYNTAX, null,
                        RemoteCreateInstanceRequest.OPNUM, new RemoteCreateInstanceRequest(OrpcThis.newCausality(),
                                null, blob).encode(), CALL));
            }
            assertEquals(HResult.S_OK, r.hresult());
            List<Long> servers = own.serverPids();
            assertEquals(1, servers.size());
            ProcessHandle server = ProcessHandle.of(servers.get(0)).orElseThrow();
            ScmReplyInfo exporter = r.scmReply().orElseThrow();
            Endpoint e = TcpTransport.get().endpoint(exporter.bindings().stringBindings().get(0).networkAddress())
                    .orElseThrow();
            try (RpcClient c = connect(TcpTransport.socketAddress(e), "bob", "demo-bob", 6)) {
                List<RemUnknownMessages.RemInterfaceRef> refs = new java.util.ArrayList<>();
                for (PropsOutInfo.Result res : r.propsOut().orElseThrow().results()) {
                    ObjRef ref = res.pointer().objRef();
                    refs.add(new RemUnknownMessages.RemInterfaceRef(ref.std().ipid(), ref.std().publicRefs(), 0));
                }
                // the first interface alone released: the object stays, held by the second
                NdrWriter first = new NdrWriter();
                new RemUnknownMessages.RemReleaseRequest(OrpcThis.newCausality(), refs.subList(0, 1)).encode(first);
                c.call(SyntaxId.of(Iids.IREMUNKNOWN), exporter.remUnknown().guid(),
                        RemUnknownMessages.OPNUM_REM_RELEASE, first.toBytes(), CALL);
                assertTrue(server.isAlive());
                NdrWriter rest = new NdrWriter();
                new RemUnknownMessages.RemReleaseRequest(OrpcThis.newCausality(), refs.subList(1, 2)).encode(rest);
                c.call(SyntaxId.of(Iids.IREMUNKNOWN2), exporter.remUnknown().guid(),
                        RemUnknownMessages.OPNUM_REM_RELEASE, rest.toBytes(), CALL);
            }
            // its only object gone, the server ends as a local server does
            server.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void anInstanceIpidOnAnIRemUnknownContextIsRefused() throws Exception {
        RemoteCreateInstanceResponse r = createInstance("bob", "demo-bob", SESSION_INFO, List.of(ISESSION_INFO),
                null);
        ObjRef ref = r.propsOut().orElseThrow().results().get(0).pointer().objRef();
        ScmReplyInfo exporter = r.scmReply().orElseThrow();
        Endpoint e = TcpTransport.get().endpoint(exporter.bindings().stringBindings().get(0).networkAddress())
                .orElseThrow();
        try (RpcClient c = connect(TcpTransport.socketAddress(e), "bob", "demo-bob", 6)) {
            NdrWriter w = new NdrWriter();
            new RemUnknownMessages.RemReleaseRequest(OrpcThis.newCausality(), List.of()).encode(w);
            // opnum 5 of IRemUnknown aimed at the instance's IPID: it must not run the instance's fifth method
            RpcException refused = assertThrows(RpcException.class, () -> c.call(SyntaxId.of(Iids.IREMUNKNOWN),
                    ref.std().ipid().guid(), RemUnknownMessages.OPNUM_REM_RELEASE, w.toBytes(), CALL));
            assertEquals(0x80010113, refused.hresult(), refused.getMessage());
        }
    }
}
