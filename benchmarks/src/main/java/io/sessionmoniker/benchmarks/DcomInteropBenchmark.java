package io.sessionmoniker.benchmarks;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.Activators;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.host.DcomSettings;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.remote.AuthenticationLevel;
import io.sessionmoniker.activation.remote.RemoteCredentials;
import io.sessionmoniker.activation.remote.RemoteHost;
import io.sessionmoniker.activation.remote.RemoteSettings;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our {@code remote} backend beside j-Interop 2.0.8, in one run, against the same embedded host (the demo scenario,
 * its DCOM side on {@code 127.0.0.1:135}), both at {@code PKT_PRIVACY} with NTLMv2, as bob, whose SessionInfo
 * server (session 2) is kept running by the host for the whole trial.
 *
 * <ul>
 *   <li>{@code remoteCall} / {@code jinteropCall}: {@code IDispatch::Invoke} of SessionInfo's {@code SessionId} on
 *       an object activated once (its DISPID cached by both clients), {@value #CALLS} calls per invocation.</li>
 *   <li>{@code remoteActivation} / {@code jinteropActivation}: a warm activation — the server already running, the
 *       client's JVM warm — of {@code new:CLSID} asking for {@code IDispatch}, the first call ({@code GetIDsOfNames}
 *       and {@code Invoke}) and the release, {@value #ACTIVATIONS} per invocation. Ours on an activator kept open
 *       (its SCM connection and NTLM context kept, as a program holds an {@code Activator});
 *       {@code remoteActivationNewActivator} opens and closes an activator for each one (a new SCM connection and
 *       logon every time). j-Interop's as its programs do it: a new {@code JISession},
 *       {@code new JIComServer(…).createInstance()}, {@code queryInterface(IDispatch)}, the call,
 *       {@code destroySession}; every {@code JIComServer} dials the SCM anew, and j-Interop keeps nothing across
 *       them.</li>
 *   <li>{@code jinteropPipe}: the baseline of the j-Interop side, one round trip on the pipe to its driver.</li>
 *   <li>{@code rawTcpPingPong}: the floor under both clients' calls, {@value #RAW_OCTETS} octets (about a sealed
 *       Invoke request) to an echo thread over loopback TCP and back, with no RPC at all.</li>
 * </ul>
 *
 * <p>j-Interop runs in a JVM of its own ({@code jinterop.JInteropDriver}, compiled with this module; j-Interop's
 * jars are copied to {@code target/jinterop} and are never on this JVM's class path), long-lived, warmed by the
 * same warm-up iterations: each invocation sends it one command ({@code calls N}, {@code activations N}) and waits
 * for its one-line answer, so the pipe's round trip is shared by N operations. Our side runs the same N operations
 * in the benchmark's JVM.
 *
 * <p>Each trial prints {@code HOST-LAUNCHES n}: how many server processes the host launched in it, 1 when every
 * activation found the server running.
 *
 * <p>The host logs at WARNING only (it logs each activation at INFO), the same for both clients.
 *
 * <p>What differs: j-Interop's activation request (RemoteActivation on port 135) goes at
 * {@code RPC_C_AUTHN_LEVEL_CONNECT} — it seals only the exporter's connections — so the host's minimum level is
 * lowered to {@code connect} for it; ours activates at {@code PKT_PRIVACY} as well.
 *
 * <p>j-Interop dials no port but 135, so the benchmark must run where it may bind {@code 127.0.0.1:135}: in a
 * network namespace of its own (JMH's forks inherit it), and fails at once with that advice otherwise:
 *
 * <pre>
 * unshare -rn sh -c 'ip link set lo up &amp;&amp; java -jar benchmarks/target/benchmarks.jar DcomInteropBenchmark'
 * </pre>
 *
 * <p>({@code unshare -n} as root.) The j-Interop jars are looked up beside the benchmarks jar
 * ({@code target/jinterop}), or in the folder the system property {@code sessmon.bench.jinterop} names.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DcomInteropBenchmark {

    /** Calls per invocation of the call benchmarks. */
    static final int CALLS = 200;
    /** Activations per invocation of the activation benchmarks. */
    static final int ACTIVATIONS = 20;

    static final String SESSION_INFO = "10000013-0000-0000-0000-000000000001";
    /** No session part: j-Interop cannot name one; both land in bob's own session 2. */
    static final String NAME = "new:" + SESSION_INFO;
    static final String METHOD = "SessionId";
    static final int BOBS_SESSION = 2;
    static final String USER = "bob";
    static final String PASSWORD = "demo-bob";
    static final long ANSWER_MINUTES = 5;
    static final int RAW_OCTETS = 200;

    /**
     * The embedded host on {@code 127.0.0.1:135}, and a held SessionInfo object in bob's session 2 that keeps its
     * server running.
     */
    @State(Scope.Benchmark)
    public static class Host {

        /** Held, so that its level stays set: the host logs every activation at INFO. */
        final Logger hostLog = Logger.getLogger("io.sessionmoniker.activation.host");
        SessionHost host;
        Activation<LateBound> keepAlive;

        /**
         * Starts the host.
         *
         * @throws IOException if it cannot start, port 135 above all
         */
        @Setup(Level.Trial)
        public void start() throws IOException {
            requirePort135();
            hostLog.setLevel(java.util.logging.Level.WARNING);
            Scenario demo = Scenario.demo();
            host = SessionHost.start(demo.withDcom(demo.dcom().withListen("127.0.0.1:135")
                    .withMinimumAuthnLevel(DcomSettings.CONNECT)), SessionHost.Options.defaults());
            keepAlive = host.activate("Session:2!new:" + SESSION_INFO, Caller.local(Principal.system(), 0),
                    LateBound.class);
        }

        /**
         * Prints how many server processes the host launched in the trial (1 when every activation found the server
         * running: the warm activation the benchmark means), and ends the host and its server.
         */
        @TearDown(Level.Trial)
        public void stop() {
            if (host != null) {
                System.out.println("HOST-LAUNCHES " + host.launchedServerPids().size());
            }
            if (keepAlive != null) {
                keepAlive.close();
            }
            if (host != null) {
                host.close();
            }
        }
    }

    /** Fails with the way out when this process may not bind 127.0.0.1:135. */
    static void requirePort135() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 135));
        } catch (IOException e) {
            throw new IllegalStateException("DcomInteropBenchmark needs to listen on 127.0.0.1:135 (j-Interop dials"
                    + " no other port) and cannot (" + e.getMessage() + "). Run it in a network namespace of its"
                    + " own: unshare -rn sh -c 'ip link set lo up && java -jar benchmarks/target/benchmarks.jar"
                    + " DcomInteropBenchmark' (unshare -n as root)", e);
        }
    }

    /** Our remote backend: an activator kept open, and an object activated once. */
    @State(Scope.Benchmark)
    public static class Ours {

        ActivatorSettings settings;
        Activator remote;
        Activation<LateBound> held;

        /**
         * Opens the activator and activates the object.
         *
         * @param host the host (started first)
         * @throws IOException if the activator cannot open
         */
        @Setup(Level.Trial)
        public void open(Host host) throws IOException {
            InetSocketAddress at = host.host.dcomAddress().orElseThrow();
            settings = ActivatorSettings.defaults()
                    .with(RemoteSettings.HOST, new RemoteHost(at.getHostString(), at.getPort()))
                    .with(RemoteSettings.CREDENTIALS, RemoteCredentials.password("", USER, PASSWORD.toCharArray()))
                    .with(RemoteSettings.AUTHENTICATION_LEVEL, AuthenticationLevel.PRIVACY);
            remote = Activators.open(settings);
            held = remote.bind(NAME, LateBound.class);
            call(held.object());
        }

        /** Releases the object and closes the activator. */
        @TearDown(Level.Trial)
        public void close() {
            if (held != null) {
                held.close();
            }
            if (remote != null) {
                remote.close();
            }
        }
    }

    static int call(LateBound object) {
        int value = ((Number) object.invoke(METHOD)).intValue();
        if (value != BOBS_SESSION) {
            throw new IllegalStateException(METHOD + " returned " + value + ", not " + BOBS_SESSION);
        }
        return value;
    }

    /** A loopback TCP echo of fixed-size messages in this JVM, the floor under a call's round trip. */
    @State(Scope.Benchmark)
    public static class Echo {

        TcpEcho echo;

        /**
         * Starts the echo thread and connects to it.
         *
         * @throws IOException on failure
         */
        @Setup(Level.Trial)
        public void start() throws IOException {
            echo = new TcpEcho(RAW_OCTETS);
        }

        /**
         * Closes both ends.
         *
         * @throws IOException on failure
         */
        @TearDown(Level.Trial)
        public void stop() throws IOException {
            echo.close();
        }
    }

    /** The j-Interop driver JVM, logged on and holding an object activated once. */
    @State(Scope.Benchmark)
    public static class JInterop {

        Process driver;
        Writer commands;
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        /**
         * Starts the driver and waits until it holds its object.
         *
         * @param host the host (started first)
         * @throws Exception if the driver cannot start or its activation fails
         */
        @Setup(Level.Trial)
        public void start(Host host) throws Exception {
            InetSocketAddress at = host.host.dcomAddress().orElseThrow();
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", driverClassPath(), "io.sessionmoniker.benchmarks.jinterop.JInteropDriver",
                    at.getHostString(), "", USER, SESSION_INFO, METHOD, Integer.toString(BOBS_SESSION));
            driver = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(driver.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        answers.add(line);
                    }
                } catch (IOException e) {
                    // the driver ended; ask() reports it
                }
                answers.add("error the j-Interop driver ended");
            }, "jinterop-driver-answers");
            reader.setDaemon(true);
            reader.start();
            commands = new OutputStreamWriter(driver.getOutputStream(), StandardCharsets.UTF_8);
            commands.write(PASSWORD + "\n");    // the password goes on standard input, never the command line
            commands.flush();
            String ready = answer();
            if (!ready.equals("ready " + BOBS_SESSION)) {
                throw new IllegalStateException("the j-Interop driver did not start: " + ready);
            }
        }

        /**
         * Sends one command and waits for its answer.
         *
         * @param command {@code calls N}, {@code activations N} or {@code ping}
         * @param expected the answer a success gives
         * @throws Exception on an answer other than {@code expected}, or none within the deadline
         */
        void ask(String command, String expected) throws Exception {
            commands.write(command + "\n");
            commands.flush();
            String answer = answer();
            if (!answer.equals(expected)) {
                throw new IllegalStateException("j-Interop, " + command + ": " + answer);
            }
        }

        private String answer() throws InterruptedException {
            String answer = answers.poll(ANSWER_MINUTES, TimeUnit.MINUTES);
            if (answer == null) {
                throw new IllegalStateException("the j-Interop driver did not answer within " + ANSWER_MINUTES
                        + " minutes");
            }
            return answer;
        }

        /**
         * Ends the driver (quit, then forcibly after 30 seconds).
         *
         * @throws Exception if interrupted
         */
        @TearDown(Level.Trial)
        public void stop() throws Exception {
            if (driver == null) {
                return;
            }
            try {
                commands.write("quit\n");
                commands.close();
            } catch (IOException e) {
                // it has ended already
            }
            if (!driver.waitFor(30, TimeUnit.SECONDS)) {
                driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** This module's classes (the driver) and j-Interop's jars. */
    static String driverClassPath() throws IOException {
        Path self;
        try {
            self = Path.of(DcomInteropBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String named = System.getProperty("sessmon.bench.jinterop");
        Path dir = named != null ? Path.of(named) : self.toAbsolutePath().getParent().resolve("jinterop");
        List<String> parts = new ArrayList<>(List.of(self.toString()));
        if (Files.isDirectory(dir)) {
            try (Stream<Path> jars = Files.list(dir)) {
                jars.filter(f -> f.toString().endsWith(".jar")).map(Path::toString).sorted().forEach(parts::add);
            }
        }
        if (parts.size() == 1) {
            throw new IllegalStateException("no j-Interop jars in " + dir + " (the build copies them there; or name"
                    + " their folder with -Dsessmon.bench.jinterop=DIR)");
        }
        return String.join(File.pathSeparator, parts);
    }

    /**
     * Our remote backend: {@value #CALLS} calls on one object.
     *
     * @param ours the activator and object
     * @return the sum of what the calls returned
     */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int remoteCall(Ours ours) {
        LateBound object = ours.held.object();
        int sum = 0;
        for (int i = 0; i < CALLS; i++) {
            sum += call(object);
        }
        return sum;
    }

    /**
     * j-Interop: {@value #CALLS} calls on one object.
     *
     * @param jinterop the driver
     * @throws Exception on failure
     */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void jinteropCall(JInterop jinterop) throws Exception {
        jinterop.ask("calls " + CALLS, "done");
    }

    /**
     * Our remote backend: {@value #ACTIVATIONS} activations (bind, first call, close) on the activator kept open.
     *
     * @param ours the activator
     * @return the sum of what the first calls returned
     */
    @Benchmark
    @OperationsPerInvocation(ACTIVATIONS)
    public int remoteActivation(Ours ours) {
        int sum = 0;
        for (int i = 0; i < ACTIVATIONS; i++) {
            try (Activation<LateBound> a = ours.remote.bind(NAME, LateBound.class)) {
                sum += call(a.object());
            }
        }
        return sum;
    }

    /**
     * Our remote backend: {@value #ACTIVATIONS} activations, each on an activator of its own (open, bind, first
     * call, close).
     *
     * @param ours the settings
     * @return the sum of what the first calls returned
     * @throws IOException if an activator cannot open
     */
    @Benchmark
    @OperationsPerInvocation(ACTIVATIONS)
    public int remoteActivationNewActivator(Ours ours) throws IOException {
        int sum = 0;
        for (int i = 0; i < ACTIVATIONS; i++) {
            try (Activator remote = Activators.open(ours.settings);
                    Activation<LateBound> a = remote.bind(NAME, LateBound.class)) {
                sum += call(a.object());
            }
        }
        return sum;
    }

    /**
     * j-Interop: {@value #ACTIVATIONS} activations (a session, createInstance, IDispatch, first call,
     * destroySession).
     *
     * @param jinterop the driver
     * @throws Exception on failure
     */
    @Benchmark
    @OperationsPerInvocation(ACTIVATIONS)
    public void jinteropActivation(JInterop jinterop) throws Exception {
        jinterop.ask("activations " + ACTIVATIONS, "done");
    }

    /**
     * The baseline of the j-Interop side: one round trip on the pipe to its driver.
     *
     * @param jinterop the driver
     * @throws Exception on failure
     */
    @Benchmark
    public void jinteropPipe(JInterop jinterop) throws Exception {
        jinterop.ask("ping", "pong");
    }

    /**
     * The floor: {@value #RAW_OCTETS} octets to an echo thread over loopback TCP and back.
     *
     * @param echo the echo
     * @return the octets read
     * @throws IOException on failure
     */
    @Benchmark
    public int rawTcpPingPong(Echo echo) throws IOException {
        return echo.echo.pingPong();
    }
}
