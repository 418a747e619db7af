package io.sessionmoniker.samples;

import static io.sessionmoniker.samples.HostDaemonCommandsTest.sessmon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.samples.HostDaemonCommandsTest.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --host PATH} never costs a user a file: {@code host start} on a regular file, a directory or a link refuses
 * and names what is there, a failed start leaves no {@code SOCKET.log}, and the advice for a wrong {@code --host}
 * names the socket rather than the daemon's own files. Each case runs {@code sessmon} as its own process.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostPathSafetyTest {

    @TempDir
    Path tmp;

    @Test
    void hostStartOnARegularFileKeepsItAndSaysWhatItIs() throws Exception {
        Path file = tmp.resolve("report.txt");
        Files.writeString(file, "a week of work\n", StandardCharsets.UTF_8);
        Run r = sessmon("host", "start", "--host", file.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains(file + " is a regular file, not a socket"), r.err());
        assertEquals("a week of work\n", Files.readString(file, StandardCharsets.UTF_8), "the file survives");
        assertFalse(Files.exists(tmp.resolve("report.txt.log")), "no log is made for a start that never began");
        Run run = sessmon("host", "run", "--host", file.toString());
        assertEquals(ExitCodes.ACTIVATION, run.exit(), run.err());
        assertTrue(run.err().contains("is a regular file, not a socket"), run.err());
        assertEquals("a week of work\n", Files.readString(file, StandardCharsets.UTF_8), "host run keeps it too");
    }

    @Test
    void hostStartOnADirectorySaysItIsADirectory() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("sessmon"));
        Files.writeString(dir.resolve("kept"), "x", StandardCharsets.UTF_8);
        Run r = sessmon("host", "start", "--host", dir.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains(dir + " is a directory, not a socket; name the socket inside it instead, such as "
                + dir.resolve("host.sock")), r.err());
        assertFalse(r.err().contains("open to others"), r.err());
        assertTrue(Files.isDirectory(dir));
        assertEquals("x", Files.readString(dir.resolve("kept"), StandardCharsets.UTF_8));
    }

    @Test
    void hostStartOnASymbolicLinkKeepsTheLinkAndItsTarget() throws Exception {
        Path target = Files.writeString(tmp.resolve("target.txt"), "data", StandardCharsets.UTF_8);
        Path link = Files.createSymbolicLink(tmp.resolve("host.sock"), target);
        Run r = sessmon("host", "start", "--host", link.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("is a symbolic link, not a socket"), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("data", Files.readString(target, StandardCharsets.UTF_8));
    }

    @Test
    void aFileOfOneOwnAtTheReferencePathIsKept() throws Exception {
        // a daemon keeps its reference at SOCKET.ref; a file there that is not one is someone's
        Path socket = tmp.resolve("host.sock");
        Path ref = Files.writeString(tmp.resolve("host.sock.ref"), "my notes", StandardCharsets.UTF_8);
        Run r = sessmon("host", "start", "--host", socket.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains(ref + " is a regular file that does not hold a host daemon's reference"), r.err());
        assertEquals("my notes", Files.readString(ref, StandardCharsets.UTF_8));
        assertFalse(Files.exists(socket), "no daemon was started");
    }

    @Test
    void aFailedStartLeavesNoLogBehind() throws Exception {
        // a directory others may enter: the daemon refuses to listen there and exits
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path socket = open.resolve("host.sock");
        Run r = sessmon("host", "start", "--host", socket.toString());
        assertEquals(ExitCodes.ACTIVATION, r.exit(), r.err());
        assertTrue(r.err().contains("is open to others"), r.err());
        assertFalse(Files.exists(open.resolve("host.sock.log")), "the failed start's log is removed");
        assertFalse(Files.exists(socket), "and no socket is left");
    }

    @Test
    void aLogPlantedInADirectoryOthersMayEnterIsNeverWrittenTo() throws Exception {
        // someone who may write in the socket's directory plants SOCKET.log as a link (hard or symbolic) to a file
        // of the user's: host start must refuse the directory before it opens anything in it
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path precious = Files.writeString(tmp.resolve("thesis.txt"), "chapter one\n", StandardCharsets.UTF_8);
        Path hard = Files.createLink(open.resolve("host.sock.log"), precious);
        Path symbolic = Files.createSymbolicLink(open.resolve("other.sock.log"), precious);
        for (String name : new String[] {"host.sock", "other.sock"}) {
            Run r = sessmon("host", "start", "--host", open.resolve(name).toString());
            assertEquals(ExitCodes.ACTIVATION, r.exit(), r.err());
            assertTrue(r.err().contains(open + " is open to others"), r.err());
            assertFalse(Files.exists(open.resolve(name)), "no socket is made");
            assertEquals("chapter one\n", Files.readString(precious, StandardCharsets.UTF_8),
                    "the file is untouched by host start --host " + name);
        }
        assertTrue(Files.isRegularFile(hard) && Files.isSymbolicLink(symbolic), "what was planted is left as it is");
    }

    @Test
    void aSymbolicLinkAtTheLogInAnOwnDirectoryIsRefusedAndKept() throws Exception {
        Path own = Files.createDirectory(tmp.resolve("own"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path target = Files.writeString(tmp.resolve("target.txt"), "data\n", StandardCharsets.UTF_8);
        Path link = Files.createSymbolicLink(own.resolve("host.sock.log"), target);
        Run r = sessmon("host", "start", "--host", own.resolve("host.sock").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains(link + " is there and is not a regular file"), r.err());
        assertEquals("data\n", Files.readString(target, StandardCharsets.UTF_8));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aLogGivenAsHostPointsAtTheSocketBesideIt() throws Exception {
        // what a daemon leaves next to its socket: SOCKET.ref (its reference) and SOCKET.log
        Path socket = tmp.resolve("host.sock");
        Files.writeString(tmp.resolve("host.sock.ref"), "00", StandardCharsets.US_ASCII);
        Path log = Files.writeString(tmp.resolve("host.sock.log"), "daemon output\n", StandardCharsets.UTF_8);
        Run r = sessmon("sessions", "--host", log.toString());
        assertEquals(ExitCodes.ACTIVATION, r.exit(), r.err());
        assertTrue(r.err().contains(log + " is a regular file, not a host daemon's socket; did you mean --host "
                + socket + "?"), r.err());
        assertFalse(r.err().contains("host start --host " + log), "no advice to start a daemon on the log: " + r.err());
        assertEquals("daemon output\n", Files.readString(log, StandardCharsets.UTF_8));
    }
}
