package io.sessionmoniker.activation.orpc.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RpcServer} under hostile peers and load, driven by raw clients over real Unix sockets: the memory budget
 * for pending calls (server-wide and per connection, {@code alloc_hint} believed only as far as it grants), an
 * allocation failure that ends one call, an acceptor failure that closes the server visibly, the timeout for a
 * connection that owes a bind or the rest of a PDU, the idle timeout, and the per-account and total connection
 * limits with their honest busy answer.
 */
@Timeout(120)
class ServerLimitsTest {

    static final SyntaxId IFACE = SyntaxId.of(Guid.parse("7E57A0A0-0000-4000-8000-0000000000B1"));
    /** A deadline for events that happen promptly on an idle machine: generous for a loaded one. */
    static final long DEADLINE_SECONDS = 30;

    @TempDir
    Path tmp;
    final List<AutoCloseable> open = new ArrayList<>();
    final AtomicInteger oomCalls = new AtomicInteger();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** Echoes the stub; opnum 7 throws an OutOfMemoryError, opnum 8 waits for {@link #release}. */
    final CountDownLatch release = new CountDownLatch(1);
    /** Calls of opnum 9, answered later: the test completes them. */
    final BlockingQueue<Later> later = new LinkedBlockingQueue<>();

    /** A call answered later: the first byte of its stub, and its answer. */
    record Later(int tag, java.util.concurrent.CompletableFuture<Bytes> answer) {
    }

    RpcServer start(RpcServer.Options options) throws IOException {
        return start(UnixSocketTransport.create(), options);
    }

    RpcServer start(Transport transport, RpcServer.Options options) throws IOException {
        Path dir = tmp.resolve("s" + open.size());
        if (!Files.exists(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        RpcServer.Handler echo = new RpcServer.Handler() {
            @Override
            public boolean supports(SyntaxId iface) {
                return iface.equals(IFACE);
            }

            @Override
            public Bytes invoke(RpcServer.Call call) {
                if (call.opnum() == 7) {
                    oomCalls.incrementAndGet();
                    throw new OutOfMemoryError("the test's allocation failure");
                }
                if (call.opnum() == 8) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return call.stub();
            }

            @Override
            public java.util.concurrent.CompletionStage<Bytes> invokeAsync(RpcServer.Call call)
                    throws RpcFaultException {
                if (call.opnum() == 9) {
                    java.util.concurrent.CompletableFuture<Bytes> f = new java.util.concurrent.CompletableFuture<>();
                    later.add(new Later(call.stub().toArray()[0], f));
                    return f;
                }
                return RpcServer.Handler.super.invokeAsync(call);
            }
        };
        RpcServer server = RpcServer.start(transport, Endpoint.unix(dir.resolve("rpc.sock")), echo, options);
        open.add(server);
        return server;
    }

    /** A raw client: PDUs out as they are encoded, PDUs in on a reader thread, the end of stream as a marker. */
    final class Raw implements AutoCloseable {
        static final Pdu EOF = new Pdu.Shutdown(-1, 0);
        final SocketChannel channel;
        final BlockingQueue<Pdu> in = new LinkedBlockingQueue<>();

        Raw(RpcServer server) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(Path.of(server.endpoint().address())));
            open.add(this);
            Thread reader = new Thread(() -> {
                PduDecoder d = new PduDecoder(PduLimits.DEFAULT.withMaxFragmentLength(RpcClient.MAX_FRAGMENT));
                ByteBuffer b = ByteBuffer.allocate(70000);
                try {
                    while (true) {
                        b.clear();
                        if (channel.read(b) < 0) {
                            break;
                        }
                        b.flip();
                        if (d.feed(b, (Pdu p) -> in.add(p)).isPresent()) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
                in.add(EOF);
            }, "raw-client");
            reader.setDaemon(true);
            reader.start();
        }

        void send(Pdu pdu) throws IOException {
            sendBytes(PduCodec.encode(pdu));
        }

        void sendBytes(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        Pdu next() throws InterruptedException {
            Pdu p = in.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
            if (p == null) {
                throw new AssertionError("no PDU within " + DEADLINE_SECONDS + " s");
            }
            return p;
        }

        Raw bound() throws Exception {
            send(Pdu.Bind.of(1, RpcClient.MAX_FRAGMENT, PresentationContext.ndr(0, IFACE)));
            assertInstanceOf(Pdu.BindAck.class, next());
            return this;
        }

        /** Makes a one-fragment call and returns its answer. */
        Pdu call(int callId, int opnum, byte[] stub) throws Exception {
            send(Pdu.Request.of(callId, 0, opnum, null, Bytes.copyOf(stub)));
            return next();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    static Pdu.Request fragment(int callId, int flags, int allocHint, int stubLength) {
        return new Pdu.Request(callId, flags, allocHint, 0, 1, null, Bytes.copyOf(new byte[stubLength]), null);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + DEADLINE_SECONDS + " s: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static int faultStatus(Pdu p) {
        return assertInstanceOf(Pdu.Fault.class, p, "a fault, not " + p).status();
    }

    // ---- memory ---------------------------------------------------------------------------------------------

    @Test
    void aLyingAllocHintIsBelievedOnlyAsFarAsTheFragmentAndTheBudgetGo() throws Exception {
        RpcServer server = start(RpcServer.Options.DEFAULT.withPendingMemory(1 << 20, 256 << 10));
        Raw raw = new Raw(server).bound();
        // a first fragment of 1000 stub bytes announcing 2 GiB
        raw.send(fragment(10, Pdu.PFC_FIRST_FRAG, Integer.MAX_VALUE, 1000));
        // the reader works in order: once the next call is answered, the fragment has been taken in
        assertInstanceOf(Pdu.Response.class, raw.call(11, 1, new byte[] {1, 2, 3}));
        // (the answered call's 3 bytes are given back just after its answer is sent)
        await(() -> server.pendingMemory().reserved() <= 4000, "a 1000-byte fragment holds at most 4000 bytes, not "
                + server.pendingMemory());
        assertTrue(server.pendingMemory().reserved() >= 1000, "the fragment's bytes are counted");
        raw.close();
        await(() -> server.pendingMemory().reserved() == 0, "the closed connection's partial call is given back");
    }

    @Test
    void largeCallsAcrossManyConnectionsStayWithinTheBudgetAndOthersAreServed() throws Exception {
        long total = 1 << 20;
        long perConnection = 256 << 10;
        RpcServer server = start(RpcServer.Options.DEFAULT.withPendingMemory(total, perConnection));
        int connections = 12;
        int refused = 0;
        List<Raw> hostile = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            hostile.add(new Raw(server).bound());
        }
        // each connection starts 8 calls that announce 64 MiB and sends 60 000 bytes of each
        for (Raw raw : hostile) {
            for (int call = 100; call < 108; call++) {
                raw.send(fragment(call, Pdu.PFC_FIRST_FRAG, 64 << 20, 30_000));
                raw.send(fragment(call, 0, 64 << 20, 30_000));
                assertTrue(server.pendingMemory().reserved() <= total, "over budget: " + server.pendingMemory());
            }
            // in order: the answer to this call comes after every fault for the fragments before it
            raw.send(Pdu.Request.of(200, 0, 1, null, Bytes.copyOf(new byte[] {9})));
            Pdu p;
            while (!((p = raw.next()) instanceof Pdu.Response)) {
                assertEquals(RpcStatus.NCA_S_FAULT_REMOTE_NO_MEMORY, faultStatus(p));
                refused++;
            }
            assertTrue(server.pendingMemory().reserved() <= total, "over budget: " + server.pendingMemory());
        }
        assertTrue(refused > 0, "no call was refused for memory");
        // 96 calls of 60 000 bytes would be 5.7 MB: the server holds at most its budget
        assertTrue(server.pendingMemory().reserved() <= total, "over budget: " + server.pendingMemory());
        // another client is answered all along
        try (RpcClient good = RpcClient.connect(UnixSocketTransport.create(), server.endpoint(), Duration.ZERO)) {
            assertArrayEquals(new byte[] {4, 2}, good.call(IFACE, null, 1, Bytes.copyOf(new byte[] {4, 2}),
                    Duration.ofSeconds(DEADLINE_SECONDS)).toArray());
        }
        // the refused calls' later fragments are dropped without a word, and the budget comes back when they go
        for (Raw raw : hostile) {
            raw.close();
        }
        await(() -> server.pendingMemory().reserved() == 0, "every connection's calls are given back");
    }

    @Test
    void anAllocationFailureInACallFaultsThatCallAndTheServerGoesOn() throws Exception {
        RpcServer server = start(RpcServer.Options.DEFAULT);
        Raw raw = new Raw(server).bound();
        assertEquals(RpcStatus.NCA_S_FAULT_REMOTE_NO_MEMORY, faultStatus(raw.call(2, 7, new byte[] {1})));
        assertArrayEquals(new byte[] {5}, ((Pdu.Response) raw.call(3, 1, new byte[] {5})).stub().toArray());
        // a call's bytes are given back just after its answer is sent
        await(() -> server.pendingMemory().reserved() == 0, "both calls' bytes are given back");
    }

    @Test
    void anErrorInTheAcceptorClosesTheServerVisiblySoThatANewOneCanListen() throws Exception {
        AtomicInteger accepts = new AtomicInteger();
        Transport unix = UnixSocketTransport.create();
        Transport failing = new FailingAcceptTransport(unix, accepts);
        RpcServer server = start(failing, RpcServer.Options.DEFAULT);
        new Raw(server).bound(); // the first accept works
        try (SocketChannel second = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            second.connect(UnixDomainSocketAddress.of(Path.of(server.endpoint().address())));
            Throwable failure = server.failure().toCompletableFuture().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            assertInstanceOf(InternalError.class, failure);
        }
        // the endpoint is free again: a new server takes it
        RpcServer again = RpcServer.start(unix, server.endpoint(), new RpcServer.Handler() {
            @Override
            public boolean supports(SyntaxId iface) {
                return true;
            }

            @Override
            public Bytes invoke(RpcServer.Call call) {
                return call.stub();
            }
        }, RpcServer.Options.DEFAULT);
        open.add(again);
        try (RpcClient c = RpcClient.connect(unix, again.endpoint(), Duration.ZERO)) {
            assertArrayEquals(new byte[] {7}, c.call(IFACE, null, 1, Bytes.copyOf(new byte[] {7}),
                    Duration.ofSeconds(DEADLINE_SECONDS)).toArray());
        }
    }

    /** A Unix transport whose listener's second accept fails with an error no acceptor can go on from. */
    record FailingAcceptTransport(Transport unix, AtomicInteger accepts) implements Transport {
        @Override
        public String name() {
            return unix.name();
        }

        @Override
        public String protocolSequence() {
            return unix.protocolSequence();
        }

        @Override
        public int towerId() {
            return unix.towerId();
        }

        @Override
        public String bindingAddress(Endpoint endpoint) {
            return unix.bindingAddress(endpoint);
        }

        @Override
        public java.util.Optional<Endpoint> endpoint(String bindingAddress) {
            return unix.endpoint(bindingAddress);
        }

        @Override
        public Listener listen(Endpoint endpoint) throws IOException {
            Listener l = unix.listen(endpoint);
            return new Listener() {
                @Override
                public Link accept() throws IOException {
                    Link link = l.accept();
                    if (accepts.incrementAndGet() == 2) {
                        link.close();
                        throw new InternalError("the test's acceptor failure");
                    }
                    return link;
                }

                @Override
                public Endpoint endpoint() {
                    return l.endpoint();
                }

                @Override
                public void close() throws IOException {
                    l.close();
                }
            };
        }

        @Override
        public Link connect(Endpoint endpoint, Duration timeout) throws IOException {
            return unix.connect(endpoint, timeout);
        }
    }

    // ---- timeouts -------------------------------------------------------------------------------------------

    @Test
    void connectionsThatOweABindOrTheRestOfAPduAreClosedOthersStay() throws Exception {
        // long enough for a well-behaved client to bind and call on a loaded machine
        RpcServer server = start(RpcServer.Options.DEFAULT.withTimeouts(Duration.ofSeconds(2), Duration.ZERO));
        Raw quiet = new Raw(server).bound();
        assertInstanceOf(Pdu.Response.class, quiet.call(2, 1, new byte[] {1}));
        // a connection that says nothing
        Raw silent = new Raw(server);
        // one that binds, calls, then begins a header and stops (slowloris)
        Raw trickle = new Raw(server).bound();
        assertInstanceOf(Pdu.Response.class, trickle.call(2, 1, new byte[] {1}));
        trickle.sendBytes(new byte[] {5, 0, 0, 3, 0x10});
        assertEquals(Raw.EOF, silent.next(), "the silent connection is closed");
        assertEquals(Raw.EOF, trickle.next(), "the trickling connection is closed");
        // the connection that went quiet between whole PDUs before either of them was not
        assertArrayEquals(new byte[] {3}, ((Pdu.Response) quiet.call(3, 1, new byte[] {3})).stub().toArray());
    }

    @Test
    void anIdleConnectionIsToldShutdownAndClosedOneWithACallInFlightIsNot() throws Exception {
        RpcServer server = start(RpcServer.Options.DEFAULT.withTimeouts(Duration.ofSeconds(30),
                Duration.ofMillis(300)));
        Raw busy = new Raw(server).bound();
        busy.send(Pdu.Request.of(2, 0, 8, null, Bytes.copyOf(new byte[] {8})));   // waits for release
        Raw idle = new Raw(server).bound();
        assertInstanceOf(Pdu.Response.class, idle.call(2, 1, new byte[] {1}));
        assertInstanceOf(Pdu.Shutdown.class, idle.next());
        assertEquals(Raw.EOF, idle.next());
        release.countDown();
        assertArrayEquals(new byte[] {8}, ((Pdu.Response) busy.next()).stub().toArray(),
                "the connection with a call in flight outlived the idle one");
    }

    // ---- connection limits ----------------------------------------------------------------------------------

    @Test
    void oneAccountBeyondItsLimitIsRefusedAsBusyOthersGoOn() throws Exception {
        RpcServer server = start(RpcServer.Options.DEFAULT.withConnectionLimits(100, 3, true));
        List<Raw> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(new Raw(server).bound());
        }
        Raw fourth = new Raw(server);
        fourth.send(Pdu.Bind.of(5, RpcClient.MAX_FRAGMENT, PresentationContext.ndr(0, IFACE)));
        Pdu.BindNak nak = assertInstanceOf(Pdu.BindNak.class, fourth.next());
        assertEquals(5, nak.callId());
        assertEquals(Pdu.BindNak.LOCAL_LIMIT_EXCEEDED, nak.rejectReason());
        assertEquals(Raw.EOF, fourth.next());
        RpcException busy = assertThrows(RpcException.class, () -> {
            try (RpcClient c = RpcClient.connect(UnixSocketTransport.create(), server.endpoint(), Duration.ZERO)) {
                c.call(IFACE, null, 1, Bytes.copyOf(new byte[] {1}), Duration.ofSeconds(DEADLINE_SECONDS));
            }
        });
        assertEquals(HResult.RPC_S_SERVER_TOO_BUSY, busy.hresult());
        assertTrue(busy.getMessage().contains("running but busy"), busy.getMessage());
        assertEquals(2, server.refusedConnections());
        // one of the account's connections goes: the account may connect again
        held.remove(0).close();
        await(() -> server.connectionCount() == 2, "the closed connection is gone");
        try (RpcClient c = RpcClient.connect(UnixSocketTransport.create(), server.endpoint(), Duration.ZERO)) {
            assertArrayEquals(new byte[] {1}, c.call(IFACE, null, 1, Bytes.copyOf(new byte[] {1}),
                    Duration.ofSeconds(DEADLINE_SECONDS)).toArray());
        }
    }

    @Test
    void theServersOwnAccountIsHeldOnlyToTheTotalWhichIsRefusedAsCongestion() throws Exception {
        RpcServer server = start(RpcServer.Options.DEFAULT.withConnectionLimits(4, 2, false));
        for (int i = 0; i < 4; i++) {
            new Raw(server).bound();   // beyond the per-account limit of 2: the server's own account
        }
        Raw fifth = new Raw(server);
        fifth.send(Pdu.Bind.of(9, RpcClient.MAX_FRAGMENT, PresentationContext.ndr(0, IFACE)));
        Pdu.BindNak nak = assertInstanceOf(Pdu.BindNak.class, fifth.next());
        assertEquals(Pdu.BindNak.TEMPORARY_CONGESTION, nak.rejectReason());
        // a refused connection that never sends its bind is closed all the same
        Raw mute = new Raw(server);
        assertEquals(Raw.EOF, mute.next());
        assertEquals(2, server.refusedConnections());
    }

    // ---- answers that come later --------------------------------------------------------------------------

    @Test
    void callsAnsweredLaterHoldNoWorkerAndOthersAreAnsweredMeanwhile() throws Exception {
        RpcServer server = start(RpcServer.Options.DEFAULT.withWorkers(2));
        Raw waiting = new Raw(server).bound();
        int n = 32;
        for (int i = 0; i < n; i++) {
            waiting.send(Pdu.Request.of(100 + i, 0, 9, null, Bytes.copyOf(new byte[] {(byte) i})));
        }
        java.util.concurrent.CompletableFuture<?>[] pending = new java.util.concurrent.CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            Later l = later.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
            assertTrue(l != null, "call " + i + " reached its method");
            pending[l.tag()] = l.answer();
        }
        // 32 calls wait on 2 workers; calls on the same connection and on another are answered meanwhile
        assertArrayEquals(new byte[] {1}, ((Pdu.Response) waiting.call(2, 1, new byte[] {1})).stub().toArray());
        Raw other = new Raw(server).bound();
        assertArrayEquals(new byte[] {2}, ((Pdu.Response) other.call(2, 1, new byte[] {2})).stub().toArray());
        assertTrue(java.util.Arrays.stream(pending).noneMatch(java.util.concurrent.CompletableFuture::isDone));
        // answered in another order than they came, from the test's thread
        for (int i = n - 1; i >= 0; i--) {
            @SuppressWarnings("unchecked")
            java.util.concurrent.CompletableFuture<Bytes> f = (java.util.concurrent.CompletableFuture<Bytes>) pending[i];
            if (i == 5) {
                f.completeExceptionally(new RpcFaultException(RpcStatus.NCA_S_OP_RNG_ERROR, "test"));
            } else {
                f.complete(Bytes.copyOf(new byte[] {(byte) i, 42}));
            }
        }
        java.util.Set<Integer> answered = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            Pdu p = waiting.next();
            int call = p.callId() - 100;
            if (call == 5) {
                assertEquals(RpcStatus.NCA_S_OP_RNG_ERROR, faultStatus(p));
            } else {
                assertArrayEquals(new byte[] {(byte) call, 42}, ((Pdu.Response) p).stub().toArray());
            }
            answered.add(call);
        }
        assertEquals(n, answered.size());
        // a connection that ends with calls still waiting cancels them
        Raw leaving = new Raw(server).bound();
        leaving.send(Pdu.Request.of(7, 0, 9, null, Bytes.copyOf(new byte[] {7})));
        Later orphan = later.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertTrue(orphan != null);
        leaving.close();
        await(orphan.answer()::isCancelled, "the call of the closed connection is cancelled");
        await(() -> server.pendingMemory().reserved() == 0, "every call's bytes are given back");
    }
}
