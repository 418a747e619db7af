package io.sessionmoniker.activation.remote;

import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ComplexPingRequest;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ComplexPingResponse;
import io.sessionmoniker.activation.dcom.wire.SetId;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Keeps the objects an activator's proxies hold alive on the host (MS-DCOM 3.2.6.1): one ping set per activator,
 * one background thread that pings it every period — {@code ComplexPing} when objects joined or left it since the
 * last ping, else {@code SimplePing}. A set the host forgot ({@code OR_INVALID_SET}) is made again with every object
 * still held. Failures are logged and retried at the next period; the host releases a set not pinged for three.
 */
final class Pinger implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Pinger.class.getName());
    /** MS-DCOM's {@code OR_INVALID_SET}. */
    static final int OR_INVALID_SET = 1914;

    private final BiFunction<Integer, Bytes, Bytes> call;
    private final ScheduledExecutorService thread;
    private final Map<Oid, Integer> held = new HashMap<>();
    private final Set<Oid> toAdd = new LinkedHashSet<>();
    private final Set<Oid> toRemove = new LinkedHashSet<>();
    private final AtomicLong pings = new AtomicLong();
    private long setId;
    private int sequence;

    /**
     * Starts the pinger.
     *
     * @param name the thread's name
     * @param period the ping period
     * @param call calls an {@code IObjectExporter} operation of the host (opnum, stub) and returns the answer
     */
    Pinger(String name, Duration period, BiFunction<Integer, Bytes, Bytes> call) {
        this.call = call;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        long nanos = period.toNanos();
        thread.scheduleWithFixedDelay(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** An object is held once more. */
    synchronized void held(Oid oid) {
        if (held.merge(oid, 1, Integer::sum) == 1 && !toRemove.remove(oid)) {
            toAdd.add(oid);
        }
    }

    /** An object is held once less. */
    synchronized void released(Oid oid) {
        Integer n = held.get(oid);
        if (n == null) {
            return;
        }
        if (n > 1) {
            held.put(oid, n - 1);
            return;
        }
        held.remove(oid);
        if (!toAdd.remove(oid)) {
            toRemove.add(oid);
        }
    }

    /** Returns how many pings the host answered with success, for tests and diagnostics. */
    long pingsAnswered() {
        return pings.get();
    }

    /** Returns the objects held, for tests and diagnostics. */
    synchronized int objectsHeld() {
        return held.size();
    }

    /** One ping. */
    void tick() {
        List<Oid> adds;
        List<Oid> removes;
        long set;
        int seq;
        synchronized (this) {
            if (setId == 0 && held.isEmpty()) {
                toRemove.clear();
                return;
            }
            adds = new ArrayList<>(toAdd);
            removes = setId == 0 ? List.of() : new ArrayList<>(toRemove);
            set = setId;
            seq = adds.isEmpty() && removes.isEmpty() ? sequence : ++sequence;
        }
        try {
            if (set != 0 && adds.isEmpty() && removes.isEmpty()) {
                int status = ObjectExporterMessages.StatusResponse.decode(call.apply(
                        ObjectExporterMessages.OPNUM_SIMPLE_PING,
                        new ObjectExporterMessages.SimplePingRequest(SetId.of(set)).encode())).status();
                answered(status, set, List.of(), List.of());
                return;
            }
            ComplexPingResponse r = ComplexPingResponse.decode(call.apply(ObjectExporterMessages.OPNUM_COMPLEX_PING,
                    new ComplexPingRequest(SetId.of(set), seq, adds, removes).encode()));
            answered(r.status(), r.status() == 0 ? r.setId().value() : set, adds, removes);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "a ping of set " + set + " failed; retrying next period: " + e);
        }
    }

    private synchronized void answered(int status, long set, List<Oid> added, List<Oid> removed) {
        if (status == OR_INVALID_SET) {
            // the host forgot the set: make a new one with everything still held
            setId = 0;
            toAdd.clear();
            toAdd.addAll(held.keySet());
            toRemove.clear();
            return;
        }
        if (status != 0) {
            LOG.log(System.Logger.Level.DEBUG, "the host answered a ping of set " + set + " with " + status);
            return;
        }
        setId = set;
        for (Oid oid : added) {
            toAdd.remove(oid);
            if (!held.containsKey(oid)) {
                toRemove.add(oid);   // released while the ping that added it was under way
            }
        }
        removed.forEach(toRemove::remove);
        pings.incrementAndGet();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
