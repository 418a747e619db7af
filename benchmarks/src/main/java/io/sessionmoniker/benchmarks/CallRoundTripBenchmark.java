package io.sessionmoniker.benchmarks;

import io.sessionmoniker.activation.orpc.Bytes;
import io.sessionmoniker.activation.orpc.ComClient;
import io.sessionmoniker.activation.orpc.ComObject;
import io.sessionmoniker.activation.orpc.Dispatch;
import io.sessionmoniker.activation.orpc.ObjRef;
import io.sessionmoniker.activation.orpc.UnixSocketTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trips to a server in another JVM over Unix domain sockets: our proxies (typed and late-bound), next to a
 * raw Java socket ping-pong of the same payload sizes in the same run, the physical floor (the design aims for
 * our calls within 2× of it).
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
    private ComClient client;
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
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BenchServer.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        // the JVM may print notes first (a flight recording started through JAVA_TOOL_OPTIONS, for example)
        while (line != null && !line.startsWith("OBJREF ")) {
            line = lines.readLine();
        }
        if (line == null) {
            throw new IllegalStateException("the bench server ended without printing its OBJREF");
        }
        ObjRef ref = ObjRef.decode(Bytes.fromHex(line.substring(7)));
        client = new ComClient(UnixSocketTransport.create());
        bench = client.proxy(ref, BenchServer.IBench.class);
        dispatch = ((ComObject) bench).dispatch();
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
        server.getOutputStream().close();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
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
