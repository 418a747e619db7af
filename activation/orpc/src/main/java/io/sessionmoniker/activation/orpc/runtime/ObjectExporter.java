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
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages;
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
 * {@link #onIdle} learns when no object remains).
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

    /** The public references each OBJREF this exporter hands out carries. */
    public static final int REFS_PER_OBJREF = 5;

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
        return call == null ? Optional.empty() : Optional.of(new CallOrigin(call.connection().peer(), call.security()));
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
     */
    public record CallOrigin(PeerCredentials peer, Optional<CallSecurity> security) {
        /**
         * Checks the components.
         *
         * @param peer not null
         * @param security not null
         */
        public CallOrigin {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(security, "security");
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
        boolean pinned;
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
    private final RpcServer.Options options;
    private final ComClient references;
    private volatile Consumer<ObjectExporter> idle = e -> { };
    private volatile Consumer<Object> unexported = o -> { };

    private ObjectExporter(Transport transport, Endpoint endpoint, AccessCheck access, RpcServer.Options options)
            throws IOException {
        this.oxid = Oxid.of(RANDOM.nextLong());
        this.remUnknownIpid = remUnknownIpid(oxid);
        this.access = Objects.requireNonNull(access, "access");
        knownIids.add(Iids.IREMUNKNOWN);
        knownIids.add(Iids.IDISPATCH);
        this.references = new ComClient(transport, EndpointResolver.stringBindings(), this);
        this.options = options;
        RpcServer first = RpcServer.start(transport, endpoint, new Handler(), options);
        this.servers.add(new Listening(transport, first));
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

    /** A listener and the transport it listens with. */
    private record Listening(Transport transport, RpcServer server) {
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
        servers.add(new Listening(transport, more));
        return more.endpoint();
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
        return export(impl, iface, -1);
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
        ObjRef ref = export(impl, iface, -1);
        synchronized (lock) {
            InterfaceEntry ipid = ipids.get(ref.std().ipid());
            ipid.pinned = true;
            ipid.unowned = 0;
        }
        return ref;
    }

    /** Exports for {@code connection} (the refs are that connection's), or unowned when it is negative. */
    ObjRef export(Object impl, Class<?> iface, long connection) {
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
            addRefs(ipid, connection, REFS_PER_OBJREF);
            return objRef(ipid);
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
        if (connection < 0) {
            ipid.unowned += n;
        } else {
            ipid.refsByConnection.merge(connection, n, Integer::sum);
        }
    }

    private ObjRef objRef(InterfaceEntry ipid) {
        DualStringArray address = new DualStringArray(bindings(), List.of());
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
            }
        }

        private Bytes invokeChecked(RpcServer.Call call) throws RpcFaultException {
            try {
                // every ORPC request starts with ORPCTHIS: the access check sees its extensions (the caller). Releasing
                // references is exempt: a denied caller could otherwise never give back what it was handed
                boolean release = call.iface().uuid().equals(Iids.IREMUNKNOWN)
                        && call.opnum() == RemUnknownMessages.OPNUM_REM_RELEASE;
                if (!release && access != AccessCheck.ALLOW_ALL
                        && !access.allowed(new CallOrigin(call.connection().peer(), call.security()),
                                OrpcThis.decode(NdrReader.of(call.stub())))) {
                    throw new RpcFaultException(HResult.E_ACCESSDENIED, "access denied to "
                            + call.connection().peer());
                }
                NdrReader r = NdrReader.of(call.stub());
                if (call.iface().uuid().equals(Iids.IREMUNKNOWN) && remUnknownIpid.guid().equals(call.object())) {
                    return remUnknown(call, r);
                }
                InterfaceEntry ipid = call.object() == null ? null : ipids.get(Ipid.of(call.object()));
                if (ipid == null) {
                    throw new RpcFaultException(HResult.RPC_E_DISCONNECTED, "no object with IPID " + call.object());
                }
                adopt(ipid, call.connection().id());
                if (ipid.info == null) {
                    return dispatch(ipid, call, r);
                }
                OrpcThis.decode(r);
                return method(ipid, call, r);
            } catch (WireFormatException e) {
                LOG.log(System.Logger.Level.WARNING, "bad stub data from connection " + call.connection().id() + ": "
                        + e.getMessage());
                throw new RpcFaultException(RpcStatus.WIN32_BAD_STUB_DATA, e.getMessage());
            }
        }

        @Override
        public void closed(RpcServer.Connection connection) {
            releaseConnection(connection.id());
        }
    }

    /** References handed out before any client connected belong to the first connection that uses the IPID. */
    private void adopt(InterfaceEntry ipid, long connection) {
        synchronized (lock) {
            if (ipid.unowned > 0 && !ipid.pinned) {
                ipid.refsByConnection.merge(connection, ipid.unowned, Integer::sum);
                ipid.unowned = 0;
            }
        }
    }

    private Bytes method(InterfaceEntry ipid, RpcServer.Call call, NdrReader r)
            throws WireFormatException, RpcFaultException {
        MethodInfo m = ipid.info.byOpnum(call.opnum()).orElseThrow(() -> new RpcFaultException(
                RpcStatus.NCA_S_OP_RNG_ERROR, ipid.info + " has no operation " + call.opnum()));
        Method method = m.method();
        Class<?>[] types = method.getParameterTypes();
        MethodCodec.References refs = references(call.connection().id());
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
        NdrWriter w = new NdrWriter(32 + MethodCodec.sizeHint(method.getReturnType(), result));
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

    private MethodCodec.References references(long connection) {
        return new MethodCodec.References() {
            @Override
            public InterfacePointer marshal(Object value, Class<?> type) {
                if (value == null) {
                    return null;
                }
                if (value instanceof RemoteObject proxy) {
                    return InterfacePointer.of(proxy.marshalForTransfer());
                }
                return InterfacePointer.of(export(value, type, connection));
            }

            @Override
            public Object unmarshal(InterfacePointer pointer, Class<?> type) throws WireFormatException {
                return pointer == null ? null : references.proxy(pointer.objRef(), type);
            }
        };
    }

    // ---- IRemUnknown ----------------------------------------------------------------------------------------

    private Bytes remUnknown(RpcServer.Call call, NdrReader r) throws WireFormatException, RpcFaultException {
        long connection = call.connection().id();
        NdrWriter w = new NdrWriter();
        switch (call.opnum()) {
            case RemUnknownMessages.OPNUM_REM_QUERY_INTERFACE -> {
                var req = RemUnknownMessages.RemQueryInterfaceRequest.decode(r);
                List<RemQiResult> results = new ArrayList<>();
                synchronized (lock) {
                    InterfaceEntry source = ipids.get(req.ipid());
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

    private Bytes dispatch(InterfaceEntry ipid, RpcServer.Call call, NdrReader r)
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
            case DispatchMessages.OPNUM_INVOKE -> invoke(ipid, InvokeRequest.decode(r), call.connection().id()).encode(w);
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

    private InvokeResponse invoke(InterfaceEntry ipid, InvokeRequest req, long connection) {
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
                    (value, type) -> InterfacePointer.of(export(value, type, connection)));
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
