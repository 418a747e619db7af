package io.sessionmoniker.activation.orpc.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.Guid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security provider seam of {@link RpcServer}, driven by a raw client over a real socket with a provider of the
 * test's own (two legs: a challenge in the bind_ack, a keyed answer in auth3; per-direction sequence numbers;
 * signatures over the whole fragment; a keystream for privacy): contexts keyed by {@code auth_context_id}, several
 * on one connection, every leg (bind, alter_context, auth3), per-fragment verification before reassembly, responses
 * protected in send order, and each refusal.
 */
@Timeout(60)
class SecuritySeamTest {

    static final int TOY = 0x7F;
    static final SyntaxId IFACE = SyntaxId.of(Guid.parse("7E57A0A0-0000-4000-8000-000000000001"));
    static final byte[] SECRET = "the toy provider's shared secret".getBytes(StandardCharsets.UTF_8);
    static final int SIG = 16;

    @TempDir
    Path tmp;
    RpcServer server;
    Endpoint endpoint;
    final BlockingQueue<RpcServer.Call> calls = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("s"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        RpcServer.Handler echo = new RpcServer.Handler() {
            @Override
            public boolean supports(SyntaxId iface) {
                return iface.equals(IFACE);
            }

            @Override
            public Bytes invoke(RpcServer.Call call) {
                calls.add(call);
                // answers the principal's name, then the stub reversed
                String who = call.security().map(s -> s.principal().qualifiedName() + "@" + s.authLevel())
                        .orElse("-");
                byte[] in = call.stub().toArray();
                byte[] name = who.getBytes(StandardCharsets.UTF_8);
                byte[] out = new byte[1 + name.length + in.length];
                out[0] = (byte) name.length;
                System.arraycopy(name, 0, out, 1, name.length);
                for (int i = 0; i < in.length; i++) {
                    out[1 + name.length + i] = in[in.length - 1 - i];
                }
                return Bytes.copyOf(out);
            }
        };
        server = RpcServer.start(UnixSocketTransport.create(), Endpoint.unix(dir.resolve("rpc.sock")), echo,
                RpcServer.Options.DEFAULT.withSecurity(SecurityProviders.of(new ToyProvider())));
        endpoint = server.endpoint();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- the toy provider, both ends ----------------------------------------------------------------------

    /** Per-direction keyed state both ends share once the exchange is done. */
    static final class Keys {
        final byte[] key;
        long sendSeq;
        long recvSeq;

        Keys(byte[] key) {
            this.key = key;
        }

        static byte[] mac(byte[] key, long seq, byte[] data, int from, int to) {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key, "HmacSHA256"));
                m.update(ByteBuffer.allocate(8).putLong(seq).array());
                m.update(data, from, to - from);
                return Arrays.copyOf(m.doFinal(), SIG);
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        static void crypt(byte[] key, long seq, byte[] data, int from, int to) {
            byte[] stream = new byte[0];
            for (int block = 0; stream.length < to - from; block++) {
                byte[] b = mac(key, seq * 1_000_003 + block, new byte[] {1}, 0, 1);
                stream = Arrays.copyOf(stream, stream.length + b.length);
                System.arraycopy(b, 0, stream, stream.length - b.length, b.length);
            }
            for (int i = from; i < to; i++) {
                data[i] ^= stream[i - from];
            }
        }

        /** Seals (at privacy) and signs; the signature covers everything before it, as NTLM's does. */
        void protect(ProtectedFragment f, long seq) {
            if (f.authLevel() == AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY) {
                crypt(key, seq, f.pdu(), f.stubOffset(), f.trailerOffset());
            }
            byte[] sig = mac(key, seq, f.pdu(), 0, f.tokenOffset());
            System.arraycopy(sig, 0, f.pdu(), f.tokenOffset(), SIG);
        }

        boolean verify(ProtectedFragment f, long seq) {
            if (f.tokenLength() != SIG) {
                return false;
            }
            byte[] given = Arrays.copyOfRange(f.pdu(), f.tokenOffset(), f.length());
            if (f.authLevel() == AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY) {
                // the signature covers the sealed bytes as sent
                byte[] expected = mac(key, seq, f.pdu(), 0, f.tokenOffset());
                if (!MessageDigest.isEqual(expected, given)) {
                    return false;
                }
                crypt(key, seq, f.pdu(), f.stubOffset(), f.trailerOffset());
                return true;
            }
            return MessageDigest.isEqual(mac(key, seq, f.pdu(), 0, f.tokenOffset()), given);
        }
    }

