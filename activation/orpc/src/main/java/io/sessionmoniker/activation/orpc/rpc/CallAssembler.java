package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.activation.orpc.rpc.internal.StubBuffers;
import io.sessionmoniker.moniker.Guid;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;

/**
 * Reassembles fragmented requests (on a server) or responses (on a client) by {@code call_id}, within
 * {@link PduLimits#maxReassembledLength()} and {@link PduLimits#maxPendingCalls()}. A one-fragment call
 * passes straight through without copying; a fragmented one is copied, as its fragments arrive, into one array
 * (so the fragments' own arrays can be reused at once, see {@link PduDecoder#reuseFragmentBuffers}). The
 * first fragment's {@code alloc_hint} sizes that array, but is believed only up to four times the stub bytes
 * that fragment carried: an honest call is copied once into an array of its exact length, and a lying hint
 * cannot make the assembler allocate more than a small multiple of what it received; beyond the believed
 * size the array doubles.
 *
 * <pre>{@code
 * CallAssembler calls = new CallAssembler(PduLimits.DEFAULT);
 * decoder.feed(buffer, pdu -> {
 *     if (pdu instanceof Pdu.Request fragment) {
 *         calls.offer(fragment).ifPresent(this::dispatch);   // throws WireFormatException on bad sequencing
 *     }
 * });
 * }</pre>
 *
 * <p>With a {@link MemoryBudget}, every byte a call holds is reserved from it before it is allocated: the array
 * of a fragmented call (its {@code alloc_hint} is believed only as far as the budget grants it, else the array
 * holds just what arrived) and the stub of a one-fragment call. A call the budget cannot hold fails with
 * {@link RpcStatus#NCA_S_FAULT_REMOTE_NO_MEMORY} (as does one whose array cannot be allocated), and its later
 * fragments are dropped without a word; the other calls go on. The reservation of a delivered call passes to the
 * caller ({@link #takeReservation()}), who releases it when the call has run; {@link #discardAll()} gives back
 * what partial calls hold.
 *
 * <p>The array of a large reassembled call is lent by {@code StubBuffers.SHARED} (so its content beyond the
 * call's length is not zeroed, and a bulk call does not allocate one of its size each time); the whole call's
 * stub lies in it and is handed over with the call: whoever reads that stub last may give the array back
 * ({@code StubBuffers.SHARED.recycle(stub)}) once nothing reads it, or leave it to the garbage collector. The
 * budget holds what the call was granted, not the spare room of a lent array longer than that.
 *
 * <p>The whole call keeps the first fragment's flags (plus {@link Pdu#PFC_LAST_FRAG}), context, opnum and
 * object UUID; its {@code alloc_hint} is the total stub length. A later fragment must name the same context
 * (and opnum) as the first. Not thread-safe: one per connection and direction.
 */
public final class CallAssembler {

    private final PduLimits limits;
    private final MemoryBudget budget;
    private final Map<Integer, Partial> pending = new HashMap<>();
    /** Calls refused for memory whose remaining fragments are dropped, oldest first. */
    private final Set<Integer> abandoned = new LinkedHashSet<>();
    private long delivered;

    /**
     * Creates an assembler without a memory budget.
     *
     * @param limits the limits to enforce
     */
    public CallAssembler(PduLimits limits) {
        this(limits, null);
    }

