package io.sessionmoniker.activation.orpc.runtime;

import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages;
import io.sessionmoniker.activation.orpc.objref.StdObjRef;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcClient;
import io.sessionmoniker.activation.orpc.rpc.RpcException;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.rpc.internal.StubBuffers;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.Transports;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.activation.orpc.runtime.ComInterfaceInfo.MethodInfo;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages.RemInterfaceRef;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages.RemQiResult;
import io.sessionmoniker.activation.orpc.runtime.internal.MethodCodec;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client side of object RPC: turns OBJREFs into typed proxies ({@link java.lang.reflect.Proxy} over
 * {@code @ComInterface}s) and late-bound {@link Dispatch} handles, with one multiplexed connection per object
 * exporter shared by all proxies of this client.
 *
 * <p>Proxies own the public references of the OBJREF they were made from and release them on
 * {@link RemoteObject#close()} (or, as a safety net, when they become unreachable). A call on a proxy whose server
 * died fails promptly with {@code RPC_E_SERVER_DIED} (in flight) or {@code RPC_E_DISCONNECTED}; a call that
 * outlives {@link #callTimeout()} fails with {@code RPC_E_TIMEOUT}. A local object passed as an argument is
 * exported by a callback exporter this client starts on first need (a socket in a new owner-only temporary
 * directory), so the server can call back; {@link #close()} stops it.
 *
 * <pre>{@code
 * try (ComClient client = new ComClient(UnixSocketTransport.create())) {
 *     ISessionInfo info = client.proxy(objRef, ISessionInfo.class);
 *     int session = info.SessionId();
 *     ((RemoteObject) info).close();
 * }
 * }</pre>
 */
public final class ComClient implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Transport transport;
    private final EndpointResolver resolver;
    private volatile ObjectExporter local;
    private final boolean ownsLocal;
    private Path callbackDirectory;
    private final Map<Endpoint, RpcClient> connections = new ConcurrentHashMap<>();
    private volatile Duration callTimeout = Duration.ofSeconds(60);
    private volatile boolean closed;
    private volatile List<OrpcExtent> defaultExtents = List.of();
    private final Connector connector;
    private volatile ReferenceObserver observer = ReferenceObserver.NONE;
    /** The proxies' states that still hold references, for {@link #releaseAll()}. */
    private final java.util.Set<ProxyState> live = ConcurrentHashMap.newKeySet();

    /**
     * Opens the connections a client's proxies call on: a network client authenticates them, a local one does
     * not. Called once per exporter endpoint; the connection is then shared by every proxy of that exporter.
     */
    @FunctionalInterface
    public interface Connector {
        /**
         * Connects.
         *
         * @param endpoint the exporter's endpoint, as the client's {@link EndpointResolver} found it
         * @return the open connection
         * @throws RpcException {@code RPC_S_SERVER_UNAVAILABLE} if nothing answers there, or the connection's
         *     bind failure ({@code E_ACCESSDENIED} for credentials the server refuses)
         */
        RpcClient connect(Endpoint endpoint);
    }

    /**
     * Told of the references this client's proxies take and give back, for a client that must keep them alive on
     * the server (a DCOM client pings the OIDs it holds). Called on the thread that adopts or releases.
     */
    public interface ReferenceObserver {
        /** Observes nothing. */
        ReferenceObserver NONE = new ReferenceObserver() {
            @Override
            public void held(ObjRef ref) {
            }

            @Override
            public void released(ObjRef ref) {
            }
        };

        /**
         * A proxy now holds references to the object of {@code ref}.
         *
         * @param ref the reference the proxy was made from
         */
        void held(ObjRef ref);

        /**
         * A proxy that {@link #held} {@code ref} released it (once per {@code held}).
         *
         * @param ref the same reference
         */
        void released(ObjRef ref);
    }

    /**
     * Creates a client.
     *
     * @param transport the transport to reach exporters with
     */
    public ComClient(Transport transport) {
        this(transport, EndpointResolver.stringBindings(), (ObjectExporter) null);
    }

    /**
     * Creates a client that finds exporters through a resolver of its own.
     *
     * @param transport the transport for the client's own callback exporter, and its preferred one for endpoints
     *     of the same kind
     * @param resolver where OBJREFs' exporters are reached
     */
    public ComClient(Transport transport, EndpointResolver resolver) {
        this(transport, resolver, (ObjectExporter) null);
    }

    /**
     * Creates a client that finds exporters through a resolver and connects to them through a connector of its
     * own (a network client's authenticated connections).
     *
     * @param transport the transport for the client's own callback exporter
     * @param resolver where OBJREFs' exporters are reached
     * @param connector how connections to them are opened
     */
    public ComClient(Transport transport, EndpointResolver resolver, Connector connector) {
        this(transport, resolver, null, Objects.requireNonNull(connector, "connector"));
    }

    ComClient(Transport transport, EndpointResolver resolver, ObjectExporter local) {
        this(transport, resolver, local, null);
    }

    private ComClient(Transport transport, EndpointResolver resolver, ObjectExporter local, Connector connector) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.local = local;
        this.ownsLocal = local == null;
        this.connector = connector;
    }

    /**
     * Sets who is told of the references this client's proxies hold and release from now on.
     *
     * @param value the observer, or {@link ReferenceObserver#NONE}
     */
    public void referenceObserver(ReferenceObserver value) {
        observer = Objects.requireNonNull(value, "value");
    }

    EndpointResolver resolver() {
        return resolver;
    }

    ReferenceObserver referenceObserver() {
        return observer;
    }

    /**
     * Turns what an activation handed out into the view a caller asked for, as every backend does: the
     * late-bound view ({@link io.sessionmoniker.activation.LateBound}, an instance's even for a class object),
     * a typed proxy of an instance, the class object as {@link ClassObject} or {@link IClassFactory}, or an
     * interface the class object has.
     *
     * @param <T> the view's type
     * @param ref the reference; its public references are consumed
     * @param instance whether it is an instance (else a class object)
     * @param extents the ORPCTHIS extensions every call carries
     * @param iface {@code LateBound}, {@link ClassObject}, {@link IClassFactory} or a {@code @ComInterface}
     * @return the proxy
     */
    public <T> T view(ObjRef ref, boolean instance, List<OrpcExtent> extents, Class<T> iface) {
        if (iface == io.sessionmoniker.activation.LateBound.class) {
            return iface.cast(dispatch(ref, extents));
        }
        if (instance) {
            return proxy(ref, iface, extents);
        }
        if (iface == ClassObject.class) {
            return iface.cast(classObject(ref, extents));
        }
        IClassFactory factory = proxy(ref, IClassFactory.class, extents);
        if (iface == IClassFactory.class) {
            return iface.cast(factory);
        }
        try {
            return ((RemoteObject) factory).queryInterface(iface);
        } finally {
            ((RemoteObject) factory).close();
        }
    }

    /**
     * Returns the exporter for local objects this client passes to servers (callbacks), starting it on first
     * use on a socket in a new owner-only temporary directory.
     */
    private ObjectExporter callbacks() {
        ObjectExporter e = local;
        if (e != null) {
            return e;
        }
        synchronized (connections) {
            if (local == null) {
                if (closed) {
                    throw new RpcException(HResult.RPC_E_DISCONNECTED, "the client is closed");
                }
                try {
                    callbackDirectory = Files.createTempDirectory("sessmon-callbacks-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    local = ObjectExporter.start(transport, Endpoint.unix(callbackDirectory.resolve("client.sock")),
                            ObjectExporter.AccessCheck.ALLOW_ALL);
                } catch (IOException ex) {
                    throw new RpcException(HResult.RPC_S_SERVER_UNAVAILABLE, "cannot start the callback exporter: "
                            + ex.getMessage(), ex);
                }
            }
            return local;
        }
    }

    /**
     * Returns how long a call may take before it fails with {@code RPC_E_TIMEOUT}.
     *
     * @return the per-call deadline
     */
    public Duration callTimeout() {
        return callTimeout;
    }

    /**
     * Sets the per-call deadline.
     *
     * @param timeout positive
     */
    public void callTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the call timeout must be positive: " + timeout);
        }
        this.callTimeout = timeout;
    }

    /**
     * Makes a typed proxy from an OBJREF; the proxy owns the references the OBJREF carries (or takes one with
     * {@code RemAddRef} when it carries none). As with COM's normal marshalling, an OBJREF is unmarshalled once:
     * its references are consumed by this proxy. For more views of the same object use
     * {@link RemoteObject#queryInterface} or {@link RemoteObject#dispatch()} on the proxy.
     *
     * @param <T> the interface type
     * @param ref a standard OBJREF whose resolver address names a local endpoint
     * @param iface the {@code @ComInterface} the OBJREF's IID names
     * @return the proxy; it also implements {@link RemoteObject}
     * @throws ComException {@code E_NOINTERFACE} if the OBJREF is for another interface, or the RPC error of
     *     connecting
     */
    public <T> T proxy(ObjRef ref, Class<T> iface) {
        return newProxy(ref, iface, defaultExtents);
    }

    /**
     * Makes a proxy whose calls carry ORPCTHIS extensions, such as the caller ticket a session host issues, for
     * servers that check their access permission against them. Proxies obtained from it ({@code queryInterface},
     * {@code dispatch}) carry them too.
     *
     * @param <T> the interface type
     * @param ref the reference; its public references are consumed
     * @param iface the interface
     * @param extents the extensions every call carries
     * @return the proxy
     */
    public <T> T proxy(ObjRef ref, Class<T> iface, List<OrpcExtent> extents) {
        return newProxy(ref, iface, List.copyOf(extents));
    }

    /**
     * Makes the API's {@link ClassObject} view of a class object's OBJREF ({@code IClassFactory}); the instances it
     * creates carry the same extensions.
     *
     * @param ref an {@code IClassFactory} reference; its public references are consumed
     * @param extents the extensions every call carries
     * @return the class object
     */
    public ClassObject classObject(ObjRef ref, List<OrpcExtent> extents) {
        return new RemoteClassObject(this, proxy(ref, IClassFactory.class, extents), extents);
    }

    /**
     * Sets the ORPCTHIS extensions the calls of proxies made from now on carry when none are given; none at first.
     *
     * @param extents the extensions
     */
    public void defaultExtents(List<OrpcExtent> extents) {
        defaultExtents = List.copyOf(extents);
    }

    private <T> T newProxy(ObjRef ref, Class<T> iface, List<OrpcExtent> extents) {
        ComInterfaceInfo info = ComInterfaceInfo.of(iface);
        if (!info.iid().equals(ref.iid())) {
            throw new ComException(HResult.E_NOINTERFACE, "the reference is for interface " + ref.iid()
                    + ", not " + info);
        }
        ProxyState state = adopt(ref, extents);
        Object proxy = Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface, RemoteObject.class},
                new Handler(info, state));
        CLEANER.register(proxy, state);
        return iface.cast(proxy);
    }

    /**
     * Makes a late-bound handle from an OBJREF (an {@code IDispatch} reference, or any interface of an object,
     * which is then asked for {@code IDispatch}). The OBJREF's references are consumed, as by
     * {@link #proxy(ObjRef, Class)}.
     *
     * @param ref the reference
     * @return the handle
     */
    public Dispatch dispatch(ObjRef ref) {
        return dispatch(ref, defaultExtents);
    }

    /**
     * Makes a late-bound handle whose calls carry ORPCTHIS extensions.
     *
     * @param ref the reference; its public references are consumed
     * @param extents the extensions every call carries
     * @return the handle
     */
    public Dispatch dispatch(ObjRef ref, List<OrpcExtent> extents) {
        ProxyState state = adopt(ref, extents);
        if (ref.iid().equals(Iids.IDISPATCH)) {
            Dispatch d = new Dispatch(this, state);
            CLEANER.register(d, state);
            return d;
        }
        try {
            return dispatch(queryInterface(state, Iids.IDISPATCH), extents);
        } finally {
            state.release();
        }
    }

    private ProxyState adopt(ObjRef ref, List<OrpcExtent> extents) {
        Endpoint endpoint = endpointOf(ref);
        int refs = ref.std().publicRefs();
        ProxyState state = new ProxyState(this, ref, endpoint, refs == 0 ? 1 : refs, extents);
        if (refs == 0) {
            addRef(state, 1);
        }
        state.observe();
        live.add(state);
        return state;
    }

    private Endpoint endpointOf(ObjRef ref) {
        List<Endpoint> endpoints = resolver.resolve(ref);
        if (endpoints.isEmpty()) {
            throw new ComException(HResult.RPC_S_SERVER_UNAVAILABLE, "the reference names no endpoint this client can"
                    + " reach: " + ref.resolverAddress());
        }
        return endpoints.get(0);
    }

    private Transport transportFor(Endpoint endpoint) {
        if (transport.name().equals(endpoint.transport())) {
            return transport;
        }
        return Transports.forEndpoint(endpoint).orElseThrow(() -> new RpcException(HResult.RPC_S_SERVER_UNAVAILABLE,
                "no transport reaches " + endpoint));
    }

    RpcClient connection(Endpoint endpoint) {
        if (closed) {
            throw new RpcException(HResult.RPC_E_DISCONNECTED, "the client is closed");
        }
        RpcClient c = connections.get(endpoint);
        if (c != null && c.isOpen()) {
            return c;
        }
        synchronized (connections) {
            c = connections.get(endpoint);
            if (c == null || !c.isOpen()) {
                if (c != null) {
                    // the server went away: its objects are gone, and so are their references
                    throw new RpcException(HResult.RPC_E_DISCONNECTED, "the connection to " + endpoint + " was lost");
                }
                // an OBJREF names an exporter that was listening when it marshalled it: one attempt, so that a
                // server that has ended is reported at once instead of after a wait for it to appear
                c = connector != null ? connector.connect(endpoint)
                        : RpcClient.connect(transportFor(endpoint), endpoint, Duration.ZERO);
                connections.put(endpoint, c);
            }
            return c;
        }
    }

    ObjRef queryInterface(ProxyState state, Guid iid) {
        NdrWriter w = new NdrWriter();
        new RemUnknownMessages.RemQueryInterfaceRequest(state.orpcThis(), state.ipid,
                ObjectExporter.REFS_PER_OBJREF, List.of(iid)).encode(w);
        RemUnknownMessages.RemQueryInterfaceResponse response;
        try {
            response = RemUnknownMessages.RemQueryInterfaceResponse.decode(NdrReader.of(
                    state.callRemUnknown(RemUnknownMessages.OPNUM_REM_QUERY_INTERFACE, w.toBytes())));
        } catch (WireFormatException e) {
            throw new RpcException(HResult.RPC_X_BAD_STUB_DATA, "bad RemQueryInterface response: " + e.getMessage(), e);
        }
        RemQiResult result = response.results().isEmpty() ? null : response.results().get(0);
        if (result == null || HResult.failed(result.hresult())) {
            int hr = result == null ? response.hresult() : result.hresult();
            throw new ComException(hr, "the object does not implement interface " + iid.toBracedString());
        }
        return new ObjRef(iid, result.std(), state.ref.resolverAddress());
    }

    private void addRef(ProxyState state, int n) {
        NdrWriter w = new NdrWriter();
        new RemUnknownMessages.RemAddRefRequest(state.orpcThis(),
                List.of(new RemInterfaceRef(state.ipid, n, 0))).encode(w);
        RemUnknownMessages.RemAddRefResponse response;
        try {
            response = RemUnknownMessages.RemAddRefResponse.decode(NdrReader.of(
                    state.callRemUnknown(RemUnknownMessages.OPNUM_REM_ADD_REF, w.toBytes())));
        } catch (WireFormatException e) {
            throw new RpcException(HResult.RPC_X_BAD_STUB_DATA, "bad RemAddRef response: " + e.getMessage(), e);
        }
        if (HResult.failed(response.hresult())) {
            throw new ComException(response.hresult(), "RemAddRef of " + state.ipid + " failed");
        }
    }

    /**
     * Releases the references of every proxy of this client that still holds some ({@code RemRelease}), as if each
     * were closed; later calls on them fail with {@code RPC_E_DISCONNECTED}. A network client calls it before
     * {@link #close()}, because a DCOM server keeps what a client holds until it is released or its pings stop,
     * not until a connection closes.
     */
    public void releaseAll() {
        for (ProxyState s : List.copyOf(live)) {
            s.release();
        }
    }

    void forget(ProxyState state) {
        live.remove(state);
    }

    /**
     * Claims at its server, at once, the references a proxy or late-bound handle was made from: a
     * {@code RemAddRef} of no further reference, which makes them this client's connection's. An OBJREF that came
     * through a third party (the instance in an SCM's activation reply) is held for its receiver only for the
     * server's unclaimed lifetime; claiming it right after unmarshalling keeps it for as long as this client lives,
     * whenever its first call comes.
     *
     * @param proxy a proxy or {@link Dispatch} this client made
     * @throws IllegalArgumentException if this client did not make it
     * @throws ComException the server's failure ({@code RPC_E_DISCONNECTED} when the object is gone)
     */
    public void claim(Object proxy) {
        ProxyState state;
        if (proxy instanceof Dispatch d) {
            state = d.state();
        } else if (proxy != null && Proxy.isProxyClass(proxy.getClass())
                && Proxy.getInvocationHandler(proxy) instanceof Handler h) {
            state = h.state;
        } else {
            throw new IllegalArgumentException("not a proxy of this client: " + proxy);
        }
        if (state.client != this) {
            throw new IllegalArgumentException("the proxy belongs to another client");
        }
        addRef(state, 0);
    }

    /** Closes every connection; the servers release the references they held for this client. */
    @Override
    public void close() {
        closed = true;
        for (RpcClient c : connections.values()) {
            c.close();
        }
        connections.clear();
        ObjectExporter callbacksExporter = ownsLocal ? local : null;
        if (callbacksExporter != null) {
            callbacksExporter.close();
            try {
                Files.deleteIfExists(callbackDirectory);
            } catch (IOException e) {
                System.getLogger(ComClient.class.getName()).log(System.Logger.Level.DEBUG,
                        "cannot delete " + callbackDirectory, e);
            }
        }
    }

    private MethodCodec.References references(List<OrpcExtent> extents) {
        ComClient self = this;
        return new MethodCodec.References() {
            @Override
            public InterfacePointer marshal(Object value, Class<?> type) {
                if (value == null) {
                    return null;
                }
                if (value instanceof RemoteObject c) {
                    return InterfacePointer.of(c.marshalForTransfer());
                }
                return InterfacePointer.of(callbacks().export(value, type));
            }

            @Override
            public Object unmarshal(InterfacePointer pointer, Class<?> type) throws WireFormatException {
                return pointer == null ? null : self.proxy(pointer.objRef(), type, extents);
            }
        };
    }

    /** The invocation handler of a typed proxy. */
    private final class Handler implements InvocationHandler {
        private final ComInterfaceInfo info;
        private final ProxyState state;

        Handler(ComInterfaceInfo info, ProxyState state) {
            this.info = info;
            this.state = state;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object[] a = args == null ? new Object[0] : args;
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> info.type().getSimpleName() + " proxy " + state.ipid
                            + (state.isReleased() ? " (released)" : "");
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == a[0];
                    default -> throw new IllegalStateException("Object." + method.getName() + " is not proxied");
                };
            }
            if (method.getDeclaringClass() == RemoteObject.class || method.getDeclaringClass() == AutoCloseable.class) {
                return comObject(method, a);
            }
            if (method.isDefault()) {
                // a default method is client-side code over the remote ones: run it here
                return InvocationHandler.invokeDefault(proxy, method, a);
            }
            MethodInfo m = info.of(method).orElseThrow(() -> new IllegalStateException(
                    method + " is not a remote method of " + info));
            MethodCodec.References refs = references(state.extents);
            Class<?>[] types = method.getParameterTypes();
            long size = 64;
            for (int i = 0; i < types.length; i++) {
                size += MethodCodec.sizeHint(types[i], a[i]);
            }
            NdrWriter w = NdrWriter.pooled((int) Math.min(size, Integer.MAX_VALUE - 16));
            state.orpcThis().encode(w);
            for (int i = 0; i < types.length; i++) {
                MethodCodec.write(w, types[i], a[i], refs);
            }
            Bytes request = w.toBytes();
            Bytes reply;
            try {
                reply = state.call(info.iid(), m.opnum(), request);
            } finally {
                // the call wrote the request before it returned (or failed), and keeps nothing of it
                StubBuffers.SHARED.recycle(request);
            }
            try {
                NdrReader r = NdrReader.of(reply);
                OrpcThat.decode(r);
                Object result = method.getReturnType() == void.class ? null
                        : MethodCodec.read(r, method.getReturnType(), refs);
                r.align(4);
                int hr = r.readInt("HRESULT");
                if (HResult.failed(hr)) {
                    throw new ComException(hr, info.type().getSimpleName() + "." + m.name() + " failed on the server");
                }
                return result;
            } catch (WireFormatException e) {
                throw new RpcException(HResult.RPC_X_BAD_STUB_DATA, "bad response to " + m.name() + ": "
                        + e.getMessage(), e);
            } finally {
                // the reply is this proxy's alone, and what was decoded from it is copied out of it
                StubBuffers.SHARED.recycle(reply);
            }
        }

        private Object comObject(Method method, Object[] a) {
            switch (method.getName()) {
                case "queryInterface" -> {
                    Class<?> iface = (Class<?>) a[0];
                    return proxy(queryInterface(state, ComInterfaceInfo.of(iface).iid()), iface, state.extents);
                }
                case "dispatch" -> {
                    return dispatch(queryInterface(state, Iids.IDISPATCH), state.extents);
                }
                case "objRef" -> {
                    return state.ref;
                }
                case "marshalForTransfer" -> {
                    addRef(state, ObjectExporter.REFS_PER_OBJREF);
                    StdObjRef std = state.ref.std();
                    return new ObjRef(state.ref.iid(), new StdObjRef(std.flags(), ObjectExporter.REFS_PER_OBJREF,
                            std.oxid(), std.oid(), std.ipid()), state.ref.resolverAddress());
                }
                case "close" -> {
                    state.release();
                    return null;
                }
                case "whenDisconnected" -> {
                    return state.whenDisconnected();
                }
                default -> throw new IllegalStateException("RemoteObject." + method.getName() + " is not handled");
            }
        }
    }
}
