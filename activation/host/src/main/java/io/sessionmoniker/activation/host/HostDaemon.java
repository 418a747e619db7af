package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.moniker.Moniker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.host.internal.HostWire;
import io.sessionmoniker.activation.host.internal.IHostControl;
import io.sessionmoniker.activation.host.internal.ISessionSink;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session host serving other processes: an embedded {@link SessionHost} listening on a socket that
 * {@link HostClient}s connect to ({@code sessmon host start/run}). Clients activate, list and change sessions,
 * and subscribe to session notifications; the proxies they get talk to the servers directly.
 *
 * <pre>{@code
 * try (HostDaemon daemon = HostDaemon.start(Scenario.demo(), Path.of(dir, "host.sock"), SessionHost.Options.defaults())) {
 *     daemon.awaitShutdown();   // until a client asks it to stop (sessmon host stop)
 * }
 * }</pre>
 *
 * <p>The socket's directory is owner-only ({@code rwx------}), so only the daemon's own account can connect: in the
 * {@code logical} identity mode the daemon trusts the caller a client names (as the embedded CLI trusts
 * {@code --as}), and resolves the name against its scenario's users. Next to the socket it writes
 * {@code SOCKET.ref}, the control object's OBJREF, which is how clients find it; it is removed on close. Closing
 * ends every server the daemon started.
 */