    /**
     * Creates an assembler that reserves what calls hold from a budget.
     *
     * @param limits the limits to enforce
     * @param budget the budget, or null for none
     */
    public CallAssembler(PduLimits limits, MemoryBudget budget) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.budget = budget;
    }

    /**
     * Returns, and forgets, the bytes reserved for the call the last {@code offer} delivered whole; the caller
     * releases them from the budget when it is done with the call.
     *
     * @return the bytes, 0 without a budget
     */
    public long takeReservation() {
        long n = delivered;
        delivered = 0;
        return n;
    }

    /**
     * Drops every partly received call and gives back what they held, for example when the connection ends.
     */
    public void discardAll() {
        for (Partial p : pending.values()) {
            p.free();
        }
        pending.clear();
        abandoned.clear();
    }

    /**
     * Adds a request fragment.
     *
     * @param fragment the fragment
     * @return the whole request once its last fragment arrived, else empty
     * @throws WireFormatException if the fragment does not continue a call properly or a limit is exceeded;
     *     the call's partial state is dropped then
     */
    public Optional<Pdu.Request> offer(Pdu.Request fragment) throws WireFormatException {
        if (fragment.hasFlag(Pdu.PFC_WHOLE) && !pending.containsKey(fragment.callId())) {
            abandoned.remove(fragment.callId());
            reserveWhole(fragment.callId(), fragment.stub().length());
            return Optional.of(fragment);
        }
        Partial whole = add(fragment.callId(), fragment.flags(), fragment.contextId(), fragment.opnum(),
                fragment.object(), fragment.allocHint(), fragment.stub(), fragment.auth());
        if (whole == null) {
            return Optional.empty();
        }
        return Optional.of(new Pdu.Request(fragment.callId(), whole.flags | Pdu.PFC_LAST_FRAG, whole.length,
                whole.contextId, whole.opnum, whole.object, Bytes.unsafeWrap(whole.data, 0, whole.length), null));
    }

    /**
     * Adds a response fragment.
     *
     * @param fragment the fragment
     * @return the whole response once its last fragment arrived, else empty
     * @throws WireFormatException if the fragment does not continue a call properly or a limit is exceeded
     */
    public Optional<Pdu.Response> offer(Pdu.Response fragment) throws WireFormatException {
        if (fragment.hasFlag(Pdu.PFC_WHOLE) && !pending.containsKey(fragment.callId())) {
            abandoned.remove(fragment.callId());
            reserveWhole(fragment.callId(), fragment.stub().length());
            return Optional.of(fragment);
        }
        Partial whole = add(fragment.callId(), fragment.flags(), fragment.contextId(), -1, null,
                fragment.allocHint(), fragment.stub(), fragment.auth());
        if (whole == null) {
            return Optional.empty();
        }
        return Optional.of(new Pdu.Response(fragment.callId(), whole.flags | Pdu.PFC_LAST_FRAG, whole.length,
                whole.contextId, fragment.cancelCount(), Bytes.unsafeWrap(whole.data, 0, whole.length), null));
    }

    /**
     * Drops a partly received call, for example after a fault, co_cancel or orphaned PDU.
     *
     * @param callId the call
     * @return true if a partial call was dropped
     */
    public boolean discard(int callId) {
        Partial p = pending.remove(callId);
        if (p != null) {
            p.free();
        }
        return p != null;
    }

    /**
     * Returns how many calls are partly received.
     *
     * @return the count
     */
    public int pendingCalls() {
        return pending.size();
    }

    private Partial add(int callId, int flags, int contextId, int opnum, Guid object, int allocHint, Bytes stub,
            AuthVerifier auth) throws WireFormatException {
        if (auth != null) {
            discard(callId);
            throw fail(WireFailure.Kind.UNSUPPORTED, "auth_length", callId,
                    "fragmented calls with a verifier must be verified and stripped before reassembly");
        }
        Partial p = pending.get(callId);
        boolean first = (flags & Pdu.PFC_FIRST_FRAG) != 0;
        if (p == null && !first && abandoned.contains(callId)) {
            // the rest of a call refused for memory: its fault has been sent
            if ((flags & Pdu.PFC_LAST_FRAG) != 0) {
                abandoned.remove(callId);
            }
            return null;
        }
        abandoned.remove(callId);
        if (p == null) {
            if (!first) {
                throw fail(WireFailure.Kind.MALFORMED, "pfc_flags", callId,
                        "a fragment without PFC_FIRST_FRAG for a call that has not started");
            }
            if (pending.size() >= limits.maxPendingCalls()) {
                throw fail(WireFailure.Kind.LIMIT_EXCEEDED, "maxPendingCalls", callId,
                        "already " + pending.size() + " calls in reassembly");
            }
            p = new Partial(flags & ~Pdu.PFC_LAST_FRAG, contextId, opnum, object, budget);
            pending.put(callId, p);
        } else if (first) {
            pending.remove(callId).free();
            throw fail(WireFailure.Kind.MALFORMED, "pfc_flags", callId,
                    "PFC_FIRST_FRAG again before the call's last fragment");
        } else if (contextId != p.contextId || opnum != p.opnum) {
            pending.remove(callId).free();
            throw fail(WireFailure.Kind.MALFORMED, "p_cont_id", callId, "fragment names context " + contextId
                    + (opnum >= 0 ? " opnum " + opnum : "") + " but the call started with context " + p.contextId
                    + (opnum >= 0 ? " opnum " + p.opnum : ""));
        }
        long total = (long) p.length + stub.length();
        if (total > limits.maxReassembledLength()) {
            pending.remove(callId).free();
            throw fail(WireFailure.Kind.LIMIT_EXCEEDED, "maxReassembledLength", callId,
                    "call " + callId + " reached " + total + " stub bytes, the limit is "
                            + limits.maxReassembledLength());
        }
        if (!p.append(stub, allocHint, limits.maxReassembledLength())) {
            pending.remove(callId).free();
            if ((flags & Pdu.PFC_LAST_FRAG) == 0) {
                abandon(callId);
            }
            throw noMemory(callId, total);
        }
        if ((flags & Pdu.PFC_LAST_FRAG) == 0) {
            return null;
        }
        pending.remove(callId);
        delivered = budget == null ? 0 : p.reserved;
        return p;
    }

    private void reserveWhole(int callId, int length) throws WireFormatException {
        delivered = 0;
        if (budget != null) {
            if (!budget.tryReserve(length)) {
                throw noMemory(callId, length);
            }
            delivered = length;
        }
    }

    private void abandon(int callId) {
        if (abandoned.size() >= limits.maxPendingCalls()) {
            Integer oldest = abandoned.iterator().next();
            abandoned.remove(oldest);
        }
        abandoned.add(callId);
    }

    private WireFormatException noMemory(int callId, long bytes) {
        return new WireFormatException(new WireFailure(WireFailure.Kind.LIMIT_EXCEEDED, "pendingMemory", 0,
                "call_id " + callId + ": " + bytes + " stub bytes do not fit the memory budget ("
                        + (budget == null ? "the allocation failed" : budget) + ")",
                RpcStatus.NCA_S_FAULT_REMOTE_NO_MEMORY));
    }

    private static WireFormatException fail(WireFailure.Kind kind, String field, int callId, String detail) {
        return new WireFormatException(new WireFailure(kind, field, 0, "call_id " + callId + ": " + detail,
                RpcStatus.NCA_S_PROTO_ERROR));
    }

    /** A call being gathered. */
    private static final class Partial {
        final int flags;
        final int contextId;
        final int opnum;
        final Guid object;
        final MemoryBudget budget;
        static final int HINT_FACTOR = 4;
        byte[] data;
        int length;
        /** The octets of {@link #data} the call was granted; the array may be longer (a lent one). */
        int capacity;
        long reserved;

        Partial(int flags, int contextId, int opnum, Guid object, MemoryBudget budget) {
            this.flags = flags;
            this.contextId = contextId;
            this.opnum = opnum;
            this.object = object;
            this.budget = budget;
        }

        /** Gives back what this call held; its array was never handed out, so it goes back to the pool. */
        void free() {
            if (budget != null) {
                budget.release(reserved);
            }
            reserved = 0;
            StubBuffers.SHARED.recycle(data);
            data = null;
        }

        /** Reserves room for {@code size} octets, or at least {@code need} if that is all that fits. */
        private long grant(long size, long need) {
            long extra = size - capacity;
            if (budget == null || budget.tryReserve(extra)) {
                return size;
            }
            long least = need - capacity;
            return budget.tryReserve(least) ? need : -1;
        }

        /**
         * Copies a fragment's stub in. The first fragment sizes the array: its {@code alloc_hint} (the whole
         * call's stub length when the sender is honest) is believed up to {@value #HINT_FACTOR} times the bytes
         * that fragment actually carried, so an honest call is copied once into an array of its exact length,
         * and a lying hint costs at most that factor of what was received; beyond it the array doubles. With a
         * budget, each size is reserved first: what the budget cannot grant is not allocated, and an array of
         * exactly what arrived is the fallback.
         *
         * @return false if the budget cannot hold the bytes, or their array cannot be allocated
         */
        boolean append(Bytes stub, int allocHint, int limit) {
            int need = length + stub.length();
            long size;
            if (data == null) {
                long believable = Math.min((long) HINT_FACTOR * stub.length(), limit);
                size = Math.max(need, Math.min(allocHint & 0xFFFFFFFFL, believable));
            } else if (need > capacity) {
                size = Math.min(Math.max(need, 2L * capacity), Math.max(need, limit));
            } else {
                size = capacity;
            }
            if (data == null || size > capacity) {
                long granted = grant(size, need);
                if (granted < 0) {
                    return false;
                }
                if (data == null || granted > data.length) {
                    try {
                        byte[] bigger = StubBuffers.SHARED.take((int) granted);
                        if (data != null) {
                            System.arraycopy(data, 0, bigger, 0, length);
                            StubBuffers.SHARED.recycle(data);
                        }
                        data = bigger;
                    } catch (OutOfMemoryError e) {
                        // one call's array: the call fails, the connection and the server go on
                        if (budget != null) {
                            budget.release(granted - capacity);
                        }
                        return false;
                    }
                }
                reserved += granted - capacity;
                capacity = (int) granted;
            }
            stub.copyTo(data, length);
            length = need;
            return true;
        }
    }
}
