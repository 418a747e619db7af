package io.sessionmoniker.benchmarks;

import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.server.UnicastRemoteObject;

/**
 * The server process of {@link CallRoundTripBenchmark} and {@link HostScaleBenchmark}: exports an {@link IBench}
 * object (printing its OBJREF as {@code OBJREF <hex>}), exports the same calls over Java RMI on loopback (printing
 * the serialized stub as {@code RMI <hex>}), and runs a raw echo server (4-byte length, then the bytes, echoed
 * back) on a second Unix socket, the physical floor.
 */
public final class BenchServer {

    private BenchServer() {
    }

    /** The benchmarked interface. */
    @ComInterface(iid = "40000000-0000-0000-0000-0000000000B1")
    public interface IBench {
        /** No arguments, no result. */
        void Nothing();

        /**
         * Adds.
         *
         * @param a a number
         * @param b another
         * @return the sum
         */
        int Add(int a, int b);

        /**
         * Echoes.
         *
         * @param s a string
         * @return the same string
         */
        String Echo(String s);

        /**
         * Exports a new object of this interface, for measuring many live proxies.
         *
         * @return the new object
         */
        IBench NewObject();

        /**
         * Collects garbage in the server and measures its heap.
         *
         * @return the bytes of heap in use after a full collection
         */
        long UsedHeapAfterGc();
    }

    /** The benchmarked object: each {@link IBench#NewObject()} exports another one. */
    private static final class Bench implements IBench {
        @Override
        public void Nothing() {
        }

        @Override
        public int Add(int a, int b) {
            return a + b;
        }

        @Override
        public String Echo(String s) {
            return s;
        }

        @Override
        public IBench NewObject() {
            return new Bench();
        }

        @Override
        public long UsedHeapAfterGc() {
            return Heap.usedAfterGc();
        }
    }

    /** The same calls over Java RMI. */
    private static final class RmiBenchImpl implements RmiBench {
        @Override
        public void nothing() {
        }

        @Override
        public int add(int a, int b) {
            return a + b;
        }

        @Override
        public String echo(String s) {
            return s;
        }
    }

    /**
     * Runs both servers until stdin closes.
     *
     * @param args the directory for the two sockets
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path raw = dir.resolve("raw.sock");
        Files.deleteIfExists(raw);
        ServerSocketChannel echo = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        echo.bind(UnixDomainSocketAddress.of(raw));
        Thread t = new Thread(() -> serveRaw(echo), "raw-echo");
        t.setDaemon(true);
        t.start();
        try (ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(),
                Endpoint.unix(dir.resolve("orpc.sock")), ObjectExporter.AccessCheck.ALLOW_ALL)) {
            ObjRef ref = exporter.export(new Bench(), IBench.class);
            // RMI on loopback: the stub is handed over serialized, so no registry (and no fixed port) is needed
            System.setProperty("java.rmi.server.hostname", "127.0.0.1");
            RmiBenchImpl rmi = new RmiBenchImpl();
            Remote stub = UnicastRemoteObject.exportObject(rmi, 0);
            ByteArrayOutputStream serialized = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
                out.writeObject(stub);
            }
            System.out.println("RMI " + Bytes.copyOf(serialized.toByteArray()).toHex());
            System.out.println("OBJREF " + ref.encode().toHex());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the benchmark closes our stdin
            }
            UnicastRemoteObject.unexportObject(rmi, true);
        }
    }

    private static void serveRaw(ServerSocketChannel server) {
        try {
            while (true) {
                SocketChannel c = server.accept();
                Thread t = new Thread(() -> echo(c), "raw-echo-connection");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // the process is ending
        }
    }

    private static void echo(SocketChannel c) {
        ByteBuffer header = ByteBuffer.allocate(4);
        ByteBuffer body = ByteBuffer.allocate(1 << 20);
        try (c) {
            while (true) {
                header.clear();
                if (!readFully(c, header)) {
                    return;
                }
                header.flip();
                int n = header.getInt(0);
                body.clear().limit(n);
                if (!readFully(c, body)) {
                    return;
                }
                body.flip();
                header.rewind();
                while (header.hasRemaining() || body.hasRemaining()) {
                    c.write(new ByteBuffer[] {header, body});
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    static boolean readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                return false;
            }
        }
        return true;
    }
}
