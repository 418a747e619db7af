package io.sessionmoniker.activation.server;

import io.sessionmoniker.activation.dcom.ntlm.NtlmAuthority;
import io.sessionmoniker.activation.dcom.ntlm.NtlmLogon;
import io.sessionmoniker.activation.dcom.ntlm.NtlmSecurityProvider;
import io.sessionmoniker.activation.dcom.ntlm.NtlmServerNames;
import io.sessionmoniker.activation.dcom.tcp.TcpTransport;
import io.sessionmoniker.activation.host.internal.IScmRegistrar;
import io.sessionmoniker.activation.host.internal.IServerNetwork;
import io.sessionmoniker.activation.host.internal.PrincipalJson;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import io.sessionmoniker.activation.orpc.rpc.SecurityProviders;
import io.sessionmoniker.activation.orpc.runtime.IClassFactory;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.host.internal.CallerTicket;
import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.orpc.runtime.ComInterfaceInfo;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.transport.PeerCredentials;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.Transports;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.AccessCheck;
import io.sessionmoniker.policy.AccessCheckResult;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.ComRights;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SecurityDescriptor;
import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The server-side runtime of a local server written in Java: a few lines in {@code main} register its classes
 * with the session host that launched it ({@code CoRegisterClassObject}), serve calls, and return when the server
 * may exit — when every instance and lock has been released, or when the host went away.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(LocalServer.serve(args,
 *             LocalServer.ServerClass.multipleUse(SESSION_INFO_CLSID, SessionInfo::new)));
 * }
 * }</pre>
 *
 * <p>The process must have been started by a session host: with {@code -Embedding} (or {@code /Embedding}) on
 * its command line and the {@link LaunchContext} in its environment.
 */
public final class LocalServer {

    /** The local transport (ncalrpc), found by its protocol sequence. */
    private static final Transport LOCAL_TRANSPORT =
            Transports.forProtocolSequence(UnixSocketTransport.PROTOCOL_SEQUENCE);

    private static final System.Logger LOG = System.getLogger(LocalServer.class.getName());

    /** {@code REGCLS_SINGLEUSE}: one activation per process. */
    public static final int REGCLS_SINGLEUSE = 0;
    /** {@code REGCLS_MULTIPLEUSE}: any number of activations share the process. */
    public static final int REGCLS_MULTIPLEUSE = 1;
    /** {@code REGCLS_MULTI_SEPARATE}: as multiple-use, for local activations. */
    public static final int REGCLS_MULTI_SEPARATE = 2;
    /**
     * {@code REGCLS_SUSPENDED}: the host holds the class back until {@link IScmRegistrar#ResumeClassObjects}, which
     * {@link #serve} calls once every class is registered, so that a server offering several classes never takes
     * an activation half-registered.
     */
    public static final int REGCLS_SUSPENDED = 4;

    /**
     * A class the server offers.
     *
     * @param clsid the class
     * @param factory creates instances; each must implement at least one {@code @ComInterface}
     * @param regcls the {@code REGCLS} flags
     */
    public record ServerClass(Guid clsid, Supplier<?> factory, int regcls) {
        /**
         * Validates the components.
         *
         * @param clsid not null
         * @param factory not null
         * @param regcls the flags
         */
        public ServerClass {
            Objects.requireNonNull(clsid, "clsid");
            Objects.requireNonNull(factory, "factory");
        }

        /**
         * A multiple-use class.
         *
         * @param clsid the class
         * @param factory creates instances
         * @return the class
         */
        public static ServerClass multipleUse(Guid clsid, Supplier<?> factory) {
            return new ServerClass(clsid, factory, REGCLS_MULTIPLEUSE);
        }

        /**
         * A single-use class.
         *
         * @param clsid the class
         * @param factory creates instances
         * @return the class
         */
        public static ServerClass singleUse(Guid clsid, Supplier<?> factory) {
            return new ServerClass(clsid, factory, REGCLS_SINGLEUSE);
        }
    }

    /**
     * Closes the server's exporter, and with it removes the socket it made, when the JVM ends while
     * {@link #serve} still runs: a SIGTERM (logoff, the host's start timeout or its close) runs the shutdown hooks,
     * not the code after {@code serve}'s wait. Closing the hook (when {@code serve} returns) unregisters it.
     */
    private static final class ExitHook implements AutoCloseable {
        private Thread hook;
        /**
         * Set once this server ends of its own accord (its last instance released, or a signal): its connection to
         * the host closing from then on is part of its end, not the host going away.
         */
        final java.util.concurrent.atomic.AtomicBoolean ending = new java.util.concurrent.atomic.AtomicBoolean();

