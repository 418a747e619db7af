package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sessmon host start|run --dcom} and {@code --dcom-min-level}, through the real entry point in separate
 * processes: the network side listens where it is told (a port the system picks here, as tests do), {@code host
 * status} reports it, and bad values are usage errors that start nothing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DcomCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void startListensOnTcpAndStatusSaysWhere() throws Exception {
        Path socket = tmp.resolve("run").resolve("host.sock");
        HostDaemonCommandsTest.Run started = HostDaemonCommandsTest.sessmon("host", "start", "--host",
                socket.toString(), "--dcom", "127.0.0.1:0", "--dcom-min-level", "connect", "--json");
        assertEquals(ExitCodes.OK, started.exit(), started.err());
        long pid = started.json().get("pid").asLong();
        try {
            JsonNode dcom = started.json().get("dcom");
            assertEquals("127.0.0.1", dcom.get("address").asText(), started.out());
            int port = dcom.get("port").asInt();
            assertTrue(port > 0, "the port the system chose: " + started.out());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000); // the SCM accepts connections there
            }
            HostDaemonCommandsTest.Run status = HostDaemonCommandsTest.sessmon("host", "status", "--host",
                    socket.toString(), "--json");
            assertEquals(ExitCodes.OK, status.exit(), status.err());
            assertEquals(port, status.json().get("dcom").get("port").asInt(), status.out());
            HostDaemonCommandsTest.Run text = HostDaemonCommandsTest.sessmon("host", "status", "--host",
                    socket.toString());
            assertTrue(text.out().contains("DCOM on TCP 127.0.0.1:" + port), text.out());
        } finally {
            HostDaemonCommandsTest.Run stopped = HostDaemonCommandsTest.sessmon("host", "stop", "--host",
                    socket.toString());
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
            assertEquals(ExitCodes.OK, stopped.exit(), stopped.err());
        }
    }

    @Test
    void withoutDcomStatusHasNoNetworkSide() throws Exception {
        Path socket = tmp.resolve("plain").resolve("host.sock");
        HostDaemonCommandsTest.Run started = HostDaemonCommandsTest.sessmon("host", "start", "--host",
                socket.toString(), "--json");
        assertEquals(ExitCodes.OK, started.exit(), started.err());
        long pid = started.json().get("pid").asLong();
        try {
            assertFalse(started.json().has("dcom"), started.out());
            assertFalse(HostDaemonCommandsTest.sessmon("host", "status", "--host", socket.toString(), "--json").json()
                    .has("dcom"));
        } finally {
            HostDaemonCommandsTest.sessmon("host", "stop", "--host", socket.toString());
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
        }
    }

    @Test
    void badValuesAreUsageErrorsThatStartNothing() throws Exception {
        Path socket = tmp.resolve("bad").resolve("host.sock");
        HostDaemonCommandsTest.Run port = HostDaemonCommandsTest.sessmon("host", "start", "--host", socket.toString(),
                "--dcom", "127.0.0.1:http");
        assertEquals(ExitCodes.USAGE, port.exit(), port.out() + port.err());
        assertTrue(port.err().contains("--dcom") && port.err().contains("[ADDRESS:]PORT"), port.err());
        HostDaemonCommandsTest.Run level = HostDaemonCommandsTest.sessmon("host", "run", "--host", socket.toString(),
                "--dcom", "0", "--dcom-min-level", "none");
        assertEquals(ExitCodes.USAGE, level.exit(), level.out() + level.err());
        assertTrue(level.err().contains("--dcom-min-level") && level.err().contains("connect, integrity or privacy"),
                level.err());
        assertFalse(Files.exists(socket), "nothing was started");
    }
}
