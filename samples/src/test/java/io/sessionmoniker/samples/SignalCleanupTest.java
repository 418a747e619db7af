package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGINT or SIGTERM of a command that runs an embedded host ({@code activate}, {@code demo}) ends the servers it
 * started and removes its {@code sessmon-host-*} directory. The server is one that never registers, so the signal
 * always arrives while the command waits for it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SignalCleanupTest {

    @TempDir
    Path tmp;

    /** The demo's users and sessions, with SessionInfo's and SlowStart's CLSIDs served by a server that hangs. */
    Path hangingScenario() throws IOException {
        String command = "\\\"%JAVA%\\\" -cp \\\"%CLASSPATH%\\\" io.sessionmoniker.server.SlowStartServer"
                + " --delay-millis 600000";
        StringBuilder reg = new StringBuilder("REGEDIT4\r\n");
        for (String clsid : new String[] {"10000013-0000-0000-0000-000000000001", "10000013-0000-0000-0000-000000000005"}) {
            reg.append("\r\n[HKEY_CLASSES_ROOT\\CLSID\\{").append(clsid).append("}]\r\n@=\"Hangs\"\r\n")
                    .append("\r\n[HKEY_CLASSES_ROOT\\CLSID\\{").append(clsid).append("}\\LocalServer32]\r\n@=\"")
                    .append(command).append("\"\r\n");
        }
        Files.writeString(tmp.resolve("hangs.reg"), reg, StandardCharsets.UTF_8);
        String demo = new String(io.sessionmoniker.activation.host.Scenario.demoFiles().get("demo-scenario.json"),
                StandardCharsets.UTF_8);
        String json = demo.replace("\"registry\": [\"demo.reg\"]", "\"registry\": [\"hangs.reg\"]")
                .replace("\"startTimeoutMillis\": 60000", "\"startTimeoutMillis\": 600000");
        assertTrue(json.contains("hangs.reg") && json.contains("600000"), json);
        return Files.writeString(tmp.resolve("hangs.json"), json, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{1} of sessmon {0}")
    @CsvSource({
        "activate, TERM",
        "activate, INT",
        "demo, TERM",
        "demo, INT",
    })
    void aSignalEndsTheServersAndRemovesTheHostDirectory(String command, String signal) throws Exception {
        Path scenario = hangingScenario();
        Path tmpdir = Files.createDirectory(tmp.resolve("tmpdir"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmpdir, "-cp", HostCommand.classPath(), Sessmon.class.getName(), command,
                "--config", scenario.toString()));
        if (command.equals("activate")) {
            cmd.add("new:10000013-0000-0000-0000-000000000005");
        }
        Process sessmon = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out.txt").toFile()).start();
        try {
            ProcessHandle server = Await.until("the server to be launched", Duration.ofSeconds(60),
                    () -> sessmon.toHandle().children().filter(ProcessHandle::isAlive).findFirst().orElse(null),
                    found -> found != null);
            assertTrue(hostDirectories(tmpdir) > 0, "the embedded host made its directory");
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(sessmon.pid())).start();
            assertEquals(0, kill.waitFor(), "kill -" + signal);
            assertTrue(sessmon.waitFor(60, TimeUnit.SECONDS), "sessmon ends on SIG" + signal);
            server.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(server.isAlive(), "the server it started was ended");
            assertEquals(0, hostDirectories(tmpdir), "its sessmon-host-* directory is gone: "
                    + Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8));
        } finally {
            sessmon.destroyForcibly();
            sessmon.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    static long hostDirectories(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("sessmon-host-")).count();
        }
    }
}
