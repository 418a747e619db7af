package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.host.testing.HostFixture;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a server's log says about how it ended, with the server logging everything ({@code DEBUG} up): a server
 * that ends normally (its last instance released, or ended by its host's close) does not say its host went away;
 * a server whose host died says so.
 */
class ServerExitLogTest {

    static final String REPORTER = ServiceControlManagerTest.REPORTER;
    static final String WENT_AWAY = "the session host went away";

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> Scenario.load(scenario()));

    /** A host daemon in a process of its own, to be killed: scenario, socket and log directory as arguments. */
    public static final class DaemonProcess {
        private DaemonProcess() {
        }

        /**
         * Runs a daemon until killed.
         *
         * @param args the scenario file, the socket and the servers' log directory
         * @throws Exception on failure
         */
        public static void main(String[] args) throws Exception {
            HostDaemon.start(Scenario.load(Path.of(args[0])), Path.of(args[1]),
                    new SessionHost.Options(null, Path.of(args[2]), Map.of()));
            System.out.println("listening");
            System.out.flush();
            Thread.currentThread().join();
        }
    }

    /** The scm scenario, with the reporter's server logging at DEBUG (java.util.logging's FINE) on its output. */
    Path scenario() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("scenario"));
        Files.writeString(dir.resolve("logging.properties"), String.join("\n",
                "handlers = java.util.logging.ConsoleHandler",
                ".level = FINE",
                "java.util.logging.ConsoleHandler.level = FINE", ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("classes.reg"), String.join("\r\n",
                "REGEDIT4",
                "",
                "[HKEY_CLASSES_ROOT\\CLSID\\{" + REPORTER + "}]",
                "@=\"Reporter\"",
                "\"AppID\"=\"{" + REPORTER + "}\"",
                "",
                "[HKEY_CLASSES_ROOT\\CLSID\\{" + REPORTER + "}\\LocalServer32]",
                "@=\"\\\"%JAVA%\\\" -Djava.util.logging.config.file=\\\"%SCENARIO_DIR%/logging.properties\\\" -cp"
                        + " \\\"%CLASSPATH%\\\" io.sessionmoniker.activation.host.ReportingServer\"",
                "",
                "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\{" + REPORTER + "}]",
                "@=\"Reporter\"",
                "\"RunAs\"=\"Interactive User\"", ""), StandardCharsets.UTF_8);
        Path file = dir.resolve("scenario.json");
        Files.writeString(file, """
                {
                  "users": [{"name": "alice", "groups": ["Administrators"]}, {"name": "bob"}],
                  "sessions": [
                    {"id": 0, "name": "Services", "state": "Disconnected"},
                    {"id": 1, "name": "Console", "user": "alice", "state": "Active", "console": true},
                    {"id": 2, "name": "RDP-Tcp#0", "user": "bob", "state": "Active"}
                  ],
                  "registry": ["classes.reg"],
                  "policy": {"fallback": "console", "crossSession": "admins", "startTimeoutMillis": 60000}
                }
                """, StandardCharsets.UTF_8);
        return file;
    }

    static String serverLog(Path logs) throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith("server-")).toList();
            assertEquals(1, found.size(), "one server log: " + found);
            return Files.readString(found.get(0), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aServerWhoseLastInstanceIsReleasedDoesNotSayItsHostWentAway() throws Exception {
        Path logs = tmp.resolve("logs");
        SessionHost host = fixture.withOptions(new SessionHost.Options(null, logs, Map.of())).host();
        Activation<ReportingServer.IReport> a = host.activate("Session:2!new:" + REPORTER,
                ServiceControlManagerTest.SYSTEM, ReportingServer.IReport.class);
        ProcessHandle server = ProcessHandle.of(a.pid().orElseThrow()).orElseThrow();
        assertEquals(2, a.object().SessionId());
        a.close();
        server.onExit().get(90, TimeUnit.SECONDS);
        String log = serverLog(logs);
        assertTrue(log.contains("FINE"), "the server logs at DEBUG: " + log);
        assertFalse(log.contains(WENT_AWAY), log);
    }

    @Test
    void aServerEndedByItsHostsCloseDoesNotSayItsHostWentAway() throws Exception {
        Path logs = tmp.resolve("logs");
        SessionHost host = fixture.withOptions(new SessionHost.Options(null, logs, Map.of())).host();
        Activation<ReportingServer.IReport> a = host.activate("Session:2!new:" + REPORTER,
                ServiceControlManagerTest.SYSTEM, ReportingServer.IReport.class);
        ProcessHandle server = ProcessHandle.of(a.pid().orElseThrow()).orElseThrow();
        host.close();   // ends its servers, as host stop does
        server.onExit().get(90, TimeUnit.SECONDS);
        assertFalse(serverLog(logs).contains(WENT_AWAY), serverLog(logs));
    }

    @Test
    void aServerWhoseHostDiedSaysSoAndEnds() throws Exception {
        Path logs = tmp.resolve("logs");
        Path socket = tmp.resolve("run").resolve("host.sock");
        String classpath = System.getProperty("java.class.path") + File.pathSeparator
                + System.getProperty("jdk.module.path", "");
        Process daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, DaemonProcess.class.getName(), scenario().toString(), socket.toString(),
                logs.toString()).redirectErrorStream(true).start();
        ProcessHandle server = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = out.readLine(); !"listening".equals(line); line = out.readLine()) {
                assertTrue(line != null, "the daemon ended before it listened");
            }
            try (HostClient client = HostClient.connect(socket)) {
                Activation<ReportingServer.IReport> a = client.bind("Session:2!new:" + REPORTER,
                        ReportingServer.IReport.class, ActivationOptions.defaults());
                server = ProcessHandle.of(a.pid().orElseThrow()).orElseThrow();
                daemon.destroyForcibly();   // SIGKILL: the host cannot end its servers
                daemon.waitFor();
                server.onExit().get(90, TimeUnit.SECONDS);
            }
            assertTrue(serverLog(logs).contains("WARNING: " + WENT_AWAY), serverLog(logs));
        } finally {
            daemon.destroyForcibly();
            if (server != null) {
                server.destroyForcibly();
            }
        }
    }
}
