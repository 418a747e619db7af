package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sessmon activate --remote}: the remote backend from the command line, against a host daemon of the demo
 * scenario listening for DCOM on a loopback port the system picks. The password comes from a file only its owner
 * may read, or from {@code SESSMON_PASSWORD}, never from the command line.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RemoteCommandsTest {

    static final String NAME = "Session:2!new:10000013-0000-0000-0000-000000000001";

    @TempDir
    Path tmp;

    Path socket;
    long daemonPid;
    String remote;

    @BeforeEach
    void startDaemon() throws Exception {
        socket = tmp.resolve("run").resolve("host.sock");
        HostDaemonCommandsTest.Run started = HostDaemonCommandsTest.sessmon("host", "start", "--host",
                socket.toString(), "--dcom", "127.0.0.1:0", "--json");
        assertEquals(ExitCodes.OK, started.exit(), started.err());
        daemonPid = started.json().get("pid").asLong();
        remote = "127.0.0.1:" + started.json().get("dcom").get("port").asInt();
    }

    @AfterEach
    void stopDaemon() throws Exception {
        HostDaemonCommandsTest.Run stopped = HostDaemonCommandsTest.sessmon("host", "stop", "--host",
                socket.toString());
        ProcessHandle.of(daemonPid).ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
        assertEquals(ExitCodes.OK, stopped.exit(), stopped.err());
    }

    Path passwordFile(String password, String perms) throws Exception {
        Path f = Files.createTempFile(tmp, "pw", ".txt");
        Files.writeString(f, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void activatesIntoTheSessionNamedWithAPasswordFile() throws Exception {
        Path pw = passwordFile("demo-bob", "rw-------");
        SessmonTest.Result r = SessmonTest.run("activate", NAME, "--remote", remote, "--user", "bob",
                "--password-file", pw.toString(), "--call", "SessionId", "--json");
        assertEquals(ExitCodes.OK, r.exit(), r.err() + r.out());
        JsonNode j = r.json();
        assertTrue(j.get("ok").asBoolean());
        assertEquals(2, j.get("call").get("result").asInt(), "the server reports the session it runs in");
        assertEquals("remote", j.get("backend").asText());
        assertTrue(j.get("session").isNull() && j.get("pid").isNull(), "the wire reports no decision: " + j);
        assertFalse(r.out().contains("demo-bob") || r.err().contains("demo-bob"), "the password is never shown");
    }

    @Test
    void readsThePasswordFromTheEnvironment() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", HostCommand.classPath(), Sessmon.class.getName(), "activate", NAME, "--remote",
                remote, "--user", ".\\bob", "--authn-level", "integrity", "--call", "UserName", "--json"));
        ProcessBuilder b = new ProcessBuilder(cmd);
        b.environment().put("SESSMON_PASSWORD", "demo-bob");
        HostDaemonCommandsTest.Run r = HostDaemonCommandsTest.finish(b.start());
        assertEquals(ExitCodes.OK, r.exit(), r.err() + r.out());
        assertEquals("bob", r.json().get("call").get("result").asText());
    }

    @Test
    void wrongCredentialsAreAnActivationFailureWithAccessDenied() throws Exception {
        Path pw = passwordFile("not-bobs", "r--------");
        SessmonTest.Result r = SessmonTest.run("activate", NAME, "--remote", remote, "--user", "bob",
                "--password-file", pw.toString(), "--json");
        assertEquals(ExitCodes.ACTIVATION, r.exit(), r.err() + r.out());
        assertEquals("0x80070005", r.json().get("hresult").asText(), r.out());
        assertFalse(r.out().contains("not-bobs") || r.err().contains("not-bobs"));
    }

    @Test
    void aPasswordFileOthersMayReadIsRefused() throws Exception {
        Path pw = passwordFile("demo-bob", "rw-r--r--");
        SessmonTest.Result r = SessmonTest.run("activate", NAME, "--remote", remote, "--user", "bob",
                "--password-file", pw.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("chmod 600"), r.err());
        Path big = passwordFile("x".repeat(2000), "rw-------");
        SessmonTest.Result tooBig = SessmonTest.run("activate", NAME, "--remote", remote, "--user", "bob",
                "--password-file", big.toString());
        assertEquals(ExitCodes.USAGE, tooBig.exit(), tooBig.err());
        assertTrue(tooBig.err().contains("longer than 1024 bytes"), tooBig.err());
    }

    @Test
    void remoteNeedsAUserAndRefusesTheLocalOptions() throws Exception {
        SessmonTest.Result noUser = SessmonTest.run("activate", NAME, "--remote", remote);
        assertEquals(ExitCodes.USAGE, noUser.exit(), noUser.err());
        assertTrue(noUser.err().contains("--user"), noUser.err());
        SessmonTest.Result as = SessmonTest.run("activate", NAME, "--remote", remote, "--user", "bob", "--as",
                "alice");
        assertEquals(ExitCodes.USAGE, as.exit(), as.err());
        SessmonTest.Result userAlone = SessmonTest.run("activate", NAME, "--user", "bob");
        assertEquals(ExitCodes.USAGE, userAlone.exit(), userAlone.err());
    }

    @Test
    void sessionsRemoteIsRefusedWithTheReason() {
        SessmonTest.Result r = SessmonTest.run("sessions", "--remote", remote, "--user", "bob");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("no session enumeration"), r.err());
    }
}