public final class HostDaemon implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HostDaemon.class.getName());

    private final SessionHost host;
    private final Path socket;
    private final Path refFile;
    private final Instant started = Instant.now();
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final Map<Integer, Sink> sinks = new ConcurrentHashMap<>();
    private final AtomicInteger cookies = new AtomicInteger();
    /**
     * Where the control object's calls run instead of the RPC workers: an activation waits there for a starting
     * server's registration, so that any number of waiting activations hold none of the workers and status,
     * explain and the other calls go on being answered. Threads are made on demand, up to
     * {@link #MAX_CONTROL_CALLS}, and end after 30 s without work; a call beyond that is answered busy.
     */
    private final ThreadPoolExecutor controlCalls;

    /** Control calls that may run (most of them waiting for servers) at once. */
    static final int MAX_CONTROL_CALLS = 256;

    private HostDaemon(SessionHost host, Path socket) {
        AtomicInteger n = new AtomicInteger();
        this.controlCalls = new ThreadPoolExecutor(0, MAX_CONTROL_CALLS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "sessmon-daemon-control-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.host = host;
        this.socket = socket;
        this.refFile = refFile(socket);
    }

    /**
     * Starts a daemon.
     *
     * @param scenario the users, sessions, classes and policy
     * @param socket where to listen; its directory is created owner-only if missing, and must be owner-only if not
     * @param options directories and variables (its host socket is replaced by {@code socket})
     * @return the running daemon
     * @throws IOException if the socket cannot be made (another daemon listens there, something other than a stale
     *     socket is at the path, or the directory is open to others)
     */
    public static HostDaemon start(Scenario scenario, Path socket, SessionHost.Options options) throws IOException {
        Path abs = socket.toAbsolutePath();
        checkSocketPath(abs);
        SessionHost host = SessionHost.start(scenario, options.withHostSocket(abs));
        HostDaemon daemon = new HostDaemon(host, abs);
        try {
            ObjRef control = host.exporter().exportPinned(daemon.new Control(), IHostControl.class,
                    daemon.controlCalls);
            // a listener that failed for good (its acceptor hit an error) must not leave a daemon that holds its
            // socket and never accepts: the daemon ends as on "host stop", and a new one can start
            host.exporter().failure().thenAccept(e -> {
                LOG.log(System.Logger.Level.ERROR, "the daemon's listener failed (" + e + "); the daemon stops");
                daemon.shutdown.countDown();
            });
            Path tmp = Files.createTempFile(abs.getParent(), ".host-", ".ref",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, control.encode().toHex(), StandardCharsets.US_ASCII);
            Files.move(tmp, daemon.refFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "host daemon " + ProcessHandle.current().pid() + " listening on " + abs);
        return daemon;
    }

    /**
     * Checks that a daemon could listen at a path without removing anything: nothing is there, or a socket is (a
     * live one is refused later, a stale one replaced). A regular file, a directory or a link is refused, named in
     * the message, and left as it is; so is a {@code SOCKET.ref} beside it that is not an earlier daemon's
     * reference, which the daemon would otherwise replace.
     *
     * @param socket the path a daemon is to listen on
     * @throws IOException if something other than a socket is at the path, or a file not a daemon's at
     *     {@code SOCKET.ref}
     */
    public static void checkSocketPath(Path socket) throws IOException {
        Path abs = socket.toAbsolutePath();
        UnixSocketTransport.requireSocketOrNothing(abs);
        Path ref = refFile(abs);
        if (Files.exists(ref, LinkOption.NOFOLLOW_LINKS) && !isDaemonReference(ref)) {
            throw new FileAlreadyExistsException(null, null, ref + " is " + UnixSocketTransport.describeFile(ref)
                    + " that does not hold a host daemon's reference, which a daemon keeps beside its socket; it is"
                    + " left as it is: choose another path for the socket");
        }
    }

    /**
     * Checks that the directory of a daemon's socket exists and only this account can enter it: a directory, not a
     * link, owned by this account, {@code rwx------} or less. What is written beside the socket ({@code SOCKET.log},
     * {@code SOCKET.ref}) is then safe from files others could plant there; check before writing anything.
     *
     * @param socket the path a daemon is to listen on
     * @throws IOException naming what is wrong with the directory (missing, not a directory, someone else's, or
     *     open to others)
     */
    public static void checkSocketDirectory(Path socket) throws IOException {
        UnixSocketTransport.requireOwnerOnlyDirectory(socket.toAbsolutePath().getParent());
    }

    /** Whether the file is what a daemon writes at {@code SOCKET.ref}: an OBJREF in hex. */
    private static boolean isDaemonReference(Path ref) {
        try {
            if (!Files.isRegularFile(ref, LinkOption.NOFOLLOW_LINKS) || Files.size(ref) > MAX_REF_FILE_SIZE) {
                return false;
            }
            ObjRef.decode(Bytes.fromHex(Files.readString(ref, StandardCharsets.US_ASCII).strip()));
            return true;
        } catch (IOException | WireFormatException | RuntimeException e) {
            return false;
        }
    }

    /** Far above an OBJREF's hex; a larger file is someone else's. */
    private static final long MAX_REF_FILE_SIZE = 64 * 1024;

    /**
     * Returns the file next to a daemon's socket that holds its control object's OBJREF.
     *
     * @param socket the daemon's socket
     * @return {@code SOCKET.ref}
     */
    public static Path refFile(Path socket) {
        Path abs = socket.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".ref");
    }

    /**
     * Returns the socket.
     *
     * @return where the daemon listens
     */
    public Path socket() {
        return socket;
    }

    /**
     * Returns the host the daemon serves.
     *
     * @return the host
     */
    public SessionHost host() {
        return host;
    }

    /**
     * Waits until a client asks the daemon to stop, or it is closed.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitShutdown() throws InterruptedException {
        shutdown.await();
    }

    /** Ends the subscriptions, every server, and the socket; removes the reference file. Idempotent. */
    @Override
    public void close() {
        shutdown.countDown();
        sinks.values().forEach(Sink::close);
        sinks.clear();
        controlCalls.shutdown();
        try {
            Files.deleteIfExists(refFile);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + refFile + ": " + e.getMessage());
        }
        host.close();
        try {
            if (UnixSocketTransport.isSocket(socket)) {   // only ever our socket: never what replaced it
                Files.deleteIfExists(socket);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot remove " + socket, e);
        }
    }

    /** Control calls running now (for tests: activations waiting for a server are among them). */
    int controlCallsRunning() {
        return controlCalls.getActiveCount();
    }

    /** One client's subscription: events go out in order on the subscription's own thread. */
    private final class Sink {
        final int cookie;
        final ISessionSink sink;
        final SessionProvider.Subscription subscription;
        final ExecutorService queue;

        Sink(int cookie, ISessionSink sink) {
            this.cookie = cookie;
            this.sink = sink;
            this.queue = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "sessmon-daemon-sink-" + cookie);
                t.setDaemon(true);
                return t;
            });
            this.subscription = host.sessions().subscribe(e -> {
                String json = HostWire.write(HostWire.event(e));
                try {
                    queue.execute(() -> deliver(json));
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // the subscription ended while this event was on its way: nobody to deliver it to
                }
            });
        }

        private void deliver(String json) {
            try {
                sink.OnSessionChange(json);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "dropping session subscription " + cookie + ": " + e.getMessage());
                sinks.remove(cookie, this);
                close();
            }
        }

        synchronized void close() {
            if (queue.isShutdown()) {
                return;
            }
            subscription.close();
            // events already queued are still delivered, in order; then the client's callback is released
            queue.execute(() -> ((RemoteObject) sink).close());
            queue.shutdown();
        }
    }

    /** The control object clients call. Every method answers a JSON result or a JSON error, never throws. */
    private final class Control implements IHostControl {

        @Override
        public String Status() {
            return answer(() -> {
                ObjectNode o = HostWire.JSON.createObjectNode();
                o.put("running", true);
                o.put("pid", ProcessHandle.current().pid());
                o.put("socket", socket.toString());
                o.put("startedAt", started.toString());
                o.put("sessions", host.sessions().sessions().size());
                ArrayNode servers = o.putArray("serverPids");
                host.serverPids().forEach(servers::add);
                o.put("subscriptions", sinks.size());
                host.dcomAddress().ifPresent(a -> {
                    ObjectNode d = o.putObject("dcom");
                    d.put("address", io.sessionmoniker.activation.dcom.tcp.TcpTransport.literal(a));
                    d.put("port", a.getPort());
                });
                return o;
            });
        }

        @Override
        public String Sessions() {
            return answer(() -> HostWire.snapshot(host.sessions().snapshot()));
        }

        @Override
        public String ResolveCaller(String request) {
            return answer(() -> HostWire.caller(resolve(HostWire.parse(request))));
        }

        @Override
        public String Explain(String request) {
            return answer(() -> {
                ObjectNode req = HostWire.parse(request);
                Caller caller = resolve(HostWire.field(req, "caller"));
                return HostWire.decision(host.planner().plan(HostWire.text(req, "name"), caller).decision());
            });
        }

        @Override
        public String Activate(String request) {
            return answer(() -> {
                ObjectNode req = HostWire.parse(request);
                String name = HostWire.text(req, "name");
                Moniker moniker = host.planner().parser().parse(name);   // MK_E_SYNTAX before any other check
                Caller caller = resolve(HostWire.field(req, "caller"));
                ActivationOptions options = ActivationOptions.defaults()
                        .withClassContext((int) HostWire.number(req, "classContext"));
                options.requireLocalServerContext();
                OptionalLong millis = HostWire.optionalNumber(req, "deadlineMillis");
                if (millis.isPresent() && millis.getAsLong() <= 0) {
                    throw new IllegalArgumentException("the deadline must be positive, not " + millis.getAsLong()
                            + " ms");
                }
                Duration deadline = millis.isPresent() ? Duration.ofMillis(millis.getAsLong())
                        : Duration.ofMillis(host.startTimeoutMillis());
                ActivationService.View view = ActivationService.View.valueOf(HostWire.text(req, "view"));
                Guid iid = view == ActivationService.View.TYPED ? Guid.parse(HostWire.text(req, "iid")) : null;
                // the ticket is bound to the OS account of the client that asked, as the transport proves it
                String peer = ObjectExporter.currentCall().map(c -> c.peer().user()).orElse("");
                ActivationService.Result r = host.activations().activate(moniker, caller,
                        new ActivationService.Request(view, iid, deadline, peer));
                ObjectNode o = HostWire.JSON.createObjectNode();
                o.put("objref", r.reference().encode().toHex());
                o.put("instance", r.instance());
                o.put("ticket", r.ticket().data().toHex());
                o.put("pid", r.pid());
                o.put("launched", r.launched());
                o.set("decision", HostWire.decision(r.decision()));
                return o;
            });
        }

        @Override
        public String SessionOperation(String operation, String argument) {
            return answer(() -> {
                SessionManager sessions = host.sessions();
                long id;
                if ("logon".equals(operation)) {
                    id = sessions.logon(argument);
                } else {
                    id = sessionId(argument);
                    switch (String.valueOf(operation)) {
                        case "logoff" -> sessions.logoff(id);
                        case "disconnect" -> sessions.disconnect(id);
                        case "connect" -> sessions.reconnect(id);
                        case "console" -> sessions.switchConsole(id);
                        case "lock" -> sessions.lock(id);
                        case "unlock" -> sessions.unlock(id);
                        case "reset" -> sessions.reset(id);
                        default -> throw new IllegalArgumentException("unknown session operation \"" + operation
                                + "\" (logon, logoff, disconnect, connect, console, lock, unlock, reset)");
                    }
                }
                ObjectNode o = HostWire.JSON.createObjectNode();
                o.put("session", id);
                o.set("snapshot", HostWire.snapshot(sessions.snapshot()));
                return o;
            });
        }

        @Override
        public int Subscribe(ISessionSink sink) {
            int cookie = cookies.incrementAndGet();
            sinks.put(cookie, new Sink(cookie, sink));
            return cookie;
        }

        @Override
        public void Unsubscribe(int cookie) {
            Sink s = sinks.remove(cookie);
            if (s != null) {
                s.close();
            }
        }

        @Override
        public void Shutdown() {
            LOG.log(System.Logger.Level.DEBUG, "a client asked the host daemon to stop");
            shutdown.countDown();
        }

        private Caller resolve(JsonNode c) {
            Caller caller = host.caller(HostWire.optionalText(c, "user").orElse(null),
                    HostWire.optionalNumber(c, "session"));
            return c.has("remote") && HostWire.bool(c, "remote") ? Caller.remote(caller.principal()) : caller;
        }

        private long sessionId(String argument) {
            try {
                return Long.parseLong(String.valueOf(argument).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a session id is a number, not \"" + argument + "\"");
            }
        }

        private String answer(java.util.function.Supplier<ObjectNode> work) {
            try {
                return HostWire.write(work.get());
            } catch (RuntimeException e) {
                return HostWire.write(HostWire.error(e));
            } catch (Error e) {
                LOG.log(System.Logger.Level.ERROR, "a request failed inside the host daemon", e);
                throw e;
            }
        }
    }
}
