package io.sessionmoniker.activation.dcom.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.dcom.tcp.TcpTransport;
import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcClient;
import io.sessionmoniker.activation.orpc.rpc.RpcException;
import io.sessionmoniker.activation.orpc.rpc.RpcFaultException;
import io.sessionmoniker.activation.orpc.rpc.RpcServer;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityProviders;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * This package's initiator against its acceptor, through {@link RpcClient} and a real {@link RpcServer} on loopback
 * TCP (fragments of at most 5840 octets): at CONNECT, PKT_INTEGRITY and PKT_PRIVACY, calls whose requests and
 * responses span several fragments, several at once on one connection, a second interface added by alter_context,
 * a wrong password, and a response altered on the way.
 */
@Timeout(60)
class NtlmClientOverTcpTest {

    static final SyntaxId IFACE = SyntaxId.of(Guid.parse("7E57A0A0-0000-4000-8000-0000000000C1"));
    static final SyntaxId OTHER = SyntaxId.of(Guid.parse("7E57A0A0-0000-4000-8000-0000000000C2"));
    static final Duration T = Duration.ofSeconds(20);
    static final NtlmCredentials ALICE = NtlmCredentials.password("", "alice", "secret".toCharArray());

    RpcServer server;

    @BeforeEach
    void start() throws IOException {
        NtlmSecurityProvider ntlm = NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(
                CaptureReplayTest.NAMES, CaptureReplayTest.AUTHORITY));
        RpcServer.Handler handler = new RpcServer.Handler() {
            @Override
            public boolean supports(SyntaxId iface) {
                return iface.equals(IFACE) || iface.equals(OTHER);
            }

            @Override
            public Bytes invoke(RpcServer.Call call) throws RpcFaultException {
                // as the host does: a network call must come under an established security context
                if (call.security().isEmpty()) {
                    throw new RpcFaultException(RpcStatus.WIN32_ACCESS_DENIED, "no security context");
                }
                return Bytes.copyOf(answer(call.security().get().principal().qualifiedName() + "@"
                        + call.security().get().authLevel() + "#" + call.opnum(), call.stub().toArray()));
            }
        };
        server = RpcServer.start(TcpTransport.get(), TcpTransport.endpoint("127.0.0.1", 0), handler,
                RpcServer.Options.DEFAULT.withSecurity(SecurityProviders.of(ntlm)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The answer: the caller's name and level, then the stub reversed, so both directions carry the payload. */
    static byte[] answer(String who, byte[] in) {
        byte[] name = who.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + name.length + in.length];
        out[0] = (byte) name.length;
        System.arraycopy(name, 0, out, 1, name.length);
        for (int i = 0; i < in.length; i++) {
            out[1 + name.length + i] = in[in.length - 1 - i];
        }
        return out;
    }

    static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    RpcClient connect(Endpoint to, NtlmCredentials who, int level) {
        return RpcClient.connect(TcpTransport.get(), to, T, NtlmClientSecurity.of(who, level));
    }

    @ParameterizedTest(name = "auth_level {0}")
    @ValueSource(ints = {2, 5, 6})
    void callsOfEverySizeRunAtEachLevel(int level) {
        try (RpcClient c = connect(server.endpoint(), ALICE, level)) {
            for (int n : new int[] {0, 1, 15, 16, 17, 5000, 5840, 20_000, 100_003}) {
                byte[] in = payload(n, n);
                Bytes out = c.call(IFACE, null, 3, Bytes.copyOf(in), T);
                assertArrayEquals(answer("FAKEHOST\\alice@" + level + "#3", in), out.toArray(), "stub of " + n);
            }
            Guid ipid = Guid.parse("1d7fb234-9cf2-8780-24e2-06930b27abdd");
            byte[] in = payload(12_345, 7);
            assertArrayEquals(answer("FAKEHOST\\alice@" + level + "#5", in),
                    c.call(IFACE, ipid, 5, Bytes.copyOf(in), T).toArray(), "with an object UUID (40-octet header)");
            assertArrayEquals(answer("FAKEHOST\\alice@" + level + "#1", in),
                    c.call(OTHER, null, 1, Bytes.copyOf(in), T).toArray(), "a second interface by alter_context");
        }
    }

    @ParameterizedTest(name = "auth_level {0}")
    @ValueSource(ints = {2, 5, 6})
    void concurrentCallsShareOneConnection(int level) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (RpcClient c = connect(server.endpoint(), ALICE, level)) {
            c.call(IFACE, null, 0, Bytes.EMPTY, T); // bind and establish first, then race the calls
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 8; i++) {
                        byte[] in = payload(1 + (thread * 8 + i) * 1_777, thread * 100 + i);
                        assertArrayEquals(answer("FAKEHOST\\alice@" + level + "#" + thread, in),
                                c.call(IFACE, null, thread, Bytes.copyOf(in), T).toArray());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertTrue(c.isOpen());
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "auth_level {0}")
    @ValueSource(ints = {2, 5, 6})
    void aWrongPasswordIsAccessDenied(int level) {
        NtlmCredentials wrong = NtlmCredentials.password("", "alice", "not the secret".toCharArray());
        try (RpcClient c = connect(server.endpoint(), wrong, level)) {
            RpcException e = assertThrows(RpcException.class, () -> c.call(IFACE, null, 3, Bytes.copyOf(
                    payload(100, 1)), T));
            assertEquals(HResult.E_ACCESSDENIED, e.hresult(), e.getMessage());
            assertTrue(e.getMessage().contains("credentials"), e.getMessage());
        }
        try (RpcClient c = connect(server.endpoint(), ALICE, level)) {
            assertEquals(1 + "FAKEHOST\\alice@".length() + 1 + 2 + 1, c.call(IFACE, null, 3, Bytes.copyOf(
                    new byte[1]), T).length(), "the server still serves");
        }
    }

    @ParameterizedTest(name = "auth_level {0}")
    @ValueSource(ints = {5, 6})
    void anAlteredResponseFailsTheCallAndClosesTheConnection(int level) throws Exception {
        try (Tamperer proxy = new Tamperer(server.endpoint());
                RpcClient c = connect(proxy.endpoint(), ALICE, level)) {
            byte[] in = payload(9_000, 3);
            assertArrayEquals(answer("FAKEHOST\\alice@" + level + "#3", in),
                    c.call(IFACE, null, 3, Bytes.copyOf(in), T).toArray(), "through the proxy, untouched");
            proxy.tamperNextResponse.set(true);
            RpcException e = assertThrows(RpcException.class, () -> c.call(IFACE, null, 3, Bytes.copyOf(in), T));
            assertEquals(HResult.SEC_E_MESSAGE_ALTERED, e.hresult(), e.getMessage());
            assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
            assertFalse(c.isOpen());
            assertEquals(1, proxy.tampered.get());
        }
    }

    /**
     * A TCP relay that, when asked, flips one stub octet of the next response PDU the server sends: what an attacker
     * on the path can do without the keys.
     */
    static final class Tamperer implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        final AtomicBoolean tamperNextResponse = new AtomicBoolean();
        final AtomicInteger tampered = new AtomicInteger();
        final List<Socket> sockets = new ArrayList<>();
        final Thread acceptor;

        Tamperer(Endpoint target) throws IOException {
            InetSocketAddress to = TcpTransport.socketAddress(target);
            acceptor = new Thread(() -> {
                try {
                    Socket client = listener.accept();
                    Socket upstream = new Socket(to.getHostString(), to.getPort());
                    synchronized (sockets) {
                        sockets.add(client);
                        sockets.add(upstream);
                    }
                    Thread up = new Thread(() -> copy(client, upstream, false), "relay-up");
                    up.setDaemon(true);
                    up.start();
                    copy(upstream, client, true);
                } catch (IOException e) {
                    // closed
                }
            }, "relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        Endpoint endpoint() {
            return TcpTransport.endpoint("127.0.0.1", listener.getLocalPort());
        }

        void copy(Socket from, Socket to, boolean responses) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] header = new byte[16];
                while (in.readNBytes(header, 0, 16) == 16) {
                    int length = (header[8] & 0xFF) | (header[9] & 0xFF) << 8;
                    byte[] pdu = Arrays.copyOf(header, length);
                    if (in.readNBytes(pdu, 16, length - 16) != length - 16) {
                        return;
                    }
                    if (responses && pdu[2] == 2 && tamperNextResponse.compareAndSet(true, false)) {
                        pdu[30] ^= 0x01;
                        tampered.incrementAndGet();
                    }
                    out.write(pdu);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aServerWithoutNtlmRefusesTheBindClearly() throws IOException {
        RpcServer plain = RpcServer.start(TcpTransport.get(), TcpTransport.endpoint("127.0.0.1", 0),
                new RpcServer.Handler() {
                    @Override
                    public boolean supports(SyntaxId iface) {
                        return true;
                    }

                    @Override
                    public Bytes invoke(RpcServer.Call call) {
                        return Bytes.EMPTY;
                    }
                }, RpcServer.Options.DEFAULT);
        try (plain; RpcClient c = connect(plain.endpoint(), ALICE, AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY)) {
            RpcException e = assertThrows(RpcException.class, () -> c.call(IFACE, null, 3, Bytes.EMPTY, T));
            assertEquals(HResult.E_ACCESSDENIED, e.hresult(), e.getMessage());
            assertTrue(e.getMessage().contains("NTLM"), e.getMessage());
            assertFalse(c.isOpen());
        }
    }
}
