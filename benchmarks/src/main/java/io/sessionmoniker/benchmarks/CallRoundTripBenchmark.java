package io.sessionmoniker.benchmarks;

import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.runtime.Dispatch;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trips to a server in another JVM: our proxies (typed and late-bound) over a Unix domain socket, next to
 * a raw Java socket ping-pong of the same payload sizes in the same run, the physical floor (the design aims for
 * our calls within 2× of it), and the same calls through Java RMI on loopback TCP, what a Java developer would
 * use instead. The {@code threads16…} benchmarks run 16 callers at once and report calls per second: ours share
 * one proxy and connection, RMI opens connections as it needs them, and each raw caller has its own socket.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CallRoundTripBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CallRoundTripBenchmark {

    private Process server;
    private Path socketDirectory;
    private ComClient client;
    private RmiBench rmi;
    private BenchServer.IBench bench;
    private Dispatch dispatch;
    private SocketChannel raw;
    private final ByteBuffer out = ByteBuffer.allocate((1 << 17) + 4);
    private final ByteBuffer in = ByteBuffer.allocate((1 << 17) + 4);
    private String text1k;
    private String text64k;
    private byte[] bytes1k;
    private byte[] bytes64k;

    /**
     * Starts the server process and connects both clients.
     *
     * @throws Exception on failure
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        Path dir = Files.createTempDirectory("sessmon-bench",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socketDirectory = dir;
        server = ServerRefs.start(dir);
        ServerRefs refs = ServerRefs.read(server);
        ObjRef ref = refs.objRef();
        rmi = refs.rmi();
        client = new ComClient(UnixSocketTransport.create());
        bench = client.proxy(ref, BenchServer.IBench.class);
        dispatch = ((RemoteObject) bench).dispatch();
        raw = SocketChannel.open(StandardProtocolFamily.UNIX);
        raw.connect(UnixDomainSocketAddress.of(dir.resolve("raw.sock")));
        text1k = "x".repeat(1024);
        text64k = "x".repeat(64 * 1024);
        // a BSTR carries UTF-16: the raw ping-pong moves the same number of bytes
        bytes1k = new byte[2 * 1024];
        bytes64k = new byte[2 * 64 * 1024];
    }

    /**
     * Stops the server process.
     *
     * @throws Exception on failure
     */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        raw.close();
        dispatch.close();
        client.close();
        ServerRefs.stop(server, socketDirectory);
    }

    /** Our proxy: a call with no arguments and no result. */
    @Benchmark
    public void orpcNoArgs() {
        bench.Nothing();
    }

    /**
     * Our proxy: two ints in, one out.
     *
     * @return the sum
     */
    @Benchmark
    public int orpcAddInt() {
        return bench.Add(20, 22);
    }

    /**
     * Our proxy: a 1 KiB string there and back.
     *
     * @return the echo
     */
    @Benchmark
    public String orpcEcho1k() {
        return bench.Echo(text1k);
    }

    /**
     * Our proxy: a 64 KiB string there and back.
     *
     * @return the echo
     */
    @Benchmark
    public String orpcEcho64k() {
        return bench.Echo(text64k);
    }

    /**
     * Java RMI on loopback: a call with no arguments and no result.
     *
     * @throws Exception on failure
     */
    @Benchmark
    public void rmiNoArgs() throws Exception {
        rmi.nothing();
    }

    /**
     * Java RMI: two ints in, one out.
     *
     * @return the sum
     * @throws Exception on failure
     */
    @Benchmark
    public int rmiAddInt() throws Exception {
        return rmi.add(20, 22);
    }

    /**
     * Java RMI: a 1 KiB string there and back.
     *
     * @return the echo
     * @throws Exception on failure
     */
    @Benchmark
    public String rmiEcho1k() throws Exception {
        return rmi.echo(text1k);
    }

    /**
     * Java RMI: a 64 KiB string there and back.
     *
     * @return the echo
     * @throws Exception on failure
     */
    @Benchmark
    public String rmiEcho64k() throws Exception {
        return rmi.echo(text64k);
    }

    /**
     * 16 threads: our proxy, a call with no arguments, all threads sharing one proxy and one connection.
     */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void threads16OrpcNoArgs() {
        bench.Nothing();
    }

    /**
     * 16 threads: our proxy, a 1 KiB string echo.
     *
     * @return the echo
     */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public String threads16OrpcEcho1k() {
        return bench.Echo(text1k);
    }

    /**
     * 16 threads: Java RMI, a call with no arguments (RMI opens connections as threads need them).
     *
     * @throws Exception on failure
     */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void threads16RmiNoArgs() throws Exception {
        rmi.nothing();
    }

    /**
     * 16 threads: Java RMI, a 1 KiB string echo.
     *
     * @return the echo
     * @throws Exception on failure
     */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public String threads16RmiEcho1k() throws Exception {
        return rmi.echo(text1k);
    }

    /**
     * 16 threads: baseline, an empty message over a raw Unix socket, one connection per thread.
     *
     * @param raw this thread's connection
     * @return the reply length
     * @throws Exception on failure
     */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int threads16RawPingPong0(RawConnection raw) throws Exception {
        return raw.pingPong(0);
    }

    /**
     * 16 threads: baseline, 2 KiB over a raw Unix socket, one connection per thread.
     *
     * @param raw this thread's connection
     * @return the reply length
     * @throws Exception on failure
     */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int threads16RawPingPong1k(RawConnection raw) throws Exception {
        return raw.pingPong(2 * 1024);
    }

    /** One thread's own raw connection to the echo server (a raw socket cannot be shared by callers). */
    @State(Scope.Thread)
    public static class RawConnection {
        private SocketChannel channel;
        private final ByteBuffer out = ByteBuffer.allocate(4 + 2 * 1024);
        private final ByteBuffer in = ByteBuffer.allocate(4 + 2 * 1024);

        /** Creates the state; JMH connects it. */
        public RawConnection() {
        }

        /**
         * Connects to the benchmark's echo server.
         *
         * @param benchmark the benchmark, whose server is running
         * @throws Exception on failure
         */
        @Setup(Level.Trial)
        public void connect(CallRoundTripBenchmark benchmark) throws Exception {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(benchmark.socketDirectory.resolve("raw.sock")));
        }

        /**
         * Closes the connection.
         *
         * @throws Exception on failure
         */
        @TearDown(Level.Trial)
        public void close() throws Exception {
            channel.close();
        }

        int pingPong(int length) throws Exception {
            out.clear();
            out.putInt(length).position(4 + length).flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            in.clear().limit(4 + length);
            BenchServer.readFully(channel, in);
            return in.position();
        }
    }

    /**
     * Late-bound: IDispatch::Invoke of Add by name (the DISPID is cached after the first call).
     *
     * @return the sum
     */
    @Benchmark
    public Object dispatchAdd() {
        return dispatch.invoke("Add", 20, 22);
    }

    /**
     * Baseline: an empty message over a raw Unix socket.
     *
     * @return the reply length
     * @throws Exception on failure
     */
    @Benchmark
    public int rawPingPong0() throws Exception {
        return pingPong(new byte[0]);
    }

    /**
     * Baseline: 2 KiB (a 1 KiB string in UTF-16) over a raw Unix socket.
     *
     * @return the reply length
     * @throws Exception on failure
     */
    @Benchmark
    public int rawPingPong1k() throws Exception {
        return pingPong(bytes1k);
    }

    /**
     * Baseline: 128 KiB (a 64 KiB string in UTF-16) over a raw Unix socket.
     *
     * @return the reply length
     * @throws Exception on failure
     */
    @Benchmark
    public int rawPingPong64k() throws Exception {
        return pingPong(bytes64k);
    }

    private int pingPong(byte[] payload) throws Exception {
        out.clear();
        out.putInt(payload.length).put(payload).flip();
        while (out.hasRemaining()) {
            raw.write(out);
        }
        in.clear().limit(4 + payload.length);
        BenchServer.readFully(raw, in);
        return in.position();
    }
}
