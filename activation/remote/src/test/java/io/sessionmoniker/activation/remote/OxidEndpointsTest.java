package io.sessionmoniker.activation.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.dcom.tcp.TcpTransport;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ResolveOxid2Response;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ResolveOxidRequest;
import io.sessionmoniker.activation.orpc.objref.ComVersion;
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.objref.StdObjRef;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.moniker.Guid;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where an exporter is dialled when its OBJREF's bindings cannot be reached as given: real loopback sockets (one
 * listening, one port nobody listens on) and a stand-in for the host's {@code ResolveOxid2}.
 */
class OxidEndpointsTest {

    static final Oxid OXID = Oxid.of(0x1234);
    static final Ipid REM_UNKNOWN = Ipid.of(Guid.parse("00001234-0000-0000-0000-0000000000AA"));

    ServerSocket open;
    int closedPort;
    final List<ResolveOxidRequest> asked = new ArrayList<>();

    @BeforeEach
    void sockets() throws Exception {
        open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
    }

    @AfterEach
    void close() throws Exception {
        open.close();
    }

    static ObjRef ref(StringBinding... bindings) {
        return new ObjRef(Guid.parse("00020400-0000-0000-C000-000000000046"), new StdObjRef(0, 5, OXID, Oid.of(7),
                Ipid.of(Guid.parse("00000007-0000-0000-0000-000000000001"))),
                new DualStringArray(List.of(bindings), List.of()));
    }

    OxidEndpoints endpoints(Function<ResolveOxidRequest, ResolveOxid2Response> resolver) {
        return new OxidEndpoints(InetSocketAddress.createUnresolved("127.0.0.1", 135), req -> {
            asked.add(req);
            return resolver.apply(req);
        });
    }

    @Test
    void bindingsThatAnswerAsGivenAreUsedWithoutAskingTheResolver() {
        OxidEndpoints e = endpoints(req -> {
            throw new AssertionError("not asked");
        });
        assertEquals(List.of(TcpTransport.endpoint("127.0.0.1", open.getLocalPort())),
                e.resolve(ref(StringBinding.tcp("127.0.0.1", closedPort), StringBinding.tcp("127.0.0.1",
                        open.getLocalPort()))));
        assertTrue(asked.isEmpty());
    }

    @Test
    void unreachableBindingsAreResolvedWithResolveOxid2() {
        OxidEndpoints e = endpoints(req -> new ResolveOxid2Response(new DualStringArray(List.of(
                StringBinding.tcp("127.0.0.1", open.getLocalPort())), List.of()), REM_UNKNOWN, 6, ComVersion.V5_7, 0));
        ObjRef r = ref(StringBinding.tcp("0.0.0.0", open.getLocalPort()), StringBinding.tcp("127.0.0.1", closedPort));
        assertEquals(List.of(TcpTransport.endpoint("127.0.0.1", open.getLocalPort())), e.resolve(r));
        assertEquals(1, asked.size());
        assertEquals(OXID, asked.get(0).oxid());
        assertEquals(REM_UNKNOWN, e.remUnknown(r), "the IRemUnknown the resolver named");
        // kept: a second reference of the same exporter asks nobody
        e.resolve(r);
        assertEquals(1, asked.size());
    }

    @Test
    void whenNothingElseAnswersTheAddressDialledIsTriedWithTheBindingsPort() {
        // the host names itself by an address nobody can dial (0.0.0.0) and its resolver does not know the OXID
        OxidEndpoints e = endpoints(req -> ResolveOxid2Response.failure(1910));
        assertEquals(List.of(TcpTransport.endpoint("127.0.0.1", open.getLocalPort())),
                e.resolve(ref(StringBinding.tcp("0.0.0.0", open.getLocalPort()))));
    }

    @Test
    void anExporterNothingReachesResolvesToNoEndpoint() {
        OxidEndpoints e = endpoints(req -> null);
        assertEquals(List.of(), e.resolve(ref(StringBinding.tcp("127.0.0.1", closedPort))));
    }

    @Test
    void whatAnActivationReplySaidIsUsedFirst() {
        OxidEndpoints e = endpoints(req -> {
            throw new AssertionError("not asked");
        });
        e.learn(OXID, new DualStringArray(List.of(StringBinding.tcp("127.0.0.1", open.getLocalPort())), List.of()),
                REM_UNKNOWN);
        ObjRef r = ref(StringBinding.tcp("127.0.0.1", closedPort));
        assertEquals(List.of(TcpTransport.endpoint("127.0.0.1", open.getLocalPort())), e.resolve(r));
        assertEquals(REM_UNKNOWN, e.remUnknown(r));
    }
}
