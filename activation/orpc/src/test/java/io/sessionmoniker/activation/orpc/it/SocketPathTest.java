package io.sessionmoniker.activation.orpc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener removes nothing but a stale socket: whatever else is at its path (a file, a directory, a link) is an
 * error that names it, and stays as it was.
 */
class SocketPathTest {

    @TempDir
    Path tmp;

    Path dir;

    @BeforeEach
    void ownerOnlyDirectory() throws IOException {
        dir = Files.createDirectory(tmp.resolve("run"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    static Transport.Listener listen(Path path) throws IOException {
        return UnixSocketTransport.create().listen(Endpoint.unix(path));
    }

    @Nested
    class NotASocket {

        @Test
        void aRegularFileSurvivesAndIsNamed() throws IOException {
            Path file = dir.resolve("notes.txt");
            Files.writeString(file, "keep me", StandardCharsets.UTF_8);
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> listen(file));
            assertEquals(file + " is a regular file, not a socket; it is left as it is: choose another path for the"
                    + " socket, or move it away", e.getMessage());
            assertEquals("keep me", Files.readString(file, StandardCharsets.UTF_8));
        }

        @Test
        void anEmptyFileSurvivesToo() throws IOException {
            Path file = Files.createFile(dir.resolve("host.sock"));
            assertThrows(FileAlreadyExistsException.class, () -> listen(file));
            assertTrue(Files.isRegularFile(file));
        }

        @Test
        void aDirectoryIsNamedAsOneAndNotCalledOpenToOthers() throws IOException {
            // tmp itself is the parent of the directory given: whatever its mode, the message is about the directory
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
            try {
                IOException e = assertThrows(IOException.class, () -> listen(dir));
                assertEquals(dir + " is a directory, not a socket; name the socket inside it instead, such as "
                        + dir.resolve("host.sock"), e.getMessage());
                assertTrue(Files.isDirectory(dir));
            } finally {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
            }
        }

        @Test
        void aSymbolicLinkAndItsTargetSurvive() throws IOException {
            Path target = Files.writeString(dir.resolve("target"), "data", StandardCharsets.UTF_8);
            Path link = Files.createSymbolicLink(dir.resolve("host.sock"), target);
            IOException e = assertThrows(IOException.class, () -> listen(link));
            assertTrue(e.getMessage().startsWith(link + " is a symbolic link, not a socket"), e.getMessage());
            assertTrue(Files.isSymbolicLink(link));
            assertEquals("data", Files.readString(target, StandardCharsets.UTF_8));
        }
    }

    @Nested
    class Sockets {

        @Test
        void aStaleSocketIsReplaced() throws IOException {
            Path path = dir.resolve("host.sock");
            try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                crashed.bind(UnixDomainSocketAddress.of(path));
            }
            assertTrue(UnixSocketTransport.isSocket(path), "closing a channel leaves its socket file behind");
            try (Transport.Listener l = listen(path)) {
                try (Transport.Link link = UnixSocketTransport.create().connect(l.endpoint(), Duration.ofSeconds(30))) {
                    assertTrue(link.peer().known());
                }
            }
            assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "a closed listener removes its socket");
        }

        @Test
        void aLiveSocketIsRefusedAndKept() throws IOException {
            Path path = dir.resolve("host.sock");
            try (Transport.Listener first = listen(path)) {
                assertEquals(path.toString(), first.endpoint().address());
                IOException e = assertThrows(IOException.class, () -> listen(path));
                assertEquals("a server is already listening on " + path, e.getMessage());
                assertTrue(UnixSocketTransport.isSocket(path));
            }
        }

        @Test
        void aClosingListenerLeavesAFileThatReplacedItsSocket() throws IOException {
            Path path = dir.resolve("host.sock");
            Transport.Listener l = listen(path);
            Files.delete(path);
            Files.writeString(path, "someone else's", StandardCharsets.UTF_8);
            l.close();
            assertEquals("someone else's", Files.readString(path, StandardCharsets.UTF_8));
        }

        @Test
        void aClosingListenerLeavesAnotherSocketThatReplacedItsOwn() throws IOException {
            Path path = dir.resolve("host.sock");
            Transport.Listener l = listen(path);
            Files.delete(path);
            try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                other.bind(UnixDomainSocketAddress.of(path));
                Object theirs = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey();
                l.close();
                assertTrue(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "a socket it did not make stays");
                assertEquals(theirs, Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey());
            }
        }

        @Test
        void filesAreDescribedByKind() throws IOException {
            Path file = Files.createFile(dir.resolve("f"));
            assertEquals("a regular file", UnixSocketTransport.describeFile(file));
            assertEquals("a directory", UnixSocketTransport.describeFile(dir));
            assertEquals("nothing", UnixSocketTransport.describeFile(dir.resolve("none")));
            assertFalse(UnixSocketTransport.isSocket(file));
            try (Transport.Listener l = listen(dir.resolve("s.sock"))) {
                assertEquals("a socket", UnixSocketTransport.describeFile(Path.of(l.endpoint().address())));
            }
        }
    }
}
