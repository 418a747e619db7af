package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.host.HostClient;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.server.ISessionInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host daemon through the real {@code sessmon} entry point, in separate processes: {@code host start},
 * parallel {@code activate --host} clients sharing one server, the session commands, {@code host stop}.
 *
 * <p>Each test starts a daemon JVM, a JVM per command and the servers: up to 20 s unloaded, so more time than the
 * default timeout on a loaded machine.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostDaemonCommandsTest {

    static final String SESSION_INFO = "Session:2!new:10000013-0000-0000-0000-000000000001";
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    Path socket;
    long daemonPid = -1;

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(out);
        }
    }

    /** Runs {@code sessmon} as its own process, as a user's shell would. */
    static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", HostCommand.classPath(), Sessmon.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    static Run finish(Process p) throws Exception {
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "sessmon finished");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static Run sessmon(String... args) throws Exception {
        return finish(start(args));
    }

    @BeforeEach
    void startDaemon() throws Exception {
        socket = tmp.resolve("run").resolve("host.sock");
        Run started = sessmon("host", "start", "--host", socket.toString(), "--json");
        assertEquals(ExitCodes.OK, started.exit(), started.err());
        daemonPid = started.json().get("pid").asLong();
        assertTrue(ProcessHandle.of(daemonPid).isPresent(), "the daemon runs in the background");
    }

    @AfterEach
    void stopDaemon() throws Exception {
        Set<Long> servers = new HashSet<>();
        HostCommand.status(socket).ifPresent(s -> servers.addAll(s.serverPids()));
        Run stopped = sessmon("host", "stop", "--host", socket.toString());
        ProcessHandle.of(daemonPid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
        assertEquals(ExitCodes.OK, stopped.exit(), stopped.err());
        for (long pid : servers) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
        assertEquals(ExitCodes.ACTIVATION, sessmon("host", "status", "--host", socket.toString()).exit());
    }

    @Test
    void theDaemonsLogRecordsARefusalWithWhoAskedWhatAndWhy() throws Exception {
        String alices = "Session:1!new:10000013-0000-0000-0000-000000000001";
        Run refused = sessmon("activate", alices, "--as", "bob", "--from-session", "2", "--host", socket.toString(),
                "--json");
        assertEquals(ExitCodes.ACTIVATION, refused.exit(), refused.out() + refused.err());
        String error = refused.json().get("error").asText();
        String log = java.nio.file.Files.readString(socket.resolveSibling("host.sock.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains(" refused bob in session 2: " + alices + ": " + error + ": "), log);
        assertTrue(log.contains("(client account " + System.getProperty("user.name") + ")"), log);
    }

    @Test
    void parallelClientsShareOneServerPerSessionAndLogoffEndsIt() throws Exception {
        try (HostClient holder = HostClient.connect(socket);
             Activation<ISessionInfo> held = holder.bind(SESSION_INFO, ISessionInfo.class,
                     ActivationOptions.defaults())) {
            long server = held.pid().getAsLong();
            List<Process> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(start("activate", SESSION_INFO, "--host", socket.toString(), "--call", "ProcessId",
                        "--json"));
            }
            for (Process p : clients) {
                Run r = finish(p);
                assertEquals(ExitCodes.OK, r.exit(), r.err());
                JsonNode j = r.json();
                assertEquals(server, j.get("pid").asLong(), "every client binds to the one server of session 2");
                assertEquals(server, j.get("call").get("result").asLong(), "and calls that very process");
                assertFalse(j.get("launched").asBoolean());
                assertEquals("bob", j.get("user").asText());
            }
            Run status = sessmon("host", "status", "--host", socket.toString(), "--json");
            assertEquals(List.of(server), List.of(status.json().get("serverPids").get(0).asLong()));
            assertTrue(status.json().get("ok").asBoolean());
            // the daemon's log records the launch and each cross-session activation (SYSTEM in 0 into bob's 2)
            String log = java.nio.file.Files.readString(socket.resolveSibling("host.sock.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("launched pid " + server + " for {10000013-0000-0000-0000-000000000001} as bob in"
                    + " session 2"), log);
            assertTrue(log.contains("cross-session activation: SYSTEM in session 0 → Session:2!new:"), log);
            assertFalse(log.contains("|InteractiveUser|"), "no server key's internal form: " + log);

            Run logoff = sessmon("logoff", "2", "--host", socket.toString(), "--json");
            assertEquals(ExitCodes.OK, logoff.exit(), logoff.err());
            ProcessHandle.of(server).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            ComException gone = org.junit.jupiter.api.Assertions.assertThrows(ComException.class,
                    () -> held.object().SessionId());
            assertEquals(HResult.RPC_E_DISCONNECTED, gone.hresult(), gone.toString());
        }
        Run sessions = sessmon("sessions", "--host", socket.toString(), "--json");
        for (JsonNode s : sessions.json().get("sessions")) {
            if (s.get("id").asLong() == 2) {
                throw new AssertionError("session 2 is gone after its logoff: " + s);
            }
        }
    }

    @Test
    void sessionCommandsChangeTheDaemonsSessions() throws Exception {
        Run logon = sessmon("logon", "bob", "--host", socket.toString(), "--json");
        assertEquals(ExitCodes.OK, logon.exit(), logon.err());
        long bob = logon.json().get("session").asLong();
        assertEquals(ExitCodes.OK, sessmon("disconnect", Long.toString(bob), "--host", socket.toString()).exit());
        assertEquals(ExitCodes.OK, sessmon("connect", Long.toString(bob), "--host", socket.toString()).exit());
        Run console = sessmon("console", Long.toString(bob), "--host", socket.toString());
        assertEquals(ExitCodes.OK, console.exit(), console.err());
        Run sessions = sessmon("sessions", "--host", socket.toString(), "--json");
        assertEquals(bob, sessions.json().get("consoleSessionId").asLong());

        Run explain = sessmon("explain", "Session:Console!clsid:10000013-0000-0000-0000-000000000001", "--host",
                socket.toString(), "--json");
        assertEquals(ExitCodes.OK, explain.exit(), explain.err());
        assertEquals(bob, explain.json().get("session").asLong(), "the daemon decides over its changed sessions");

        Run bad = sessmon("logoff", "77", "--host", socket.toString(), "--json");
        assertEquals(ExitCodes.ACTIVATION, bad.exit());
        assertFalse(bad.json().get("ok").asBoolean());
        assertTrue(bad.json().get("message").asText().contains("77"), bad.out());
        assertEquals(ExitCodes.USAGE, sessmon("logon", "mallory", "--host", socket.toString()).exit());
        assertEquals(ExitCodes.USAGE, sessmon("logoff", "2").exit(), "--host is required");
        Run unknownUser = sessmon("activate", SESSION_INFO, "--host", socket.toString(), "--as", "mallory");
        assertEquals(ExitCodes.USAGE, unknownUser.exit(), unknownUser.err());
        assertTrue(unknownUser.err().contains("mallory"), unknownUser.err());
        assertEquals(ExitCodes.SYNTAX, sessmon("activate", "Session:x", "--host", socket.toString()).exit());
        Run withConfig = sessmon("sessions", "--host", socket.toString(), "--config", "lab.json");
        assertEquals(ExitCodes.USAGE, withConfig.exit(), "a daemon has its own scenario");
        assertTrue(withConfig.err().contains("host start"), withConfig.err());
        Run twice = sessmon("host", "start", "--host", socket.toString());
        assertEquals(ExitCodes.ACTIVATION, twice.exit());
        assertTrue(twice.err().contains("already listens"), twice.err());
    }

    @Test
    void aSessionThatRefusesIsExitFourWithItsHresult() throws Exception {
        String host = socket.toString();
        Run services = sessmon("logoff", "0", "--host", host, "--json");
        assertEquals(ExitCodes.ACTIVATION, services.exit(), services.out() + services.err());
        assertEquals("0x80070057", services.json().get("hresult").asText());
        assertEquals("E_INVALIDARG", services.json().get("error").asText());
        assertTrue(services.json().get("message").asText().contains("session 0"), services.out());
        long carol = -1;
        for (JsonNode s : sessmon("sessions", "--host", host, "--json").json().get("sessions")) {
            if ("carol".equals(s.path("user").asText())) {
                carol = s.get("id").asLong();
            }
        }
        Run again = sessmon("disconnect", Long.toString(carol), "--host", host);
        assertEquals(ExitCodes.ACTIVATION, again.exit(), "carol's session is disconnected already: " + again.err());
        assertTrue(again.err().contains("(0x80070057)") && again.err().contains("already disconnected"), again.err());
        assertEquals(1, again.err().lines().count(), "the refusal, not a usage text: " + again.err());

        Run lock = sessmon("lock", "2", "--host", host, "--json");
        assertEquals(ExitCodes.OK, lock.exit(), lock.err());
        assertEquals("lock", lock.json().get("operation").asText());
        assertEquals(2, lock.json().get("session").asLong());
        Run locked = sessmon("lock", "2", "--host", host, "--json");
        assertEquals(ExitCodes.ACTIVATION, locked.exit(), locked.out());
        assertTrue(locked.json().get("message").asText().contains("already locked"), locked.out());
        assertEquals(ExitCodes.OK, sessmon("unlock", "2", "--host", host).exit());
        Run reset = sessmon("reset", "2", "--host", host, "--json");
        assertEquals(ExitCodes.OK, reset.exit(), reset.err());
        for (JsonNode s : sessmon("sessions", "--host", host, "--json").json().get("sessions")) {
            assertFalse(s.get("id").asLong() == 2, "a reset RDP session is gone: " + s);
        }
    }

    @Test
    void noDaemonIsAClearFailure() throws Exception {
        Path none = tmp.resolve("none").resolve("host.sock");
        Run r = sessmon("activate", SESSION_INFO, "--host", none.toString());
        assertEquals(ExitCodes.ACTIVATION, r.exit());
        assertTrue(r.err().contains("sessmon host start"), r.err());
    }

    @Test
    void serversOfAKilledDaemonEndThemselves() throws Exception {
        try (HostClient client = HostClient.connect(socket);
             Activation<ISessionInfo> a = client.bind(SESSION_INFO, ISessionInfo.class, ActivationOptions.defaults())) {
            long server = a.pid().getAsLong();
            assertEquals(server, a.object().ProcessId());
            ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();
            ProcessHandle serverProcess = ProcessHandle.of(server).orElseThrow();
            // SIGKILL: the daemon cannot end its servers; they notice its socket closing and exit on their own,
            // although this client still holds an instance
            assertTrue(daemon.destroyForcibly());
            daemon.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            serverProcess.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            assertFalse(serverProcess.isAlive(), "no orphan server outlives a killed daemon");
        }
        Run status = sessmon("host", "status", "--host", socket.toString());
        assertEquals(ExitCodes.ACTIVATION, status.exit(), "a killed daemon's stale socket answers nothing");
        Run stale = sessmon("sessions", "--host", socket.toString(), "--json");
        assertEquals(ExitCodes.ACTIVATION, stale.exit());
        assertEquals("no host daemon answers on " + socket + ": nothing accepts connections there (a daemon that was"
                + " killed leaves its socket behind; start a new one with: sessmon host start --host " + socket + ")",
                stale.json().get("message").asText(), "no control object's UUID in the message");
        Run restarted = sessmon("host", "start", "--host", socket.toString(), "--json");
        assertEquals(ExitCodes.OK, restarted.exit(), "a new daemon takes over the stale socket: " + restarted.err());
        daemonPid = restarted.json().get("pid").asLong();
    }
}