        /** Registers the hook for an exporter, and returns the exporter. */
        ObjectExporter closing(ObjectExporter exporter) {
            Thread made = new Thread(() -> {
                ending.set(true);
                exporter.close();
            }, "local-server-exit");
            try {
                Runtime.getRuntime().addShutdownHook(made);
                hook = made;
            } catch (IllegalStateException shuttingDown) {
                exporter.close();   // the JVM is already ending: no hook will run, so close now
            }
            return exporter;
        }

        @Override
        public void close() {
            if (hook == null) {
                return;
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is ending and runs the hook (or has): it closes the exporter
            }
            hook = null;
        }
    }

    /** How many caller identities a server remembers its access decision for. */
    private static final int MAX_DECIDED_IDENTITIES = 256;

    private LocalServer() {
    }

    /**
     * Tells whether the command line says COM started this process ({@code -Embedding} or {@code /Embedding},
     * any case).
     *
     * @param args the command line
     * @return {@code true} if present
     */
    public static boolean embedding(String[] args) {
        for (String a : args) {
            if (a.equalsIgnoreCase("-Embedding") || a.equalsIgnoreCase("/Embedding")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Registers the classes with the host and serves until the server may exit.
     *
     * @param args the command line
     * @param classes the classes
     * @return the exit code: 0 after a normal end, 2 when not started by a session host, 1 on failure
     */
    public static int serve(String[] args, ServerClass... classes) {
        return serve(args, () -> { }, classes);
    }

    /**
     * Registers the classes, runs {@code beforeResume}, then resumes the suspended ones and serves — the
     * {@code REGCLS_SUSPENDED} pattern: register every class held back, finish initializing, then let activations
     * in all at once ({@code CoResumeClassObjects}). Activations that arrive meanwhile wait at the host.
     *
     * @param args the command line
     * @param beforeResume runs after every class is registered and before the suspended ones go live
     * @param classes the classes
     * @return the exit code: 0 after a normal end, 2 when not started by a session host, 1 on failure
     */
    public static int serve(String[] args, Runnable beforeResume, ServerClass... classes) {
        Objects.requireNonNull(beforeResume, "beforeResume");
        if (!embedding(args)) {
            System.err.println("this is a local server: a session host starts it with -Embedding");
            return 2;
        }
        LaunchContext ctx = LaunchContext.fromEnvironment().orElse(null);
        if (ctx == null) {
            System.err.println("this is a local server: the session host's launch context is missing from the"
                    + " environment");
            return 2;
        }
        Path socket = Path.of(ctx.socketDirectory()).resolve("server-" + ProcessHandle.current().pid() + ".sock");
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger live = new AtomicInteger();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger locks = new AtomicInteger();
        Set<Object> instances = ConcurrentHashMap.newKeySet();
        SecurityDescriptor access;
        byte[] ticketKey;
        try {
            access = SecurityDescriptor.parse(ctx.accessPermission());
            ticketKey = CallerTicket.parseKey(ctx.ticketKey());
        } catch (SecurityDescriptorFormatException | IllegalArgumentException e) {
            System.err.println("this local server's launch context from the host is not valid: " + e.getMessage());
            return 2;
        }
        NetworkPrincipals networkPrincipals = new NetworkPrincipals();
        ExitHook exitHook = new ExitHook();
        try (ObjectExporter exporter = exitHook.closing(ObjectExporter.start(LOCAL_TRANSPORT, Endpoint.unix(socket),
                accessCheck(access, ticketKey, networkPrincipals)))) {
            // deciding to stop and creating an instance exclude each other: once stopping, CreateInstance answers
            // CO_E_SERVER_STOPPING and the host launches a new server (COM's shutdown race)
            Object gate = new Object();
            boolean[] stopping = {false};
            Runnable check = () -> {
                synchronized (gate) {
                    if (created.get() > 0 && live.get() == 0 && locks.get() == 0) {
                        stopping[0] = true;
                        done.countDown();
                    }
                }
            };
            exporter.onUnexported(o -> {
                if (instances.remove(o)) {
                    live.decrementAndGet();
                    check.run();
                }
            });
            exporter.onIdle(e -> done.countDown());
            LaunchContext.unclaimedLifetime(System.getenv()).ifPresent(exporter::unclaimedLifetime);
            IScmRegistrar registrar = exporter.client().proxy(ObjRef.decode(Bytes.fromHex(ctx.registrar())),
                    IScmRegistrar.class);
            if (ctx.network().isPresent()) {
                NetworkSide.start(exporter, registrar, ctx, ctx.network().get(), networkPrincipals);
            }
            List<Integer> cookies = new ArrayList<>();
            for (ServerClass c : classes) {
                IClassFactory factory = new IClassFactory() {
                    @Override
                    public ObjRef CreateInstance(Guid iid) {
                        Object instance = c.factory().get();
                        Class<?> iface = interfaceFor(instance, iid);
                        synchronized (gate) {
                            if (stopping[0]) {
                                throw new ComException(HResult.CO_E_SERVER_STOPPING, "the server is stopping");
                            }
                            instances.add(instance);
                            live.incrementAndGet();
                            created.incrementAndGet();
                        }
                        // the SCM hands it to the activating client: a client that dies before its first call
                        // leaves references nobody claims, which expire (and the server may end)
                        return exporter.exportForClient(instance, iface);
                    }

                    @Override
                    public void LockServer(boolean lock) {
                        if (lock) {
                            locks.incrementAndGet();
                        } else if (locks.decrementAndGet() <= 0) {
                            locks.set(0);
                            check.run();
                        }
                    }
                };
                cookies.add(registrar.RegisterClassObject(ctx.token(), c.clsid(),
                        exporter.export(factory, IClassFactory.class), c.regcls()));
            }
            // a host that goes away (even killed, unable to end its servers) leaves no orphan behind
            ((RemoteObject) registrar).whenDisconnected().thenRun(() -> {
                // when this server ends (its last instance released, a SIGTERM from the host's close, a logoff or the
                // start timeout) its own side closes the connection: only a connection lost while serving means the
                // host went away
                if (!exitHook.ending.get()) {
                    LOG.log(System.Logger.Level.WARNING, "the session host went away (its connection to this server"
                            + " closed while the server was serving); this server ends");
                }
                done.countDown();
            });
            beforeResume.run();
            if (Arrays.stream(classes).anyMatch(c -> (c.regcls() & REGCLS_SUSPENDED) != 0)) {
                // CoResumeClassObjects: the suspended classes go live together, once all are registered
                registrar.ResumeClassObjects(ctx.token());
            }
            done.await();
            exitHook.ending.set(true);
            for (int cookie : cookies) {
                try {
                    registrar.RevokeClassObject(ctx.token(), cookie);
                } catch (ComException e) {
                    LOG.log(System.Logger.Level.DEBUG, "revoking class object " + cookie + ": " + e);
                }
            }
            return 0;
        } catch (IOException | WireFormatException | ComException e) {
            System.err.println("local server failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            exitHook.close();
        }
    }

    /**
     * The check a local server makes on every call, as Windows does with the caller's token: the caller the host
     * issued the call's ticket for ({@link CallerTicket}, verified with this server's key and against the call's
     * transport peer) against the access permission. A call without a ticket is anonymous; a ticket that does not
     * verify (forged, altered, issued for another server, or presented by another OS account) is refused outright.
     *
     * @param access the descriptor calls are checked against
     * @param ticketKey this server's ticket key
     * @return the check
     */
    /** What a call's access decision depends on: its transport peer and the tickets it carries. */
    private record Identity(String peer, List<Bytes> tickets) {
    }

    /**
     * A launched server's network side: its exporter also listens on TCP at the host's address, DCOM clients
     * authenticate with NTLM there, and the host verifies each logon (the server holds no credentials). The
     * server's {@link IServerNetwork} object lets the host's OXID resolver marshal interfaces for network clients and
     * release what expired ping sets held.
     */
    private static final class NetworkSide implements IServerNetwork {
        /**
         * Reads the host's logon answers. Here, not in {@code LocalServer}, so that a server without a network side
         * never loads Jackson's data binding.
         */
        private static final com.fasterxml.jackson.databind.ObjectMapper HOST_JSON =
                new com.fasterxml.jackson.databind.ObjectMapper();

        private final ObjectExporter exporter;

        private NetworkSide(ObjectExporter exporter) {
            this.exporter = exporter;
        }

        static void start(ObjectExporter exporter, IScmRegistrar registrar, LaunchContext ctx,
                LaunchContext.Network network, NetworkPrincipals principals) throws IOException {
            NtlmAuthority authority = (challenge, authenticate) -> {
                String answer;
                try {
                    answer = registrar.NtlmLogon(ctx.token(), java.util.HexFormat.of().formatHex(challenge),
                            java.util.HexFormat.of().formatHex(authenticate));
                } catch (ComException e) {
                    throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "the host refused the logon: "
                            + e.getMessage());
                }
                try {
                    com.fasterxml.jackson.databind.JsonNode o = HOST_JSON.readTree(answer);
                    if (o.path("anonymous").asBoolean(false)) {
                        return NtlmLogon.anonymous();
                    }
                    String domain = o.path("domain").asText("");
                    String user = o.path("user").asText("");
                    principals.put(domain, user, PrincipalJson.decode(o.get("principal")));
                    return NtlmLogon.of(domain, user, java.util.HexFormat.of().parseHex(o.path("sessionBaseKey")
                            .asText("")));
                } catch (IOException | RuntimeException e) {
                    throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "the host's logon answer is not"
                            + " usable: " + e.getMessage());
                }
            };
            Set<Integer> levels = new java.util.HashSet<>();
            for (int l = network.minimumAuthnLevel(); l <= 6; l++) {
                levels.add(l);
            }
            NtlmSecurityProvider ntlm = NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(
                    NtlmServerNames.of(network.computerName(), network.domain()), authority).withLevels(levels));
            Endpoint tcp = exporter.listenForNetwork(TcpTransport.get(), TcpTransport.endpoint(network.address(), 0),
                    SecurityProviders.of(ntlm));
            registrar.RegisterNetwork(ctx.token(), exporter.exportPinned(new NetworkSide(exporter),
                    IServerNetwork.class));
            LOG.log(System.Logger.Level.DEBUG, "serving DCOM clients on " + tcp);
        }

        @Override
        public byte[] MarshalForNetwork(long oid, byte[] iids, boolean instance) {
            if (iids == null || iids.length % 16 != 0) {
                throw new ComException(HResult.E_INVALIDARG, "interface ids are 16 octets each");
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < iids.length; i += 16) {
                Guid iid = Guid.fromBytes(iids, i);
                java.util.Optional<ObjRef> ref = exporter.marshalForNetwork(Oid.of(oid), iid);
                byte[] bytes = ref.map(r -> r.encode().toArray()).orElse(new byte[0]);
                java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                head.putInt(ref.isPresent() ? HResult.S_OK : HResult.E_NOINTERFACE).putInt(bytes.length);
                out.writeBytes(head.array());
                out.writeBytes(bytes);
            }
            if (instance) {
                exporter.releaseUnclaimed(Oid.of(oid));
            }
            return out.toByteArray();
        }

        @Override
        public byte[] NetworkHeld(byte[] oids) {
            java.util.List<Oid> asked = oids(oids);
            java.util.Set<Oid> held = exporter.networkHeld(asked);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * held.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            held.forEach(o -> b.putLong(o.value()));
            return b.array();
        }

        @Override
        public int ReleaseNetworkReferences(byte[] oids) {
            int n = exporter.releaseNetworkReferences(oids(oids));
            if (n > 0) {
                LOG.log(System.Logger.Level.INFO, "released " + n + " objects a network client stopped pinging");
            }
            return n;
        }

        private static java.util.List<Oid> oids(byte[] bytes) {
            if (bytes == null || bytes.length % 8 != 0) {
                throw new ComException(HResult.E_INVALIDARG, "OIDs are 8 octets each");
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            java.util.List<Oid> out = new ArrayList<>(bytes.length / 8);
            while (b.hasRemaining()) {
                out.add(Oid.of(b.getLong()));
            }
            return out;
        }
    }

    static ObjectExporter.AccessCheck accessCheck(SecurityDescriptor access, byte[] ticketKey) {
        return accessCheck(access, ticketKey, NetworkPrincipals.NONE);
    }

    /**
     * The accounts of the network clients whose logons the host verified for this server, by the name their NTLM
     * security context carries: a network call's access check is made for the account the host resolved, never for
     * a name the client wrote.
     */
    static final class NetworkPrincipals {
        static final NetworkPrincipals NONE = new NetworkPrincipals();
        private static final int MAX = 1024;
        private final Map<String, Principal> byName = new ConcurrentHashMap<>();

        void put(String domain, String user, Principal principal) {
            if (byName.size() >= MAX) {
                byName.clear();
            }
            byName.put(key(domain, user), principal);
        }

        java.util.Optional<Principal> find(io.sessionmoniker.activation.orpc.rpc.AuthenticatedPrincipal p) {
            return java.util.Optional.ofNullable(byName.get(key(p.domain(), p.user())));
        }

        private static String key(String domain, String user) {
            return domain.toLowerCase(java.util.Locale.ROOT) + "\\" + user.toLowerCase(java.util.Locale.ROOT);
        }
    }

    static ObjectExporter.AccessCheck accessCheck(SecurityDescriptor access, byte[] ticketKey,
            NetworkPrincipals network) {
        byte[] key = ticketKey.clone();
        // a proxy sends the same ticket on every call: decide once per ticket and peer, not once per call
        Map<Identity, Boolean> decided = new ConcurrentHashMap<>();
        return new ObjectExporter.AccessCheck() {
            @Override
            public boolean allowed(PeerCredentials peer) {
                return false; // every call reaches the two-argument form
            }

            @Override
            public boolean allowed(ObjectExporter.CallOrigin origin, OrpcThis orpcThis) {
                if (origin.network()) {
                    return network(origin);
                }
                String peer = origin.peer().user();
                // the memo's key is everything the verdict depends on: the peer and every ticket the call carries.
                // A lookup uses views of the call's stub; only a new entry copies them
                List<Bytes> tickets = new ArrayList<>(1);
                for (OrpcExtent e : orpcThis.extensions()) {
                    if (e.id().equals(CallerTicket.ID)) {
                        tickets.add(e.data());
                    }
                }
                Boolean known = decided.get(new Identity(peer, tickets));
                if (known != null) {
                    return known;
                }
                boolean granted = decide(orpcThis, peer);
                if (decided.size() >= MAX_DECIDED_IDENTITIES) {
                    decided.clear(); // many identities: a bounded memo, not a growing one
                }
                Identity memoKey = new Identity(peer, tickets.stream().map(t -> Bytes.copyOf(t.toArray())).toList());
                decided.put(memoKey, granted);
                return granted;
            }

            /**
             * A network call: who called is the account its security context authenticated, as the host verified
             * it; an unauthenticated network call is refused whatever the descriptor says (the host's minimum
             * level is CONNECT or above).
             */
            private boolean network(ObjectExporter.CallOrigin origin) {
                if (origin.security().isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "refused an unauthenticated network call");
                    return false;
                }
                var authenticated = origin.security().get().principal();
                Principal principal = authenticated.isAnonymous() ? Principal.anonymous()
                        : network.find(authenticated).orElse(null);
                if (principal == null) {
                    LOG.log(System.Logger.Level.WARNING, "refused a network call from " + authenticated
                            + ": the host did not verify that logon for this server");
                    return false;
                }
                AccessCheckResult r = AccessCheck.checkCom(access, principal, ComRights.call(true));
                if (!r.granted()) {
                    LOG.log(System.Logger.Level.INFO, "access denied to network caller " + principal.name() + ": "
                            + r.reason());
                }
                return r.granted();
            }

            private boolean decide(OrpcThis orpcThis, String peer) {
                CallerTicket.Verdict verdict = CallerTicket.verify(key, orpcThis.extensions(), peer);
                Caller caller;
                if (verdict instanceof CallerTicket.Verdict.Refused r) {
                    LOG.log(System.Logger.Level.WARNING, "refused a call from " + (peer.isEmpty() ? "an unknown"
                            + " account" : "account " + peer) + ": " + r.reason());
                    return false;
                } else if (verdict instanceof CallerTicket.Verdict.Valid v) {
                    caller = v.caller();
                } else {
                    caller = null;
                }
                Principal principal = caller == null ? Principal.anonymous() : caller.principal();
                AccessCheckResult r = AccessCheck.checkCom(access, principal,
                        ComRights.call(caller != null && caller.isRemote()));
                if (!r.granted()) {
                    LOG.log(System.Logger.Level.INFO, "access denied to " + principal.name() + ": " + r.reason());
                }
                return r.granted();
            }
        };
    }

    private static Class<?> interfaceFor(Object instance, Guid iid) {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> c = instance.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.isAnnotationPresent(ComInterface.class)) {
                    all.add(i);
                }
            }
        }
        if (all.isEmpty()) {
            throw new ComException(HResult.E_NOINTERFACE, instance.getClass().getName() + " implements no @ComInterface");
        }
        if (iid.equals(Iids.IUNKNOWN)) {
            return all.get(0);
        }
        for (Class<?> i : all) {
            if (ComInterfaceInfo.of(i).iid().equals(iid)) {
                return i;
            }
        }
        throw new ComException(HResult.E_NOINTERFACE, instance.getClass().getSimpleName() + " does not implement "
                + iid.toBracedString());
    }
}
