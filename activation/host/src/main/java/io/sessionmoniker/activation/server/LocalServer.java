package io.sessionmoniker.activation.server;

import io.sessionmoniker.activation.host.internal.IScmRegistrar;
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
        try (ObjectExporter exporter = ObjectExporter.start(LOCAL_TRANSPORT, Endpoint.unix(socket),
                accessCheck(access, ticketKey))) {
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
            IScmRegistrar registrar = exporter.client().proxy(ObjRef.decode(Bytes.fromHex(ctx.registrar())),
                    IScmRegistrar.class);
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
                        return exporter.export(instance, iface);
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
                LOG.log(System.Logger.Level.DEBUG, "the session host went away; this server ends");
                done.countDown();
            });
            beforeResume.run();
            if (Arrays.stream(classes).anyMatch(c -> (c.regcls() & REGCLS_SUSPENDED) != 0)) {
                // CoResumeClassObjects: the suspended classes go live together, once all are registered
                registrar.ResumeClassObjects(ctx.token());
            }
            done.await();
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

    static ObjectExporter.AccessCheck accessCheck(SecurityDescriptor access, byte[] ticketKey) {
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