    static byte[] sessionKey(String user, byte[] challenge) {
        return Keys.mac(SECRET, 0, (user + ":" + Arrays.toString(challenge)).getBytes(StandardCharsets.UTF_8), 0,
                (user + ":" + Arrays.toString(challenge)).length());
    }

    /** Leg 1: "hello:USER" → a challenge; leg 2 (auth3): "answer:" + key(USER, challenge). */
    static final class ToyProvider implements SecurityProvider {
        @Override
        public int authType() {
            return TOY;
        }

        @Override
        public String name() {
            return "toy";
        }

        @Override
        public ServerSecurityContext newContext(RpcServer.Connection connection, int authLevel) throws SecurityFailure {
            if (authLevel == AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY + 1) {
                throw new SecurityFailure(RpcStatus.NCA_S_UNSUPPORTED_AUTHN_LEVEL, "no such level");
            }
            return new ServerSecurityContext() {
                String user;
                byte[] challenge;
                Keys keys;

                @Override
                public byte[] accept(byte[] token) throws SecurityFailure {
                    String t = new String(token, StandardCharsets.UTF_8);
                    if (challenge == null) {
                        if (!t.startsWith("hello:")) {
                            throw new SecurityFailure(Pdu.BindNak.INVALID_CHECKSUM, "leg 1 is a hello");
                        }
                        user = t.substring(6);
                        challenge = Keys.mac(SECRET, System.nanoTime(), token, 0, token.length);
                        return challenge;
                    }
                    byte[] expected = sessionKey(user, challenge);
                    byte[] given = Arrays.copyOfRange(token, 0, Math.min(token.length, SIG));
                    if (!MessageDigest.isEqual(expected, given)) {
                        throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "wrong answer for " + user);
                    }
                    keys = new Keys(expected);
                    return new byte[0];
                }

                @Override
                public boolean established() {
                    return keys != null;
                }

                @Override
                public Optional<AuthenticatedPrincipal> principal() {
                    return keys == null ? Optional.empty() : Optional.of(new AuthenticatedPrincipal(TOY, "LAB", user));
                }

                @Override
                public int signatureLength() {
                    return SIG;
                }

                @Override
                public void verify(ProtectedFragment fragment) throws SecurityFailure {
                    if (!keys.verify(fragment, keys.recvSeq++)) {
                        throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "bad signature");
                    }
                }

