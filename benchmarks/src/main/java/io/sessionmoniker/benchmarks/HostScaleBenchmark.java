package io.sessionmoniker.benchmarks;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.server.ISessionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
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
 * How the embedded host and the object runtime scale.
 *
 * <ul>
 *   <li>{@link Host}: an embedded {@link SessionHost} with 10, 100 or 1000 sessions, each with its own logged-on
 *       user (a generated scenario with the demo registry), and one SessionInfo server running in session 1.
 *       {@link #warmActivation} measures bind, create, call and release against it; {@link #calls16Threads}
 *       measures calls per second from 16 threads sharing one proxy. The host's heap (in use after a full
 *       collection, less the heap before the host started) is printed when the trial starts, as
 *       {@code HOST-HEAP sessions=N bytes=… perSession=…}.</li>
 *   <li>{@link Proxies}: 10 000 live proxies, each to its own object exported by a {@link BenchServer} in another
 *       JVM. The heap each costs on the client and on the server (in use after a full collection, before and
 *       after they were made) is printed as {@code PROXY-HEAP …}; {@link #callAmong10000Proxies} calls them in
 *       turn, beside {@link #callOneProxy}, the same call on one proxy, in the same run.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HostScaleBenchmark} (the memory lines appear in the
 * output of each trial).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostScaleBenchmark {

    private static final Caller SYSTEM = Caller.local(Principal.system(), 0);
    private static final String SESSION_INFO = "Session:1!new:10000013-0000-0000-0000-000000000001";

    /** Creates the benchmark; JMH runs it. */
    public HostScaleBenchmark() {
    }

    /** An embedded host with many sessions and one running server. */
    @State(Scope.Benchmark)
    public static class Host {
        /** The number of interactive sessions, each with its own user. */
        @Param({"10", "100", "1000"})
        public int sessions;

        private SessionHost host;
        private ISessionInfo keepAlive;

        /** Creates the state; JMH fills it. */
        public Host() {
        }

        /**
         * Starts the host on a generated scenario, measures its heap and starts the SessionInfo server.
         *
         * @throws Exception on failure
         */
        @Setup(Level.Trial)
        public void start() throws Exception {
            long before = Heap.usedAfterGc();
            host = SessionHost.start(scenario(sessions), SessionHost.Options.defaults());
            long with = Heap.usedAfterGc();
            System.out.printf(Locale.ROOT, "%nHOST-HEAP sessions=%d bytes=%d perSession=%d (heap before the host: %d)%n",
                    sessions, with - before, (with - before) / sessions, before);
            keepAlive = host.activate(SESSION_INFO, SYSTEM, ISessionInfo.class).object();
        }

        /** Ends the host and its server. */
        @TearDown(Level.Trial)
        public void stop() {
            ((ComObject) keepAlive).close();
            host.close();
        }

        /**
         * A scenario with the demo registry and {@code n} interactive sessions: user {@code u0001} at the console
         * (session 1), the others over RDP, all Active.
         *
         * @param n the number of sessions
         * @return the scenario
         */
        static Scenario scenario(int n) {
            StringBuilder users = new StringBuilder();
            StringBuilder list = new StringBuilder("{\"id\": 0, \"name\": \"Services\", \"state\": \"Disconnected\"}");
            for (int i = 1; i <= n; i++) {
                String user = String.format(Locale.ROOT, "u%04d", i);
                users.append(i > 1 ? ", " : "").append("{\"name\": \"").append(user).append("\"}");
                list.append(String.format(Locale.ROOT, ", {\"id\": %d, \"name\": \"%s\", \"user\": \"%s\", "
                        + "\"state\": \"Active\"%s}", i, i == 1 ? "Console" : "RDP-Tcp#" + (i - 2), user,
                        i == 1 ? ", \"console\": true" : ""));
            }
            String json = "{\"users\": [" + users + "], \"sessions\": [" + list + "], \"registry\": [\"demo.reg\"], "
                    + "\"policy\": {\"fallback\": \"console\", \"crossSession\": \"admins\", "
                    + "\"startTimeoutMillis\": 60000}, \"identityMode\": \"logical\"}";
            return Scenario.parse(n + " generated sessions", json, null);
        }
    }

    /** 10 000 live proxies to objects in another JVM. */
    @State(Scope.Benchmark)
    public static class Proxies {
        /** How many proxies are made. */
        public static final int COUNT = 10_000;

        private Process server;
        private Path socketDirectory;
        private ComClient client;
        private BenchServer.IBench root;
        private BenchServer.IBench[] proxies;
        private int next;

        /** Creates the state; JMH fills it. */
        public Proxies() {
        }

        /**
         * Starts the server, makes the proxies and measures both heaps.
         *
         * @throws Exception on failure
         */
        @Setup(Level.Trial)
        public void start() throws Exception {
            socketDirectory = Files.createTempDirectory("sessmon-scale",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            server = ServerRefs.start(socketDirectory);
            ServerRefs refs = ServerRefs.read(server);
            client = new ComClient(UnixSocketTransport.create());
            root = client.proxy(refs.objRef(), BenchServer.IBench.class);
            root.Nothing();
            long serverBefore = root.UsedHeapAfterGc();
            long clientBefore = Heap.usedAfterGc();
            proxies = new BenchServer.IBench[COUNT];
            for (int i = 0; i < COUNT; i++) {
                proxies[i] = root.NewObject();
            }
            long clientAfter = Heap.usedAfterGc();
            long serverAfter = root.UsedHeapAfterGc();
            System.out.printf(Locale.ROOT, "%nPROXY-HEAP proxies=%d clientBytesPerProxy=%d serverBytesPerObject=%d"
                    + " (client heap %d -> %d, server heap %d -> %d)%n", COUNT, (clientAfter - clientBefore) / COUNT,
                    (serverAfter - serverBefore) / COUNT, clientBefore, clientAfter, serverBefore, serverAfter);
        }

        /**
         * Closes every proxy and stops the server.
         *
         * @throws Exception on failure
         */
        @TearDown(Level.Trial)
        public void stop() throws Exception {
            client.close();
            ServerRefs.stop(server, socketDirectory);
        }

        BenchServer.IBench next() {
            BenchServer.IBench p = proxies[next];
            next = next + 1 == COUNT ? 0 : next + 1;
            return p;
        }
    }

    /**
     * Warm activation with many sessions: bind to the running server, create an instance, call it, release it.
     *
     * @param h the host
     * @return the session the server reported
     */
    @Benchmark
    public int warmActivation(Host h) {
        Activation<ISessionInfo> a = h.host.activate(SESSION_INFO, SYSTEM, ISessionInfo.class);
        try {
            return a.object().SessionId();
        } finally {
            ((ComObject) a.object()).close();
        }
    }

    /**
     * Calls per second from 16 threads sharing one proxy to the server in the host.
     *
     * @param h the host
     * @return the session the server reported
     */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int calls16Threads(Host h) {
        return h.keepAlive.SessionId();
    }

    /**
     * A call with no arguments on each of 10 000 live proxies in turn.
     *
     * @param p the proxies
     */
    @Benchmark
    public void callAmong10000Proxies(Proxies p) {
        p.next().Nothing();
    }

    /**
     * Baseline: the same call on one proxy, with the 10 000 others alive.
     *
     * @param p the proxies
     */
    @Benchmark
    public void callOneProxy(Proxies p) {
        p.root.Nothing();
    }
}
