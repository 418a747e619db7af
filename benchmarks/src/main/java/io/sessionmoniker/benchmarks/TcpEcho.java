package io.sessionmoniker.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A loopback TCP echo of fixed-size messages in this JVM, with no RPC at all: the floor under a call's round trip
 * that the DCOM benchmarks stand beside.
 */
final class TcpEcho implements AutoCloseable {

    private final ServerSocketChannel server;
    private final SocketChannel client;
    private final ByteBuffer out;
    private final ByteBuffer in;

    /**
     * Starts the echo thread and connects to it.
     *
     * @param size the octets of each message
     * @throws IOException on failure
     */
    TcpEcho(int size) throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread echo = new Thread(() -> {
            try (SocketChannel c = server.accept()) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ByteBuffer b = ByteBuffer.allocate(size);
                while (true) {
                    b.clear();
                    while (b.hasRemaining()) {
                        if (c.read(b) < 0) {
                            return;
                        }
                    }
                    b.flip();
                    while (b.hasRemaining()) {
                        c.write(b);
                    }
                }
            } catch (IOException e) {
                // the benchmark ended
            }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
        client = SocketChannel.open(server.getLocalAddress());
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        out = ByteBuffer.allocate(size);
        in = ByteBuffer.allocate(size);
    }

    /**
     * Sends one message and reads its echo.
     *
     * @return the octets read
     * @throws IOException on failure
     */
    int pingPong() throws IOException {
        out.clear();
        while (out.hasRemaining()) {
            client.write(out);
        }
        in.clear();
        while (in.hasRemaining()) {
            client.read(in);
        }
        return in.position();
    }

    /** Closes both ends; the echo thread ends with its connection. */
    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
