package io.sessionmoniker.activation.orpc.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.PeerCredentials;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.activation.testing.Await;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which threads read a connection and run its calls, over real Unix sockets: a caller whose call is the only one in
 * flight reads its own response; overlapping calls are read for their callers by whoever reads; a caller reading for
 * itself gives up at its deadline or on an interrupt and leaves the connection usable; an idle connection the
 * server closes is seen; a link that cannot poll is read by the reader thread. On the server, a call on an idle
 * server runs on the thread that read it, and the calls that follow it on the same connection are read and run
 * while it runs.
 */
@Timeout(120)
class ReadingThreadsTest {

    static final SyntaxId IFACE = SyntaxId.of(Guid.parse("7E57A0A0-0000-4000-8000-0000000000B2"));
    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Opnum 1 answers the name of the thread that ran it; opnum 2 waits for {@link #release}; others echo. */
    static final int THREAD_NAME = 1;
    static final int WAIT = 2;

    @TempDir
    Path tmp;
    final List<AutoCloseable> open = new ArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch waiting = new CountDownLatch(1);
    final AtomicReference<String> waitRanOn = new AtomicReference<>();

    @AfterEach
    void closeAll() throws Exception {
        release.countDown();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    RpcServer start() throws IOException {
        Path dir = tmp.resolve("s");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        RpcServer.Handler handler = new RpcServer.Handler() {
            @Override
            public boolean supports(SyntaxId iface) {
                return iface.equals(IFACE);
            }

            @Override
            public Bytes invoke(RpcServer.Call call) {
                if (call.opnum() == THREAD_NAME) {
                    return Bytes.copyOf(Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8));
                }
                if (call.opnum() == WAIT) {
                    waitRanOn.set(Thread.currentThread().getName());
                    waiting.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return call.stub();
            }
        };
        RpcServer server = RpcServer.start(UnixSocketTransport.create(), Endpoint.unix(dir.resolve("rpc.sock")),
                handler, RpcServer.Options.DEFAULT);
        open.add(server);
        return server;
    }

    RpcClient connect(RpcServer server, Transport transport) {
        RpcClient c = RpcClient.connect(transport, server.endpoint(), DEADLINE);
        open.add(c);
        return c;
    }

    static Bytes call(RpcClient c, int opnum, String text, Duration deadline) {
        return c.call(IFACE, null, opnum, Bytes.copyOf(text.getBytes(StandardCharsets.UTF_8)), deadline);
    }

    static String text(Bytes b) {
        return new String(b.toArray(), StandardCharsets.UTF_8);
    }

    @Test
    void aLoneCallIsReadOnTheThreadThatMadeIt() throws Exception {
        RpcServer server = start();
        Recording transport = new Recording(true);
        RpcClient c = connect(server, transport);
        assertEquals("bind", text(call(c, 0, "bind", DEADLINE)));
        transport.readers.clear();
        for (int i = 0; i < 20; i++) {
            assertEquals("echo " + i, text(call(c, 0, "echo " + i, DEADLINE)));
        }
        assertEquals(Set.of(Thread.currentThread().getName()), transport.readers,
                "the threads that read responses to calls made one at a time");
    }

    @Test
    void aLinkThatCannotPollIsReadByTheReaderThread() throws Exception {
        RpcServer server = start();
        Recording transport = new Recording(false);
        RpcClient c = connect(server, transport);
        for (int i = 0; i < 5; i++) {
            assertEquals("echo " + i, text(call(c, 0, "echo " + i, DEADLINE)));
        }
        assertFalse(transport.readers.isEmpty());
        assertTrue(transport.readers.stream().allMatch(n -> n.startsWith("rpc-client ")), transport.readers::toString);
    }

    @Test
    void callsThatOverlapACallReadingForItselfAreAnsweredWhileItWaits() throws Exception {
        RpcServer server = start();
        RpcClient c = connect(server, UnixSocketTransport.create());
        assertEquals("bind", text(call(c, 0, "bind", DEADLINE)));
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            // alone in flight when it starts, so its own thread reads; then the others overlap it
            Future<Bytes> slow = pool.submit(() -> call(c, WAIT, "slow", DEADLINE));
            assertTrue(waiting.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            List<Future<Integer>> others = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = t * 1000;
                others.add(pool.submit(() -> {
                    int n = 0;
                    for (int i = 0; i < 50; i++) {
                        String s = Integer.toString(base + i);
                        assertEquals(s, text(call(c, 0, s, DEADLINE)));
                        n++;
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : others) {
                assertEquals(50, f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            }
            assertFalse(slow.isDone(), "400 calls were answered while the first was outstanding");
            release.countDown();
            assertEquals("slow", text(slow.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallerReadingForItselfGivesUpAtItsDeadlineAndTheConnectionGoesOn() throws Exception {
        RpcServer server = start();
        RpcClient c = connect(server, UnixSocketTransport.create());
        assertEquals("bind", text(call(c, 0, "bind", DEADLINE)));
        RpcException timedOut = assertThrows(RpcException.class, () -> call(c, WAIT, "slow", Duration.ofMillis(200)));
        assertEquals(HResult.RPC_E_TIMEOUT, timedOut.hresult());
        assertTrue(c.isOpen());
        assertEquals("after", text(call(c, 0, "after", DEADLINE)));
        release.countDown();
        // the late answer to the call that timed out is dropped; the connection still serves calls
        assertEquals("later", text(call(c, 0, "later", DEADLINE)));
    }

    @Test
    void anInterruptedCallerGivesUpAndTheConnectionGoesOn() throws Exception {
        RpcServer server = start();
        RpcClient c = connect(server, UnixSocketTransport.create());
        assertEquals("bind", text(call(c, 0, "bind", DEADLINE)));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                call(c, WAIT, "slow", DEADLINE);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "interrupted caller");
        caller.start();
        assertTrue(waiting.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(DEADLINE.toMillis());
        assertFalse(caller.isAlive());
        RpcException e = (RpcException) failure.get();
        assertEquals(HResult.E_FAIL, e.hresult());
        assertTrue(e.getMessage().contains("interrupted"), e::getMessage);
        assertTrue(c.isOpen());
        assertEquals("after", text(call(c, 0, "after", DEADLINE)));
    }

    @Test
    void anIdleConnectionThatTheServerClosesIsSeenClosed() throws Exception {
        RpcServer server = start();
        RpcClient c = connect(server, UnixSocketTransport.create());
        for (int i = 0; i < 5; i++) {
            call(c, 0, "x", DEADLINE); // read by this thread: nobody else reads until the reader thread watches
        }
        CountDownLatch closed = new CountDownLatch(1);
        c.whenClosed().thenRun(closed::countDown);
        server.close();
        assertTrue(closed.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the client saw the server close");
        assertFalse(c.isOpen());
        RpcException e = assertThrows(RpcException.class, () -> call(c, 0, "x", DEADLINE));
        assertEquals(HResult.RPC_E_DISCONNECTED, e.hresult());
    }

    @Test
    void aCallOnAnIdleServerRunsOnTheThreadThatReadIt() throws Exception {
        RpcServer server = start();
        RpcClient c = connect(server, UnixSocketTransport.create());
        assertTrue(text(call(c, THREAD_NAME, "", DEADLINE)).startsWith("rpc-connection-"));
    }

    @Test
    void whileACallRunsOnItsReaderTheConnectionIsReadOnAndItsCallsRunOnWorkers() throws Exception {
        RpcServer server = start();
        RpcClient c = connect(server, UnixSocketTransport.create());
        assertEquals("bind", text(call(c, 0, "bind", DEADLINE)));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Bytes> slow = pool.submit(() -> call(c, WAIT, "slow", DEADLINE));
            assertTrue(waiting.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            assertTrue(waitRanOn.get().startsWith("rpc-connection-"), waitRanOn::get);
            for (int i = 0; i < 20; i++) {
                assertTrue(text(call(c, THREAD_NAME, "", DEADLINE)).startsWith("rpc-worker-"));
            }
            assertFalse(slow.isDone());
            release.countDown();
            assertEquals("slow", text(slow.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)));
            // the server is idle again: the next call runs where it was read
            Await.until("a call to run on its reader again", DEADLINE,
                    () -> text(call(c, THREAD_NAME, "", DEADLINE)), n -> n.startsWith("rpc-connection-"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Unix sockets whose links note the threads that read bytes; polling reads or not. */
    static final class Recording implements Transport {
        final Transport inner = UnixSocketTransport.create();
        final boolean polls;
        final Set<String> readers = ConcurrentHashMap.newKeySet();

        Recording(boolean polls) {
            this.polls = polls;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public String protocolSequence() {
            return inner.protocolSequence();
        }

        @Override
        public int towerId() {
            return inner.towerId();
        }

        @Override
        public String bindingAddress(Endpoint endpoint) {
            return inner.bindingAddress(endpoint);
        }

        @Override
        public Optional<Endpoint> endpoint(String bindingAddress) {
            return inner.endpoint(bindingAddress);
        }

        @Override
        public Listener listen(Endpoint endpoint) throws IOException {
            return inner.listen(endpoint);
        }

        @Override
        public Link connect(Endpoint endpoint, Duration timeout) throws IOException {
            Link link = inner.connect(endpoint, timeout);
            return new Link() {
                @Override
                public int read(ByteBuffer destination) throws IOException {
                    int n = link.read(destination);
                    if (n > 0) {
                        readers.add(Thread.currentThread().getName());
                    }
                    return n;
                }

                @Override
                public void write(ByteBuffer... sources) throws IOException {
                    link.write(sources);
                }

                @Override
                public boolean enterPolledReads() throws IOException {
                    return polls && link.enterPolledReads();
                }

                @Override
                public void awaitReadable(long timeoutNanos) throws IOException {
                    link.awaitReadable(timeoutNanos);
                }

                @Override
                public void wakeUp() {
                    link.wakeUp();
                }

                @Override
                public PeerCredentials peer() {
                    return link.peer();
                }

                @Override
                public String describe() {
                    return link.describe();
                }

                @Override
                public void close() throws IOException {
                    link.close();
                }
            };
        }
    }
}
