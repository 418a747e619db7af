package io.sessionmoniker.activation.dcom.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.dcom.tcp.TcpTransport;
import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.Pdu;
import io.sessionmoniker.activation.orpc.rpc.PduCodec;
import io.sessionmoniker.activation.orpc.rpc.PduDecoder;
import io.sessionmoniker.activation.orpc.rpc.PduLimits;
import io.sessionmoniker.activation.orpc.rpc.ProtectedFragment;
import io.sessionmoniker.activation.orpc.rpc.RpcClient;
import io.sessionmoniker.activation.orpc.rpc.RpcServer;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import io.sessionmoniker.activation.orpc.rpc.SecurityProviders;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.transport.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The provider inside a real {@link RpcServer} on loopback TCP, driven by the octets Impacket sent on its IDispatch
 * connection in the {@code impacket-default} capture (bind with NEGOTIATE, auth3 with AUTHENTICATE, a sealed
 * GetIDsOfNames), with the server challenge fixed to the captured one so that the recorded responses verify.
 */
@Timeout(60)
class NtlmOverTcpTest {

    static final String RUN = "impacket-default";
    static final int CONNECTION = 2;

    RpcServer server;
    final BlockingQueue<RpcServer.Call> calls = new LinkedBlockingQueue<>();
    byte[] bind;
    byte[] capturedChallenge;
    byte[] auth3;
    byte[] request;
    byte[] reply;

