package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.PeerCredentials;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.Guid;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * <p>Bad bytes close one connection, never the server: a PDU the decoder rejects (malformed, over a limit)
 * closes that connection with a logged reason; a request for an unknown presentation context, or beyond the
 * per-connection limit of calls in flight, is faulted. Threads: one acceptor, one reader per connection, and a
 * fixed worker pool.
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
         * Learns that a connection ended (the client closed it, died, or broke the protocol), so that the
         * references it held can be released.
         *
         * @param connection the connection
         */
        default void closed(Connection connection) {
        }
    }

    /**
     * Limits, sizes and security providers; {@link #DEFAULT} suits a session host.
     *
     * @param workers the worker threads
     * @param maxConnections connections open at once
     * @param maxCallsPerConnection calls in flight on one connection
     * @param queueLength calls waiting for a worker
     * @param limits the decoder limits
     * @param security the security providers offered to binds with a verifier
     * @param maxConnectionsPerClient connections one network client (one remote IP address) may hold open at once,
     *     so that one client cannot take every connection; local transports are not counted this way
     */
    public record Options(int workers, int maxConnections, int maxCallsPerConnection, int queueLength,
            PduLimits limits, SecurityProviders security, int maxConnectionsPerClient) {
        /**
         * 8 workers, 512 connections, 64 calls in flight per connection, a queue of 1024 calls, no security
         * provider, 64 connections per network client.
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
         * Validates the components.
         *
         * @param workers at least 1
         * @param maxConnections at least 1
         * @param maxCallsPerConnection at least 1
         * @param queueLength at least 1
         * @param limits the decoder limits
         * @param security the providers
         * @param maxConnectionsPerClient at least 1
         */
        public Options {
            if (workers < 1 || maxConnections < 1 || maxCallsPerConnection < 1 || queueLength < 1
                    || maxConnectionsPerClient < 1) {
                throw new IllegalArgumentException("server options must be positive");
            }
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(security, "security");
        }

        /**
         * Returns a copy that offers these security providers.
         *
         * @param providers the providers
         * @return the copy
         */
        public Options withSecurity(SecurityProviders providers) {
            return new Options(workers, maxConnections, maxCallsPerConnection, queueLength, limits, providers,
                    maxConnectionsPerClient);
        }

        /**
         * Returns a copy with another limit of connections per network client.
         *
         * @param limit at least 1
         * @return the copy
         */
        public Options withMaxConnectionsPerClient(int limit) {
            return new Options(workers, maxConnections, maxCallsPerConnection, queueLength, limits, security, limit);
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
    private final Thread acceptor;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicInteger assocGroups = new AtomicInteger(0x1000);
    private final AtomicLong refusedPerClient = new AtomicLong();
    private final AtomicLong lastPerClientWarning = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));
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
        this.acceptor = new Thread(this::acceptLoop, "rpc-acceptor " + listener.endpoint());
        this.acceptor.setDaemon(true);
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
    }

    private void acceptLoop() {
        while (!closing) {
            Transport.Link link;
            try {
                link = listener.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.log(System.Logger.Level.ERROR, "accepting on " + listener.endpoint() + " failed; stopping", e);
                }
                return;
            }
            if (connections.size() >= options.maxConnections()) {
                LOG.log(System.Logger.Level.WARNING, "refusing " + link.describe() + ": " + options.maxConnections()
                        + " connections are open");
                closeQuietly(link);
                continue;
            }
            java.util.Optional<java.net.InetAddress> client = link.remoteAddress().map(a -> a.getAddress());
            if (client.isPresent() && connections.stream().filter(c -> c.link.remoteAddress()
                    .map(a -> client.get().equals(a.getAddress())).orElse(false)).count()
                    >= options.maxConnectionsPerClient()) {
                refusedPerClient.incrementAndGet();
                long now = System.nanoTime();
                long last = lastPerClientWarning.get();
                if (now - last > TimeUnit.SECONDS.toNanos(10) && lastPerClientWarning.compareAndSet(last, now)) {
                    LOG.log(System.Logger.Level.WARNING, "refusing connections from " + client.get().getHostAddress()
                            + ": it holds " + options.maxConnectionsPerClient() + " already (" + refusedPerClient.get()
                            + " refused so far; this warning repeats at most every 10 s)");
                }
                closeQuietly(link);
                continue;
            }
            ServerConnection c = new ServerConnection(connectionIds.incrementAndGet(), link);
            connections.add(c);
            c.reader.start();
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

    /** One connection: its reader thread, presentation contexts, security contexts and calls in flight. */
    private final class ServerConnection implements Connection {
        private final long id;
        private final Transport.Link link;
        private final Thread reader;
        private final PduDecoder decoder;
        private final CallAssembler assembler;
        private final Map<Integer, SyntaxId> contexts = new ConcurrentHashMap<>();
        private final Map<Integer, SecurityState> security = new ConcurrentHashMap<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Object writeLock = new Object();
        private volatile int maxTransmit = 1432;
        private volatile boolean open = true;

        ServerConnection(long id, Transport.Link link) {
            this.id = id;
            this.link = link;
            this.decoder = new PduDecoder(options.limits()).reuseFragmentBuffers(true); // the assembler copies fragments at once
            this.assembler = new CallAssembler(options.limits());
            this.reader = new Thread(this::readLoop, "rpc-connection-" + id + " " + link.describe());
            this.reader.setDaemon(true);
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

        private void readLoop() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(RpcClient.READ_BUFFER);
            String reason = "the client closed the connection";
            try {
                while (open) {
                    buffer.clear();
                    int n = link.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    buffer.flip();
                    Optional<WireFailure> failure = decoder.feed(buffer, this::received);
                    if (failure.isPresent()) {
                        reason = "protocol violation: " + failure.get();
                        LOG.log(System.Logger.Level.WARNING, "closing connection " + id + " from " + link.describe()
                                + ": " + failure.get());
                        break;
                    }
                    if (!open) {
                        break;
                    }
                }
            } catch (IOException e) {
                reason = "connection lost: " + e.getMessage();
            } catch (RuntimeException e) {
                reason = "internal error: " + e;
                LOG.log(System.Logger.Level.ERROR, "connection " + id + " failed", e);
            }
            shutdown(reason);
        }

        private void received(Pdu pdu, byte[] fragment, int length) {
            if (pdu instanceof Pdu.Bind b) {
                bind(b.callId(), b.maxRecvFrag(), b.contexts(), b.auth(), true);
            } else if (pdu instanceof Pdu.AlterContext a) {
                bind(a.callId(), a.maxRecvFrag(), a.contexts(), a.auth(), false);
            } else if (pdu instanceof Pdu.Auth3 a) {
                auth3(a.auth());
            } else if (pdu instanceof Pdu.Request r) {
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
            try {
                Optional<Pdu.Request> done = assembler.offer(fragment);
                if (done.isEmpty()) {
                    return;
                }
                whole = done.get();
            } catch (WireFormatException e) {
                fault(fragment.callId(), fragment.contextId(), RpcStatus.NCA_S_PROTO_ERROR);
                return;
            }
            SyntaxId iface = contexts.get(whole.contextId());
            if (iface == null) {
                fault(whole.callId(), whole.contextId(), RpcStatus.NCA_S_INVALID_PRES_CONTEXT_ID);
                return;
            }
            if (inFlight.incrementAndGet() > options.maxCallsPerConnection()) {
                inFlight.decrementAndGet();
                fault(whole.callId(), whole.contextId(), RpcStatus.NCA_S_SERVER_TOO_BUSY);
                return;
            }
            Call call = new Call(this, iface, whole.opnum(), whole.object(), whole.stub(),
                    protection == null ? Optional.empty() : Optional.of(protection.call));
            running.incrementAndGet();
            try {
                workers.execute(() -> run(whole, call, protection));
            } catch (RejectedExecutionException e) {
                callEnded();
                inFlight.decrementAndGet();
                fault(whole.callId(), whole.contextId(), RpcStatus.NCA_S_SERVER_TOO_BUSY);
            }
        }

        private void run(Pdu.Request request, Call call, Protection protection) {
            try {
                Bytes reply = handler.invoke(call);
                Pdu.Response response = Pdu.Response.of(request.callId(), request.contextId(), reply);
                if (protection != null && protection.state.level >= AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY) {
                    writeProtected(response, protection);
                } else {
                    write(Fragmenter.split(response, maxTransmit));
                }
            } catch (RpcFaultException e) {
                fault(request.callId(), request.contextId(), e.status());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "call " + request.callId() + " (opnum " + request.opnum() + ") on "
                        + call.iface() + " failed", e);
                fault(request.callId(), request.contextId(), RpcStatus.NCA_S_FAULT_UNSPEC);
            } finally {
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
            LOG.log(System.Logger.Level.DEBUG, "connection " + id + " from " + link.describe() + " closed: " + reason);
            try {
                handler.closed(this);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "handler failed on the close of connection " + id, e);
            }
        }
    }
}
