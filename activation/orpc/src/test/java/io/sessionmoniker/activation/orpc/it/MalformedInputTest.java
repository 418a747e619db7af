package io.sessionmoniker.activation.orpc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated PDUs sent to a live exporter: it keeps serving a well-behaved client throughout, and its
 * connections, threads and open file descriptors return to their baseline afterwards.
 */
class MalformedInputTest {

    @TempDir
    Path tmp;

    /** A valid bind followed by a valid request, captured from the client's encoder, to mutate. */
    private static final String BIND = "05000b03100000004800000001000000f8fff8ff000000000100000000000100"
            + "31010000000000000c000000000000004600000000045d888aeb1cc9119fe808002b10486002000000";

    @Test
    void garbageClosesOneConnectionAndNothingElse() throws Exception {
        Path dir = tmp.resolve("s");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("x.sock");
        try (ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(), Endpoint.unix(socket),
                ObjectExporter.AccessCheck.ALLOW_ALL);
                ComClient good = new ComClient(UnixSocketTransport.create())) {
            ObjRef ref = exporter.export(new ChildServer.Calc(), TestInterfaces.ICalc.class);
            TestInterfaces.ICalc calc = good.proxy(ref, TestInterfaces.ICalc.class);
            assertEquals(3, calc.Add(1, 2));
            long fds = openFileDescriptors();
            int threads = rpcConnectionThreads();
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
                send(socket, payload, i % 2 == 0);
                if (i % 50 == 0) {
                    assertEquals(i + 3, calc.Add(i, 3), "the exporter keeps serving others");
                }
            }
            assertEquals(42, calc.Add(40, 2));
            awaitTrue(() -> rpcConnectionThreads() <= threads, "connection threads back to " + threads);
            awaitTrue(() -> openFileDescriptors() <= fds, "open file descriptors back to " + fds);
            ((RemoteObject) calc).close();
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

    private static int rpcConnectionThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("rpc-connection-")).count();
    }

    private static long openFileDescriptors() {
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            return list.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 30 s: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        assertTrue(condition.getAsBoolean());
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
