package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p><b>Who reads.</b> One thread at a time reads the connection and hands every response it decodes to its call.
 * A caller waiting in {@link #call} while no other call is in flight reads the connection itself, so such a call
 * costs no thread switch on the client: the thread that sent the request reads the response. Calls that overlap are
 * read by the connection's reader thread, which reads as long as calls are in flight, each response waking its
 * caller; a caller reading for itself when others start reads on until its own response has come, then hands the
 * reading to the reader thread. The reader thread also watches a connection that has been idle a while, so that a
 * server closing it is seen at once; a caller that finds it watching asks it to step aside before sending, and it
 * hands the reading to the caller of a lone call rather than read that call's answer itself. A caller reads only
 * until its own deadline, so no call waits longer than its deadline. Links that cannot poll their reads
 * ({@link Transport.Link#enterPolledReads}) are read by the reader thread alone.
 *
 * <pre>{@code
 * try (RpcClient c = RpcClient.connect(UnixSocketTransport.create(), endpoint, Duration.ofSeconds(5))) {
 *     Bytes reply = c.call(SyntaxId.of(iid), ipid, 3, stub, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p><b>Security.</b> Connected with a {@link ClientSecurity}, the client starts one security context in its first
 * bind (the first leg's token in the bind's verifier, {@code auth_context_id} {@value #FIRST_AUTH_CONTEXT_ID}),
 * takes the server's token from the bind_ack and sends the next one in an auth3, which has no answer; later
 * interfaces are added by alter_context without a verifier, under the same context. At
 * {@code RPC_C_AUTHN_LEVEL_CONNECT} requests then carry no verifier (MS-RPCE 3.3.1.5.2). At {@code PKT_INTEGRITY}
 * and {@code PKT_PRIVACY} every request fragment carries one: the stub is split to leave room for the padding, the
 * sec_trailer and the signature, padded so that the trailer follows a multiple of 16 stub octets (as Windows pads;
 * MS-RPCE 2.2.2.11 asks only for 4-octet alignment), and signed (and sealed) inside the write lock, in send order;
 * every response fragment must carry a verifier of the context, which is verified (and unsealed) by whoever reads the
 * connection, in arrival order, before reassembly. A response that does not verify, or that lacks a verifier, fails
 * its call and every other call in flight with {@code SEC_E_MESSAGE_ALTERED} and closes the connection: the stream can
 * no longer be trusted. Faults are taken as sent (servers send them without a verifier). Without an answer to auth3, a
 * server that refuses the credentials faults the first call with {@code ERROR_ACCESS_DENIED}, which the call reports
 * as {@code E_ACCESSDENIED} naming the refused logon.
 *
 * <pre>{@code
 * try (RpcClient c = RpcClient.connect(TcpTransport.get(), endpoint, Duration.ofSeconds(5), ntlm)) {
 *     Bytes reply = c.call(SyntaxId.of(iid), ipid, 3, stub, Duration.ofSeconds(30));   // signed and sealed
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

    /** The {@code auth_context_id} of the security context the first bind starts. */
    public static final int FIRST_AUTH_CONTEXT_ID = 1;

    /**
     * How long the reader thread stays away after a caller last read for itself before it watches the idle
     * connection again: callers that call back to back read for themselves without having to ask it to step aside.
     */
    private static final long LINGER_NANOS = 20_000_000L;

    /** How long a bind may take at most (a call with a shorter deadline binds within that). */
    private static final Duration BIND_DEADLINE = Duration.ofSeconds(30);

    /** The security context calls are made under, once established. */
    private record Secured(ClientSecurityContext context, int authType, int level, int contextId) {
    }

    /** The answer a call waits for, and the thread waiting for it in {@link #call}, woken when it completes. */
    private static final class Reply extends CompletableFuture<Pdu> {
        final int callId;
        volatile Thread waiter;

        Reply(int callId) {
            this.callId = callId;
        }

        void wake() {
            Thread t = waiter;
            if (t != null && t != Thread.currentThread()) {
                LockSupport.unpark(t);
            }
        }
    }

    private final Transport.Link link;
    private final PduLimits limits;
    private final PduDecoder decoder;
    private final CallAssembler assembler;
    private final ClientSecurity security;
    private final Object writeLock = new Object();
    private final Object contextLock = new Object();
    private final Map<SyntaxId, Integer> contexts = new HashMap<>();
    private final ConcurrentHashMap<Integer, Reply> pending = new ConcurrentHashMap<>();
    private final AtomicInteger callIds = new AtomicInteger();
    private final Thread reader;
    /** Whoever holds it reads the connection: a caller waiting for its own answer, or the reader thread. */
    private final ReentrantLock readRole = new ReentrantLock();
    /** The read buffer, used by whoever holds the read role. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    /** Whether callers may read (the link polls its reads); otherwise the reader thread reads alone. */
    private final boolean callersRead;
    /** The caller that asked the reader thread to step aside: the one the reading is handed to next. */
    private volatile Reply heir;
    /** Set while the reader thread holds the read role. */
    private volatile boolean watching;
    /** Set by a caller that wants the reader thread to give up the read role. */
    private volatile boolean wantRole;
    /** Set when calls are in flight that no caller reads for: the reader thread is to read. */
    private volatile boolean needReader;
    /** Changes whenever a caller gives up the read role, so the reader thread sees that callers are active. */
    private volatile int activity;
    /** Until a bind_ack says otherwise: the smallest fragment every implementation must accept. */
    private volatile int maxTransmit = 1432;
    private volatile int assocGroup;
    /** Set once a bind_ack arrived: later interfaces are added by alter_context. Guarded by contextLock. */
    private boolean associated;
    /** The established security context, or null (no security, or not yet bound). */
    private volatile Secured secured;
    private volatile RpcException closed;
    private final CompletableFuture<RpcException> whenClosed = new CompletableFuture<>();

    private RpcClient(Transport.Link link, PduLimits limits, ClientSecurity security, boolean callersRead) {
        this.link = link;
        this.callersRead = callersRead;
        this.security = security;
        this.limits = limits;
        this.decoder = new PduDecoder(limits).reuseFragmentBuffers(true); // the assembler copies fragments at once
        this.assembler = new CallAssembler(limits);
        this.reader = new Thread(this::serve, "rpc-client " + link.describe());
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
        return open(transport, endpoint, connectTimeout, null);
    }

    /**
     * Connects with security: the first bind starts a security context of {@code security}, and every call is made
     * under it at its level (see the class description).
     *
     * @param transport the transport
     * @param endpoint the server
     * @param connectTimeout how long to wait for the server to accept
     * @param security the authentication service and level
     * @return the client; interfaces are bound, and the context established, on first use
     * @throws RpcException {@code RPC_S_SERVER_UNAVAILABLE} when nobody accepts in time
     * @throws IllegalArgumentException if the level is not CONNECT, PKT_INTEGRITY or PKT_PRIVACY
     */
    public static RpcClient connect(Transport transport, Endpoint endpoint, Duration connectTimeout,
            ClientSecurity security) {
        Objects.requireNonNull(security, "security");
        int level = security.authLevel();
        if (level != AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT && level != AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY
                && level != AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY) {
            throw new IllegalArgumentException("a client security level is CONNECT (2), PKT_INTEGRITY (5) or"
                    + " PKT_PRIVACY (6), not " + level);
        }
        return open(transport, endpoint, connectTimeout, security);
    }

    private static RpcClient open(Transport transport, Endpoint endpoint, Duration connectTimeout,
            ClientSecurity security) {
        Transport.Link link;
        try {
            link = transport.connect(endpoint, connectTimeout);
        } catch (IOException e) {
            throw new RpcException(HResult.RPC_S_SERVER_UNAVAILABLE, "cannot connect to " + endpoint + ": "
                    + e.getMessage(), e);
        }
        boolean polled;
        try {
            polled = link.enterPolledReads();
        } catch (IOException e) {
            try {
                link.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new RpcException(HResult.RPC_S_SERVER_UNAVAILABLE, "cannot set up the connection to " + endpoint
                    + ": " + e.getMessage(), e);
        }
        RpcClient client = new RpcClient(link, PduLimits.DEFAULT.withMaxFragmentLength(MAX_FRAGMENT)
                .withMaxReassembledLength(64 << 20), security, polled);
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
     * @param stub the NDR-encoded arguments; sent before this returns and not kept, so its array may be reused then
     * @param deadline how long to wait for the response, and for the bind when it is the interface's first call
     * @return the NDR-encoded response, the caller's own (its array may be lent: see {@code StubBuffers})
     * @throws RpcException on faults, connection loss, or when the deadline passes
     */
    public Bytes call(SyntaxId iface, Guid object, int opnum, Bytes stub, Duration deadline) {
        // a peer that never answers the bind must not hold the caller past its own deadline
        int contextId = context(iface, deadline.compareTo(BIND_DEADLINE) < 0 ? deadline : BIND_DEADLINE);
        Reply reply = start(contextId, object, opnum, stub, true);
        return stubOf(awaitReply(reply, deadline, "call of operation " + opnum), opnum);
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
        Reply reply = start(context(iface), object, opnum, stub, false);
        CompletableFuture<Bytes> result = reply.thenApply(pdu -> stubOf(pdu, opnum));
        // a caller that gives up (deadline, cancel) must not leave its call id behind
        result.whenComplete((v, t) -> {
            if (result.isCancelled()) {
                pending.remove(reply.callId, reply);
            }
        });
        return result;
    }

    /**
     * Registers and sends a request on a bound context; a caller that will wait for it in {@link #awaitReply} reads
     * for itself.
     */
    private Reply start(int contextId, Guid object, int opnum, Bytes stub, boolean callerWaits) {
        int callId = nextCallId();
        Reply reply = register(callId);
        Pdu.Request whole = Pdu.Request.of(callId, contextId, opnum, object, stub);
        if (callerWaits) {
            beforeSending(reply);
        }
        try {
            Secured s = secured;
            if (s != null && s.level >= AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY) {
                sendProtected(whole, s);
            } else {
                send(Fragmenter.split(whole, maxTransmit), callId);
            }
        } catch (RuntimeException e) {
            forget(reply);
            throw e;
        }
        if (!callerWaits) {
            summonReader();
        }
        return reply;
    }

    private Bytes stubOf(Pdu pdu, int opnum) {
        if (pdu instanceof Pdu.Response r) {
            return r.stub();
        }
        if (pdu instanceof Pdu.Fault f) {
            int hr = RpcException.hresultOfFault(f.status());
            Secured sec = secured;
            if (sec != null && f.status() == RpcStatus.WIN32_ACCESS_DENIED) {
                throw new RpcException(hr, "the server faulted operation " + opnum + ": access denied (a server"
                        + " that refuses the " + security.name() + " logon answers each call so, since auth3 has"
                        + " no answer: check the credentials)");
            }
            throw new RpcException(hr, "the server faulted operation " + opnum + ": " + RpcStatus.name(f.status()));
        }
        throw new RpcException(HResult.RPC_S_PROTOCOL_ERROR, "unexpected answer to a request: " + pdu.type());
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
        return context(iface, BIND_DEADLINE);
    }

    private int context(SyntaxId iface, Duration bindDeadline) {
        synchronized (contextLock) {
            Integer id = contexts.get(iface);
            if (id != null) {
                return id;
            }
            checkOpen();
            int contextId = contexts.size();
            int callId = nextCallId();
            Reply reply = register(callId);
            PresentationContext pc = PresentationContext.ndr(contextId, iface);
            ClientSecurityContext starting = null;
            AuthVerifier offer = null;
            if (!associated && security != null) {
                starting = security.newContext();
                offer = AuthVerifier.of(security.authType(), security.authLevel(), FIRST_AUTH_CONTEXT_ID,
                        Bytes.copyOf(starting.initialToken()));
            }
            Pdu request = !associated
                    ? new Pdu.Bind(callId, Pdu.PFC_WHOLE | Pdu.PFC_CONC_MPX, MAX_FRAGMENT, MAX_FRAGMENT, 0,
                            List.of(pc), offer)
                    : new Pdu.AlterContext(callId, Pdu.PFC_WHOLE, MAX_FRAGMENT, MAX_FRAGMENT, assocGroup,
                            List.of(pc), null);
            beforeSending(reply);
            try {
                send(List.of(request), callId);
            } catch (RuntimeException e) {
                forget(reply);
                throw e;
            }
            Pdu answer = awaitReply(reply, bindDeadline, "bind of " + iface);
            List<PresentationResult> results;
            if (answer instanceof Pdu.BindAck ack) {
                maxTransmit = Math.min(ack.maxRecvFrag(), MAX_FRAGMENT);
                assocGroup = ack.assocGroupId();
                if (starting != null) {
                    establish(starting, offer, ack.auth(), callId);
                }
                associated = true;
                results = ack.results();
            } else if (answer instanceof Pdu.AlterContextResponse acr) {
                results = acr.results();
            } else if (answer instanceof Pdu.BindNak nak) {
                if (offer != null) {
                    RpcException refused = new RpcException(HResult.E_ACCESSDENIED, "the server refused the "
                            + security.name() + " bind at auth_level " + security.authLevel() + " (bind_nak reason "
                            + nak.rejectReason() + ")");
                    fail(refused, HResult.RPC_E_DISCONNECTED);
                    throw refused;
                }
                if (nak.rejectReason() == Pdu.BindNak.TEMPORARY_CONGESTION
                        || nak.rejectReason() == Pdu.BindNak.LOCAL_LIMIT_EXCEEDED) {
                    // the server is up but at a connection limit: say so, it is not gone
                    RpcException busy = new RpcException(HResult.RPC_S_SERVER_TOO_BUSY, "the server at "
                            + link.describe() + " is running but busy: it refused the connection ("
                            + (nak.rejectReason() == Pdu.BindNak.TEMPORARY_CONGESTION
                                    ? "it holds as many connections as it allows"
                                    : "this client's account or address holds as many connections as it may")
                            + "); try again later");
                    fail(busy, HResult.RPC_S_SERVER_TOO_BUSY);
                    throw busy;
                }
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

    /**
     * Completes the security context the bind started: checks that the bind_ack's verifier answers the offer, has
     * the context take the server's token, and sends the next token in an auth3. A failure closes the connection:
     * an association whose security context failed cannot make calls.
     */
    private void establish(ClientSecurityContext ctx, AuthVerifier offer, AuthVerifier answer, int callId) {
        try {
            if (answer == null) {
                throw new RpcException(HResult.E_ACCESSDENIED, "the server accepted the bind but answered no "
                        + security.name() + " token: it does not offer " + security.name() + " on " + link.describe());
            }
            if (answer.authType() != offer.authType() || answer.authLevel() != offer.authLevel()
                    || answer.contextId() != offer.contextId()) {
                throw new RpcException(HResult.RPC_S_PROTOCOL_ERROR, "the bind_ack's verifier has auth_type "
                        + answer.authType() + " level " + answer.authLevel() + " context " + answer.contextId()
                        + ", the bind offered " + offer.authType() + " level " + offer.authLevel() + " context "
                        + offer.contextId());
            }
            byte[] next;
            try {
                next = ctx.accept(answer.token().toArray());
            } catch (SecurityFailure e) {
                throw new RpcException(HResult.E_ACCESSDENIED, "the server's " + security.name()
                        + " token is refused: " + e.getMessage(), e);
            }
            if (!ctx.established()) {
                throw new RpcException(HResult.RPC_S_PROTOCOL_ERROR, security.name() + " needs more legs than bind"
                        + " and auth3, which this client does not send");
            }
            if (next.length > 0) {
                send(List.of(new Pdu.Auth3(callId, Pdu.PFC_WHOLE, AuthVerifier.of(offer.authType(),
                        offer.authLevel(), offer.contextId(), Bytes.copyOf(next)))), callId);
                checkOpen();
            }
            secured = new Secured(ctx, offer.authType(), offer.authLevel(), offer.contextId());
        } catch (RpcException e) {
            fail(e, HResult.RPC_E_DISCONNECTED);
            throw e;
        }
    }

    // ---- sending and receiving ------------------------------------------------------------------------------

    private int nextCallId() {
        return callIds.incrementAndGet() & 0x7FFF_FFFF;
    }

    private Reply register(int callId) {
        checkOpen();
        Reply f = new Reply(callId);
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
            Reply f = pending.remove(callId);
            if (f != null) {
                f.completeExceptionally(lost);
                f.wake();
            }
        }
    }

    /**
     * Sends a request under a context at PKT_INTEGRITY or above: each fragment leaves room for the padding, the
     * trailer and the signature, and is signed (and sealed) inside the write lock, so fragments are protected in the
     * order they are sent.
     */
    private void sendProtected(Pdu.Request whole, Secured s) {
        ClientSecurityContext ctx = s.context;
        int sig = ctx.signatureLength();
        int header = whole.object() != null ? 40 : 24;
        Bytes stub = whole.stub();
        try {
            synchronized (writeLock) {
                int chunk = (maxTransmit - header - ProtectedFragment.TRAILER_LENGTH - sig) & ~15;
                int p = 0;
                do {
                    int n = Math.min(chunk, stub.length() - p);
                    int flags = (whole.flags() & ~Pdu.PFC_WHOLE) | (p == 0 ? Pdu.PFC_FIRST_FRAG : 0)
                            | (p + n == stub.length() ? Pdu.PFC_LAST_FRAG : 0);
                    AuthVerifier v = AuthVerifier.forStub(n, s.authType, s.level, s.contextId,
                            Bytes.copyOf(new byte[sig]));
                    Pdu.Request fragment = new Pdu.Request(whole.callId(), flags, stub.length() - p,
                            whole.contextId(), whole.opnum(), whole.object(), stub.slice(p, p + n), v);
                    byte[] bytes = PduCodec.encode(fragment);
                    int trailer = bytes.length - sig - ProtectedFragment.TRAILER_LENGTH;
                    ctx.protect(new ProtectedFragment(bytes, bytes.length, header, trailer, s.level));
                    link.write(ByteBuffer.wrap(bytes));
                    p += n;
                } while (p < stub.length());
            }
        } catch (IOException e) {
            RpcException lost = new RpcException(HResult.RPC_E_SERVER_DIED, "lost the connection to "
                    + link.describe() + " while sending: " + e.getMessage(), e);
            fail(lost, HResult.RPC_E_SERVER_DIED);
        }
    }

    // ---- who reads ------------------------------------------------------------------------------------------

    /**
     * Before a request goes out, for a caller that will wait for the answer in {@link #awaitReply}: if the reader
     * thread is watching an idle connection, the caller asks it to step aside and to hand the reading to it, so it
     * can read its answer itself; the reader thread leaves while the request travels.
     */
    private void beforeSending(Reply reply) {
        reply.waiter = Thread.currentThread();
        if (callersRead && watching && pending.size() == 1) {
            heir = reply;
            wantRole = true;
            link.wakeUp();
        }
    }

    /** After an asynchronous request: if nobody reads, the reader thread is to. */
    private void summonReader() {
        if (callersRead && !readRole.isLocked()) {
            needReader = true;
            LockSupport.unpark(reader);
        }
    }

    /**
     * Waits for an answer until the deadline, reading the connection whenever nobody else does; on timeout or
     * interruption the call is forgotten (a late answer is dropped).
     */
    private Pdu awaitReply(Reply reply, Duration deadline, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        Thread me = Thread.currentThread();
        try {
            while (!reply.isDone()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    pending.remove(reply.callId, reply);
                    throw new RpcException(HResult.RPC_E_TIMEOUT, what + " did not complete within " + deadline);
                }
                if (me.isInterrupted()) {
                    pending.remove(reply.callId, reply);
                    throw new RpcException(HResult.E_FAIL, what + " was interrupted");
                }
                if (callersRead) {
                    // only this call in flight: read its answer here rather than be woken by another thread
                    if (pending.size() == 1 && readRole.tryLock()) {
                        try {
                            readFor(reply, end);
                        } finally {
                            releaseRole();
                        }
                        continue;
                    }
                    if (watching && pending.size() == 1) {
                        heir = reply; // the reader thread took to watching meanwhile: ask it for the reading
                        wantRole = true;
                        link.wakeUp();
                    } else if (!readRole.isLocked()) {
                        summonReader(); // other calls are in flight: the reader thread reads for them all
                    }
                }
                if (!reply.isDone()) {
                    LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            reply.waiter = null;
            if (heir == reply) {
                heir = null;
            }
        }
        try {
            return reply.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            throw new IllegalStateException("a completed answer cannot be interrupted", e);
        }
    }

    /**
     * Holding the read role: reads until the answer arrives, the connection closes, the deadline passes or the thread
     * is interrupted.
     */
    private void readFor(Reply reply, long end) {
        Thread me = Thread.currentThread();
        while (readOnce() && !reply.isDone()) {
            long left = end - System.nanoTime();
            if (left <= 0 || me.isInterrupted()) {
                return;
            }
            try {
                link.awaitReadable(left);
            } catch (IOException e) {
                lost(e);
                return;
            }
        }
    }

    /** Forgets a call that never went out. */
    private void forget(Reply reply) {
        pending.remove(reply.callId, reply);
        reply.waiter = null;
        if (heir == reply) {
            heir = null;
        }
    }

    /** Gives up the read role, to the caller that asked for it, or to the reader thread if calls are left. */
    private void releaseRole() {
        readRole.unlock();
        activity++;
        handOff();
    }

    /** The call in flight, if it is the only one and its caller waits for it in {@link #awaitReply}. */
    private Reply loneWaiter() {
        if (pending.size() != 1) {
            return null;
        }
        for (Reply r : pending.values()) {
            return r.waiter != null && !r.isDone() ? r : null;
        }
        return null;
    }

    /** Wakes the caller that asked for the reading, or, if none and calls are left, the reader thread. */
    private void handOff() {
        Reply h = heir;
        Thread t = h == null ? null : h.waiter;
        if (t != null && !h.isDone() && pending.size() == 1) {
            LockSupport.unpark(t);
            return;
        }
        if (!pending.isEmpty() && closed == null) {
            needReader = true;
            LockSupport.unpark(reader);
        }
    }

    /**
     * The reader thread: on a link that polls, reads for calls nobody else reads for and watches the connection when
     * it has been idle a while, stepping aside when a caller asks; otherwise reads everything.
     */
    private void serve() {
        try {
            if (!callersRead) {
                readRole.lock();
                try {
                    while (readOnce()) {
                        // a blocking read each time round
                    }
                } finally {
                    readRole.unlock();
                }
                return;
            }
            while (closed == null) {
                if (!needReader) {
                    int seen = activity;
                    LockSupport.parkNanos(this, LINGER_NANOS);
                    if (closed != null) {
                        return;
                    }
                    if (!needReader && activity != seen) {
                        continue; // callers read for themselves: keep out of their way
                    }
                }
                readRole.lock();
                try {
                    needReader = false;
                    watching = true;
                    boolean serving = !pending.isEmpty();
                    while (!wantRole) {
                        Reply lone = loneWaiter();
                        if (lone != null) {
                            heir = lone; // its caller reads the answer: hand it the reading, do not read it here
                            break;
                        }
                        if (!readOnce()) {
                            return;
                        }
                        if (serving && pending.isEmpty() || wantRole) {
                            break;
                        }
                        link.awaitReadable(0);
                    }
                    wantRole = false;
                } finally {
                    watching = false;
                    releaseRole();
                }
            }
        } catch (IOException e) {
            lost(e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "client reader of " + link.describe() + " failed", e);
            fail(new RpcException(HResult.RPC_S_PROTOCOL_ERROR, "client reader failed: " + e), HResult.RPC_E_SERVER_DIED);
        }
    }

    /**
     * Holding the read role: reads what the link has (on a link that polls, possibly nothing; otherwise blocking
     * until something comes), decodes it and hands each answer to its call.
     *
     * @return false once the connection is closed
     */
    private boolean readOnce() {
        try {
            ByteBuffer buffer = readBuffer;
            buffer.clear();
            int n = link.read(buffer);
            if (n < 0) {
                fail(new RpcException(HResult.RPC_E_SERVER_DIED, "the server at " + link.describe()
                        + " closed the connection"), HResult.RPC_E_SERVER_DIED);
                return false;
            }
            if (n == 0) {
                return closed == null;
            }
            buffer.flip();
            Optional<WireFailure> failure = decoder.feed(buffer, this::received);
            if (closed != null) {
                return false;
            }
            if (failure.isPresent()) {
                LOG.log(System.Logger.Level.WARNING, "closing " + link.describe() + ": " + failure.get());
                fail(new RpcException(HResult.RPC_S_PROTOCOL_ERROR, "the server broke the protocol: "
                        + failure.get().message()), HResult.RPC_E_SERVER_DIED);
                return false;
            }
            return true;
        } catch (IOException e) {
            lost(e);
            return false;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "client reader of " + link.describe() + " failed", e);
            fail(new RpcException(HResult.RPC_S_PROTOCOL_ERROR, "client reader failed: " + e), HResult.RPC_E_SERVER_DIED);
            return false;
        }
    }

    private void lost(IOException e) {
        fail(new RpcException(HResult.RPC_E_SERVER_DIED, "lost the connection to " + link.describe() + ": "
                + e.getMessage(), e), HResult.RPC_E_SERVER_DIED);
    }

    private void received(Pdu pdu, byte[] raw, int length) {
        Pdu whole = pdu;
        if (pdu instanceof Pdu.Response r) {
            Secured s = secured;
            if (s != null && s.level >= AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY) {
                pdu = unprotect(r, raw, length, s);
                if (pdu == null) {
                    return;
                }
            } else if (r.auth() != null) {
                // a verifier where none is needed (CONNECT): the stub is the body before its padding
                pdu = new Pdu.Response(r.callId(), r.flags(), r.allocHint(), r.contextId(), r.cancelCount(),
                        r.stub(), null);
            }
            whole = pdu;
        }
        try {
            if (pdu instanceof Pdu.Response r) {
                Optional<Pdu.Response> done = assembler.offer(r);
                if (done.isEmpty()) {
                    return;
                }
                whole = done.get();
            }
        } catch (WireFormatException e) {
            Reply f = pending.remove(pdu.callId());
            if (f != null) {
                f.completeExceptionally(new RpcException(HResult.RPC_X_BAD_STUB_DATA, e.getMessage(), e));
                f.wake();
            }
            return;
        }
        Reply f = pending.remove(whole.callId());
        if (f == null) {
            LOG.log(System.Logger.Level.DEBUG, "ignoring " + whole.type() + " for unknown call " + whole.callId()
                    + " (timed out or cancelled)");
            return;
        }
        f.complete(whole);
        f.wake();
    }

    /**
     * Verifies (and unseals) a response fragment under the connection's context, on a copy of its bytes; returns
     * the clear fragment without a verifier, or null after failing the call and the connection.
     */
    private Pdu.Response unprotect(Pdu.Response r, byte[] raw, int length, Secured s) {
        AuthVerifier auth = r.auth();
        String refusal = null;
        if (auth == null) {
            refusal = "carries no verifier on a connection at auth_level " + s.level;
        } else if (auth.authType() != s.authType || auth.authLevel() != s.level || auth.contextId() != s.contextId) {
            refusal = "names auth_type " + auth.authType() + " level " + auth.authLevel() + " context "
                    + auth.contextId() + ", not the connection's " + s.authType + " level " + s.level + " context "
                    + s.contextId;
        } else {
            byte[] copy = Arrays.copyOf(raw, length);
            int trailer = length - auth.token().length() - ProtectedFragment.TRAILER_LENGTH;
            try {
                s.context.verify(new ProtectedFragment(copy, length, 24, trailer, s.level));
                return new Pdu.Response(r.callId(), r.flags(), r.allocHint(), r.contextId(), r.cancelCount(),
                        Bytes.unsafeWrap(copy, 24, trailer - 24 - auth.padLength()), null);
            } catch (SecurityFailure | IllegalArgumentException e) {
                refusal = "does not verify: " + e.getMessage();
            }
        }
        String why = "the response to call " + r.callId() + " from " + link.describe() + " " + refusal;
        LOG.log(System.Logger.Level.WARNING, why + "; closing the connection");
        // the connection is marked closed before any caller learns of the failure, then every call in flight fails
        fail(new RpcException(HResult.SEC_E_MESSAGE_ALTERED, why + "; the connection was closed, since its stream"
                + " can no longer be trusted"), HResult.SEC_E_MESSAGE_ALTERED);
        return null;
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
            Reply f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(new RpcException(inFlight, reason.getMessage(), reason));
                f.wake();
            }
        }
        try {
            link.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + link.describe(), e);
        }
        LockSupport.unpark(reader);
    }

    private void checkOpen() {
        RpcException c = closed;
        if (c != null) {
            throw new RpcException(HResult.RPC_E_DISCONNECTED, "the connection is gone: " + c.getMessage(), c);
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new RpcException(HResult.E_FAIL, Objects.toString(cause), cause);
    }
}
