package io.sessionmoniker.activation.orpc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.rpc.RpcClient;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.EndpointResolver;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.Transports;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transports are found by protocol sequence through {@link java.util.ServiceLoader}, exporters advertise a binding
 * for every endpoint they listen on, and clients reach an OBJREF's exporter through an {@link EndpointResolver}.
 */
class TransportSeamTest {

    @TempDir
    Path tmp;

    Endpoint endpoint(String name) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        return Endpoint.unix(dir.resolve(name + ".sock"));
    }

    @Test
    void transportsAreFoundByProtocolSequenceTowerAndEndpoint() {
        Transport local = Transports.forProtocolSequence("ncalrpc");
        assertInstanceOf(UnixSocketTransport.class, local);
        assertEquals(0x10, local.towerId());
        assertEquals(StringBinding.NCALRPC, local.towerId());
        assertEquals(Optional.of(local), Transports.forTowerId(0x10));
        assertEquals(Optional.of(local), Transports.forEndpoint(Endpoint.unix(tmp.resolve("x.sock"))));
        assertTrue(Transports.forTowerId(0x07).isEmpty(), "no ncacn_ip_tcp installed in this module");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transports.forProtocolSequence("ncacn_np"));
        assertTrue(e.getMessage().contains("ncalrpc"), e.getMessage());
    }

    @Test
    void ncalrpcBindingsAreBracketedSocketPaths() {
        Transport local = Transports.forProtocolSequence("ncalrpc");
        Endpoint e = Endpoint.unix(tmp.resolve("a.sock"));
        String address = local.bindingAddress(e);
        assertEquals(StringBinding.local(e.address()).networkAddress(), address, "the OBJREF form is unchanged");
        assertEquals(Optional.of(e), local.endpoint(address));
        assertTrue(local.endpoint("127.0.0.1[135]").isEmpty());
        assertTrue(local.endpoint("[relative.sock]").isEmpty());
        assertTrue(local.endpoint("[]").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> local.bindingAddress(new Endpoint("tcp", "h:1")));
    }

    @Test
    void anExporterAdvertisesEveryEndpointAndServesTheSameObjectsOnEach() throws Exception {
        Transport local = Transports.forProtocolSequence("ncalrpc");
        try (ObjectExporter exporter = ObjectExporter.start(local, endpoint("first"),
                ObjectExporter.AccessCheck.ALLOW_ALL)) {
            Endpoint second = exporter.listen(local, endpoint("second"));
            assertEquals(2, exporter.bindings().size());
            ObjRef ref = exporter.export(new ChildServer.Calc(), TestInterfaces.ICalc.class);
            List<Endpoint> resolved = EndpointResolver.stringBindings().resolve(ref);
            assertEquals(List.of(exporter.endpoint(), second), resolved, "in the order the exporter listened");
            // a client that can reach only the second endpoint calls the same object there
            try (ComClient client = new ComClient(local, r -> List.of(second))) {
                TestInterfaces.ICalc calc = client.proxy(ref, TestInterfaces.ICalc.class);
                assertEquals(5, calc.Add(2, 3));
            }
            // and one that can reach none is told so, naming the bindings
            try (ComClient client = new ComClient(local, r -> List.of())) {
                ComException e = assertThrows(ComException.class, () -> client.proxy(
                        exporter.export(new ChildServer.Calc(), TestInterfaces.ICalc.class), TestInterfaces.ICalc.class));
                assertEquals(HResult.RPC_S_SERVER_UNAVAILABLE, e.hresult());
            }
        }
    }

    @Test
    void aConnectionClosingOnOneEndpointReleasesOnlyWhatItHeldNotWhatTheSameNumberedConnectionOfAnotherHolds()
            throws Exception {
        // every endpoint numbers its connections from 1: connection 1 of the second endpoint closing must not
        // release what connection 1 of the first holds (as a DCOM client's TCP connection closing once dropped the
        // session host's references on a server's local socket, and the server ended under its other clients)
        Transport local = Transports.forProtocolSequence("ncalrpc");
        Duration timeout = Duration.ofSeconds(60);
        try (ObjectExporter exporter = ObjectExporter.start(local, endpoint("first"),
                ObjectExporter.AccessCheck.ALLOW_ALL)) {
            Endpoint second = exporter.listen(local, endpoint("second"));
            ChildServer.Calc keptImpl = new ChildServer.Calc();
            ChildServer.Calc droppedImpl = new ChildServer.Calc();
            List<Object> unexported = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> droppedGone = new CompletableFuture<>();
            exporter.onUnexported(o -> {
                unexported.add(o);
                if (o == droppedImpl) {
                    droppedGone.complete(null);
                }
            });
            ObjRef kept = exporter.export(keptImpl, TestInterfaces.ICalc.class);
            ObjRef dropped = exporter.export(droppedImpl, TestInterfaces.ICalc.class);
            try (ComClient a = new ComClient(local, r -> List.of(exporter.endpoint()))) {
                TestInterfaces.ICalc calc = a.proxy(kept, TestInterfaces.ICalc.class);
                assertEquals(5, calc.Add(2, 3), "connection 1 of the first endpoint holds kept's references");
                // connection 1 of the second endpoint takes dropped's references (a RemRelease of one adopts the
                // rest) and closes holding them: the exporter releases them, and dropped goes
                try (RpcClient b = RpcClient.connect(local, second, timeout)) {
                    NdrWriter w = new NdrWriter();
                    new RemUnknownMessages.RemReleaseRequest(OrpcThis.newCausality(), List.of(
                            new RemUnknownMessages.RemInterfaceRef(dropped.std().ipid(), 1, 0))).encode(w);
                    b.call(SyntaxId.of(Iids.IREMUNKNOWN), ObjectExporter.remUnknownIpid(dropped.std().oxid()).guid(),
                            RemUnknownMessages.OPNUM_REM_RELEASE, w.toBytes(), timeout);
                }
                droppedGone.get(timeout.toSeconds(), TimeUnit.SECONDS);
                // the release ran under the exporter's lock: anything that takes it comes after the whole release
                exporter.networkHeld(List.of(kept.std().oid()));
                assertEquals(1, unexported.size(), "only the closed connection's object went: " + unexported);
                assertEquals(9, calc.Add(4, 5), "kept is still exported for the first endpoint's connection");
            }
        }
    }
}
