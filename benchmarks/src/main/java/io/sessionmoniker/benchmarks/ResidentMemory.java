package io.sessionmoniker.benchmarks;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.server.ISessionInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resident memory (VmRSS from {@code /proc/PID/status}) of an embedded host's JVM and of a launched server, at idle
 * and after 10 000 calls, beside a JVM that only waits (the size of a {@code java -version}). Not a JMH benchmark:
 * memory is read once per state, and each figure is printed as a line starting with {@code RSS}:
 *
 * <pre>
 * RSS idle-jvm 41234 KiB
 * RSS host idle 61234 KiB          (the JVM of the embedded host, which also makes the calls)
 * RSS server idle 51234 KiB        (the SessionInfo server the host launched, before any call)
 * RSS host after-10000-calls …
 * RSS server after-10000-calls …
 * </pre>
 *
 * <p>The server runs once without and once with the servers' class-data archive ({@code servers.jsa} beside
 * {@code benchmarks.jar}, when it is there); mapped archive pages count in the RSS of the process that maps them.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.sessionmoniker.benchmarks.ResidentMemory}
 */
public final class ResidentMemory {

    private static final int CALLS = 10_000;
    private static final Caller SYSTEM = Caller.local(Principal.system(), 0);

    private ResidentMemory() {
    }

    /** A JVM that does nothing: it waits for its standard input to close, the baseline's process. */
    public static final class Idle {
        private Idle() {
        }

        /**
         * Says it is ready, then waits.
         *
         * @param args none
         * @throws IOException never in practice
         */
        public static void main(String[] args) throws IOException {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close the pipe
            }
        }
    }

    /**
     * Prints the figures.
     *
     * @param args none
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process idle = new ProcessBuilder(launcher, "-cp", System.getProperty("java.class.path"), Idle.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!new String(idle.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)
                .equals("ready")) {
            throw new IllegalStateException("the idle JVM did not start");
        }
        print("idle-jvm", idle.pid());
        idle.getOutputStream().close();
        idle.waitFor();

        Path archive = Path.of(ResidentMemory.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolveSibling("servers.jsa");
        List<SessionHost.Options> runs = new ArrayList<>();
        runs.add(SessionHost.Options.defaults());
        if (Files.isRegularFile(archive)) {
            runs.add(SessionHost.Options.defaults().withServerArchive(archive));
        }
        long self = ProcessHandle.current().pid();
        for (SessionHost.Options options : runs) {
            String label = options.serverArchive() == null ? "" : " (server with " + archive.getFileName() + ")";
            try (SessionHost host = SessionHost.start(Scenario.demo(), options)) {
                print("host idle" + label, self);
                Activation<ISessionInfo> a = host.activate("Session:2!new:10000013-0000-0000-0000-000000000001",
                        SYSTEM, ISessionInfo.class);
                long server = a.pid().orElseThrow();
                print("server idle" + label, server);
                int sum = 0;
                for (int i = 0; i < CALLS; i++) {
                    sum += a.object().SessionId();
                }
                if (sum != 2 * CALLS) {
                    throw new IllegalStateException("the server answered " + sum + " in all");
                }
                print("host after-" + CALLS + "-calls" + label, self);
                print("server after-" + CALLS + "-calls" + label, server);
                ((ComObject) a.object()).close();
            }
        }
    }

    private static void print(String what, long pid) throws IOException {
        System.out.println("RSS " + what + " " + rssKib(pid) + " KiB");
    }

    /** VmRSS of a process, in KiB. */
    static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("/proc/" + pid + "/status has no VmRSS line");
    }
}