                @Override
                public void protect(ProtectedFragment fragment) {
                    keys.protect(fragment, 1_000_000 + keys.sendSeq++);
                }
            };
        }
    }

    /** A raw client: it encodes and protects PDUs itself, and reads every PDU with its fragment's bytes. */
    final class RawClient implements AutoCloseable {
        final Transport.Link link;
        final PduDecoder decoder = new PduDecoder(PduLimits.DEFAULT.withMaxFragmentLength(RpcClient.MAX_FRAGMENT));
        final ArrayDeque<Object[]> received = new ArrayDeque<>();
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        int callIds;

        RawClient() throws IOException {
            link = UnixSocketTransport.create().connect(endpoint, Duration.ofSeconds(5));
        }

        void send(Pdu pdu) throws IOException {
            link.write(ByteBuffer.wrap(PduCodec.encode(pdu)));
        }

        void sendRaw(byte[] bytes) throws IOException {
            link.write(ByteBuffer.wrap(bytes));
        }

        /** The next PDU and its bytes, or null when the server closed the connection. */
        Object[] next() throws IOException {
            while (received.isEmpty()) {
                buffer.clear();
                int n = link.read(buffer);
                if (n < 0) {
                    return null;
                }
                buffer.flip();
                Optional<WireFailure> failure = decoder.feed(buffer,
                        (pdu, raw, length) -> received.add(new Object[] {pdu, Arrays.copyOf(raw, length)}));
                assertTrue(failure.isEmpty(), () -> "the client could not decode what the server sent: " + failure);
            }
            return received.poll();
        }

        Pdu nextPdu() throws IOException {
            Object[] p = next();
            return p == null ? null : (Pdu) p[0];
        }

        Pdu.BindAck bind(int maxRecv, AuthVerifier auth) throws IOException {
            send(new Pdu.Bind(++callIds, Pdu.PFC_WHOLE, maxRecv, maxRecv, 0,
                    List.of(PresentationContext.ndr(0, IFACE)), auth));
            return assertInstanceOf(Pdu.BindAck.class, nextPdu());
        }

        /** Runs the toy exchange for a context: hello in the bind (or alter_context), the answer in auth3. */
        Keys authenticate(String user, boolean bind, int level, int contextId) throws IOException {
            AuthVerifier hello = AuthVerifier.of(TOY, level, contextId,
                    Bytes.copyOf(("hello:" + user).getBytes(StandardCharsets.UTF_8)));
            AuthVerifier back;
            if (bind) {
                back = bind(RpcClient.MAX_FRAGMENT, hello).auth();
            } else {
                send(new Pdu.AlterContext(++callIds, Pdu.PFC_WHOLE, RpcClient.MAX_FRAGMENT, RpcClient.MAX_FRAGMENT, 0,
                        List.of(PresentationContext.ndr(1, IFACE)), hello));
                back = assertInstanceOf(Pdu.AlterContextResponse.class, nextPdu()).auth();
            }
            assertEquals(contextId, back.contextId());
            byte[] key = sessionKey(user, back.token().toArray());
            send(new Pdu.Auth3(++callIds, Pdu.PFC_WHOLE, AuthVerifier.of(TOY, level, contextId, Bytes.copyOf(key))));
            return new Keys(key);
        }

        /** Sends a call in fragments of at most {@code chunk} stub octets, each signed (and sealed) in order. */
        int call(Keys keys, int level, int contextId, byte[] stub, int chunk) throws IOException {
            int callId = ++callIds;
            int p = 0;
            do {
                int n = Math.min(chunk, stub.length - p);
                int flags = (p == 0 ? Pdu.PFC_FIRST_FRAG : 0) | (p + n == stub.length ? Pdu.PFC_LAST_FRAG : 0);
                AuthVerifier v = AuthVerifier.forStub(n, TOY, level, contextId, Bytes.copyOf(new byte[SIG]));
                byte[] bytes = PduCodec.encode(new Pdu.Request(callId, flags, stub.length - p, 0, 3, null,
                        Bytes.copyOf(Arrays.copyOfRange(stub, p, p + n)), v));
                keys.protect(new ProtectedFragment(bytes, bytes.length, 24, bytes.length - SIG - 8, level),
                        keys.sendSeq++);
                sendRaw(bytes);
                p += n;
            } while (p < stub.length);
            return callId;
        }

        /** Reads one whole response, verifying (and unsealing) each fragment in arrival order. */
        byte[] response(Keys keys, int level) throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                Object[] got = next();
                Pdu.Response r = assertInstanceOf(Pdu.Response.class, got[0]);
                byte[] raw = (byte[]) got[1];
                assertEquals(TOY, r.auth().authType());
                assertEquals(level, r.auth().authLevel());
                ProtectedFragment f = new ProtectedFragment(raw, raw.length, 24, raw.length - SIG - 8, level);
                assertTrue(keys.verify(f, 1_000_000 + keys.recvSeq++), "the response fragment verifies");
                out.write(raw, 24, f.trailerOffset() - 24 - r.auth().padLength());
                if (r.hasFlag(Pdu.PFC_LAST_FRAG)) {
                    return out.toByteArray();
                }
            }
        }

        @Override
        public void close() throws IOException {
            link.close();
        }
    }

    static String who(byte[] reply) {
        return new String(reply, 1, reply[0], StandardCharsets.UTF_8);
    }

    static byte[] body(byte[] reply) {
        return Arrays.copyOfRange(reply, 1 + reply[0], reply.length);
    }

    static byte[] reversed(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    static byte[] stub(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    // ---- the tests --------------------------------------------------------------------------------------------

    @Test
    void unauthenticatedCallsCarryNoSecurity() throws Exception {
        try (RawClient c = new RawClient()) {
            assertNull(c.bind(RpcClient.MAX_FRAGMENT, null).auth());
            c.send(Pdu.Request.of(2, 0, 3, null, Bytes.copyOf(new byte[] {1, 2, 3})));
            Pdu.Response r = assertInstanceOf(Pdu.Response.class, c.nextPdu());
            assertNull(r.auth());
            assertEquals("-", who(r.stub().toArray()));
            assertTrue(calls.poll(10, TimeUnit.SECONDS).security().isEmpty());
        }
    }

    @Test
    void anAuthTypeNoProviderAnswersIsRefusedAtBind() throws Exception {
        try (RawClient c = new RawClient()) {
            c.send(new Pdu.Bind(1, Pdu.PFC_WHOLE, 5840, 5840, 0, List.of(PresentationContext.ndr(0, IFACE)),
                    AuthVerifier.of(AuthVerifier.RPC_C_AUTHN_WINNT, AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT, 0,
                            Bytes.copyOf(new byte[] {'N', 'T', 'L', 'M'}))));
            Pdu.BindNak nak = assertInstanceOf(Pdu.BindNak.class, c.nextPdu());
            assertEquals(Pdu.BindNak.AUTHENTICATION_TYPE_NOT_RECOGNIZED, nak.rejectReason());
        }
    }

    @Test
    void integrityCallsAreVerifiedAndTheirResponsesSigned() throws Exception {
        int level = AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY;
        try (RawClient c = new RawClient()) {
            Keys keys = c.authenticate("alice", true, level, 7);
            byte[] stub = stub(40);
            c.call(keys, level, 7, stub, 4096);
            byte[] reply = c.response(keys, level);
            assertEquals("LAB\\alice@5", who(reply));
            assertArrayEquals(reversed(stub), body(reply));
            CallSecurity s = calls.poll(10, TimeUnit.SECONDS).security().orElseThrow();
            assertEquals(new CallSecurity(TOY, level, 7, new AuthenticatedPrincipal(TOY, "LAB", "alice")), s);
        }
    }

    @Test
    void privacyCallsAreUnsealedBeforeReassemblyAndTheirResponsesSealedInSendOrder() throws Exception {
        int level = AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY;
        try (RawClient c = new RawClient()) {
            Keys keys = c.authenticate("bob", true, level, 1);
            // a large call in many sealed fragments, then many calls in flight whose responses the workers finish
            // in any order: each is protected under the write lock with the next sequence number
            byte[] big = stub(20_000);
            c.call(keys, level, 1, big, 1024);
            assertArrayEquals(reversed(big), body(c.response(keys, level)));
            for (int i = 0; i < 32; i++) {
                c.call(keys, level, 1, stub(100 + i), 4096);
            }
            List<Integer> lengths = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                byte[] reply = c.response(keys, level);
                assertEquals("LAB\\bob@6", who(reply));
                lengths.add(body(reply).length);
            }
            assertEquals(32, lengths.stream().distinct().count(), "every call answered once: " + lengths);
        }
    }

    @Test
    void severalContextsOnOneConnectionEachHaveTheirPrincipal() throws Exception {
        int level = AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY;
        try (RawClient c = new RawClient()) {
            Keys alice = c.authenticate("alice", true, level, 10);
            Keys bob = c.authenticate("bob", false, level, 11);
            c.call(bob, level, 11, stub(8), 4096);
            // the response is signed with bob's context: verify with bob's keys
            assertEquals("LAB\\bob@5", who(c.response(bob, level)));
            c.call(alice, level, 10, stub(8), 4096);
            assertEquals("LAB\\alice@5", who(c.response(alice, level)));
        }
    }

    @Test
    void aWrongAnswerLeavesTheContextFailedAndItsCallsRefused() throws Exception {
        int level = AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY;
        try (RawClient c = new RawClient()) {
            AuthVerifier back = c.bind(RpcClient.MAX_FRAGMENT, AuthVerifier.of(TOY, level, 3,
                    Bytes.copyOf("hello:carol".getBytes(StandardCharsets.UTF_8)))).auth();
            assertTrue(back.token().length() > 0);
            c.send(new Pdu.Auth3(2, Pdu.PFC_WHOLE, AuthVerifier.of(TOY, level, 3, Bytes.copyOf(new byte[SIG]))));
            c.call(new Keys(new byte[SIG]), level, 3, stub(8), 4096);
            Pdu.Fault f = assertInstanceOf(Pdu.Fault.class, c.nextPdu());
            assertEquals(RpcStatus.WIN32_ACCESS_DENIED, f.status());
            assertTrue(calls.isEmpty(), "no call ran");
            // a context id no bind started, and an unauthenticated call, on the same connection
            c.call(new Keys(new byte[SIG]), level, 99, stub(8), 4096);
            assertEquals(RpcStatus.WIN32_ACCESS_DENIED, assertInstanceOf(Pdu.Fault.class, c.nextPdu()).status());
            c.send(Pdu.Request.of(50, 0, 3, null, Bytes.copyOf(new byte[] {9})));
            assertEquals("-", who(assertInstanceOf(Pdu.Response.class, c.nextPdu()).stub().toArray()));
        }
    }

    @Test
    void aFragmentThatDoesNotVerifyClosesTheConnection() throws Exception {
        int level = AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY;
        try (RawClient c = new RawClient()) {
            Keys keys = c.authenticate("alice", true, level, 1);
            AuthVerifier v = AuthVerifier.forStub(16, TOY, level, 1, Bytes.copyOf(new byte[SIG]));
            byte[] bytes = PduCodec.encode(new Pdu.Request(9, Pdu.PFC_WHOLE, 16, 0, 3, null,
                    Bytes.copyOf(stub(16)), v));
            keys.protect(new ProtectedFragment(bytes, bytes.length, 24, bytes.length - SIG - 8, level), keys.sendSeq++);
            bytes[30] ^= 0x40;   // tampered on the way
            c.sendRaw(bytes);
            assertEquals(RpcStatus.WIN32_ACCESS_DENIED, assertInstanceOf(Pdu.Fault.class, c.nextPdu()).status());
            assertNull(c.next(), "the server closed the connection");
            assertTrue(calls.isEmpty(), "no call ran");
        }
        // the server keeps serving others
        try (RawClient c = new RawClient()) {
            assertFalse(c.bind(RpcClient.MAX_FRAGMENT, null).results().isEmpty());
        }
    }

    @Test
    void aContextCannotBeRestartedOrContinuedWithAnotherLevel() throws Exception {
        int level = AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY;
        try (RawClient c = new RawClient()) {
            c.authenticate("alice", true, level, 4);
            // an alter_context that starts context 4 again: refused, the connection goes on
            c.send(new Pdu.AlterContext(20, Pdu.PFC_WHOLE, 5840, 5840, 0, List.of(PresentationContext.ndr(1, IFACE)),
                    AuthVerifier.of(TOY, level, 4, Bytes.copyOf("hello:mallory".getBytes(StandardCharsets.UTF_8)))));
            assertEquals(RpcStatus.WIN32_ACCESS_DENIED, assertInstanceOf(Pdu.Fault.class, c.nextPdu()).status());
            // a level the provider refuses
            c.send(new Pdu.AlterContext(21, Pdu.PFC_WHOLE, 5840, 5840, 0, List.of(PresentationContext.ndr(1, IFACE)),
                    AuthVerifier.of(TOY, 9, 5, Bytes.copyOf("hello:x".getBytes(StandardCharsets.UTF_8)))));
            assertEquals(RpcStatus.WIN32_ACCESS_DENIED, assertInstanceOf(Pdu.Fault.class, c.nextPdu()).status());
        }
    }
}
