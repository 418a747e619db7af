package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.PeerCredentials;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.Guid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server end of DCE/RPC connection-oriented associations on one endpoint: accepts connections, negotiates
 * presentation contexts (bind / alter_context) for the interfaces its {@link Handler} supports, reassembles
 * fragmented requests, runs each call on a worker pool, and sends the response (fragmented to the negotiated
 * size) or a fault. Calls on one connection run concurrently and may complete in any order.
 *
 * <p>A call that arrives while the server runs no other call runs on the thread that read it, as Java RMI runs its
 * calls, which spares the hand-over to a worker and its wake-up: before it runs, the thread hands the connection's
 * reading to another reader thread, so the calls that follow on the same connection are read and run meanwhile
 * (no head-of-line blocking), on the workers. Reader threads come from a pool of their own; a thread reading for a
 * connection, or back in the pool after running one of its calls, is named after it
 * ({@code rpc-connection-<id> <peer>}); one whose connection ended is {@value #IDLE_READER}.
 *
 * <p>Bad bytes close one connection, never the server: a PDU the decoder rejects (malformed, over a limit)
 * closes that connection with a logged reason; a request for an unknown presentation context, or beyond the
 * per-connection limit of calls in flight, is faulted. Threads: one acceptor, one reader per connection (and one
 * for each call running on the thread that read it), and a fixed worker pool.
 *
 * <pre>{@code
 * RpcServer server = RpcServer.start(UnixSocketTransport.create(), endpoint, handler, RpcServer.Options.DEFAULT);
 * …
 * server.close();
 * }</pre>
 */
public final class RpcServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RpcServer.class.getName());

    /** What the server does with calls. Implementations are thread-safe. */
    public interface Handler {
        /**
         * Tells whether an interface may be bound.
         *
         * @param iface the abstract syntax a client proposes
         * @return {@code true} to accept it
         */
        boolean supports(SyntaxId iface);

        /**
         * Runs one call.
         *
         * @param call the call
         * @return the NDR-encoded response
         * @throws RpcFaultException to answer with a fault PDU instead
         */
        Bytes invoke(Call call) throws RpcFaultException;

        /**
         * Runs one call whose answer may come later. The server calls this on a worker; when the stage is not yet
         * complete, the worker is released at once and the answer is sent when the stage completes, on whatever
         * thread completes it: a call that waits for an event (a server's registration, say) holds no worker. The
         * call counts toward the connection's calls in flight until then. If the connection ends first, the stage
         * is cancelled ({@code cancel(false)} on its {@code CompletableFuture}), which the handler may watch for.
         * A stage that fails with an {@link RpcFaultException} answers with its fault; any other failure with
         * {@code nca_s_fault_unspec}.
         *
         * <p>By default it runs {@link #invoke} and answers at once.
         *
         * @param call the call
         * @return the NDR-encoded response, now or later
         * @throws RpcFaultException to answer with a fault PDU at once
         */
        default java.util.concurrent.CompletionStage<Bytes> invokeAsync(Call call) throws RpcFaultException {
            return java.util.concurrent.CompletableFuture.completedFuture(invoke(call));
        }

        /**
         * Learns that a connection ended (the client closed it, died, or broke the protocol), so that the
         * references it held can be released.
         *
         * @param connection the connection
         */
        default void closed(Connection connection) {
        }

        /**
         * Tells whether a connection that has been quiet for the {@linkplain Options#idleTimeout() idle timeout}
         * may be closed: not while it holds state the client would lose (for an object exporter, references).
         *
         * @param connection the quiet connection
         * @return {@code true} (the default) to let it close
         */
        default boolean mayCloseIdle(Connection connection) {
            return true;
        }
    }

    /**
     * Limits, sizes, budgets, timeouts and security providers; {@link #DEFAULT} suits a session host.
     *
     * @param workers the worker threads
     * @param maxConnections connections open at once
     * @param maxCallsPerConnection calls in flight on one connection
     * @param queueLength calls waiting for a worker
     * @param limits the decoder limits
     * @param security the security providers offered to binds with a verifier
     * @param maxConnectionsPerClient connections one network client (one remote IP address) may hold open at once,
     *     so that one client cannot take every connection; local transports are not counted this way
     * @param maxConnectionsPerUser connections one local account (the peer's user, as {@code SO_PEERCRED} reports
     *     it) may hold open at once; the server's own account is held only to {@code maxConnections} unless
     *     {@code limitOwnUser}
     * @param limitOwnUser whether {@code maxConnectionsPerUser} holds for the server's own account too
     * @param pendingMemory the bytes every call together may hold while it is received, queued and run (its stub,
     *     and for a fragmented call its reassembly array); a call beyond it is refused with
     *     {@link RpcStatus#NCA_S_FAULT_REMOTE_NO_MEMORY}
     * @param pendingMemoryPerConnection the share of {@code pendingMemory} one connection's calls may hold
     * @param incompleteTimeout how long a connection may take to bind and send its first request, and to complete
     *     a PDU it has begun, before it is closed (against peers that connect and say nothing, or trickle a header)
     * @param idleTimeout how long a connection that has made calls may stay quiet (nothing received, no call in
     *     flight, and no state the {@link Handler#mayCloseIdle handler} wants kept) before the server sends
     *     {@code shutdown} and closes it; {@link Duration#ZERO} for never. Off by default: here a connection's
     *     life carries meaning (the references charged to it; a server learns that its host went away when its
     *     connection to the host ends), and its client sees an idle close as a lost connection
     */
    public record Options(int workers, int maxConnections, int maxCallsPerConnection, int queueLength,
            PduLimits limits, SecurityProviders security, int maxConnectionsPerClient, int maxConnectionsPerUser,
            boolean limitOwnUser, long pendingMemory, long pendingMemoryPerConnection, Duration incompleteTimeout,
            Duration idleTimeout) {

        /** What {@link #DEFAULT} allows calls to hold in total: a quarter of the heap, at least 16 MiB. */
        public static final long DEFAULT_PENDING_MEMORY = Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 4);

        /**
         * 8 workers, 512 connections, 64 calls in flight per connection, a queue of 1024 calls, no security
         * provider, 64 connections per network client and per local account (the server's own account excepted),
         * {@link #DEFAULT_PENDING_MEMORY} for all calls and 64 MiB of it per connection, 30 s to bind and make a first
         * request or to complete a PDU, no idle timeout.
         */
        public static final Options DEFAULT = new Options(8, 512, 64, 1024,
                PduLimits.DEFAULT.withMaxFragmentLength(RpcClient.MAX_FRAGMENT).withMaxReassembledLength(64 << 20),
                SecurityProviders.none(), 64);

        /**
         * Makes options with 64 connections per network client.
         *
         * @param workers at least 1
         * @param maxConnections at least 1
         * @param maxCallsPerConnection at least 1
         * @param queueLength at least 1
         * @param limits the decoder limits
         * @param security the providers
         */
        public Options(int workers, int maxConnections, int maxCallsPerConnection, int queueLength, PduLimits limits,
                SecurityProviders security) {
            this(workers, maxConnections, maxCallsPerConnection, queueLength, limits, security, 64);
        }

        /**
         * Makes options with {@link #DEFAULT}'s per-account limit, memory budgets and timeouts.
         *
         * @param workers at least 1
         * @param maxConnections at least 1
         * @param maxCallsPerConnection at least 1
         * @param queueLength at least 1
         * @param limits the decoder limits
         * @param security the providers
         * @param maxConnectionsPerClient at least 1
         */
        public Options(int workers, int maxConnections, int maxCallsPerConnection, int queueLength, PduLimits limits,
                SecurityProviders security, int maxConnectionsPerClient) {
            this(workers, maxConnections, maxCallsPerConnection, queueLength, limits, security, maxConnectionsPerClient,
                    64, false, DEFAULT_PENDING_MEMORY, Math.min(64L << 20, DEFAULT_PENDING_MEMORY),
                    Duration.ofSeconds(30), Duration.ZERO);
        }

        /**
         * Validates the components.
         *
         * @param workers at least 1
         * @param maxConnections at least 1
         * @param maxCallsPerConnection at least 1
         * @param queueLength at least 1
         * @param limits the decoder limits
         * @param security the providers
         * @param maxConnectionsPerClient at least 1
         * @param maxConnectionsPerUser at least 1
         * @param limitOwnUser whether the own account is limited
         * @param pendingMemory at least 1
         * @param pendingMemoryPerConnection 1 to {@code pendingMemory}
         * @param incompleteTimeout positive
         * @param idleTimeout zero (never) or positive
         */
        public Options {
            if (workers < 1 || maxConnections < 1 || maxCallsPerConnection < 1 || queueLength < 1
                    || maxConnectionsPerClient < 1 || maxConnectionsPerUser < 1) {
                throw new IllegalArgumentException("server options must be positive");
            }
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(security, "security");
            if (pendingMemory < 1 || pendingMemoryPerConnection < 1 || pendingMemoryPerConnection > pendingMemory) {
                throw new IllegalArgumentException("the memory budgets must be positive, a connection's no more than"
                        + " the whole: " + pendingMemoryPerConnection + " of " + pendingMemory);
            }
            if (incompleteTimeout.isNegative() || incompleteTimeout.isZero() || idleTimeout.isNegative()) {
                throw new IllegalArgumentException("the incomplete-PDU timeout must be positive and the idle timeout"
                        + " zero or positive");
            }
        }

        /**
         * Returns a copy that offers these security providers.
         *
         * @param providers the providers
         * @return the copy
         */
        public Options withSecurity(SecurityProviders providers) {
            return new Options(workers, maxConnections, maxCallsPerConnection, queueLength, limits, providers,
                    maxConnectionsPerClient, maxConnectionsPerUser, limitOwnUser, pendingMemory,
                    pendingMemoryPerConnection, incompleteTimeout, idleTimeout);
        }

        /**
         * Returns a copy with another limit of connections per network client.
         *
         * @param limit at least 1
         * @return the copy
         */
        public Options withMaxConnectionsPerClient(int limit) {
            return new Options(workers, maxConnections, maxCallsPerConnection, queueLength, limits, security, limit,
                    maxConnectionsPerUser, limitOwnUser, pendingMemory, pendingMemoryPerConnection, incompleteTimeout,
                    idleTimeout);
        }

        /**
         * Returns a copy with other connection limits.
         *
         * @param total connections open at once, at least 1
         * @param perUser connections one local account may hold, at least 1
         * @param ownUserToo whether the per-account limit holds for the server's own account
         * @return the copy
         */
        public Options withConnectionLimits(int total, int perUser, boolean ownUserToo) {
            return new Options(workers, total, maxCallsPerConnection, queueLength, limits, security,
                    maxConnectionsPerClient, perUser, ownUserToo, pendingMemory, pendingMemoryPerConnection,
                    incompleteTimeout, idleTimeout);
        }

        /**
         * Returns a copy with other memory budgets.
         *
         * @param total the bytes all calls together may hold
         * @param perConnection the bytes one connection's calls may hold, at most {@code total}
         * @return the copy
         */
        public Options withPendingMemory(long total, long perConnection) {
            return new Options(workers, maxConnections, maxCallsPerConnection, queueLength, limits, security,
                    maxConnectionsPerClient, maxConnectionsPerUser, limitOwnUser, total, perConnection,
                    incompleteTimeout, idleTimeout);
        }

        /**
         * Returns a copy with other timeouts.
         *
         * @param incomplete to bind and to complete a begun PDU, positive
         * @param idle of quiet on a bound connection, zero for never
         * @return the copy
         */
        public Options withTimeouts(Duration incomplete, Duration idle) {
            return new Options(workers, maxConnections, maxCallsPerConnection, queueLength, limits, security,
                    maxConnectionsPerClient, maxConnectionsPerUser, limitOwnUser, pendingMemory,
                    pendingMemoryPerConnection, incomplete, idle);
        }

        /**
         * Returns a copy with another number of workers.
         *
         * @param threads at least 1
         * @return the copy
         */
        public Options withWorkers(int threads) {
            return new Options(threads, maxConnections, maxCallsPerConnection, queueLength, limits, security,
                    maxConnectionsPerClient, maxConnectionsPerUser, limitOwnUser, pendingMemory,
                    pendingMemoryPerConnection, incompleteTimeout, idleTimeout);
        }

        /**
         * Returns a copy with other decoder limits.
         *
         * @param decoderLimits the limits
         * @return the copy
         */
        public Options withLimits(PduLimits decoderLimits) {
            return new Options(workers, maxConnections, maxCallsPerConnection, queueLength, decoderLimits, security,
                    maxConnectionsPerClient, maxConnectionsPerUser, limitOwnUser, pendingMemory,
                    pendingMemoryPerConnection, incompleteTimeout, idleTimeout);
        }
    }

    /** One accepted connection, as the handler sees it. */
    public interface Connection {
        /**
         * Returns a number unique among this server's connections.
         *
         * @return the id
         */
        long id();

        /**
         * Returns the peer's credentials, as the transport reports them.
         *
         * @return the credentials
         */
        PeerCredentials peer();

        /**
         * Returns whom the connection's first established security context authenticated.
         *
         * @return the principal, or empty when no context is established
         */
        Optional<AuthenticatedPrincipal> principal();

        /**
         * Returns the peer's network address, for a network transport: for logs and per-client limits, never for
         * an access decision.
         *
         * @return the address, or empty on a local transport
         */
        default Optional<java.net.InetSocketAddress> remoteAddress() {
            return Optional.empty();
        }

        /**
         * Returns the local address the peer reached, for a network transport: what a server writes first into
         * the string bindings it hands that peer.
         *
         * @return the address, or empty on a local transport
         */
        default Optional<java.net.InetSocketAddress> localAddress() {
            return Optional.empty();
        }

        /**
         * Describes the connection for logs.
         *
         * @return for example {@code "tcp:127.0.0.1:135 (peer 127.0.0.1:41020)"}
         */
        default String describe() {
            return "connection " + id();
        }
    }

    /**
     * One call.
     *
     * @param connection the connection it came on
     * @param iface the interface of its presentation context
     * @param opnum the operation number
     * @param object the object UUID, or null
     * @param stub the NDR-encoded arguments (verified and decrypted when the call was protected)
     * @param security the security context the call's verifier named, or empty for an unauthenticated call
     */
    public record Call(Connection connection, SyntaxId iface, int opnum, Guid object, Bytes stub,
            Optional<CallSecurity> security) {
        /**
         * Checks the components.
         *
         * @param connection the connection
         * @param iface the interface
         * @param opnum the operation
         * @param object the object
         * @param stub the stub
         * @param security the security
         */
        public Call {
            Objects.requireNonNull(security, "security");
        }
    }

    private final Transport.Listener listener;
    private final Handler handler;
    private final Options options;
    private final ExecutorService workers;
    /** Threads that read connections, one for each connection and one for each call run where it was read. */
    private final ThreadPoolExecutor readers;
    private final Thread acceptor;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicInteger assocGroups = new AtomicInteger(0x1000);
    private final RefusalLog refusals = new RefusalLog("refusing connections: ");
    private final RefusalLog timeouts = new RefusalLog("closing connections that owe a bind, a first request or the"
            + " rest of a PDU: ");
    private final MemoryBudget memory;
    private final String ownUser = ownUser();
    /** Answers refused connections with a bind_nak; few threads, a short queue, beyond which a refusal is a close. */
    private final ThreadPoolExecutor refuser;
    private final Map<Transport.Link, Long> refusing = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService watchdog;
    private final java.util.concurrent.CompletableFuture<Throwable> failed = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean closing;
    /** Calls running on the workers, across connections; {@link #close()} lets them send their replies first. */
    private final AtomicInteger running = new AtomicInteger();
    private final Object drained = new Object();

    /** How long {@link #close()} waits for running calls to send their replies. */
    static final long DRAIN_MILLIS = 2000;

    private RpcServer(Transport.Listener listener, Handler handler, Options options) {
        this.listener = listener;
        this.handler = handler;
        this.options = options;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(options.queueLength()), r -> {
                    Thread t = new Thread(r, "rpc-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.readers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, READER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, IDLE_READER);
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = new Thread(this::acceptLoop, "rpc-acceptor " + listener.endpoint());
        this.acceptor.setDaemon(true);
        this.memory = new MemoryBudget(options.pendingMemory(), null);
        this.refuser = new ThreadPoolExecutor(REFUSER_THREADS, REFUSER_THREADS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(REFUSER_QUEUE), r -> {
                    Thread t = new Thread(r, "rpc-refuser " + listener.endpoint());
                    t.setDaemon(true);
                    return t;
                });
        this.refuser.allowCoreThreadTimeOut(true);
        this.watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rpc-watchdog " + listener.endpoint());
            t.setDaemon(true);
            return t;
        });
        long shortest = options.incompleteTimeout().toMillis();
        if (!options.idleTimeout().isZero()) {
            shortest = Math.min(shortest, options.idleTimeout().toMillis());
        }
        long period = Math.max(10, Math.min(1000, Math.min(shortest, REFUSAL_MILLIS) / 4));
        this.watchdog.scheduleWithFixedDelay(this::watch, period, period, TimeUnit.MILLISECONDS);
    }

    /** How long a reader thread without a connection to read waits for one before it ends. */
    static final long READER_KEEP_ALIVE_SECONDS = 10;
    /** The name of a reader thread between connections. */
    static final String IDLE_READER = "rpc-reader (idle)";

    /** Threads and queued connections that answer refused connections. */
    static final int REFUSER_THREADS = 2;
    static final int REFUSER_QUEUE = 64;
    /** How long a refused connection may take to send its bind before it is closed without an answer. */
    static final long REFUSAL_MILLIS = 2000;

    private static String ownUser() {
        return ProcessHandle.current().info().user().orElse(System.getProperty("user.name", ""));
    }

    /**
     * Starts a server.
     *
     * @param transport the transport
     * @param endpoint where to listen
     * @param handler what to do with calls
     * @param options limits
     * @return the running server
     * @throws IOException if the endpoint cannot be bound
     */
    public static RpcServer start(Transport transport, Endpoint endpoint, Handler handler, Options options)
            throws IOException {
        RpcServer server = new RpcServer(transport.listen(endpoint), Objects.requireNonNull(handler, "handler"),
                Objects.requireNonNull(options, "options"));
        server.acceptor.start();
        return server;
    }

    /**
     * Returns where the server listens.
     *
     * @return the endpoint
     */
    public Endpoint endpoint() {
        return listener.endpoint();
    }

    /**
     * Returns the number of open connections.
     *
     * @return the count
     */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Returns the budget every call's bytes are reserved from while it is received, queued and run.
     *
     * @return the server's memory budget
     */
    public MemoryBudget pendingMemory() {
        return memory;
    }

    /**
     * Returns how many connections were refused so far for the server's limits (total, per client, per account).
     *
     * @return the count
     */
    public long refusedConnections() {
        return refusals.total.get();
    }

    /**
     * Returns a stage that completes when the server failed beyond one connection: its acceptor ended on an error
     * (an {@link OutOfMemoryError}, say). The server has then closed its listener (a new server can take the
     * endpoint) and every connection; a process that has nothing else to do should exit, which is what the host
     * daemon does.
     *
     * @return the failure, once there is one
     */
    public java.util.concurrent.CompletionStage<Throwable> failure() {
        return failed.minimalCompletionStage();
    }

    /**
     * Stops accepting, lets the calls already running send their replies (for up to 2 s: a server that ends because
     * of a call, such as the {@code LockServer(FALSE)} that released its last lock, still answers it), then closes
     * every connection and stops the workers. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the listener", e);
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        synchronized (drained) {
            long left;
            while (running.get() > 0 && (left = end - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (ServerConnection c : List.copyOf(connections)) {
            c.shutdown("the server is closing");
        }
        workers.shutdownNow();
        readers.shutdownNow();
        watchdog.shutdownNow();
        refuser.shutdownNow();
        for (Transport.Link l : List.copyOf(refusing.keySet())) {
            closeQuietly(l);
        }
    }

    private void acceptLoop() {
        try {
            while (!closing) {
                Transport.Link link;
                try {
                    link = listener.accept();
                } catch (IOException e) {
                    if (!closing) {
                        LOG.log(System.Logger.Level.ERROR, "accepting on " + listener.endpoint() + " failed; stopping",
                                e);
                        fail(e);
                    }
                    return;
                }
                try {
                    admit(link);
                } catch (OutOfMemoryError e) {
                    // no room for this connection's thread or buffers: it goes, the server goes on
                    closeQuietly(link);
                    refusals.note("no memory for a new connection (" + e.getMessage() + ")");
                }
            }
        } catch (Throwable e) {
            // an error the acceptor cannot survive: do not linger as a server that holds its endpoint and never
            // accepts again; close everything, so that a new server can take the endpoint, and say so
            LOG.log(System.Logger.Level.ERROR, "the acceptor on " + listener.endpoint() + " failed; closing the server",
                    e);
            fail(e);
        }
    }

    private void fail(Throwable e) {
        Thread closer = new Thread(() -> {
            close();
            failed.complete(e);
        }, "rpc-close-on-failure");
        closer.setDaemon(true);
        closer.start();
    }

    private void admit(Transport.Link link) {
        if (connections.size() >= options.maxConnections()) {
            refuse(link, Pdu.BindNak.TEMPORARY_CONGESTION, options.maxConnections() + " connections are open");
            return;
        }
        Optional<java.net.InetAddress> client = link.remoteAddress().map(a -> a.getAddress());
        if (client.isPresent() && connections.stream().filter(c -> c.link.remoteAddress()
                .map(a -> client.get().equals(a.getAddress())).orElse(false)).count()
                >= options.maxConnectionsPerClient()) {
            refuse(link, Pdu.BindNak.LOCAL_LIMIT_EXCEEDED, client.get().getHostAddress() + " holds "
                    + options.maxConnectionsPerClient() + " connections already");
            return;
        }
        PeerCredentials peer = link.peer();
        if (client.isEmpty() && peer.known() && (options.limitOwnUser() || !peer.user().equals(ownUser))
                && connections.stream().filter(c -> c.link.remoteAddress().isEmpty()
                        && peer.user().equals(c.link.peer().user())).count() >= options.maxConnectionsPerUser()) {
            refuse(link, Pdu.BindNak.LOCAL_LIMIT_EXCEEDED, "user " + peer.user() + " holds "
                    + options.maxConnectionsPerUser() + " connections already");
            return;
        }
        ServerConnection c = new ServerConnection(connectionIds.incrementAndGet(), link);
        connections.add(c);
        try {
            readers.execute(c::readTurn);
        } catch (RejectedExecutionException e) {
            c.shutdown("the server is closing");
        } catch (OutOfMemoryError e) {
            c.shutdown("no thread for its reader");
            throw e;
        }
    }

    /**
     * Refuses a connection honestly: its bind is answered with a bind_nak whose reason says the server is busy
     * (the client reports {@code RPC_S_SERVER_TOO_BUSY}), then it is closed; a connection that sends no bind within
     * {@link #REFUSAL_MILLIS}, or finds the refuser's queue full, is just closed. The log says so at most every 10 s,
     * with a count.
     */
    private void refuse(Transport.Link link, int reason, String why) {
        refusals.note(why);
        refusing.put(link, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REFUSAL_MILLIS));
        try {
            refuser.execute(() -> answerRefused(link, reason));
        } catch (RejectedExecutionException e) {
            refusing.remove(link);
            closeQuietly(link);
        }
    }

    private void answerRefused(Transport.Link link, int reason) {
        try {
            if (!refusing.containsKey(link)) {
                return;
            }
            PduDecoder d = new PduDecoder(PduLimits.DEFAULT.withMaxFragmentLength(RpcClient.MAX_FRAGMENT));
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            List<Pdu> got = new ArrayList<>(1);
            while (got.isEmpty()) {
                buffer.clear();
                if (link.read(buffer) < 0) {
                    return;
                }
                buffer.flip();
                if (d.feed(buffer, (Pdu pdu) -> got.add(pdu)).isPresent()) {
                    return;
                }
            }
            if (got.get(0) instanceof Pdu.Bind b) {
                PduSender.write(link, List.of(Pdu.BindNak.of(b.callId(), reason)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "answering refused " + link.describe() + ": " + e);
        } finally {
            refusing.remove(link);
            closeQuietly(link);
        }
    }

    /** Closes refused connections that overstay, and connections past the incomplete-PDU or idle timeout. */
    private void watch() {
        try {
            refusals.flush();
            timeouts.flush();
            long now = System.nanoTime();
            for (Map.Entry<Transport.Link, Long> e : refusing.entrySet()) {
                if (now - e.getValue() > 0 && refusing.remove(e.getKey()) != null) {
                    closeQuietly(e.getKey());
                }
            }
            long incomplete = options.incompleteTimeout().toNanos();
            long idle = options.idleTimeout().toNanos();
            for (ServerConnection c : connections) {
                long since = c.incompleteSince;
                if (since != 0 && now - since > incomplete) {
                    String why = "connection " + c.id + " from " + c.link.describe() + ": " + (c.called
                            ? "a PDU it began" : "its bind and first request") + " did not arrive within "
                            + options.incompleteTimeout().toMillis() + " ms";
                    LOG.log(System.Logger.Level.DEBUG, "closing " + why);
                    timeouts.note(why);
                    c.shutdown("incomplete for " + options.incompleteTimeout().toMillis() + " ms");
                } else if (idle > 0 && since == 0 && c.inFlight.get() == 0 && now - c.lastReceived > idle
                        && handler.mayCloseIdle(c)) {
                    c.idleShutdown();
                }
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(System.Logger.Level.WARNING, "connection watchdog: " + e);
        }
    }

    /** Refusals (or timeouts), counted, and logged at most once per interval. */
    private static final class RefusalLog {
        final AtomicLong total = new AtomicLong();
        final AtomicLong sinceReport = new AtomicLong();
        final AtomicLong lastReport = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));
        final String prefix;

        RefusalLog(String prefix) {
            this.prefix = prefix;
        }

        void note(String why) {
            total.incrementAndGet();
            sinceReport.incrementAndGet();
            report(why);
        }

        /** Reports what was counted since the last line, once the interval has passed (the watchdog asks). */
        void flush() {
            if (sinceReport.get() > 0) {
                report("more of the same");
            }
        }

        private void report(String why) {
            long now = System.nanoTime();
            long last = lastReport.get();
            if (now - last > TimeUnit.SECONDS.toNanos(10) && lastReport.compareAndSet(last, now)) {
                LOG.log(System.Logger.Level.WARNING, prefix + why + " (" + sinceReport.getAndSet(0)
                        + " since the last report, " + total.get() + " in all; this warning repeats at most every 10 s)");
            }
        }
    }

    private void callEnded() {
        if (running.decrementAndGet() == 0 && closing) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    private static void closeQuietly(Transport.Link link) {
        try {
            link.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + link.describe(), e);
        }
    }

    /** Security contexts one connection may hold at once (each {@code auth_context_id} is one). */
    static final int MAX_SECURITY_CONTEXTS = 16;

    /** A security context on a connection: its provider, its state and its level. */
    private static final class SecurityState {
        final SecurityProvider provider;
        final ServerSecurityContext context;
        final int level;
        volatile boolean failed;

        SecurityState(SecurityProvider provider, ServerSecurityContext context, int level) {
            this.provider = provider;
            this.context = context;
            this.level = level;
        }
    }

    /** The security a call came under, for its response. */
    private record Protection(SecurityState state, CallSecurity call) {
    }

    /** A call to run on the thread that read it, once that thread has handed the reading on. */
    private record Inline(Pdu.Request request, Call call, Protection protection, long held) {
    }

    /** One connection: its reading, presentation contexts, security contexts and calls in flight. */
    private final class ServerConnection implements Connection {
        private final long id;
        private final Transport.Link link;
        /** The name of a thread while it reads this connection. */
        private final String readerName;
        /** The read buffer, used by the thread whose turn it is to read. */
        private ByteBuffer readBuffer;
        /** A call the current reader is to run itself once it has decoded what it read; the reader's own. */
        private Inline inline;
        private final PduDecoder decoder;
        private final CallAssembler assembler;
        private final Map<Integer, SyntaxId> contexts = new ConcurrentHashMap<>();
        private final Map<Integer, SecurityState> security = new ConcurrentHashMap<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Object writeLock = new Object();
        private volatile int maxTransmit = 1432;
        private volatile boolean open = true;
        /** This connection's share of the server's memory budget. */
        private final MemoryBudget budget;
        /** Whether a bind succeeded and a request followed. */
        private volatile boolean called;
        /** When the connection began to owe a bind or the rest of a PDU (nanoTime), or 0 when it owes nothing. */
        private volatile long incompleteSince;
        /** When the connection last received a byte (nanoTime). */
        private volatile long lastReceived;
        /** PDUs received; the current reader's own. */
        private long pdus;
        /** Calls whose methods complete later, cancelled when the connection ends. */
        private final Set<java.util.concurrent.CompletableFuture<Bytes>> deferred = ConcurrentHashMap.newKeySet();

        ServerConnection(long id, Transport.Link link) {
            this.id = id;
            this.link = link;
            this.decoder = new PduDecoder(options.limits()).reuseFragmentBuffers(true); // the assembler copies fragments at once
            this.budget = new MemoryBudget(options.pendingMemoryPerConnection(), memory);
            this.assembler = new CallAssembler(options.limits(), budget);
            this.lastReceived = System.nanoTime();
            this.incompleteSince = lastReceived;
            this.readerName = "rpc-connection-" + id + " " + link.describe();
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public PeerCredentials peer() {
            return link.peer();
        }

        @Override
        public Optional<java.net.InetSocketAddress> remoteAddress() {
            return link.remoteAddress();
        }

        @Override
        public Optional<java.net.InetSocketAddress> localAddress() {
            return link.localAddress();
        }

        @Override
        public String describe() {
            return link.describe();
        }

        /**
         * The security a request without a verifier runs under: the connection's established context at
         * {@code RPC_C_AUTHN_LEVEL_CONNECT}, whose calls carry no verifier (MS-RPCE 3.3.1.5.2), if there is one.
         */
        private Protection connectLevel() {
            for (Map.Entry<Integer, SecurityState> e : security.entrySet()) {
                SecurityState st = e.getValue();
                if (st.level == AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT && st.context.established() && !st.failed) {
                    return new Protection(st, new CallSecurity(st.provider.authType(), st.level, e.getKey(),
                            st.context.principal().orElseThrow()));
                }
            }
            return null;
        }

        @Override
        public Optional<AuthenticatedPrincipal> principal() {
            for (SecurityState st : security.values()) {
                if (st.context.established() && !st.failed) {
                    return st.context.principal();
                }
            }
            return Optional.empty();
        }

        /**
         * One thread's turn at reading the connection: reads and decodes until the connection ends, or until it takes
         * a call to run itself, when it hands the reading to another reader thread first.
         */
        void readTurn() {
            Thread me = Thread.currentThread();
            if (!me.getName().equals(readerName)) {
                me.setName(readerName);
            }
            String reason = "the client closed the connection";
            boolean handedOn = false;
            Inline mine = null;
            try {
                if (readBuffer == null) {
                    readBuffer = ByteBuffer.allocateDirect(RpcClient.READ_BUFFER);
                }
                ByteBuffer buffer = readBuffer;
                while (open) {
                    buffer.clear();
                    int n = link.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    long now = System.nanoTime();
                    lastReceived = now;
                    buffer.flip();
                    long before = pdus;
                    Optional<WireFailure> failure = decoder.feed(buffer, this::received);
                    if (called && decoder.atBoundary()) {
                        incompleteSince = 0;
                    } else if (incompleteSince == 0 || (called && pdus != before)) {
                        // the clock runs from the start of the PDU still owed, or of the connection for its bind and
                        // first request
                        incompleteSince = now;
                    }
                    if (failure.isPresent()) {
                        reason = "protocol violation: " + failure.get();
                        LOG.log(System.Logger.Level.WARNING, "closing connection " + id + " from " + link.describe()
                                + ": " + failure.get());
                        break;
                    }
                    if (!open) {
                        break;
                    }
                    Inline job = inline;
                    if (job != null) {
                        inline = null;
                        if (handOn()) {
                            handedOn = true;
                            mine = job;
                            break;
                        }
                        toWorkers(job); // no other thread to read on: the call goes to the workers
                    }
                }
            } catch (IOException e) {
                reason = "connection lost: " + e.getMessage();
            } catch (RuntimeException e) {
                reason = "internal error: " + e;
                LOG.log(System.Logger.Level.ERROR, "connection " + id + " failed", e);
            } catch (OutOfMemoryError e) {
                // this connection's reading ran out of memory: it ends (what it holds is freed below), others go on
                if (!handedOn) {
                    assembler.discardAll();
                }
                reason = "out of memory: " + e.getMessage();
                LOG.log(System.Logger.Level.ERROR, "connection " + id + " from " + link.describe()
                        + " ran out of memory; closing it");
            } finally {
                if (!handedOn) {
                    assembler.discardAll();
                    Inline job = inline;
                    if (job != null) {
                        inline = null;
                        toWorkers(job); // decoded before the connection ended: it runs as any call in flight does
                    }
                }
            }
            if (handedOn) {
                // the thread keeps the connection's name: it is likely to read it again, and a rename costs
                run(mine.request, mine.call, mine.protection, mine.held);
            } else {
                shutdown(reason);
                me.setName(IDLE_READER);
            }
        }

        /** Hands the reading of this connection to another reader thread; false if no thread can take it. */
        private boolean handOn() {
            try {
                readers.execute(this::readTurn);
                return true;
            } catch (RejectedExecutionException e) {
                return false;
            } catch (OutOfMemoryError e) {
                LOG.log(System.Logger.Level.WARNING, "no thread to read connection " + id + " on while a call runs"
                        + " on its reader: the call goes to the workers");
                return false;
            }
        }

        /** Says {@code shutdown} to a quiet connection and closes it; its client connects again when it needs to. */
        void idleShutdown() {
            LOG.log(System.Logger.Level.DEBUG, "connection " + id + " from " + link.describe() + " is idle; closing");
            write(List.of(new Pdu.Shutdown(0, Pdu.PFC_WHOLE)));
            shutdown("idle for " + options.idleTimeout().toMillis() + " ms");
        }

        private void received(Pdu pdu, byte[] fragment, int length) {
            pdus++;
            if (pdu instanceof Pdu.Bind b) {
                bind(b.callId(), b.maxRecvFrag(), b.contexts(), b.auth(), true);
            } else if (pdu instanceof Pdu.AlterContext a) {
                bind(a.callId(), a.maxRecvFrag(), a.contexts(), a.auth(), false);
            } else if (pdu instanceof Pdu.Auth3 a) {
                auth3(a.auth());
            } else if (pdu instanceof Pdu.Request r) {
                called = !contexts.isEmpty();
                if (r.auth() == null) {
                    request(r, security.isEmpty() ? null : connectLevel());
                } else {
                    protectedRequest(r, fragment, length);
                }
            } else {
                LOG.log(System.Logger.Level.DEBUG, "connection " + id + ": ignoring " + pdu.type());
            }
        }

        private void bind(int callId, int clientMaxRecv, List<PresentationContext> proposed, AuthVerifier auth,
                boolean bind) {
            AuthVerifier answerAuth = null;
            if (auth != null) {
                try {
                    answerAuth = authLeg(auth);
                } catch (SecurityFailure e) {
                    LOG.log(System.Logger.Level.WARNING, "connection " + id + " from " + link.describe() + ": "
                            + (bind ? "bind" : "alter_context") + " refused: " + e.getMessage());
                    if (bind) {
                        write(List.of(Pdu.BindNak.of(callId, e.status())));
                    } else {
                        write(List.of(Pdu.Fault.of(callId, 0, RpcStatus.WIN32_ACCESS_DENIED)));
                    }
                    return;
                }
            }
            List<PresentationResult> results = new ArrayList<>(proposed.size());
            for (PresentationContext pc : proposed) {
                boolean ndr = pc.transferSyntaxes().contains(SyntaxId.NDR20);
                if (ndr && handler.supports(pc.abstractSyntax())) {
                    contexts.put(pc.contextId(), pc.abstractSyntax());
                    results.add(PresentationResult.accept(SyntaxId.NDR20));
                } else {
                    results.add(PresentationResult.reject(ndr ? PresentationResult.ABSTRACT_SYNTAX_NOT_SUPPORTED
                            : PresentationResult.PROPOSED_TRANSFER_SYNTAXES_NOT_SUPPORTED));
                }
            }
            int offered = Math.max(1432, Math.min(listener.maxFragment(), RpcClient.MAX_FRAGMENT));
            int frag = Math.max(1432, Math.min(clientMaxRecv, offered));
            maxTransmit = frag;
            decoder.setMaxFragmentLength(RpcClient.MAX_FRAGMENT);
            Pdu answer = bind
                    ? new Pdu.BindAck(callId, Pdu.PFC_WHOLE | Pdu.PFC_CONC_MPX, frag, offered,
                            assocGroups.incrementAndGet(), listener.secondaryAddress(), results, answerAuth)
                    : new Pdu.AlterContextResponse(callId, Pdu.PFC_WHOLE, frag, offered, 0, "",
                            results, answerAuth);
            write(List.of(answer));
        }

        /**
         * One leg of a security context's establishment in a bind or alter_context: a new context for an
         * {@code auth_context_id} not seen before, else the next leg of that context.
         */
        private AuthVerifier authLeg(AuthVerifier auth) throws SecurityFailure {
            SecurityState st = security.get(auth.contextId());
            if (st == null) {
                SecurityProvider provider = options.security().find(auth.authType()).orElseThrow(
                        () -> new SecurityFailure(Pdu.BindNak.AUTHENTICATION_TYPE_NOT_RECOGNIZED, "auth_type "
                                + auth.authType() + " is not offered (" + options.security() + ")"));
                if (auth.authLevel() < AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT
                        || auth.authLevel() > AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY) {
                    throw new SecurityFailure(Pdu.BindNak.REASON_NOT_SPECIFIED, "auth_level " + auth.authLevel()
                            + " is not a level a security context can have");
                }
                if (security.size() >= MAX_SECURITY_CONTEXTS) {
                    throw new SecurityFailure(Pdu.BindNak.LOCAL_LIMIT_EXCEEDED, "already " + security.size()
                            + " security contexts on the connection");
                }
                st = new SecurityState(provider, provider.newContext(this, auth.authLevel()), auth.authLevel());
                security.put(auth.contextId(), st);
            } else if (st.provider.authType() != auth.authType() || st.level != auth.authLevel()) {
                throw new SecurityFailure(Pdu.BindNak.INVALID_CHECKSUM, "security context " + auth.contextId()
                        + " continues with auth_type " + auth.authType() + " level " + auth.authLevel() + ", not "
                        + st.provider.authType() + " level " + st.level);
            } else if (st.context.established() || st.failed) {
                throw new SecurityFailure(Pdu.BindNak.INVALID_CHECKSUM, "security context " + auth.contextId()
                        + " is " + (st.failed ? "failed" : "already established"));
            }
            byte[] reply;
            try {
                reply = st.context.accept(auth.token().toArray());
            } catch (SecurityFailure e) {
                st.failed = true;
                throw e;
            }
            return reply.length == 0 ? null : AuthVerifier.of(auth.authType(), auth.authLevel(), auth.contextId(),
                    Bytes.copyOf(reply));
        }

        private void auth3(AuthVerifier auth) {
            try {
                SecurityState st = security.get(auth.contextId());
                if (st == null) {
                    throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "auth3 for security context "
                            + auth.contextId() + ", which no bind started");
                }
                authLeg(auth);
            } catch (SecurityFailure e) {
                // auth3 has no answer: the context is marked failed, and its calls are refused
                SecurityState st = security.get(auth.contextId());
                if (st != null) {
                    st.failed = true;
                }
                LOG.log(System.Logger.Level.WARNING, "connection " + id + " from " + link.describe()
                        + ": authentication failed: " + e.getMessage());
            }
        }

        /**
         * A fragment with a verifier: its context must be established at the level the fragment names; at
         * PKT_INTEGRITY and above the provider verifies it (and decrypts it at PKT_PRIVACY) before reassembly.
         */
        private void protectedRequest(Pdu.Request fragment, byte[] raw, int length) {
            AuthVerifier auth = fragment.auth();
            SecurityState st = security.get(auth.contextId());
            String refusal = null;
            if (st == null) {
                refusal = "names security context " + auth.contextId() + ", which does not exist";
            } else if (st.failed || !st.context.established()) {
                refusal = "names security context " + auth.contextId() + ", which is "
                        + (st.failed ? "failed" : "not established");
            } else if (st.provider.authType() != auth.authType() || st.level != auth.authLevel()) {
                refusal = "uses auth_type " + auth.authType() + " level " + auth.authLevel() + " on a context of "
                        + st.provider.authType() + " level " + st.level;
            }
            if (refusal != null) {
                LOG.log(System.Logger.Level.WARNING, "connection " + id + " from " + link.describe() + ": call "
                        + fragment.callId() + " refused: it " + refusal);
                assembler.discard(fragment.callId());
                fault(fragment.callId(), fragment.contextId(), RpcStatus.WIN32_ACCESS_DENIED);
                return;
            }
            Pdu.Request clear = fragment;
            if (st.level >= AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY) {
                byte[] copy = java.util.Arrays.copyOf(raw, length);
                int stubOffset = fragment.object() != null ? 40 : 24;
                int trailer = length - auth.token().length() - ProtectedFragment.TRAILER_LENGTH;
                try {
                    st.context.verify(new ProtectedFragment(copy, length, stubOffset, trailer, st.level));
                    int stubLength = trailer - stubOffset - auth.padLength();
                    if (stubLength < 0) {
                        throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "auth_pad_length "
                                + auth.padLength() + " is longer than the stub");
                    }
                    clear = new Pdu.Request(fragment.callId(), fragment.flags(), fragment.allocHint(),
                            fragment.contextId(), fragment.opnum(), fragment.object(),
                            Bytes.unsafeWrap(copy, stubOffset, stubLength), null);
                } catch (SecurityFailure e) {
                    // a fragment that does not verify: the stream cannot be trusted from here on
                    LOG.log(System.Logger.Level.WARNING, "connection " + id + " from " + link.describe() + ": call "
                            + fragment.callId() + " does not verify: " + e.getMessage() + "; closing");
                    fault(fragment.callId(), fragment.contextId(), RpcStatus.WIN32_ACCESS_DENIED);
                    shutdown("a PDU did not verify");
                    return;
                }
            } else {
                clear = new Pdu.Request(fragment.callId(), fragment.flags(), fragment.allocHint(),
                        fragment.contextId(), fragment.opnum(), fragment.object(), fragment.stub(), null);
            }
            CallSecurity cs = new CallSecurity(auth.authType(), st.level, auth.contextId(),
                    st.context.principal().orElseThrow());
            request(clear, new Protection(st, cs));
        }

        private void request(Pdu.Request fragment, Protection protection) {
            Pdu.Request whole;
            long held;
            try {
                Optional<Pdu.Request> done = assembler.offer(fragment);
                if (done.isEmpty()) {
                    return;
                }
                whole = done.get();
                held = assembler.takeReservation();
            } catch (WireFormatException e) {
                int status = e.failure().faultStatus();
                if (status == RpcStatus.NCA_S_FAULT_REMOTE_NO_MEMORY) {
                    LOG.log(System.Logger.Level.WARNING, "connection " + id + " from " + link.describe() + ": "
                            + e.failure().detail() + "; the call is refused");
                } else {
                    status = RpcStatus.NCA_S_PROTO_ERROR;
                }
                fault(fragment.callId(), fragment.contextId(), status);
                return;
            }
            SyntaxId iface = contexts.get(whole.contextId());
            if (iface == null) {
                budget.release(held);
                fault(whole.callId(), whole.contextId(), RpcStatus.NCA_S_INVALID_PRES_CONTEXT_ID);
                return;
            }
            if (inFlight.incrementAndGet() > options.maxCallsPerConnection()) {
                inFlight.decrementAndGet();
                budget.release(held);
                fault(whole.callId(), whole.contextId(), RpcStatus.NCA_S_SERVER_TOO_BUSY);
                return;
            }
            Call call = new Call(this, iface, whole.opnum(), whole.object(), whole.stub(),
                    protection == null ? Optional.empty() : Optional.of(protection.call));
            Inline job = new Inline(whole, call, protection, held);
            if (running.incrementAndGet() == 1 && inline == null && !closing) {
                inline = job; // the server runs nothing else: the reader runs it once it has handed on the reading
                return;
            }
            toWorkers(job);
        }

        private void toWorkers(Inline job) {
            try {
                workers.execute(() -> run(job.request, job.call, job.protection, job.held));
            } catch (RejectedExecutionException e) {
                callEnded();
                inFlight.decrementAndGet();
                budget.release(job.held);
                fault(job.request.callId(), job.request.contextId(), RpcStatus.NCA_S_SERVER_TOO_BUSY);
            }
        }

        private void run(Pdu.Request request, Call call, Protection protection, long held) {
            java.util.concurrent.CompletableFuture<Bytes> later;
            try {
                later = handler.invokeAsync(call).toCompletableFuture();
            } catch (RpcFaultException | RuntimeException | OutOfMemoryError e) {
                finish(request, call, protection, held, null, e);
                return;
            }
            if (later.isDone()) {
                answer(request, call, protection, held, later);
                return;
            }
            // the method completes later: the worker goes, the call stays in flight until its answer is sent
            deferred.add(later);
            later.whenComplete((v, t) -> {
                deferred.remove(later);
                answer(request, call, protection, held, later);
            });
            if (!open) {
                later.cancel(false);
            }
        }

        private void answer(Pdu.Request request, Call call, Protection protection, long held,
                java.util.concurrent.CompletableFuture<Bytes> done) {
            Bytes reply = null;
            Throwable failure = null;
            try {
                reply = done.join();
            } catch (java.util.concurrent.CompletionException e) {
                failure = e.getCause() == null ? e : e.getCause();
            } catch (java.util.concurrent.CancellationException e) {
                failure = e;
            }
            finish(request, call, protection, held, reply, failure);
        }

        private void finish(Pdu.Request request, Call call, Protection protection, long held, Bytes reply,
                Throwable failure) {
            try {
                if (failure == null) {
                    Pdu.Response response = Pdu.Response.of(request.callId(), request.contextId(), reply);
                    if (protection != null
                            && protection.state.level >= AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY) {
                        writeProtected(response, protection);
                    } else {
                        write(Fragmenter.split(response, maxTransmit));
                    }
                } else if (failure instanceof RpcFaultException e) {
                    fault(request.callId(), request.contextId(), e.status());
                } else if (failure instanceof java.util.concurrent.CancellationException) {
                    // cancelled because its connection closed: nobody to answer
                    LOG.log(System.Logger.Level.DEBUG, "call " + request.callId() + " on connection " + id
                            + " was cancelled");
                } else if (failure instanceof OutOfMemoryError) {
                    // the call could not get the memory it needed: it fails, the worker and the server go on
                    LOG.log(System.Logger.Level.ERROR, "call " + request.callId() + " (opnum " + request.opnum()
                            + ") on " + call.iface() + " ran out of memory");
                    fault(request.callId(), request.contextId(), RpcStatus.NCA_S_FAULT_REMOTE_NO_MEMORY);
                } else if (failure instanceof RuntimeException) {
                    LOG.log(System.Logger.Level.ERROR, "call " + request.callId() + " (opnum " + request.opnum()
                            + ") on " + call.iface() + " failed", failure);
                    fault(request.callId(), request.contextId(), RpcStatus.NCA_S_FAULT_UNSPEC);
                } else {
                    LOG.log(System.Logger.Level.ERROR, "call " + request.callId() + " (opnum " + request.opnum()
                            + ") on " + call.iface() + " failed", failure);
                    fault(request.callId(), request.contextId(), RpcStatus.NCA_S_FAULT_UNSPEC);
                    if (failure instanceof Error error) {
                        throw error;
                    }
                }
            } finally {
                // written, or never to be: a reply marshalled into a lent array gives it back
                io.sessionmoniker.activation.orpc.rpc.internal.StubBuffers.SHARED.recycle(reply);
                budget.release(held);
                inFlight.decrementAndGet();
                callEnded();
            }
        }

        /**
         * Sends a response under its call's security context: each fragment leaves room for the padding, the
         * trailer and the signature, and is signed (and sealed) inside the write lock, in send order.
         */
        private void writeProtected(Pdu.Response whole, Protection protection) {
            ServerSecurityContext ctx = protection.state.context;
            int sig = ctx.signatureLength();
            int header = 24;
            int chunk = (maxTransmit - header - ProtectedFragment.TRAILER_LENGTH - sig) & ~15;
            Bytes stub = whole.stub();
            if (!open) {
                return;
            }
            try {
                synchronized (writeLock) {
                    int p = 0;
                    do {
                        int n = Math.min(chunk, stub.length() - p);
                        int flags = (p == 0 ? Pdu.PFC_FIRST_FRAG : 0) | (p + n == stub.length() ? Pdu.PFC_LAST_FRAG : 0);
                        AuthVerifier v = AuthVerifier.forStub(n, protection.call.authType(), protection.state.level,
                                protection.call.contextId(), Bytes.copyOf(new byte[sig]));
                        Pdu.Response fragment = new Pdu.Response(whole.callId(), flags, stub.length() - p,
                                whole.contextId(), 0, stub.slice(p, p + n), v);
                        byte[] bytes = PduCodec.encode(fragment);
                        int trailer = bytes.length - sig - ProtectedFragment.TRAILER_LENGTH;
                        ctx.protect(new ProtectedFragment(bytes, bytes.length, header, trailer,
                                protection.state.level));
                        link.write(ByteBuffer.wrap(bytes));
                        p += n;
                    } while (p < stub.length());
                }
            } catch (IOException e) {
                shutdown("write failed: " + e.getMessage());
            }
        }

        private void fault(int callId, int contextId, int status) {
            write(List.of(Pdu.Fault.of(callId, contextId, status)));
        }

        private void write(List<? extends Pdu> pdus) {
            if (!open) {
                return;
            }
            try {
                synchronized (writeLock) {
                    PduSender.write(link, pdus);
                }
            } catch (IOException e) {
                shutdown("write failed: " + e.getMessage());
            }
        }

        void shutdown(String reason) {
            synchronized (this) {
                if (!connections.remove(this)) {
                    return;
                }
                open = false;
            }
            closeQuietly(link);
            for (java.util.concurrent.CompletableFuture<Bytes> later : List.copyOf(deferred)) {
                later.cancel(false);
            }
            LOG.log(System.Logger.Level.DEBUG, "connection " + id + " from " + link.describe() + " closed: " + reason);
            try {
                handler.closed(this);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "handler failed on the close of connection " + id, e);
            }
        }
    }
}
