package io.sessionmoniker.activation.orpc.runtime;

import io.sessionmoniker.activation.orpc.rpc.CallSecurity;
import io.sessionmoniker.activation.orpc.automation.DynamicDispatch;
import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages;
import io.sessionmoniker.activation.orpc.automation.ExcepInfo;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.internal.StubBuffers;
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages;
import io.sessionmoniker.activation.orpc.objref.SecurityBinding;
import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.SecurityProviders;
import io.sessionmoniker.activation.orpc.objref.StdObjRef;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcFaultException;
import io.sessionmoniker.activation.orpc.rpc.RpcServer;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.PeerCredentials;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.activation.orpc.runtime.ComInterfaceInfo.MethodInfo;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages.GetIdsOfNamesRequest;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages.GetIdsOfNamesResponse;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages.InvokeRequest;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages.InvokeResponse;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages.RemInterfaceRef;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages.RemQiResult;
import io.sessionmoniker.activation.orpc.runtime.internal.MethodCodec;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server side of object RPC in one process (an object exporter, named by its OXID): exports Java objects
 * that implement {@link ComInterface}s, gives out standard OBJREFs for them, and answers calls: the interfaces'
 * own methods (decoded by their signatures, run on the RPC server's workers), {@code IRemUnknown}
 * (RemQueryInterface, RemAddRef, RemRelease) and an {@code IDispatch} synthesized from the interfaces (or
 * answered by the object itself when it implements {@link DynamicDispatch}).
 *
 * <p>References: an OBJREF carries public references that belong to whoever receives it. The exporter counts
 * them per IPID and per connection; references handed out by {@link #export} before any client connects are
 * adopted by the first connection that uses the IPID. When a connection ends, the references it held are
 * released; an IPID at zero is removed, and an object with no IPIDs left is unexported (the listener given to
 * {@link #onIdle} learns when no object remains). References of an object exported with {@link #exportForClient}
 * that no connection claims within the {@linkplain #unclaimedLifetime(java.time.Duration) unclaimed lifetime} are
 * released, as a DCOM ping set expires: the client they were meant for died before its first call.
 *
 * <p>Access: every call passes through the {@link AccessCheck} hook (the AppID's AccessPermission in the host),
 * which sees the caller's transport credentials.
 *
 * <pre>{@code
 * try (ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(), endpoint, AccessCheck.ALLOW_ALL)) {
 *     ObjRef ref = exporter.export(new SessionInfoImpl(), ISessionInfo.class);
 *     // hand ref.encode() to a client; it calls ComClient.proxy(ref, ISessionInfo.class)
 * }
 * }</pre>
 */
public final class ObjectExporter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ObjectExporter.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The zeroed STDOBJREF a failed RemQueryInterface result carries. */
    private static final StdObjRef NO_OBJREF = new StdObjRef(0, 0, Oxid.of(0), Oid.of(0), Ipid.NULL);

    /**
     * How long the references of an object exported for a client ({@link #exportForClient}) wait by default for
     * a connection to claim them: the lifetime of a DCOM ping set, three ping periods of two minutes.
     */
    public static final java.time.Duration DEFAULT_UNCLAIMED_LIFETIME = java.time.Duration.ofMinutes(6);

    /** Expires unclaimed references, for every exporter of the process. */
    private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "unclaimed-references");
        t.setDaemon(true);
        return t;
    });

    /** The public references each OBJREF this exporter hands out carries. */
    public static final int REFS_PER_OBJREF = 5;

    /** {@code RPC_E_INVALID_IPID}: the IPID names no interface of the call's bound interface here. */
    static final int RPC_E_INVALID_IPID = 0x80010113;

    /** The owner of references handed out before anyone claimed them. */
    private static final long UNOWNED = -1;

    /**
     * The owner of every reference taken over a network transport: not the connection, because a DCOM client may
     * call on one connection and release on another, or never release at all. The OXID resolver's ping sets
     * decide when these go ({@link #releaseNetworkReferences}), as MS-DCOM 3.1.2.5.2.3.4 has it.
     */
    private static final long NETWORK = Long.MIN_VALUE;

    /** The security binding network OBJREFs carry: NTLM, no principal name, as Windows writes it. */
    private static final SecurityBinding NTLM_BINDING = new SecurityBinding(AuthVerifier.RPC_C_AUTHN_WINNT, "");

    /**
     * Who takes the references a call receives, and where a network peer reached this exporter.
     *
     * @param owner a connection id, {@link #UNOWNED} or {@link #NETWORK}
     * @param dialled the local address a network peer dialled, for the string bindings it is handed
     */
    private record Holder(long owner, java.net.InetSocketAddress dialled) {
        static final Holder NONE = new Holder(UNOWNED, null);

        static Holder of(RpcServer.Call call, long connection) {
            Optional<java.net.InetSocketAddress> local = call.connection().remoteAddress().isPresent()
                    ? call.connection().localAddress() : Optional.empty();
            return local.isPresent() ? new Holder(NETWORK, local.get()) : new Holder(connection, null);
        }

        boolean network() {
            return owner == NETWORK;
        }
    }

    /** The call this thread runs; its origin is made only when asked for, not on every call. */
    private static final ThreadLocal<RpcServer.Call> CURRENT = new ThreadLocal<>();

    /**
     * Returns where the call this thread is running came from, as COM's {@code CoGetCallContext} tells a method who
     * called it: the transport peer and the call's security context.
     *
     * <pre>{@code
     * public String Whoami() {
     *     return ObjectExporter.currentCall().map(c -> c.peer().user()).orElse("(not in a call)");
     * }
     * }</pre>
     *
     * @return the origin, or empty outside a call into an exported object
     */
    public static Optional<CallOrigin> currentCall() {
        RpcServer.Call call = CURRENT.get();
        return call == null ? Optional.empty() : Optional.of(CallOrigin.of(call));
    }

    /** Decides whether a caller may call into this exporter. */
    @FunctionalInterface
    public interface AccessCheck {
        /** Lets everyone call. */
        AccessCheck ALLOW_ALL = peer -> true;

        /**
         * Checks one call.
         *
         * @param peer the caller's transport credentials
         * @return {@code true} to run the call, {@code false} to fail it with {@code E_ACCESSDENIED}
         */
        boolean allowed(PeerCredentials peer);

        /**
         * Checks one call, seeing where it came from (the transport's credentials and the security context it was
         * authenticated under) and its ORPCTHIS (whose extensions may carry a token the host issued). The default
         * asks {@link #allowed(PeerCredentials)}.
         *
         * @param origin where the call came from
         * @param orpcThis the call's ORPCTHIS
         * @return {@code true} to run the call, {@code false} to fail it with {@code E_ACCESSDENIED}
         */
        default boolean allowed(CallOrigin origin, OrpcThis orpcThis) {
            return allowed(origin.peer());
        }
    }

    /**
     * Where a call came from, as the server can verify it: the peer's transport credentials and, for a call made
     * under a security context, that context's level and principal.
     *
     * @param peer the transport's credentials of the peer
     * @param security the call's security context, or empty for an unauthenticated call
     * @param network whether the call came over a network transport (from another machine, as far as the server
     *     can tell: only its security context says who called)
     */
    public record CallOrigin(PeerCredentials peer, Optional<CallSecurity> security, boolean network) {
        /**
         * Checks the components.
         *
         * @param peer not null
         * @param security not null
         * @param network any
         */
        public CallOrigin {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(security, "security");
        }

        /**
         * Makes the origin of a local call.
         *
         * @param peer the transport's credentials
         * @param security the security context, or empty
         */
        public CallOrigin(PeerCredentials peer, Optional<CallSecurity> security) {
            this(peer, security, false);
        }

        static CallOrigin of(RpcServer.Call call) {
            return new CallOrigin(call.connection().peer(), call.security(),
                    call.connection().remoteAddress().isPresent());
        }
    }

    /** One exported object: its Java implementation and the IPIDs of its interfaces. */
    private static final class ObjectEntry {
        final Oid oid;
        final Object impl;
        final Map<Guid, InterfaceEntry> byIid = new HashMap<>();

        ObjectEntry(Oid oid, Object impl) {
            this.oid = oid;
            this.impl = impl;
        }
    }

    /** One interface of one object. {@code info} is null for the synthesized IDispatch. */
    private static final class InterfaceEntry {
        final Ipid ipid;
        final Guid iid;
        final ObjectEntry object;
        final ComInterfaceInfo info;
        final List<ComInterfaceInfo> dispatchOver;
        int unowned;
        /** When ({@link System#nanoTime}) the unowned references expire; 0: never (not exported for a client). */
        long claimBy;
        boolean pinned;
        /** Where this IPID's calls run instead of an RPC worker, or null. */
        volatile java.util.concurrent.Executor callsRunOn;
        final Map<Long, Integer> refsByConnection = new HashMap<>();

        InterfaceEntry(Ipid ipid, Guid iid, ObjectEntry object, ComInterfaceInfo info,
                List<ComInterfaceInfo> dispatchOver) {
            this.ipid = ipid;
            this.iid = iid;
            this.object = object;
            this.info = info;
            this.dispatchOver = dispatchOver;
        }

        int total() {
            int t = unowned;
            for (int n : refsByConnection.values()) {
                t += n;
            }
            return t;
        }
    }

    private final Object lock = new Object();
    private final Oxid oxid;
    private final Ipid remUnknownIpid;
    private final Map<Ipid, InterfaceEntry> ipids = new ConcurrentHashMap<>();
    private final Map<Oid, ObjectEntry> objects = new HashMap<>();
    private final Map<Object, ObjectEntry> byImpl = new IdentityHashMap<>();
    private final Set<Guid> knownIids = ConcurrentHashMap.newKeySet();
    private final AccessCheck access;
    /** The exporter's listeners, the first one first: one per transport it serves on. */
    private final List<Listening> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.CompletableFuture<Throwable> failed =
            new java.util.concurrent.CompletableFuture<>();
    private final RpcServer.Options options;
    private final ComClient references;
    private volatile Consumer<ObjectExporter> idle = e -> { };
    private volatile Consumer<Object> unexported = o -> { };
    /** How many listeners have been made: each numbers its connections from 1, so their keys need its index. */
    private final java.util.concurrent.atomic.AtomicInteger listeners = new java.util.concurrent.atomic.AtomicInteger();
    private volatile java.time.Duration unclaimedLifetime = DEFAULT_UNCLAIMED_LIFETIME;
    /** When ({@link System#nanoTime}) the pending expiry sweep runs; meaningful while {@link #sweepPending}. */
    private long sweepAt;
    /** Whether an expiry sweep is scheduled: one at a time, for the earliest claim deadline (guarded by lock). */
    private boolean sweepPending;

    private ObjectExporter(Transport transport, Endpoint endpoint, AccessCheck access, RpcServer.Options options)
            throws IOException {
        this.oxid = Oxid.of(RANDOM.nextLong());
        this.remUnknownIpid = remUnknownIpid(oxid);
        this.access = Objects.requireNonNull(access, "access");
        knownIids.add(Iids.IREMUNKNOWN);
        knownIids.add(Iids.IREMUNKNOWN2);
        knownIids.add(Iids.IDISPATCH);
        this.references = new ComClient(transport, EndpointResolver.stringBindings(), this);
        this.options = options;
        RpcServer first = RpcServer.start(transport, endpoint, new Handler(), options);
        this.servers.add(new Listening(transport, first, false));
        first.failure().thenAccept(failed::complete);
    }

    /**
     * Returns a stage that completes when one of the exporter's servers failed beyond one connection
     * ({@link RpcServer#failure()}): that server has closed its listener; a process that serves nothing else
     * should end, so that a new one can take the endpoint.
     *
     * @return the first failure
     */
    public java.util.concurrent.CompletionStage<Throwable> failure() {
        return failed.minimalCompletionStage();
    }

    /**
     * Starts an exporter listening on an endpoint.
     *
     * @param transport the transport
     * @param endpoint where to listen
     * @param access the per-call access check
     * @return the exporter
     * @throws IOException if the endpoint cannot be bound
     */
    public static ObjectExporter start(Transport transport, Endpoint endpoint, AccessCheck access) throws IOException {
        return new ObjectExporter(transport, endpoint, access, RpcServer.Options.DEFAULT);
    }

    /**
     * Returns the IPID of an exporter's {@code IRemUnknown}. Without an OXID resolver on the local transport,
     * it is derived from the OXID: the OXID's eight bytes, little-endian, then eight zero bytes.
     *
     * @param oxid the exporter's OXID
     * @return the IPID
     */
    public static Ipid remUnknownIpid(Oxid oxid) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (oxid.value() >>> (8 * i));
        }
        return Ipid.of(Guid.fromBytes(b, 0));
    }

    /**
     * Returns the exporter's OXID.
     *
     * @return the object exporter identifier
     */
    public Oxid oxid() {
        return oxid;
    }

    /**
     * Returns where clients reach this exporter.
     *
     * @return the endpoint
     */
    public Endpoint endpoint() {
        return servers.get(0).server().endpoint();
    }

    /**
     * A listener and the transport it listens with.
     *
     * @param network whether its peers are on the network: their references belong to the ping sets, and the
     *     OBJREFs they are handed name only network bindings
     */
    private record Listening(Transport transport, RpcServer server, boolean network) {
    }

    /**
     * Listens on another endpoint too, for example on TCP beside the Unix socket: the OBJREFs marshalled from then
     * on list a string binding for each, in the order they were added, and calls on any of them reach the same
     * objects.
     *
     * @param transport the transport
     * @param endpoint where to listen
     * @return the endpoint it listens on
     * @throws IOException if the endpoint cannot be bound
     */
    public Endpoint listen(Transport transport, Endpoint endpoint) throws IOException {
        RpcServer more = RpcServer.start(transport, endpoint, new Handler(), options);
        servers.add(new Listening(transport, more, false));
        more.failure().thenAccept(failed::complete);
        return more.endpoint();
    }

    /**
     * Listens for network peers (DCOM clients on TCP), whose calls authenticate with the given security providers.
     * Their references do not belong to their connections: they stay until the peer releases them or until the
     * OXID resolver finds their ping set expired and calls {@link #releaseNetworkReferences}. OBJREFs handed to a
     * network peer list only the network bindings, the address the peer dialled first, and an NTLM security
     * binding; local OBJREFs still list every binding.
     *
     * @param transport a network transport
     * @param endpoint where to listen
     * @param security the security providers the peers authenticate with
     * @return the endpoint it listens on (with the port the system chose for port 0)
     * @throws IOException if the endpoint cannot be bound
     */
    public Endpoint listenForNetwork(Transport transport, Endpoint endpoint, SecurityProviders security)
            throws IOException {
        RpcServer more = RpcServer.start(transport, endpoint, new Handler(), options.withSecurity(security));
        servers.add(new Listening(transport, more, true));
        more.failure().thenAccept(failed::complete);
        return more.endpoint();
    }

    /**
     * Returns the string bindings an OBJREF handed to a network peer carries: one per network endpoint, naming the
     * address the peer dialled when the endpoint listens on every address.
     *
     * @param dialled the local address the peer reached, or null for the endpoints' own addresses
     * @return the bindings, empty when the exporter has no network endpoint
     */
    public List<StringBinding> networkBindings(java.net.InetSocketAddress dialled) {
        List<StringBinding> out = new ArrayList<>();
        for (Listening l : servers) {
            if (!l.network()) {
                continue;
            }
            Endpoint e = l.server().endpoint();
            String address = l.transport().bindingAddress(e);
            int open = address.indexOf('[');
            String host = open < 0 ? address : address.substring(0, open);
            if (dialled != null && (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]"))) {
                String ip = dialled.getAddress() == null ? dialled.getHostString()
                        : dialled.getAddress().getHostAddress();
                int scope = ip.indexOf('%');
                address = (scope >= 0 ? ip.substring(0, scope) : ip) + (open < 0 ? "" : address.substring(open));
            }
            out.add(new StringBinding(l.transport().towerId(), address));
        }
        return List.copyOf(out);
    }

    /**
     * Gives up an object's unclaimed references (those of the OBJREFs {@link #export} gave out that no connection
     * has used): the SCM asked the object's class object for the instance on a network client's behalf and marshalled
     * what the client wanted with references of its own, so nobody will ever claim these. An object left with no
     * reference is unexported.
     *
     * @param oid the object
     * @return whether the object is still exported
     */
    public boolean releaseUnclaimed(Oid oid) {
        boolean idleNow;
        boolean still;
        synchronized (lock) {
            ObjectEntry object = objects.get(oid);
            if (object == null) {
                return false;
            }
            for (InterfaceEntry ipid : List.copyOf(object.byIid.values())) {
                if (ipid.unowned > 0 && !ipid.pinned) {
                    ipid.unowned = 0;
                    ipid.claimBy = 0;
                    if (ipid.total() == 0) {
                        removeIpid(ipid);
                    }
                }
            }
            still = objects.containsKey(oid);
            idleNow = objects.isEmpty();
        }
        if (idleNow) {
            idle.accept(this);
        }
        return still;
    }

    /**
     * Marshals an interface of an exported object for a network client, as the SCM does for each interface a
     * remote activation asks for ({@code MULTI_QI}): the OBJREF carries {@link #REFS_PER_OBJREF} references of the
     * network pool, the network bindings (the endpoints' own addresses) and the NTLM security binding.
     *
     * @param oid the object
     * @param iid the interface ({@code IUnknown}, {@code IDispatch}, or one the object implements)
     * @return the OBJREF, or empty when the object is not exported here or does not implement the interface
     */
    public Optional<ObjRef> marshalForNetwork(Oid oid, Guid iid) {
        synchronized (lock) {
            ObjectEntry object = objects.get(oid);
            if (object == null || object.byIid.isEmpty()) {
                return Optional.empty();
            }
            InterfaceEntry any = object.byIid.values().iterator().next();
            RemQiResult q = queryInterface(any, iid, REFS_PER_OBJREF, NETWORK);
            if (q.hresult() != HResult.S_OK) {
                return Optional.empty();
            }
            InterfaceEntry target = ipids.get(q.std().ipid());
            DualStringArray address = new DualStringArray(networkBindings(null), List.of(NTLM_BINDING));
            return Optional.of(new ObjRef(iid, new StdObjRef(0, REFS_PER_OBJREF, oxid, object.oid, target.ipid),
                    address));
        }
    }

    /**
     * Tells which of these objects network peers hold references to here.
     *
     * @param oids objects, perhaps of other exporters
     * @return those exported here with network references
     */
    public Set<Oid> networkHeld(java.util.Collection<Oid> oids) {
        Set<Oid> out = new java.util.HashSet<>();
        synchronized (lock) {
            for (Oid oid : oids) {
                ObjectEntry object = objects.get(oid);
                if (object != null && object.byIid.values().stream()
                        .anyMatch(i -> i.refsByConnection.containsKey(NETWORK))) {
                    out.add(oid);
                }
            }
        }
        return out;
    }

    /**
     * Drops the references network peers hold to these objects, as the OXID resolver does when their ping set
     * was not pinged in time; an object nobody else holds is unexported (and the exporter may become idle).
     *
     * @param oids the objects; those not exported here are ignored
     * @return how many objects lost network references
     */
    public int releaseNetworkReferences(java.util.Collection<Oid> oids) {
        int released = 0;
        boolean idleNow;
        synchronized (lock) {
            for (Oid oid : oids) {
                ObjectEntry object = objects.get(oid);
                if (object == null) {
                    continue;
                }
                boolean had = false;
                for (InterfaceEntry ipid : List.copyOf(object.byIid.values())) {
                    if (ipid.refsByConnection.remove(NETWORK) != null) {
                        had = true;
                        if (ipid.total() == 0) {
                            removeIpid(ipid);
                        }
                    }
                }
                if (had) {
                    released++;
                }
            }
            idleNow = released > 0 && objects.isEmpty();
        }
        if (idleNow) {
            idle.accept(this);
        }
        return released;
    }

    /**
     * Returns the string bindings OBJREFs of this exporter carry: one per endpoint it listens on.
     *
     * @return the bindings, the first endpoint's first
     */
    public List<StringBinding> bindings() {
        List<StringBinding> out = new ArrayList<>(servers.size());
        for (Listening l : servers) {
            out.add(new StringBinding(l.transport().towerId(), l.transport().bindingAddress(l.server().endpoint())));
        }
        return List.copyOf(out);
    }

    /**
     * Returns the client runtime this exporter uses for interface pointers it receives.
     *
     * @return the client
     */
    public ComClient client() {
        return references;
    }

    /**
     * Sets what to do when the last exported object is released.
     *
     * @param listener called (on an RPC worker thread) when no object remains exported
     */
    public void onIdle(Consumer<ObjectExporter> listener) {
        this.idle = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Sets what to do when an object is unexported (its last reference released).
     *
     * @param listener called with the Java object, on the thread that released it
     */
    public void onUnexported(Consumer<Object> listener) {
        this.unexported = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Returns the number of objects exported now.
     *
     * @return the count
     */
    public int objectCount() {
        synchronized (lock) {
            return objects.size();
        }
    }

    /**
     * Exports an object for one of its interfaces (the same object exported again keeps its OID).
     *
     * @param impl the Java object
     * @param iface a {@code @ComInterface} it implements
     * @return a standard OBJREF carrying {@link #REFS_PER_OBJREF} public references for its receiver
     * @throws IllegalArgumentException if {@code impl} does not implement {@code iface}
     */
    public ObjRef export(Object impl, Class<?> iface) {
        return export(impl, iface, Holder.NONE);
    }

    /**
     * Exports an object that stays exported until the exporter closes, whatever its reference count (a
     * well-known service object such as a registrar that many processes reach through copies of one OBJREF).
     *
     * @param impl the Java object
     * @param iface a {@code @ComInterface} it implements
     * @return a standard OBJREF; it may be handed to any number of clients
     */
    public ObjRef exportPinned(Object impl, Class<?> iface) {
        return exportPinned(impl, iface, null);
    }

    /**
     * Exports an object as {@link #exportPinned(Object, Class)} does, whose calls on this interface run on an
     * executor of the caller's instead of an RPC worker: for methods that wait (an activation that waits for a
     * starting server's registration), so that any number of waiting calls hold none of the server's workers and
     * other calls go on being answered. The RPC worker that received the call is released at once
     * ({@link io.sessionmoniker.activation.orpc.rpc.RpcServer.Handler#invokeAsync}); the answer is sent when the
     * method returns. A call the executor rejects is answered with {@code nca_s_server_too_busy}.
     *
     * @param impl the Java object
     * @param iface a {@code @ComInterface} it implements
     * @param callsRunOn where its calls run, or null for the RPC workers
     * @return a standard OBJREF; it may be handed to any number of clients
     */
    public ObjRef exportPinned(Object impl, Class<?> iface, java.util.concurrent.Executor callsRunOn) {
        ObjRef ref = export(impl, iface, Holder.NONE);
        synchronized (lock) {
            InterfaceEntry ipid = ipids.get(ref.std().ipid());
            ipid.pinned = true;
            ipid.unowned = 0;
            ipid.callsRunOn = callsRunOn;
        }
        return ref;
    }

    /**
     * Exports an object whose OBJREF is handed on to a client through someone else, as a local server's class
     * object does with a new instance (the SCM passes it to the activating client): the references wait, unowned,
     * for the connection that claims them — its first call on the IPID, or a {@code RemAddRef},
     * {@code RemQueryInterface} or {@code RemRelease} naming it. References nobody claims within the
     * {@linkplain #unclaimedLifetime(java.time.Duration) unclaimed lifetime} are released, and an object left with
     * none is unexported, as when its last client releases it.
     *
     * @param impl the Java object
     * @param iface a {@code @ComInterface} it implements
     * @return a standard OBJREF carrying {@link #REFS_PER_OBJREF} public references for its receiver
     * @throws IllegalArgumentException if {@code impl} does not implement {@code iface}
     */
    public ObjRef exportForClient(Object impl, Class<?> iface) {
        java.time.Duration lifetime = unclaimedLifetime;
        ObjRef ref = export(impl, iface, Holder.NONE);
        synchronized (lock) {
            InterfaceEntry ipid = ipids.get(ref.std().ipid());
            if (ipid != null && !ipid.pinned && ipid.unowned > 0) {
                long claimBy = System.nanoTime() + lifetime.toNanos();
                ipid.claimBy = claimBy == 0 ? 1 : claimBy;
                scheduleSweep(ipid.claimBy);
            }
        }
        return ref;
    }

    /**
     * Sets how long the references of objects exported from now on with {@link #exportForClient} wait to be
     * claimed; {@link #DEFAULT_UNCLAIMED_LIFETIME} until set.
     *
     * @param lifetime positive
     * @throws IllegalArgumentException if not positive
     */
    public void unclaimedLifetime(java.time.Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("an unclaimed lifetime is positive, not " + lifetime);
        }
        this.unclaimedLifetime = lifetime;
    }

    /** Makes sure a sweep runs by the deadline: one sweep is pending at a time, for the earliest deadline. */
    private void scheduleSweep(long deadline) {
        if (sweepPending && sweepAt - deadline <= 0) {
            return;
        }
        sweepPending = true;
        sweepAt = deadline;
        try {
            EXPIRY.schedule(() -> expireUnclaimed(deadline), Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            sweepPending = false;   // the JVM is ending
        }
    }

    /**
     * Releases the unowned references of objects exported for a client whose claim time has passed, and schedules
     * the next sweep for the earliest deadline left.
     *
     * @param scheduledFor the deadline this sweep was scheduled for: a sweep superseded by an earlier one only
     *     sweeps, the earlier one having taken over the scheduling
     */
    private void expireUnclaimed(long scheduledFor) {
        boolean idleNow = false;
        List<Oid> expired = new ArrayList<>();
        synchronized (lock) {
            boolean current = sweepPending && sweepAt == scheduledFor;
            if (current) {
                sweepPending = false;
            }
            long now = System.nanoTime();
            long next = 0;
            boolean more = false;
            for (InterfaceEntry ipid : List.copyOf(ipids.values())) {
                if (ipid.claimBy == 0 || ipid.unowned == 0 || ipid.pinned) {
                    continue;
                }
                if (now - ipid.claimBy >= 0) {
                    ipid.unowned = 0;
                    ipid.claimBy = 0;
                    expired.add(ipid.object.oid);
                    if (ipid.total() == 0) {
                        removeIpid(ipid);
                    }
                } else if (!more || ipid.claimBy - next < 0) {
                    next = ipid.claimBy;
                    more = true;
                }
            }
            if (more && current) {
                scheduleSweep(next);
            }
            idleNow = !expired.isEmpty() && objects.isEmpty();
        }
        for (Oid oid : expired) {
            LOG.log(System.Logger.Level.INFO, "object " + oid + " was handed out for a client that never claimed it;"
                    + " its references expired");
        }
        if (idleNow) {
            idle.accept(this);
        }
    }

    /** Exports for a holder (the refs are its), or unowned. */
    private ObjRef export(Object impl, Class<?> iface, Holder holder) {
        if (!iface.isInstance(impl)) {
            throw new IllegalArgumentException(impl.getClass().getName() + " does not implement " + iface.getName());
        }
        ComInterfaceInfo info = ComInterfaceInfo.of(iface);
        synchronized (lock) {
            ObjectEntry object = byImpl.get(impl);
            if (object == null) {
                object = new ObjectEntry(Oid.of(RANDOM.nextLong()), impl);
                objects.put(object.oid, object);
                byImpl.put(impl, object);
            }
            InterfaceEntry ipid = ipidFor(object, info.iid(), info, List.of());
            addRefs(ipid, holder.owner(), REFS_PER_OBJREF);
            return objRef(ipid, holder);
        }
    }

    private InterfaceEntry ipidFor(ObjectEntry object, Guid iid, ComInterfaceInfo info,
            List<ComInterfaceInfo> dispatchOver) {
        InterfaceEntry ipid = object.byIid.get(iid);
        if (ipid == null) {
            ipid = new InterfaceEntry(Ipid.of(Guid.fromUuid(UUID.randomUUID())), iid, object, info, dispatchOver);
            object.byIid.put(iid, ipid);
            ipids.put(ipid.ipid, ipid);
            knownIids.add(iid);
        }
        return ipid;
    }

    private static void addRefs(InterfaceEntry ipid, long connection, int n) {
        if (n <= 0) {
            return;
        }
        if (connection == UNOWNED) {
            ipid.unowned += n;
        } else {
            ipid.refsByConnection.merge(connection, n, Integer::sum);
        }
    }

    private ObjRef objRef(InterfaceEntry ipid, Holder holder) {
        DualStringArray address = holder.network()
                ? new DualStringArray(networkBindings(holder.dialled()), List.of(NTLM_BINDING))
                : new DualStringArray(bindings(), List.of());
        return new ObjRef(ipid.iid, new StdObjRef(0, REFS_PER_OBJREF, oxid, ipid.object.oid, ipid.ipid), address);
    }

    /**
     * Stops serving: closes every connection and forgets every object. Idempotent.
     */
    @Override
    public void close() {
        for (Listening l : servers) {
            l.server().close();
        }
        references.close();
        synchronized (lock) {
            objects.clear();
            byImpl.clear();
            ipids.clear();
        }
    }

    // ---- call handling ----------------------------------------------------------------------------------

    private final class Handler implements RpcServer.Handler {

        /**
         * This listener's index above the connection ids (which each listener counts from 1), so that connection
         * n of one listener never owns, or on closing releases, the references of connection n of another (the
         * network listener's connection 1 closing dropped what the local listener's connection 1 held).
         */
        private final long keyBase = (long) listeners.getAndIncrement() << 40;

        /** The key a connection's references are held under: unique across this exporter's listeners. */
        private long key(RpcServer.Connection connection) {
            return keyBase | connection.id();
        }

        @Override
        public boolean supports(SyntaxId iface) {
            return knownIids.contains(iface.uuid());
        }

        @Override
        public Bytes invoke(RpcServer.Call call) throws RpcFaultException {
            RpcServer.Call previous = CURRENT.get();
            CURRENT.set(call);
            try {
                return invokeChecked(call);
            } finally {
                if (previous == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(previous);
                }
                // the request has been read: every value decoded from it is a copy, and the server reads no more
                // of a call's stub once its handler ran, so a reassembled stub's array can be lent again
                StubBuffers.SHARED.recycle(call.stub());
            }
        }

        private Bytes invokeChecked(RpcServer.Call call) throws RpcFaultException {
            try {
                // every ORPC request starts with ORPCTHIS: the access check sees its extensions (the caller). Releasing
                // references is exempt: a denied caller could otherwise never give back what it was handed
                boolean remUnknown = call.iface().uuid().equals(Iids.IREMUNKNOWN)
                        || call.iface().uuid().equals(Iids.IREMUNKNOWN2);
                boolean onRemUnknown = remUnknown && remUnknownIpid.guid().equals(call.object());
                // a call runs only on an IPID of the interface its presentation context is bound to: IRemUnknown's
                // operations only on the exporter's IRemUnknown, an object's only on that interface's IPID
                if (remUnknown != onRemUnknown) {
                    throw new RpcFaultException(RPC_E_INVALID_IPID, call.iface().uuid() + " is not the interface of"
                            + " IPID " + call.object());
                }
                boolean release = onRemUnknown && call.opnum() == RemUnknownMessages.OPNUM_REM_RELEASE;
                // a claim (a RemAddRef of no reference) takes nothing but what an OBJREF handed to the caller carries,
                // as unmarshalling it does: a caller denied every call may still hold, and so release, what it got
                boolean claim = onRemUnknown && call.opnum() == RemUnknownMessages.OPNUM_REM_ADD_REF
                        && claimOnly(call.stub());
                if (!release && !claim && access != AccessCheck.ALLOW_ALL
                        && !access.allowed(CallOrigin.of(call),
                                OrpcThis.decode(NdrReader.of(call.stub())))) {
                    throw new RpcFaultException(HResult.E_ACCESSDENIED, "access denied to "
                            + call.connection().peer());
                }
                NdrReader r = NdrReader.of(call.stub());
                Holder holder = Holder.of(call, key(call.connection()));
                if (onRemUnknown) {
                    return remUnknown(call, r, holder);
                }
                InterfaceEntry ipid = call.object() == null ? null : ipids.get(Ipid.of(call.object()));
                if (ipid == null) {
                    throw new RpcFaultException(HResult.RPC_E_DISCONNECTED, "no object with IPID " + call.object());
                }
                if (!ipid.iid.equals(call.iface().uuid())) {
                    throw new RpcFaultException(RPC_E_INVALID_IPID, "IPID " + call.object() + " is " + ipid.iid
                            + ", not the bound " + call.iface().uuid());
                }
                adopt(ipid, holder.owner());
                if (ipid.info == null) {
                    return dispatch(ipid, call, r, holder);
                }
                OrpcThis.decode(r);
                return method(ipid, call, r, holder);
            } catch (WireFormatException e) {
                LOG.log(System.Logger.Level.WARNING, "bad stub data from connection " + call.connection().id() + ": "
                        + e.getMessage());
                throw new RpcFaultException(RpcStatus.WIN32_BAD_STUB_DATA, e.getMessage());
            }
        }

        @Override
        public void closed(RpcServer.Connection connection) {
            releaseConnection(key(connection));
        }

        @Override
        public java.util.concurrent.CompletionStage<Bytes> invokeAsync(RpcServer.Call call) throws RpcFaultException {
            InterfaceEntry entry = call.object() == null ? null : ipids.get(Ipid.of(call.object()));
            java.util.concurrent.Executor elsewhere = entry == null ? null : entry.callsRunOn;
            if (elsewhere == null || !entry.iid.equals(call.iface().uuid())) {
                return RpcServer.Handler.super.invokeAsync(call);
            }
            java.util.concurrent.CompletableFuture<Bytes> answer = new java.util.concurrent.CompletableFuture<>();
            try {
                elsewhere.execute(() -> {
                    if (answer.isDone()) {
                        return;   // cancelled: the connection ended while the call waited for a thread
                    }
                    try {
                        answer.complete(invoke(call));
                    } catch (RpcFaultException | RuntimeException | Error e) {
                        answer.completeExceptionally(e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                throw new RpcFaultException(RpcStatus.NCA_S_SERVER_TOO_BUSY, "no thread for the call: " + e);
            }
            return answer;
        }

        @Override
        public boolean mayCloseIdle(RpcServer.Connection connection) {
            // a connection that holds references keeps them, however quiet it is
            synchronized (lock) {
                long key = key(connection);
                return ipids.values().stream().noneMatch(i -> i.refsByConnection.containsKey(key));
            }
        }
    }

    /** Whether a RemAddRef request only claims: every interface reference in it asks for no reference at all. */
    private static boolean claimOnly(Bytes stub) {
        try {
            RemUnknownMessages.RemAddRefRequest req = RemUnknownMessages.RemAddRefRequest.decode(NdrReader.of(stub));
            return !req.refs().isEmpty()
                    && req.refs().stream().allMatch(ref -> ref.publicRefs() == 0 && ref.privateRefs() == 0);
        } catch (WireFormatException e) {
            return false;   // checked as any call, then refused as malformed
        }
    }

    /**
     * References handed out before any client connected belong to the first connection that uses the IPID: a call
     * on it, or a {@code RemAddRef}, {@code RemQueryInterface} or {@code RemRelease} naming it.
     */
    private void adopt(InterfaceEntry ipid, long connection) {
        synchronized (lock) {
            if (ipid.unowned > 0 && !ipid.pinned) {
                ipid.refsByConnection.merge(connection, ipid.unowned, Integer::sum);
                ipid.unowned = 0;
                ipid.claimBy = 0;
            }
        }
    }

    private Bytes method(InterfaceEntry ipid, RpcServer.Call call, NdrReader r, Holder holder)
            throws WireFormatException, RpcFaultException {
        MethodInfo m = ipid.info.byOpnum(call.opnum()).orElseThrow(() -> new RpcFaultException(
                RpcStatus.NCA_S_OP_RNG_ERROR, ipid.info + " has no operation " + call.opnum()));
        Method method = m.method();
        Class<?>[] types = method.getParameterTypes();
        MethodCodec.References refs = references(holder);
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = MethodCodec.read(r, types[i], refs);
        }
        Object result = null;
        int hresult = HResult.S_OK;
        try {
            result = method.invoke(ipid.object.impl, args);
        } catch (InvocationTargetException e) {
            hresult = hresultOf(e.getCause(), method);
        } catch (IllegalAccessException e) {
            hresult = HResult.E_UNEXPECTED;
            LOG.log(System.Logger.Level.ERROR, "cannot call " + method, e);
        }
        // the server connection gives the reply's array back once it has written it
        NdrWriter w = NdrWriter.pooled(32 + MethodCodec.sizeHint(method.getReturnType(), result));
        OrpcThat.EMPTY.encode(w);
        if (method.getReturnType() != void.class) {
            MethodCodec.write(w, method.getReturnType(), HResult.failed(hresult)
                    ? MethodCodec.defaultValue(method.getReturnType()) : result, refs);
        }
        w.align(4).writeInt(hresult);
        return w.toBytes();
    }

    private static int hresultOf(Throwable t, Method method) {
        if (t instanceof ComException c) {
            return c.hresult();
        }
        LOG.log(System.Logger.Level.WARNING, method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + " threw", t);
        return HResult.E_FAIL;
    }

    private MethodCodec.References references(Holder holder) {
        return new MethodCodec.References() {
            @Override
            public InterfacePointer marshal(Object value, Class<?> type) {
                if (value == null) {
                    return null;
                }
                if (value instanceof RemoteObject proxy) {
                    return InterfacePointer.of(proxy.marshalForTransfer());
                }
                return InterfacePointer.of(export(value, type, holder));
            }

            @Override
            public Object unmarshal(InterfacePointer pointer, Class<?> type) throws WireFormatException {
                return pointer == null ? null : references.proxy(pointer.objRef(), type);
            }
        };
    }

    // ---- IRemUnknown ----------------------------------------------------------------------------------------

    private Bytes remUnknown(RpcServer.Call call, NdrReader r, Holder holder)
            throws WireFormatException, RpcFaultException {
        long connection = holder.owner();
        NdrWriter w = new NdrWriter();
        switch (call.opnum()) {
            case RemUnknownMessages.OPNUM_REM_QUERY_INTERFACE2 -> {
                if (!call.iface().uuid().equals(Iids.IREMUNKNOWN2)) {
                    throw new RpcFaultException(RpcStatus.NCA_S_OP_RNG_ERROR, "IRemUnknown has no operation 6");
                }
                var req = RemUnknownMessages.RemQueryInterface2Request.decode(r);
                List<Integer> hresults = new ArrayList<>();
                List<InterfacePointer> pointers = new ArrayList<>();
                synchronized (lock) {
                    InterfaceEntry source = ipids.get(req.ipid());
                    if (source != null) {
                        adopt(source, connection);
                    }
                    for (Guid iid : req.iids()) {
                        // RemQueryInterface2 hands whole OBJREFs, each with the usual public references
                        RemQiResult q = queryInterface(source, iid, REFS_PER_OBJREF, connection);
                        hresults.add(q.hresult());
                        pointers.add(q.hresult() != HResult.S_OK ? null : InterfacePointer.of(objRef(
                                ipids.get(q.std().ipid()), holder)));
                    }
                }
                int hr = hresults.stream().allMatch(x -> x == HResult.S_OK) ? HResult.S_OK
                        : hresults.stream().anyMatch(x -> x == HResult.S_OK) ? 0x00080012 /* CO_S_NOTALLINTERFACES */
                        : hresults.get(0);
                new RemUnknownMessages.RemQueryInterface2Response(OrpcThat.EMPTY, hresults, pointers, hr).encode(w);
            }
            case RemUnknownMessages.OPNUM_REM_QUERY_INTERFACE -> {
                var req = RemUnknownMessages.RemQueryInterfaceRequest.decode(r);
                List<RemQiResult> results = new ArrayList<>();
                synchronized (lock) {
                    InterfaceEntry source = ipids.get(req.ipid());
                    if (source != null) {
                        adopt(source, connection);
                    }
                    for (Guid iid : req.iids()) {
                        results.add(queryInterface(source, iid, req.refs(), connection));
                    }
                }
                int hr = results.stream().allMatch(q -> q.hresult() == HResult.S_OK) ? HResult.S_OK
                        : results.stream().anyMatch(q -> q.hresult() == HResult.S_OK) ? 0x00080012 /* CO_S_NOTALLINTERFACES */
                        : results.get(0).hresult();
                new RemUnknownMessages.RemQueryInterfaceResponse(OrpcThat.EMPTY, results, hr).encode(w);
            }
            case RemUnknownMessages.OPNUM_REM_ADD_REF -> {
                var req = RemUnknownMessages.RemAddRefRequest.decode(r);
                List<Integer> results = new ArrayList<>();
                synchronized (lock) {
                    for (RemInterfaceRef ref : req.refs()) {
                        InterfaceEntry ipid = ipids.get(ref.ipid());
                        if (ipid == null) {
                            results.add(HResult.RPC_E_DISCONNECTED);
                        } else {
                            adopt(ipid, connection);
                            addRefs(ipid, connection, ref.publicRefs());
                            results.add(HResult.S_OK);
                        }
                    }
                }
                int hr = results.stream().allMatch(x -> x == HResult.S_OK) ? HResult.S_OK : HResult.E_INVALIDARG;
                new RemUnknownMessages.RemAddRefResponse(OrpcThat.EMPTY, results, hr).encode(w);
            }
            case RemUnknownMessages.OPNUM_REM_RELEASE -> {
                var req = RemUnknownMessages.RemReleaseRequest.decode(r);
                boolean idleNow;
                synchronized (lock) {
                    for (RemInterfaceRef ref : req.refs()) {
                        InterfaceEntry ipid = ipids.get(ref.ipid());
                        if (ipid != null) {
                            adopt(ipid, connection);
                            release(ipid, connection, ref.publicRefs());
                        }
                    }
                    idleNow = objects.isEmpty();
                }
                new RemUnknownMessages.RemReleaseResponse(OrpcThat.EMPTY, HResult.S_OK).encode(w);
                if (idleNow) {
                    idle.accept(this);
                }
            }
            default -> throw new RpcFaultException(RpcStatus.NCA_S_OP_RNG_ERROR,
                    "IRemUnknown has no operation " + call.opnum());
        }
        return w.toBytes();
    }

    private RemQiResult queryInterface(InterfaceEntry source, Guid iid, int refs, long connection) {
        if (source == null) {
            return new RemQiResult(HResult.RPC_E_DISCONNECTED, NO_OBJREF);
        }
        ObjectEntry object = source.object;
        InterfaceEntry target = object.byIid.get(iid);
        if (target == null) {
            if (iid.equals(Iids.IDISPATCH)) {
                target = ipidFor(object, iid, null, interfacesOf(object.impl));
            } else if (iid.equals(Iids.IUNKNOWN)) {
                target = source;
            } else {
                Optional<Class<?>> iface = interfaceOf(object.impl, iid);
                if (iface.isEmpty()) {
                    return new RemQiResult(HResult.E_NOINTERFACE, NO_OBJREF);
                }
                target = ipidFor(object, iid, ComInterfaceInfo.of(iface.get()), List.of());
            }
        }
        int n = Math.max(1, refs);
        addRefs(target, connection, n);
        return new RemQiResult(HResult.S_OK, new StdObjRef(0, n, oxid, object.oid, target.ipid));
    }

    private void release(InterfaceEntry ipid, long connection, int n) {
        Integer held = ipid.refsByConnection.get(connection);
        int remaining = held == null ? 0 : Math.max(0, held - n);
        if (remaining == 0) {
            ipid.refsByConnection.remove(connection);
        } else {
            ipid.refsByConnection.put(connection, remaining);
        }
        if (ipid.total() == 0) {
            removeIpid(ipid);
        }
    }

    private void removeIpid(InterfaceEntry ipid) {
        if (ipid.pinned) {
            return;
        }
        ipids.remove(ipid.ipid);
        ipid.object.byIid.remove(ipid.iid);
        if (ipid.object.byIid.isEmpty()) {
            objects.remove(ipid.object.oid);
            byImpl.remove(ipid.object.impl);
            try {
                unexported.accept(ipid.object.impl);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "an unexport listener failed", e);
            }
        }
    }

    private void releaseConnection(long connection) {
        boolean idleNow;
        synchronized (lock) {
            boolean had = false;
            for (InterfaceEntry ipid : List.copyOf(ipids.values())) {
                if (ipid.refsByConnection.remove(connection) != null) {
                    had = true;
                    if (ipid.total() == 0) {
                        removeIpid(ipid);
                    }
                }
            }
            idleNow = had && objects.isEmpty();
        }
        if (idleNow) {
            idle.accept(this);
        }
    }

    private static List<ComInterfaceInfo> interfacesOf(Object impl) {
        List<ComInterfaceInfo> out = new ArrayList<>();
        for (Class<?> c = impl.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.isAnnotationPresent(ComInterface.class)) {
                    out.add(ComInterfaceInfo.of(i));
                }
            }
        }
        return out;
    }

    private static Optional<Class<?>> interfaceOf(Object impl, Guid iid) {
        return interfacesOf(impl).stream().filter(i -> i.iid().equals(iid)).<Class<?>>map(ComInterfaceInfo::type)
                .findFirst();
    }

    // ---- IDispatch --------------------------------------------------------------------------------------

    private Bytes dispatch(InterfaceEntry ipid, RpcServer.Call call, NdrReader r, Holder holder)
            throws WireFormatException, RpcFaultException {
        NdrWriter w = new NdrWriter();
        switch (call.opnum()) {
            case DispatchMessages.OPNUM_GET_TYPE_INFO_COUNT -> {
                OrpcThis.decode(r);
                OrpcThat.EMPTY.encode(w);
                w.writeInt(0).writeInt(HResult.S_OK);
            }
            case DispatchMessages.OPNUM_GET_IDS_OF_NAMES -> {
                GetIdsOfNamesRequest req = GetIdsOfNamesRequest.decode(r);
                List<Integer> ids = new ArrayList<>();
                int hr = HResult.S_OK;
                for (int i = 0; i < req.names().size(); i++) {
                    Optional<int[]> found = i != 0 ? Optional.empty()
                            : ipid.object.impl instanceof DynamicDispatch dynamic
                                    ? dynamicDispId(dynamic, req.names().get(0))
                                    : findDispId(ipid, req.names().get(0));
                    ids.add(found.map(a -> a[0]).orElse(-1));
                    if (found.isEmpty()) {
                        hr = HResult.DISP_E_UNKNOWNNAME;
                    }
                }
                new GetIdsOfNamesResponse(OrpcThat.EMPTY, ids, hr).encode(w);
            }
            case DispatchMessages.OPNUM_INVOKE -> invoke(ipid, InvokeRequest.decode(r), holder).encode(w);
            case DispatchMessages.OPNUM_GET_TYPE_INFO -> {
                // GetTypeInfoCount answers 0, so GetTypeInfo has nothing to give: a NULL ITypeInfo and E_NOTIMPL
                OrpcThis.decode(r);
                OrpcThat.EMPTY.encode(w);
                InterfacePointer.encodePointer(w, null);
                w.align(4).writeInt(HResult.E_NOTIMPL);
            }
            default -> throw new RpcFaultException(RpcStatus.NCA_S_OP_RNG_ERROR, "IDispatch has no operation "
                    + call.opnum());
        }
        return w.toBytes();
    }

    /** DISPIDs are unique across the object's interfaces: interface k (0-based) numbers its methods k*1000+1…. */
    private static Optional<int[]> findDispId(InterfaceEntry ipid, String name) {
        for (int k = 0; k < ipid.dispatchOver.size(); k++) {
            Optional<MethodInfo> m = ipid.dispatchOver.get(k).byName(name);
            if (m.isPresent()) {
                return Optional.of(new int[] {k * 1000 + m.get().dispId()});
            }
        }
        return Optional.empty();
    }

    private static Optional<int[]> dynamicDispId(DynamicDispatch dynamic, String name) {
        OptionalInt id = dynamic.dispIdOf(name);
        return id.isPresent() ? Optional.of(new int[] {id.getAsInt()}) : Optional.empty();
    }

    /** Invoke on an object that answers IDispatch itself. */
    private static InvokeResponse invokeDynamic(DynamicDispatch dynamic, InvokeRequest req) {
        List<Variant> args = new ArrayList<>(req.params().arguments());
        Collections.reverse(args); // DISPPARAMS carries arguments last-to-first
        try {
            Variant result = dynamic.invoke(req.dispId(), req.flags(), Collections.unmodifiableList(args));
            return new InvokeResponse(OrpcThat.EMPTY, result == null ? Variant.EMPTY : result, ExcepInfo.NONE, 0,
                    List.of(), HResult.S_OK);
        } catch (ComException e) {
            if ((e.hresult() & 0xFFFF0000) == 0x80020000 && e.hresult() != HResult.DISP_E_EXCEPTION) {
                return new InvokeResponse(OrpcThat.EMPTY, Variant.EMPTY, ExcepInfo.NONE, 0, List.of(), e.hresult());
            }
            return new InvokeResponse(OrpcThat.EMPTY, Variant.EMPTY, ExcepInfo.of(dynamic.getClass().getSimpleName(),
                    String.valueOf(e.getMessage()), e.hresult()), 0, List.of(), HResult.DISP_E_EXCEPTION);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, dynamic.getClass().getSimpleName() + ".invoke threw", e);
            return new InvokeResponse(OrpcThat.EMPTY, Variant.EMPTY, ExcepInfo.of(dynamic.getClass().getSimpleName(),
                    String.valueOf(e), HResult.E_FAIL), 0, List.of(), HResult.DISP_E_EXCEPTION);
        }
    }

    private InvokeResponse invoke(InterfaceEntry ipid, InvokeRequest req, Holder holder) {
        if (ipid.object.impl instanceof DynamicDispatch dynamic) {
            return invokeDynamic(dynamic, req);
        }
        int k = (req.dispId() - 1) / 1000;
        Optional<MethodInfo> found = req.dispId() < 1 || k >= ipid.dispatchOver.size() ? Optional.empty()
                : ipid.dispatchOver.get(k).byDispId(req.dispId() - k * 1000);
        if (found.isEmpty()) {
            return new InvokeResponse(OrpcThat.EMPTY, new Variant.Empty(), ExcepInfo.NONE, 0, List.of(),
                    HResult.DISP_E_MEMBERNOTFOUND);
        }
        Method method = found.get().method();
        Class<?>[] types = method.getParameterTypes();
        List<Variant> given = req.params().arguments();
        if (given.size() != types.length) {
            // the count the member takes travels in an EXCEPINFO (scode DISP_E_BADPARAMCOUNT), which a bare
            // HRESULT cannot carry; clients that read only the scode see DISP_E_BADPARAMCOUNT as before
            String takes = types.length + (types.length == 1 ? " argument" : " arguments");
            return new InvokeResponse(OrpcThat.EMPTY, new Variant.Empty(), ExcepInfo.of(
                    method.getDeclaringClass().getSimpleName(), method.getName() + " takes " + takes + ", not "
                            + given.size(), HResult.DISP_E_BADPARAMCOUNT), 0, List.of(), HResult.DISP_E_EXCEPTION);
        }
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            // DISPPARAMS carries arguments last-to-first
            Variant v = given.get(types.length - 1 - i);
            Object converted = VariantConversions.toJava(v, types[i], references);
            if (converted == VariantConversions.MISMATCH) {
                return new InvokeResponse(OrpcThat.EMPTY, new Variant.Empty(), ExcepInfo.NONE,
                        types.length - 1 - i, List.of(), HResult.DISP_E_TYPEMISMATCH);
            }
            args[i] = converted;
        }
        try {
            Object result = method.invoke(ipid.object.impl, args);
            Variant v = VariantConversions.toVariant(result, method.getReturnType(),
                    (value, type) -> InterfacePointer.of(export(value, type, holder)));
            return new InvokeResponse(OrpcThat.EMPTY, v, ExcepInfo.NONE, 0, List.of(), HResult.S_OK);
        } catch (InvocationTargetException e) {
            int hr = hresultOf(e.getCause(), method);
            String message = String.valueOf(e.getCause().getMessage());
            return new InvokeResponse(OrpcThat.EMPTY, new Variant.Empty(),
                    ExcepInfo.of(method.getDeclaringClass().getSimpleName(), message, hr), 0, List.of(),
                    HResult.DISP_E_EXCEPTION);
        } catch (IllegalAccessException e) {
            return new InvokeResponse(OrpcThat.EMPTY, new Variant.Empty(), ExcepInfo.NONE, 0, List.of(),
                    HResult.E_UNEXPECTED);
        }
    }
}
