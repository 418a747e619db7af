package io.sessionmoniker.activation.orpc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
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
import java.util.List;
import java.util.Optional;
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
}
