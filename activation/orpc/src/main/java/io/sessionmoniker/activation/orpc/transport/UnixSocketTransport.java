package io.sessionmoniker.activation.orpc.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Unix domain sockets ({@link UnixDomainSocketAddress}) as an RPC transport.
 *
 * <p>The socket lives in a directory that only its owner can enter ({@code rwx------}): {@link #listen} creates
 * the directory so, and refuses an existing directory that belongs to another user or that group or others can
 * enter, so no other local user can even connect. Each accepted link carries the peer's user and group from
 * {@code SO_PEERCRED}. A stale socket file left by a crashed server (nobody accepts on it) is replaced; a live
 * one is an error, and so is anything at the path that is not a socket (a regular file, a directory, a link):
 * nothing but a stale socket is ever removed.
 *
 * <pre>{@code
 * Transport t = UnixSocketTransport.create();
 * Transport.Listener l = t.listen(Endpoint.unix(Path.of("/run/user/1000/sessmon/host.sock")));
 * }</pre>
 */
public final class UnixSocketTransport implements Transport {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> TRAVERSE_ONLY = PosixFilePermissions.fromString("rwx--x--x");

    private final boolean shared;

    private UnixSocketTransport(boolean shared) {
        this.shared = shared;
    }

    /**
     * Returns the transport.
     *
     * @return a transport instance (stateless)
     */
    public static UnixSocketTransport create() {
        return new UnixSocketTransport(false);
    }

    /**
     * Returns a transport whose listening sockets other accounts of this machine may connect to: the directory is
     * {@code rwx--x--x} (others may pass through but not list it or add to it) and the socket {@code rw-rw-rw-}. For
     * a service that authenticates its callers itself, such as a session host's registrar in the {@code os}
     * identity mode, which servers running as other accounts reach and which accepts only one-time launch tokens.
     *
     * @return a transport instance (stateless)
     */
    public static UnixSocketTransport shared() {
        return new UnixSocketTransport(true);
    }

    /** The protocol sequence: Windows' local RPC, here over Unix domain sockets. */
    public static final String PROTOCOL_SEQUENCE = "ncalrpc";

    /** The tower id of {@code ncalrpc} (MS-DCOM 2.2.19.3). */
    public static final int TOWER_ID = 0x10;

    @Override
    public String name() {
        return Endpoint.UNIX;
    }

    @Override
    public String protocolSequence() {
        return PROTOCOL_SEQUENCE;
    }

    @Override
    public int towerId() {
        return TOWER_ID;
    }

    @Override
    public String bindingAddress(Endpoint endpoint) {
        return "[" + socketPath(endpoint) + "]";
    }

    @Override
    public java.util.Optional<Endpoint> endpoint(String bindingAddress) {
        // "[path]", as Windows writes an ncalrpc endpoint with an empty host
        if (bindingAddress.length() < 3 || bindingAddress.charAt(0) != '[' || !bindingAddress.endsWith("]")) {
            return java.util.Optional.empty();
        }
        String path = bindingAddress.substring(1, bindingAddress.length() - 1);
        return path.startsWith("/") ? java.util.Optional.of(new Endpoint(Endpoint.UNIX, path))
                : java.util.Optional.empty();
    }

    @Override
    public Listener listen(Endpoint endpoint) throws IOException {
        Path socket = socketPath(endpoint);
        requireSocketOrNothing(socket);
        prepareDirectory(socket.getParent(), shared ? TRAVERSE_ONLY : OWNER_ONLY);
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            requireSocketOrNothing(socket);
            if (isLive(socket)) {
                throw new IOException("a server is already listening on " + socket);
            }
            Files.delete(socket);   // a stale socket: nobody accepts on it
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Object made;
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            // the identity of the socket file this bind made: close removes that file and nothing else
            made = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (shared) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            }
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new UnixListener(server, socket, endpoint, made);
    }

    @Override
    public Link connect(Endpoint endpoint, Duration timeout) throws IOException {
        Path socket = socketPath(endpoint);
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = 1_000_000L;
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return new UnixLink(channel, endpoint);
            } catch (ConnectException | java.nio.file.NoSuchFileException e) {
                channel.close();
                if (System.nanoTime() - deadline >= 0) {
                    throw new ConnectException("no server listens on " + socket + " (" + e.getMessage() + ")");
                }
                // the server may still be starting: retry with a short, growing pause until the deadline
                LockSupport.parkNanos(Math.min(backoff, Math.max(0, deadline - System.nanoTime())));
                backoff = Math.min(backoff * 2, 50_000_000L);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    /**
     * Whether a Unix domain socket is at the path (not following a symbolic link).
     *
     * @param path the path
     * @return true for a socket; false for anything else or nothing
     */
    public static boolean isSocket(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // no "unix" attribute view: a socket is at least neither file, directory nor link
            try {
                return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
            } catch (IOException e) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What is at a path, in words for a message: "a regular file", "a directory", "a symbolic link", "a socket",
     * "a special file" or "nothing".
     *
     * @param path the path
     * @return the kind of file, with its article
     */
    public static String describeFile(Path path) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return "nothing";
        }
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        } else if (a.isDirectory()) {
            return "a directory";
        } else if (a.isRegularFile()) {
            return "a regular file";
        }
        return isSocket(path) ? "a socket" : "a special file";
    }

    /**
     * Refuses a path where something other than a socket is: a listener would otherwise have to remove it.
     *
     * @param socket where a socket is to be made
     * @throws FileAlreadyExistsException if a file, directory, link or other special file is there
     */
    public static void requireSocketOrNothing(Path socket) throws FileAlreadyExistsException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS) || isSocket(socket)) {
            return;
        }
        String kind = describeFile(socket);
        String advice = kind.equals("a directory")
                ? "; name the socket inside it instead, such as " + socket.resolve("host.sock")
                : "; it is left as it is: choose another path for the socket, or move it away";
        // no file argument: the reason names the path, and getMessage() is then the reason alone
        throw new FileAlreadyExistsException(null, null, socket + " is " + kind + ", not a socket" + advice);
    }

    private static final int S_IFMT = 0170000;

    private static final int S_IFSOCK = 0140000;

    private static Path socketPath(Endpoint endpoint) {
        if (!Endpoint.UNIX.equals(endpoint.transport())) {
            throw new IllegalArgumentException("not a unix endpoint: " + endpoint);
        }
        return Path.of(endpoint.address()).toAbsolutePath().normalize();
    }

    /**
     * Creates the directory with the given permissions, or checks that an existing one is owned by us and grants
     * others no more than them.
     */
    static void prepareDirectory(Path dir, Set<PosixFilePermission> allowed) throws IOException {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(allowed));
            Files.setPosixFilePermissions(dir, allowed);   // the umask may have taken some away
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        checkDirectory(dir, allowed);
    }

    /**
     * Checks that an existing directory is fit for an owner-only socket, without creating or changing anything:
     * a directory (not a link to one), owned by this process's account, granting others nothing
     * ({@code rwx------} or less).
     *
     * @param dir the directory
     * @throws IOException naming what is wrong: missing, not a directory, someone else's, or open to others
     */
    public static void requireOwnerOnlyDirectory(Path dir) throws IOException {
        checkDirectory(dir, OWNER_ONLY);
    }

    private static void checkDirectory(Path dir, Set<PosixFilePermission> allowed) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw new IOException("cannot check the permissions of " + dir + ": the file system has no POSIX attributes");
        }
        var attributes = view.readAttributes();
        if (!attributes.isDirectory()) {
            throw new IOException(dir + " is not a directory (a symbolic link is refused too)");
        }
        UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!attributes.owner().equals(me)) {
            throw new IOException(dir + " belongs to " + attributes.owner().getName() + ", not to "
                    + me.getName() + "; choose a directory of your own for the host's sockets");
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
        open.removeAll(allowed);
        if (!open.isEmpty()) {
            throw new IOException(dir + " is open to others (" + PosixFilePermissions.toString(
                    attributes.permissions()) + "); it must be " + PosixFilePermissions.toString(allowed)
                    + " so that only its owner can reach the socket");
        }
    }

    private static boolean isLive(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static final class UnixListener implements Listener {
        private final ServerSocketChannel server;
        private final Path socket;
        private final Endpoint endpoint;
        /** The file key (device and inode) of the socket file the bind made, or null if the file system has none. */
        private final Object made;

        UnixListener(ServerSocketChannel server, Path socket, Endpoint endpoint, Object made) {
            this.server = server;
            this.socket = socket;
            this.endpoint = endpoint;
            this.made = made;
        }

        @Override
        public Link accept() throws IOException {
            return new UnixLink(server.accept(), endpoint);
        }

        @Override
        public Endpoint endpoint() {
            return endpoint;
        }

        @Override
        public void close() throws IOException {
            try {
                server.close();
            } finally {
                if (isOurs()) {   // whatever replaced it since (even another socket) is not ours to remove
                    Files.deleteIfExists(socket);
                }
            }
        }

        /** Whether the file at the socket's path is still the socket this listener's bind made. */
        private boolean isOurs() {
            if (!isSocket(socket)) {
                return false;
            }
            try {
                Object now = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .fileKey();
                return made != null && made.equals(now);
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static final class UnixLink extends ChannelLink {
        private final Endpoint endpoint;
        private final PeerCredentials peer;

        UnixLink(SocketChannel channel, Endpoint endpoint) throws IOException {
            super(channel);
            this.endpoint = endpoint;
            PeerCredentials p;
            try {
                UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
                p = new PeerCredentials(principal.user().getName(), principal.group().getName());
            } catch (UnsupportedOperationException e) {
                p = PeerCredentials.UNKNOWN;
            }
            this.peer = p;
        }

        @Override
        public PeerCredentials peer() {
            return peer;
        }

        @Override
        public String describe() {
            return endpoint + " (peer " + (peer.known() ? peer.user() : "unknown") + ")";
        }
    }
}
