package io.sessionmoniker.activation.orpc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.activation.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated PDUs sent to a live exporter: it keeps serving a well-behaved client throughout, and its
 * connection threads and open file descriptors return to their baseline afterwards. Each count is first shown to
 * see a connection held open, so that a return to the baseline means something.
 */
class MalformedInputTest {

    @TempDir
    Path tmp;

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** A valid bind followed by a valid request, captured from the client's encoder, to mutate. */
    private static final String BIND = "05000b03100000004800000001000000f8fff8ff000000000100000000000100"
            + "31010000000000000c000000000000004600000000045d888aeb1cc9119fe808002b10486002000000";

    @Test
    void garbageClosesOneConnectionAndNothingElse() throws Exception {
        try (Served served = serve()) {
            // the good client's connection is read by one thread (once the thread that ran its first call has
            // handed the reading on); the count sees connections: one held open shows up as a second
            java.util.function.Supplier<Integer> readers = () -> rpcConnectionThreads(served.socket());
            Await.until("one reader thread for the good client's connection", DEADLINE, readers, n -> n == 1);
            SocketChannel held = connect(served.socket());
            try {
                Await.until("a reader thread for a held connection", DEADLINE, readers, n -> n == 2);
            } finally {
                held.close();
            }
            sendGarbage(served);
            Await.until("the connection threads to return to the good client's one", DEADLINE, readers,
                    n -> n == 1);
        }
    }

    @Test
    void garbageLeaksNoFileDescriptors() throws Exception {
        Optional<Path> fds = descriptorDirectory();
        Assumptions.assumeTrue(fds.isPresent(), () -> {
            String reason = "skipped: this OS (" + System.getProperty("os.name") + ") lists a process's open file"
                    + " descriptors neither in /proc/self/fd nor in /dev/fd";
            System.out.println(getClass().getSimpleName() + ": " + reason);
            return reason;
        });
        Path dir = fds.orElseThrow();
        try (Served served = serve()) {
            long baseline = openFileDescriptors(dir);
            // the count sees descriptors: a connection held open adds at least one (here and at the exporter)
            SocketChannel held = connect(served.socket());
            try {
                Await.until("a held connection to show in " + dir, DEADLINE, () -> openFileDescriptors(dir),
                        n -> n > baseline);
            } finally {
                held.close();
            }
            sendGarbage(served);
            Await.until("the open file descriptors in " + dir + " to return to " + baseline, DEADLINE,
                    () -> openFileDescriptors(dir), n -> n <= baseline);
        }
    }

    /** An exporter on a fresh socket, and a well-behaved client that has made one call to it. */
    private Served serve() throws IOException {
        Path dir = tmp.resolve("s");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("x.sock");
        ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(), Endpoint.unix(socket),
                ObjectExporter.AccessCheck.ALLOW_ALL);
        ComClient good = new ComClient(UnixSocketTransport.create());
        ObjRef ref = exporter.export(new ChildServer.Calc(), TestInterfaces.ICalc.class);
        TestInterfaces.ICalc calc = good.proxy(ref, TestInterfaces.ICalc.class);
        assertEquals(3, calc.Add(1, 2));
        return new Served(exporter, good, calc, socket);
    }

    private record Served(ObjectExporter exporter, ComClient good, TestInterfaces.ICalc calc, Path socket)
            implements AutoCloseable {
        @Override
        public void close() {
            ((RemoteObject) calc).close();
            good.close();
            exporter.close();
        }
    }

    /** 300 random and mutated PDUs, each on its own connection, while the good client keeps calling. */
    private static void sendGarbage(Served served) throws IOException {
        Random random = new Random(20261123);
        byte[] bind = hex(BIND);
        for (int i = 0; i < 300; i++) {
            byte[] payload;
            switch (i % 3) {
                case 0 -> {
                    payload = new byte[1 + random.nextInt(200)];
                    random.nextBytes(payload);
                }
                case 1 -> {
                    payload = bind.clone();
                    for (int k = 0; k < 1 + random.nextInt(4); k++) {
                        payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
                    }
                }
                default -> {
                    payload = bind.clone();
                    payload[8] = (byte) 0xFF;   // frag_length far beyond what is sent
                    payload[9] = (byte) 0xFF;
                }
            }
            send(served.socket(), payload, i % 2 == 0);
            if (i % 50 == 0) {
                assertEquals(i + 3, served.calc().Add(i, 3), "the exporter keeps serving others");
            }
        }
        assertEquals(42, served.calc().Add(40, 2));
    }

    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Sends bytes, then either closes at once or half-closes and waits for the server to hang up. */
    private static void send(Path socket, byte[] payload, boolean waitForServer) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(payload));
            if (waitForServer) {
                ch.shutdownOutput();
                ByteBuffer sink = ByteBuffer.allocate(4096);
                while (ch.read(sink) >= 0) {
                    sink.clear();
                }
            }
        }
    }

    /**
     * Threads reading a connection of the server on {@code socket}: reader threads come from a pool and go back to
     * it, so a thread counts while it is in a connection's reading turn (or runs a call it read), named after the
     * connection, whose description names the socket.
     */
    private static int rpcConnectionThreads(Path socket) {
        String server = socket.toString();
        return (int) Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("rpc-connection-")
                        && e.getKey().getName().contains(server))
                .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("readTurn")
                        && f.getClassName().endsWith("RpcServer$ServerConnection")))
                .count();
    }

    /** Where this OS lists the process's open file descriptors: /proc/self/fd (Linux), /dev/fd (macOS, BSDs). */
    private static Optional<Path> descriptorDirectory() {
        for (String candidate : new String[] {"/proc/self/fd", "/dev/fd"}) {
            Path dir = Path.of(candidate);
            if (Files.isDirectory(dir) && Files.isReadable(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static long openFileDescriptors(Path dir) {
        try (var list = Files.list(dir)) {
            return list.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
