package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client end of one DCE/RPC connection-oriented association: binds interfaces (bind, then alter_context for
 * each further interface), sends requests fragmented to the negotiated size, and matches responses and faults to
 * calls by call id, so any number of threads can have calls outstanding on one connection at once
 * ({@code PFC_CONC_MPX}).
 *
 * <p>Failure is prompt: when the connection is lost every call in flight fails with {@code RPC_E_SERVER_DIED}
 * and every later call with {@code RPC_E_DISCONNECTED}; a call whose deadline passes fails with
 * {@code RPC_E_TIMEOUT}; a server fault becomes its HRESULT. Thread-safe.
 *
 * <pre>{@code
 * try (RpcClient c = RpcClient.connect(UnixSocketTransport.create(), endpoint, Duration.ofSeconds(5))) {
 *     Bytes reply = c.call(SyntaxId.of(iid), ipid, 3, stub, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class RpcClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RpcClient.class.getName());

    /** The fragment size this client offers: the largest a u16 allows, rounded down to a multiple of 8. */
    public static final int MAX_FRAGMENT = 65528;

    /**
     * The size of a connection's read buffer: a direct buffer, so that the socket fills it without the copy
     * through a temporary direct buffer that reading into a heap buffer costs.
     */
    static final int READ_BUFFER = 64 * 1024;

    private final Transport.Link link;
    private final PduLimits limits;
    private final PduDecoder decoder;
    private final CallAssembler assembler;
    private final Object writeLock = new Object();
    private final Object contextLock = new Object();
    private final Map<SyntaxId, Integer> contexts = new HashMap<>();
    private final ConcurrentHashMap<Integer, CompletableFuture<Pdu>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger callIds = new AtomicInteger();
    private final Thread reader;
    /** Until a bind_ack says otherwise: the smallest fragment every implementation must accept. */
    private volatile int maxTransmit = 1432;
    private volatile int assocGroup;
    private volatile RpcException closed;
    private final CompletableFuture<RpcException> whenClosed = new CompletableFuture<>();

    private RpcClient(Transport.Link link, PduLimits limits) {
        this.link = link;
        this.limits = limits;
        this.decoder = new PduDecoder(limits).reuseFragmentBuffers(true); // the assembler copies fragments at once
        this.assembler = new CallAssembler(limits);
        this.reader = new Thread(this::readLoop, "rpc-client " + link.describe());
        this.reader.setDaemon(true);
    }

    /**
     * Connects.
     *
     * @param transport the transport
     * @param endpoint the server
     * @param connectTimeout how long to wait for the server to accept
     * @return the client; interfaces are bound on first use
     * @throws RpcException {@code RPC_S_SERVER_UNAVAILABLE} when nobody accepts in time
     */
    public static RpcClient connect(Transport transport, Endpoint endpoint, Duration connectTimeout) {
        Transport.Link link;
        try {
            link = transport.connect(endpoint, connectTimeout);
        } catch (IOException e) {
            throw new RpcException(HResult.RPC_S_SERVER_UNAVAILABLE, "cannot connect to " + endpoint + ": "
                    + e.getMessage(), e);
        }
        RpcClient client = new RpcClient(link, PduLimits.DEFAULT.withMaxFragmentLength(MAX_FRAGMENT)
                .withMaxReassembledLength(64 << 20));
        client.reader.start();
        return client;
    }

    /**
     * Returns the peer of this connection.
     *
     * @return the transport link's description
     */
    public String describe() {
        return link.describe();
    }

    /**
     * Tells whether the connection is still usable.
     *
     * @return {@code false} once lost or closed
     */
    public boolean isOpen() {
        return closed == null;
    }

    /**
     * Returns a stage that completes, with the reason, when the connection is lost or closed.
     *
     * @return the stage
     */
    public java.util.concurrent.CompletionStage<RpcException> whenClosed() {
        return whenClosed.minimalCompletionStage();
    }

    /**
     * Makes a call and waits for its result.
     *
     * @param iface the interface (bound on first use)
     * @param object the object UUID (an IPID for ORPC), or null
     * @param opnum the operation number
     * @param stub the NDR-encoded arguments
     * @param deadline how long to wait for the response
     * @return the NDR-encoded response
     * @throws RpcException on faults, connection loss, or when the deadline passes
     */
    public Bytes call(SyntaxId iface, Guid object, int opnum, Bytes stub, Duration deadline) {
        return await(callAsync(iface, object, opnum, stub), deadline, "call of operation " + opnum);
    }

    /**
     * Starts a call.
     *
     * @param iface the interface (bound on first use; binding blocks this thread)
     * @param object the object UUID, or null
     * @param opnum the operation number
     * @param stub the NDR-encoded arguments
     * @return the response stub, completed exceptionally with an {@link RpcException}
     */
    public CompletableFuture<Bytes> callAsync(SyntaxId iface, Guid object, int opnum, Bytes stub) {
        int contextId = context(iface);
        int callId = nextCallId();
        CompletableFuture<Pdu> reply = register(callId);
        Pdu.Request whole = Pdu.Request.of(callId, contextId, opnum, object, stub);
        send(Fragmenter.split(whole, maxTransmit), callId);
        CompletableFuture<Bytes> result = reply.thenApply(pdu -> {
            if (pdu instanceof Pdu.Response r) {
                return r.stub();
            }
            if (pdu instanceof Pdu.Fault f) {
                int hr = RpcException.hresultOfFault(f.status());
                throw new RpcException(hr, "the server faulted operation " + opnum + ": " + RpcStatus.name(f.status()));
            }
            throw new RpcException(HResult.RPC_S_PROTOCOL_ERROR, "unexpected answer to a request: " + pdu.type());
        });
        // a caller that gives up (deadline, cancel) must not leave its call id behind
        result.whenComplete((v, t) -> {
            if (result.isCancelled()) {
                pending.remove(callId);
            }
        });
        return result;
    }

    /**
     * Sends {@code shutdown}-free close: fails outstanding calls with {@code RPC_E_DISCONNECTED} and closes the
     * connection. Idempotent.
     */
    @Override
    public void close() {
        fail(new RpcException(HResult.RPC_E_DISCONNECTED, "the connection to " + link.describe() + " was closed"),
                HResult.RPC_E_DISCONNECTED);
    }

    // ---- binding ------------------------------------------------------------------------------------------

    private int context(SyntaxId iface) {
        synchronized (contextLock) {
            Integer id = contexts.get(iface);
            if (id != null) {
                return id;
            }
            checkOpen();
            int contextId = contexts.size();
            int callId = nextCallId();
            CompletableFuture<Pdu> reply = register(callId);
            PresentationContext pc = PresentationContext.ndr(contextId, iface);
            Pdu request = contexts.isEmpty()
                    ? new Pdu.Bind(callId, Pdu.PFC_WHOLE | Pdu.PFC_CONC_MPX, MAX_FRAGMENT, MAX_FRAGMENT, 0,
                            List.of(pc), null)
                    : new Pdu.AlterContext(callId, Pdu.PFC_WHOLE, MAX_FRAGMENT, MAX_FRAGMENT, assocGroup,
                            List.of(pc), null);
            send(List.of(request), callId);
            Pdu answer = awaitPdu(reply, Duration.ofSeconds(30), "bind of " + iface);
            List<PresentationResult> results;
            if (answer instanceof Pdu.BindAck ack) {
                maxTransmit = Math.min(ack.maxRecvFrag(), MAX_FRAGMENT);
                assocGroup = ack.assocGroupId();
                results = ack.results();
            } else if (answer instanceof Pdu.AlterContextResponse acr) {
                results = acr.results();
            } else if (answer instanceof Pdu.BindNak nak) {
                throw new RpcException(HResult.RPC_S_PROTOCOL_ERROR, "the server refused the association (reason "
                        + nak.rejectReason() + ")");
            } else {
                throw new RpcException(HResult.RPC_S_PROTOCOL_ERROR, "unexpected answer to a bind: " + answer.type());
            }
            if (results.isEmpty() || !results.get(0).accepted()) {
                throw new RpcException(HResult.RPC_S_UNKNOWN_IF, "the server does not support interface " + iface);
            }
            contexts.put(iface, contextId);
            return contextId;
        }
    }

    // ---- sending and receiving ------------------------------------------------------------------------------

    private int nextCallId() {
        return callIds.incrementAndGet() & 0x7FFF_FFFF;
    }

    private CompletableFuture<Pdu> register(int callId) {
        checkOpen();
        CompletableFuture<Pdu> f = new CompletableFuture<>();
        pending.put(callId, f);
        RpcException c = closed;
        if (c != null && pending.remove(callId) != null) {
            f.completeExceptionally(new RpcException(HResult.RPC_E_DISCONNECTED, c.getMessage(), c));
        }
        return f;
    }

    private void send(List<? extends Pdu> fragments, int callId) {
        try {
            synchronized (writeLock) {
                PduSender.write(link, fragments);
            }
        } catch (IOException e) {
            RpcException lost = new RpcException(HResult.RPC_E_SERVER_DIED, "lost the connection to "
                    + link.describe() + " while sending: " + e.getMessage(), e);
            fail(lost, HResult.RPC_E_SERVER_DIED);
            CompletableFuture<Pdu> f = pending.remove(callId);
            if (f != null) {
                f.completeExceptionally(lost);
            }
        }
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        try {
            while (closed == null) {
                buffer.clear();
                int n = link.read(buffer);
                if (n < 0) {
                    fail(new RpcException(HResult.RPC_E_SERVER_DIED, "the server at " + link.describe()
                            + " closed the connection"), HResult.RPC_E_SERVER_DIED);
                    return;
                }
                buffer.flip();
                Optional<WireFailure> failure = decoder.feed(buffer, this::received);
                if (failure.isPresent()) {
                    LOG.log(System.Logger.Level.WARNING, "closing " + link.describe() + ": " + failure.get());
                    fail(new RpcException(HResult.RPC_S_PROTOCOL_ERROR, "the server broke the protocol: "
                            + failure.get().message()), HResult.RPC_E_SERVER_DIED);
                    return;
                }
            }
        } catch (IOException e) {
            fail(new RpcException(HResult.RPC_E_SERVER_DIED, "lost the connection to " + link.describe() + ": "
                    + e.getMessage(), e), HResult.RPC_E_SERVER_DIED);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "client reader of " + link.describe() + " failed", e);
            fail(new RpcException(HResult.RPC_S_PROTOCOL_ERROR, "client reader failed: " + e), HResult.RPC_E_SERVER_DIED);
        }
    }

    private void received(Pdu pdu) {
        Pdu whole = pdu;
        try {
            if (pdu instanceof Pdu.Response r) {
                Optional<Pdu.Response> done = assembler.offer(r);
                if (done.isEmpty()) {
                    return;
                }
                whole = done.get();
            }
        } catch (WireFormatException e) {
            CompletableFuture<Pdu> f = pending.remove(pdu.callId());
            if (f != null) {
                f.completeExceptionally(new RpcException(HResult.RPC_X_BAD_STUB_DATA, e.getMessage(), e));
            }
            return;
        }
        CompletableFuture<Pdu> f = pending.remove(whole.callId());
        if (f == null) {
            LOG.log(System.Logger.Level.DEBUG, "ignoring " + whole.type() + " for unknown call " + whole.callId()
                    + " (timed out or cancelled)");
            return;
        }
        f.complete(whole);
    }

    /** Marks the connection dead, fails every pending call with {@code inFlight}, closes the link. */
    private void fail(RpcException reason, int inFlight) {
        synchronized (this) {
            if (closed != null) {
                return;
            }
            closed = reason;
        }
        whenClosed.complete(reason);
        for (Integer id : pending.keySet()) {
            CompletableFuture<Pdu> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(new RpcException(inFlight, reason.getMessage(), reason));
            }
        }
        try {
            link.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + link.describe(), e);
        }
    }

    private void checkOpen() {
        RpcException c = closed;
        if (c != null) {
            throw new RpcException(HResult.RPC_E_DISCONNECTED, "the connection is gone: " + c.getMessage(), c);
        }
    }

    private Bytes await(CompletableFuture<Bytes> f, Duration deadline, String what) {
        try {
            return f.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new RpcException(HResult.RPC_E_TIMEOUT, what + " did not complete within " + deadline);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(HResult.E_FAIL, what + " was interrupted", e);
        }
    }

    private Pdu awaitPdu(CompletableFuture<Pdu> f, Duration deadline, String what) {
        try {
            return f.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RpcException(HResult.RPC_E_TIMEOUT, what + " did not complete within " + deadline);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(HResult.E_FAIL, what + " was interrupted", e);
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new RpcException(HResult.E_FAIL, Objects.toString(cause), cause);
    }
}
