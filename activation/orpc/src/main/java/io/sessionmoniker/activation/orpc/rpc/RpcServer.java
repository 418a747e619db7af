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

    /** Limits and sizes; {@link #DEFAULT} suits a session host. */
    public record Options(int workers, int maxConnections, int maxCallsPerConnection, int queueLength,
            PduLimits limits) {
        /** 8 workers, 512 connections, 64 calls in flight per connection, a queue of 1024 calls. */
        public static final Options DEFAULT = new Options(8, 512, 64, 1024,
                PduLimits.DEFAULT.withMaxFragmentLength(RpcClient.MAX_FRAGMENT).withMaxReassembledLength(64 << 20));

        /**
         * Validates the components.
         *
         * @param workers at least 1
         * @param maxConnections at least 1
         * @param maxCallsPerConnection at least 1
         * @param queueLength at least 1
         * @param limits the decoder limits
         */
        public Options {
            if (workers < 1 || maxConnections < 1 || maxCallsPerConnection < 1 || queueLength < 1) {
                throw new IllegalArgumentException("server options must be positive");
            }
            Objects.requireNonNull(limits, "limits");
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
         * Returns the peer's credentials.
         *
         * @return the credentials
         */
        PeerCredentials peer();
    }

    /**
     * One call.
     *
     * @param connection the connection it came on
     * @param iface the interface of its presentation context
     * @param opnum the operation number
     * @param object the object UUID, or null
     * @param stub the NDR-encoded arguments
     */
    public record Call(Connection connection, SyntaxId iface, int opnum, Guid object, Bytes stub) {
    }

    private final Transport.Listener listener;
    private final Handler handler;
    private final Options options;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicInteger assocGroups = new AtomicInteger(0x1000);
    private volatile boolean closing;

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
     * Stops accepting, closes every connection and stops the workers. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the listener", e);
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
            ServerConnection c = new ServerConnection(connectionIds.incrementAndGet(), link);
            connections.add(c);
            c.reader.start();
        }
    }

    private static void closeQuietly(Transport.Link link) {
        try {
            link.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + link.describe(), e);
        }
    }

    /** One connection: its reader thread, presentation contexts and calls in flight. */
    private final class ServerConnection implements Connection {
        private final long id;
        private final Transport.Link link;
        private final Thread reader;
        private final PduDecoder decoder;
        private final CallAssembler assembler;
        private final Map<Integer, SyntaxId> contexts = new ConcurrentHashMap<>();
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
                }
            } catch (IOException e) {
                reason = "connection lost: " + e.getMessage();
            } catch (RuntimeException e) {
                reason = "internal error: " + e;
                LOG.log(System.Logger.Level.ERROR, "connection " + id + " failed", e);
            }
            shutdown(reason);
        }

        private void received(Pdu pdu) {
            if (pdu instanceof Pdu.Bind b) {
                answerBind(b.callId(), b.maxRecvFrag(), b.contexts(), true);
            } else if (pdu instanceof Pdu.AlterContext a) {
                answerBind(a.callId(), a.maxRecvFrag(), a.contexts(), false);
            } else if (pdu instanceof Pdu.Request r) {
                request(r);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "connection " + id + ": ignoring " + pdu.type());
            }
        }

        private void answerBind(int callId, int clientMaxRecv, List<PresentationContext> proposed, boolean bind) {
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
            int frag = Math.max(1432, Math.min(clientMaxRecv, RpcClient.MAX_FRAGMENT));
            maxTransmit = frag;
            decoder.setMaxFragmentLength(RpcClient.MAX_FRAGMENT);
            Pdu answer = bind
                    ? new Pdu.BindAck(callId, Pdu.PFC_WHOLE | Pdu.PFC_CONC_MPX, frag, RpcClient.MAX_FRAGMENT,
                            assocGroups.incrementAndGet(), listener.endpoint().address(), results, null)
                    : new Pdu.AlterContextResponse(callId, Pdu.PFC_WHOLE, frag, RpcClient.MAX_FRAGMENT, 0, "",
                            results, null);
            write(List.of(answer));
        }

        private void request(Pdu.Request fragment) {
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
            Call call = new Call(this, iface, whole.opnum(), whole.object(), whole.stub());
            try {
                workers.execute(() -> run(whole, call));
            } catch (RejectedExecutionException e) {
                inFlight.decrementAndGet();
                fault(whole.callId(), whole.contextId(), RpcStatus.NCA_S_SERVER_TOO_BUSY);
            }
        }

        private void run(Pdu.Request request, Call call) {
            try {
                Bytes reply = handler.invoke(call);
                write(Fragmenter.split(Pdu.Response.of(request.callId(), request.contextId(), reply), maxTransmit));
            } catch (RpcFaultException e) {
                fault(request.callId(), request.contextId(), e.status());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "call " + request.callId() + " (opnum " + request.opnum() + ") on "
                        + call.iface() + " failed", e);
                fault(request.callId(), request.contextId(), RpcStatus.NCA_S_FAULT_UNSPEC);
            } finally {
                inFlight.decrementAndGet();
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
