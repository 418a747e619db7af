package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.IServerNetwork;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The host's OXID resolver state (MS-DCOM 3.1.2.5.2.3, rpcss's part): which launched server answers each OXID and
 * where network clients reach it, and the ping sets through which network clients keep the objects they hold alive.
 *
 * <p>References handed to a network client belong to its ping set, not to a connection (a j-Interop client calls on
 * one connection and releases on another; Impacket never releases). An object handed out by a remote activation is
 * watched from that moment: if no ping set holds it within three ping periods, or the set that holds it goes three
 * periods without a ping (MS-DCOM 3.1.2.5.2.3.4: a set "not pinged for 3 × PingPeriod may be released"), the
 * resolver tells the object's server to drop the network references, and a server left with no object ends as it
 * always does. A set belongs to the principal that made it: another principal's ping is refused.
 *
 * <p>Thread-safe. The sweep runs on a daemon thread of its own, twice a period; servers are told outside the lock.
 */
final class OxidResolver implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OxidResolver.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code OR_INVALID_OXID} (MS-DCOM 2.2.1). */
    static final int OR_INVALID_OXID = 1910;
    /** {@code OR_INVALID_OID}. */
    static final int OR_INVALID_OID = 1911;
    /** {@code OR_INVALID_SET}. */
    static final int OR_INVALID_SET = 1914;
    /** {@code RPC_S_ACCESS_DENIED}. */
    static final int ACCESS_DENIED = 5;
    /** {@code RPC_S_OUT_OF_RESOURCES}: a principal has too many sets, or a set too many objects. */
    static final int OUT_OF_RESOURCES = 1721;

    /** Ping sets one principal may hold. */
    static final int MAX_SETS_PER_PRINCIPAL = 256;
    /** Objects one ping set may hold. */
    static final int MAX_OIDS_PER_SET = 4096;
    /** Objects handed out and not yet pinged that the resolver watches. */
    static final int MAX_WATCHED = 65536;

    /**
     * A launched server's network side.
     *
     * @param oxid its exporter
     * @param network the object the resolver tells about references
     * @param bindings its network string bindings (its TCP endpoint, as the server listens)
     * @param remUnknown the IPID of its {@code IRemUnknown}
     * @param pid its process, for logs
     */
    record Server(Oxid oxid, IServerNetwork network, List<StringBinding> bindings, Ipid remUnknown, long pid) {
        Server {
            Objects.requireNonNull(oxid, "oxid");
            Objects.requireNonNull(network, "network");
            bindings = List.copyOf(bindings);
            Objects.requireNonNull(remUnknown, "remUnknown");
        }
    }

    /** One ping set: its objects, its owner, when it was last pinged and the last sequence number it took. */
    private static final class PingSet {
        final long id;
        final String principal;
        final Set<Oid> oids = new LinkedHashSet<>();
        long lastPing;
        int sequence;

        PingSet(long id, String principal, long now) {
            this.id = id;
            this.principal = principal;
            this.lastPing = now;
        }
    }

    /**
     * A ping's outcome.
     *
     * @param status 0 or the MS-DCOM status
     * @param setId the set (for ComplexPing)
     */
    record PingResult(int status, long setId) {
    }

    private final Duration period;
    private final long expiryNanos;
    private final Map<Oxid, Server> servers = new ConcurrentHashMap<>();
    private final Map<Oid, Oxid> owners = new HashMap<>();
    private final Map<Long, PingSet> sets = new HashMap<>();
    /** Objects handed out to network clients and in no set yet: the time by which a set must hold them. */
    private final Map<Oid, Long> watched = new HashMap<>();
    private final ScheduledExecutorService sweeper;
    private final LongSupplier clock;

    /**
     * Makes a resolver that sweeps on its own, twice a period.
     *
     * @param period the ping period
     */
    OxidResolver(Duration period) {
        this(period, System::nanoTime, true);
    }

    /**
     * Makes a resolver.
     *
     * @param period the ping period
     * @param clock the time in nanoseconds ({@link System#nanoTime()}, or a test's clock)
     * @param sweeping whether it sweeps on its own thread; otherwise only {@link #sweep()} does
     */
    OxidResolver(Duration period, LongSupplier clock, boolean sweeping) {
        this.period = Objects.requireNonNull(period, "period");
        this.expiryNanos = period.toNanos() * 3;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!sweeping) {
            this.sweeper = null;
            return;
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sessmon-oxid-resolver");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, period.toMillis() / 2);
        sweeper.scheduleWithFixedDelay(this::sweepSafely, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Returns the ping period.
     *
     * @return the period clients are told (the protocol's fixed 120 s, or the scenario's test value)
     */
    Duration period() {
        return period;
    }

    /**
     * Registers a server's network side.
     *
     * @param server the server
     */
    void register(Server server) {
        servers.put(server.oxid(), server);
    }

    /**
     * Forgets a server that exited, and every object it owned.
     *
     * @param oxid its exporter
     */
    void unregister(Oxid oxid) {
        if (servers.remove(oxid) == null) {
            return;
        }
        synchronized (this) {
            owners.values().removeIf(oxid::equals);
        }
    }

    /**
     * Finds the server of an OXID.
     *
     * @param oxid the exporter
     * @return its server, or empty when no running server has it
     */
    Optional<Server> resolve(Oxid oxid) {
        return Optional.ofNullable(servers.get(oxid));
    }

    /**
     * Records an object a remote activation hands out: a ping set must take it within three periods.
     *
     * @param oxid its server's exporter
     * @param oid the object
     */
    void handedOut(Oxid oxid, Oid oid) {
        if (!servers.containsKey(oxid)) {
            return;
        }
        synchronized (this) {
            owners.put(oid, oxid);
            if (!inSomeSet(oid) && watched.size() < MAX_WATCHED) {
                watched.put(oid, clock.getAsLong() + expiryNanos);
            }
        }
    }

    /**
     * Answers ComplexPing (MS-DCOM 3.1.2.5.1.3): a set id of 0 makes a new set; the objects of {@code add} join it
     * and those of {@code remove} leave it; the set counts as pinged.
     *
     * @param principal who pings, as authenticated
     * @param setId the set, or 0 for a new one
     * @param sequence the client's sequence number
     * @param add objects to add
     * @param remove objects to remove
     * @return the status and the set id
     */
    PingResult complexPing(String principal, long setId, int sequence, List<Oid> add, List<Oid> remove) {
        List<Oid> unknown;
        synchronized (this) {
            if (add.size() > MAX_OIDS_PER_SET) {
                return new PingResult(OUT_OF_RESOURCES, setId);
            }
            PingSet set;
            if (setId == 0) {
                long owned = sets.values().stream().filter(s -> s.principal.equals(principal)).count();
                if (owned >= MAX_SETS_PER_PRINCIPAL) {
                    return new PingResult(OUT_OF_RESOURCES, 0);
                }
                long id;
                do {
                    id = RANDOM.nextLong();
                } while (id == 0 || sets.containsKey(id));
                set = new PingSet(id, principal, clock.getAsLong());
                sets.put(id, set);
            } else {
                set = sets.get(setId);
                if (set == null) {
                    return new PingResult(OR_INVALID_SET, setId);
                }
                if (!set.principal.equals(principal)) {
                    return new PingResult(ACCESS_DENIED, setId);
                }
            }
            if (set.oids.size() + add.size() > MAX_OIDS_PER_SET) {
                return new PingResult(OUT_OF_RESOURCES, set.id);
            }
            set.lastPing = clock.getAsLong();
            set.sequence = sequence;
            set.oids.addAll(add);
            remove.forEach(set.oids::remove);
            add.forEach(watched::remove);
            unknown = add.stream().filter(o -> !owners.containsKey(o)).toList();
            setId = set.id;
        }
        if (!unknown.isEmpty()) {
            learnOwners(unknown);
        }
        // objects a set gave up and no other set holds are released at once, as a client that removes them means
        release(orphans(remove));
        return new PingResult(0, setId);
    }

    /**
     * Answers SimplePing: the set counts as pinged.
     *
     * @param principal who pings
     * @param setId the set
     * @return 0, {@link #OR_INVALID_SET} or {@link #ACCESS_DENIED}
     */
    synchronized int simplePing(String principal, long setId) {
        PingSet set = sets.get(setId);
        if (set == null) {
            return OR_INVALID_SET;
        }
        if (!set.principal.equals(principal)) {
            return ACCESS_DENIED;
        }
        set.lastPing = clock.getAsLong();
        return 0;
    }

    /** How many ping sets exist (for tests and status). */
    synchronized int setCount() {
        return sets.size();
    }

    private boolean inSomeSet(Oid oid) {
        for (PingSet s : sets.values()) {
            if (s.oids.contains(oid)) {
                return true;
            }
        }
        return false;
    }

    private synchronized List<Oid> orphans(Collection<Oid> candidates) {
        List<Oid> out = new ArrayList<>();
        for (Oid o : candidates) {
            if (!inSomeSet(o) && !watched.containsKey(o)) {
                out.add(o);
            }
        }
        return out;
    }

    /** Asks the servers which of these objects they hold for network clients. */
    private void learnOwners(List<Oid> oids) {
        byte[] asked = encode(oids);
        for (Server s : List.copyOf(servers.values())) {
            try {
                List<Oid> held = decode(s.network().NetworkHeld(asked));
                synchronized (this) {
                    held.forEach(o -> owners.put(o, s.oxid()));
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "server " + s.pid() + " did not answer which objects it holds: "
                        + e);
            }
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the OXID resolver's sweep failed", e);
        }
    }

    /** Drops the sets not pinged in three periods and the objects no set took in time; tells their servers. */
    void sweep() {
        long now = clock.getAsLong();
        Set<Oid> expired = new HashSet<>();
        synchronized (this) {
            for (var it = sets.values().iterator(); it.hasNext();) {
                PingSet s = it.next();
                if (now - s.lastPing > expiryNanos) {
                    it.remove();
                    expired.addAll(s.oids);
                    LOG.log(System.Logger.Level.INFO, "ping set " + Long.toHexString(s.id) + " of " + s.principal
                            + " was not pinged for " + (now - s.lastPing) / 1_000_000 + " ms (3 periods of "
                            + period.toMillis() + " ms); releasing its " + s.oids.size() + " objects");
                }
            }
            for (var it = watched.entrySet().iterator(); it.hasNext();) {
                var e = it.next();
                if (now - e.getValue() > 0) {
                    it.remove();
                    expired.add(e.getKey());
                    LOG.log(System.Logger.Level.INFO, "object " + Long.toHexString(e.getKey().value()) + " was handed"
                            + " to a network client that never pinged it; releasing it");
                }
            }
        }
        release(orphans(expired));
    }

    /** Tells each object's server to drop its network references. */
    private void release(Collection<Oid> oids) {
        if (oids.isEmpty()) {
            return;
        }
        Map<Oxid, List<Oid>> byServer = new HashMap<>();
        synchronized (this) {
            for (Oid o : oids) {
                Oxid owner = owners.remove(o);
                if (owner != null) {
                    byServer.computeIfAbsent(owner, k -> new ArrayList<>()).add(o);
                }
            }
        }
        byServer.forEach((oxid, list) -> {
            Server s = servers.get(oxid);
            if (s == null) {
                return;
            }
            try {
                int n = s.network().ReleaseNetworkReferences(encode(list));
                LOG.log(System.Logger.Level.DEBUG, "server " + s.pid() + " released " + n + " objects");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "server " + s.pid() + " could not be told to release: " + e);
            }
        });
    }

    static byte[] encode(Collection<Oid> oids) {
        ByteBuffer b = ByteBuffer.allocate(8 * oids.size()).order(ByteOrder.LITTLE_ENDIAN);
        oids.forEach(o -> b.putLong(o.value()));
        return b.array();
    }

    static List<Oid> decode(byte[] bytes) {
        if (bytes == null || bytes.length % 8 != 0) {
            throw new IllegalArgumentException("a list of OIDs is a multiple of 8 octets");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Oid> out = new ArrayList<>(bytes.length / 8);
        while (b.hasRemaining()) {
            out.add(Oid.of(b.getLong()));
        }
        return out;
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
