package io.sessionmoniker.activation.dcom.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcServer;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.PeerCredentials;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.Transports;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ncacn_ip_tcp}: endpoints, string bindings, real loopback sockets, and the per-client connection limit. */
class TcpTransportTest {

    @Test
    void isFoundByProtocolSequenceAndTower() {
        Transport t = Transports.forProtocolSequence("ncacn_ip_tcp");
        assertEquals(TcpTransport.get(), t);
        assertEquals(Optional.of(t), Transports.forTowerId(7));
        assertEquals("tcp", t.name());
    }

    @Test
    void endpointsAndBindingsRoundTrip() {
        Endpoint e = TcpTransport.endpoint("127.0.0.1", 135);
        assertEquals("tcp:127.0.0.1:135", e.toString());
        assertEquals("127.0.0.1[135]", TcpTransport.get().bindingAddress(e));
        assertEquals(Optional.of(e), TcpTransport.get().endpoint("127.0.0.1[135]"));
        assertEquals(Optional.of(e), TcpTransport.get().endpoint("127.0.0.1"), "no port: the resolver's 135");
        assertEquals("tcp:[::1]:135", TcpTransport.endpoint("::1", 135).toString());
        assertEquals(Optional.empty(), TcpTransport.get().endpoint("127.0.0.1[http]"));
        assertEquals(Optional.empty(), TcpTransport.get().endpoint("[/run/x.sock]"));
        assertEquals(Optional.empty(), TcpTransport.get().endpoint("host[0]"));
    }

    @Test
    void ipLiteralsAreWrittenInTheirShortForm() throws Exception {
        assertEquals("::1", TcpTransport.literal(new java.net.InetSocketAddress("::1", 1)));
        assertEquals("2001:db8::1:0:0:1", TcpTransport.literal(new java.net.InetSocketAddress(
                "2001:db8:0:0:1:0:0:1", 1)), "the first of two equal zero runs");
        assertEquals("2001:db8:0:1:1:1:1:1", TcpTransport.literal(new java.net.InetSocketAddress(
                "2001:db8:0:1:1:1:1:1", 1)), "a single zero group stays");
        assertEquals("::", TcpTransport.literal(new java.net.InetSocketAddress("::", 1)));
        assertEquals("192.0.2.7", TcpTransport.literal(new java.net.InetSocketAddress("192.0.2.7", 1)));
    }

    @Test
    void listenAddressesAreCheckedWithAClearMessage() {
        assertEquals("tcp:0.0.0.0:135", TcpTransport.parseListen("135").toString());
        assertEquals("tcp:127.0.0.1:135", TcpTransport.parseListen("127.0.0.1").toString(), "the well-known port");
        assertEquals("tcp:[::1]:135", TcpTransport.parseListen("[::1]").toString());
        assertEquals("tcp:0.0.0.0:0", TcpTransport.parseListen("0").toString(), "a port the system picks");
        assertEquals("tcp:[::1]:135", TcpTransport.parseListen("[::1]:135").toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TcpTransport.parseListen("::1:135"))
                .getMessage().contains("brackets"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TcpTransport.parseListen("host:port"))
                .getMessage().contains("[ADDRESS:]PORT"));
        assertThrows(IllegalArgumentException.class, () -> TcpTransport.parseListen("127.0.0.1:65536"));
    }

    @Test
    void linksCarryAddressesNotCredentials() throws Exception {
        try (Transport.Listener l = TcpTransport.get().listen(TcpTransport.endpoint("127.0.0.1", 0))) {
            int port = TcpTransport.socketAddress(l.endpoint()).getPort();
            assertNotEquals(0, port, "the listener reports the port the system chose");
            assertEquals(Integer.toString(port), l.secondaryAddress(), "bind_ack's secondary address is the port");
            assertEquals(TcpTransport.MAX_FRAGMENT, l.maxFragment());
            try (Transport.Link client = TcpTransport.get().connect(l.endpoint(), Duration.ZERO);
                    Transport.Link server = l.accept()) {
                assertEquals(PeerCredentials.UNKNOWN, server.peer(), "a TCP peer has no OS credentials");
                assertEquals(client.localAddress(), server.remoteAddress());
                assertEquals(port, server.localAddress().orElseThrow().getPort());
                client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                ByteBuffer in = ByteBuffer.allocate(3);
                while (in.hasRemaining() && server.read(in) >= 0) {
                    // reads until the three octets arrived
                }
                assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), List.of(in.get(0), in.get(1), in.get(2)));
                assertTrue(server.describe().contains("peer 127.0.0.1:"), server.describe());
            }
        }
    }

    @Test
    void connectingToNothingFailsByTheDeadline() throws Exception {
        int free;
        try (Transport.Listener l = TcpTransport.get().listen(TcpTransport.endpoint("127.0.0.1", 0))) {
            free = TcpTransport.socketAddress(l.endpoint()).getPort();
        }
        ConnectException e = assertThrows(ConnectException.class,
                () -> TcpTransport.get().connect(TcpTransport.endpoint("127.0.0.1", free), Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("nothing listens on TCP 127.0.0.1[" + free + "]"), e.getMessage());
    }

    @Test
    void oneClientCannotTakeEveryConnection() throws Exception {
        RpcServer.Handler echo = new RpcServer.Handler() {
            @Override
            public boolean supports(SyntaxId iface) {
                return true;
            }

            @Override
            public Bytes invoke(RpcServer.Call call) {
                return call.stub();
            }
        };
        try (RpcServer server = RpcServer.start(TcpTransport.get(), TcpTransport.endpoint("127.0.0.1", 0), echo,
                RpcServer.Options.DEFAULT.withMaxConnectionsPerClient(3))) {
            List<Transport.Link> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(TcpTransport.get().connect(server.endpoint(), Duration.ZERO));
                }
                io.sessionmoniker.activation.testing.Await.until("three connections accepted", Duration.ofSeconds(30),
                        () -> server.connectionCount() == 3);
                try (Transport.Link fourth = TcpTransport.get().connect(server.endpoint(), Duration.ZERO)) {
                    // the server closes the fourth at once: its read ends (or fails) instead of blocking
                    int n;
                    try {
                        n = fourth.read(ByteBuffer.allocate(1));
                    } catch (IOException reset) {
                        n = -1;
                    }
                    assertEquals(-1, n, "the fourth connection of one client is closed");
                }
                assertEquals(3, server.connectionCount());
                held.remove(0).close();
                io.sessionmoniker.activation.testing.Await.until("a connection freed", Duration.ofSeconds(30),
                        () -> server.connectionCount() == 2);
                held.add(TcpTransport.get().connect(server.endpoint(), Duration.ZERO));
                io.sessionmoniker.activation.testing.Await.until("a new one accepted", Duration.ofSeconds(30),
                        () -> server.connectionCount() == 3);
            } finally {
                for (Transport.Link l : held) {
                    l.close();
                }
            }
        }
    }
}
