package io.sessionmoniker.benchmarks;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.server.ISessionInfo;
import io.sessionmoniker.server.IStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Activation through an embedded {@link SessionHost} on the demo scenario: warm (the multiple-use SessionInfo
 * server is running; bind, create an instance, call it, release it) and cold (the single-use stub: every
 * activation launches a JVM that registers its class object), with the start of a bare {@code java -version} in
 * the same run for scale; and warm activations per second with 1, 4 and 16 concurrent callers, all binding to
 * the same running server.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ActivationBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ActivationBenchmark {

    private static final Caller SYSTEM = Caller.local(Principal.system(), 0);

    private SessionHost host;
    private ISessionInfo keepAlive;

    /**
     * Starts the host and one SessionInfo server, kept running by an instance held for the whole trial.
     *
     * @throws Exception on failure
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        host = SessionHost.start(Scenario.demo(), SessionHost.Options.defaults());
        keepAlive = host.activate("Session:2!new:10000013-0000-0000-0000-000000000001", SYSTEM,
                ISessionInfo.class).object();
    }

    /** Ends the host and its servers. */
    @TearDown(Level.Trial)
    public void stop() {
        ((ComObject) keepAlive).close();
        host.close();
    }

    /**
     * Warm: bind to the running server, create an instance, call it once, release it.
     *
     * @return the session the server reported
     */
    @Benchmark
    public int warmActivation() {
        return warm();
    }

    /**
     * Warm activations per second with one caller, the baseline of the concurrent ones.
     *
     * @return the session the server reported
     */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int warmThroughput1() {
        return warm();
    }

    /**
     * Warm activations per second with 4 concurrent callers.
     *
     * @return the session the server reported
     */
    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int warmThroughput4() {
        return warm();
    }

    /**
     * Warm activations per second with 16 concurrent callers.
     *
     * @return the session the server reported
     */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int warmThroughput16() {
        return warm();
    }

    private int warm() {
        Activation<ISessionInfo> a = host.activate("Session:2!new:10000013-0000-0000-0000-000000000001", SYSTEM,
                ISessionInfo.class);
        try {
            return a.object().SessionId();
        } finally {
            ((ComObject) a.object()).close();
        }
    }

    /** The host of the cold case, with or without the servers' class-data archive. */
    @State(Scope.Benchmark)
    public static class Cold {
        /** {@code archive}: the servers start with the class-data archive; {@code none}: without. */
        @Param({"archive", "none"})
        public String serverArchive;

        SessionHost host;

        /**
         * Starts the host.
         *
         * @throws Exception on failure
         */
        @Setup(Level.Trial)
        public void start() throws Exception {
            SessionHost.Options options = SessionHost.Options.defaults();
            if (serverArchive.equals("archive")) {
                Path archive = archive();
                System.out.println("SERVER-ARCHIVE " + archive + (Files.isRegularFile(archive) ? " (present)"
                        : " (missing: the servers start without it)"));
                options = options.withServerArchive(archive);
            } else {
                System.out.println("SERVER-ARCHIVE none");
            }
            host = SessionHost.start(Scenario.demo(), options);
        }

        /** Ends the host. */
        @TearDown(Level.Trial)
        public void stop() {
            host.close();
        }

        private static Path archive() throws Exception {
            String named = System.getProperty("sessmon.bench.serverArchive");
            if (named != null) {
                return Path.of(named).toAbsolutePath();
            }
            return Path.of(ActivationBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolveSibling("servers.jsa");
        }
    }

    /**
     * Cold: launch a single-use server process, wait for it to register, create an instance, call it, release
     * it (the server then exits).
     *
     * @param cold the host
     * @return the server's pid
     */
    @Benchmark
    public int coldActivation(Cold cold) {
        Activation<IStub> a = cold.host.activate("Session:2!new:10000013-0000-0000-0000-000000000003", SYSTEM,
                IStub.class);
        try {
            return a.object().ProcessId();
        } finally {
            ((ComObject) a.object()).close();
        }
    }

    /**
     * Baseline: start {@code java -version} and wait for it to end.
     *
     * @return its exit status
     * @throws Exception on failure
     */
    @Benchmark
    public int javaVersion() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }
}