    @BeforeEach
    void start() throws IOException {
        List<CaptureLog.Block> c2 = CaptureLog.read(RUN).stream().filter(b -> b.connection() == CONNECTION).toList();
        bind = c2.stream().filter(b -> b.received("bind")).findFirst().orElseThrow().bytes();
        capturedChallenge = c2.stream().filter(b -> b.sent("bind_ack")).findFirst().orElseThrow().token();
        auth3 = c2.stream().filter(b -> b.received("auth3")).findFirst().orElseThrow().bytes();
        request = c2.stream().filter(b -> b.received("request")).findFirst().orElseThrow().bytes();
        reply = Files.readAllBytes(CaptureLog.dir(RUN).resolve("stubs/002-c2-IDispatch-op5.resp"));
        long time = CaptureLog.pair(capturedChallenge, AvPair.MSV_AV_TIMESTAMP).orElseThrow().number();
        NtlmSecurityProvider ntlm = NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(
                CaptureReplayTest.NAMES, CaptureReplayTest.AUTHORITY)
                .withChallenges(ChallengeSource.fixed(Arrays.copyOfRange(capturedChallenge, 24, 32), time)));
        RpcServer.Handler handler = new RpcServer.Handler() {
            @Override
            public boolean supports(SyntaxId iface) {
                return true;
            }

            @Override
            public Bytes invoke(RpcServer.Call call) {
                calls.add(call);
                return Bytes.copyOf(reply);
            }
        };
        server = RpcServer.start(TcpTransport.get(), TcpTransport.endpoint("127.0.0.1", 0), handler,
                RpcServer.Options.DEFAULT.withSecurity(SecurityProviders.of(ntlm)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A client that sends raw octets and decodes what comes back. */
    final class Client implements AutoCloseable {
        final Transport.Link link = TcpTransport.get().connect(server.endpoint(), Duration.ofSeconds(10));
        final PduDecoder decoder = new PduDecoder(PduLimits.DEFAULT.withMaxFragmentLength(RpcClient.MAX_FRAGMENT));
        final ArrayDeque<Object[]> received = new ArrayDeque<>();
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

        Client() throws IOException {
        }

        void send(byte[] bytes) throws IOException {
            link.write(ByteBuffer.wrap(bytes));
        }

        Object[] next() throws IOException {
            while (received.isEmpty()) {
                buffer.clear();
                if (link.read(buffer) < 0) {
                    return null;
                }
                buffer.flip();
                Optional<WireFailure> failure = decoder.feed(buffer,
                        (pdu, raw, length) -> received.add(new Object[] {pdu, Arrays.copyOf(raw, length)}));
                assertTrue(failure.isEmpty(), () -> "undecodable: " + failure);
            }
            return received.poll();
        }

        @Override
        public void close() throws IOException {
            link.close();
        }
    }

    @Test
    void aReplayedImpacketConnectionIsAnsweredUnderTheNegotiatedKeys() throws Exception {
        try (Client c = new Client()) {
            c.send(bind);
            Pdu.BindAck ack = assertInstanceOf(Pdu.BindAck.class, c.next()[0]);
            AuthVerifier v = ack.auth();
            assertEquals(AuthVerifier.RPC_C_AUTHN_WINNT, v.authType());
            assertEquals(AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY, v.authLevel());
            assertEquals(79231, v.contextId());
            ChallengeMessage challenge = ChallengeMessage.decode(v.token().toArray());
            assertEquals(ChallengeMessage.decode(capturedChallenge), challenge);
            assertEquals(List.of(2, 1, 4, 3, 7), challenge.targetInfo().stream().map(AvPair::id).toList());
            assertEquals("FAKEHOST", challenge.targetName());

            c.send(auth3);
            c.send(request);
            Object[] got = c.next();
            Pdu.Response r = assertInstanceOf(Pdu.Response.class, got[0]);
            RpcServer.Call call = calls.take();
            assertEquals("FAKEHOST\\alice", call.connection().principal().orElseThrow().qualifiedName());
            assertEquals(5, call.opnum());
            assertEquals(96, call.stub().length(), "the request was unsealed before the handler saw it");

            // play Impacket's side: the same exchange, offline, gives the exported session key
            byte[] raw = (byte[]) got[1];
            NtlmSessionSecurity client = clientSide();
            int trailer = raw.length - 16 - 8;
            client.verify(new ProtectedFragment(raw, raw.length, 24, trailer, AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY));
            assertArrayEquals(reply, Arrays.copyOfRange(raw, 24, trailer - r.auth().padLength()));
        }
    }

    /** The client's view of the keys, from running the captured exchange through a context of its own. */
    NtlmSessionSecurity clientSide() throws SecurityFailure {
        NtlmServerContext ctx = NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(CaptureReplayTest.NAMES,
                CaptureReplayTest.AUTHORITY).withChallenges(ChallengeSource.fixed(
                        Arrays.copyOfRange(capturedChallenge, 24, 32), 0))).newContext(6);
        ctx.accept(token(bind));
        ctx.accept(token(auth3));
        return NtlmSessionSecurity.forClient(ctx.negotiatedFlags().orElseThrow(), ctx.exportedSessionKey());
    }

    static byte[] token(byte[] pdu) {
        int authLength = (pdu[10] & 0xFF) | (pdu[11] & 0xFF) << 8;
        return Arrays.copyOfRange(pdu, pdu.length - authLength, pdu.length);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"truncated", "offset out of range", "huge length", "not NTLM", "a second NEGOTIATE"})
    void aBadAuthenticateIsRefusedAndTheServerKeepsServing(String damage) throws Exception {
        byte[] good = token(auth3);
        byte[] bad = switch (damage) {
            case "truncated" -> Arrays.copyOf(good, 40);
            case "offset out of range" -> patch(good, 24, 0xFFFFFFF0);
            case "huge length" -> patchShort(good, 20, 0xFFFF);
            case "not NTLM" -> "GARBAGE GARBAGE GARBAGE GARBAGE!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            default -> token(bind);
        };
        try (Client c = new Client()) {
            c.send(bind);
            assertInstanceOf(Pdu.BindAck.class, c.next()[0]);
            c.send(PduCodec.encode(new Pdu.Auth3(1, Pdu.PFC_WHOLE, AuthVerifier.of(AuthVerifier.RPC_C_AUTHN_WINNT,
                    AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY, 79231, Bytes.copyOf(bad)))));
            c.send(request);
            Pdu.Fault f = assertInstanceOf(Pdu.Fault.class, c.next()[0]);
            assertEquals(RpcStatus.WIN32_ACCESS_DENIED, f.status());
        }
        aReplayedImpacketConnectionIsAnsweredUnderTheNegotiatedKeys();
    }

    @Test
    void aBindAtALevelNotOfferedIsRefused() throws Exception {
        byte[] b = bind.clone();
        b[b.length - 32 - 8 + 1] = 3; // auth_level CALL
        try (Client c = new Client()) {
            c.send(b);
            assertInstanceOf(Pdu.BindNak.class, c.next()[0]);
        }
    }

    static byte[] patch(byte[] b, int at, int v) {
        byte[] c = b.clone();
        NtlmCrypto.putInt(c, at, v);
        return c;
    }

    static byte[] patchShort(byte[] b, int at, int v) {
        byte[] c = b.clone();
        NtlmCrypto.putShort(c, at, v);
        return c;
    }
}
