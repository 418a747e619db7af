package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.moniker.Guid;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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
 * <p>The whole call keeps the first fragment's flags (plus {@link Pdu#PFC_LAST_FRAG}), context, opnum and
 * object UUID; its {@code alloc_hint} is the total stub length. A later fragment must name the same context
 * (and opnum) as the first. Not thread-safe: one per connection and direction.
 */
public final class CallAssembler {

    private final PduLimits limits;
    private final Map<Integer, Partial> pending = new HashMap<>();

    /**
     * Creates an assembler.
     *
     * @param limits the limits to enforce
     */
    public CallAssembler(PduLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
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
        return pending.remove(callId) != null;
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
            pending.remove(callId);
            throw fail(WireFailure.Kind.UNSUPPORTED, "auth_length", callId,
                    "fragmented calls with a verifier must be verified and stripped before reassembly");
        }
        Partial p = pending.get(callId);
        boolean first = (flags & Pdu.PFC_FIRST_FRAG) != 0;
        if (p == null) {
            if (!first) {
                throw fail(WireFailure.Kind.MALFORMED, "pfc_flags", callId,
                        "a fragment without PFC_FIRST_FRAG for a call that has not started");
            }
            if (pending.size() >= limits.maxPendingCalls()) {
                throw fail(WireFailure.Kind.LIMIT_EXCEEDED, "maxPendingCalls", callId,
                        "already " + pending.size() + " calls in reassembly");
            }
            p = new Partial(flags & ~Pdu.PFC_LAST_FRAG, contextId, opnum, object);
            pending.put(callId, p);
        } else if (first) {
            pending.remove(callId);
            throw fail(WireFailure.Kind.MALFORMED, "pfc_flags", callId,
                    "PFC_FIRST_FRAG again before the call's last fragment");
        } else if (contextId != p.contextId || opnum != p.opnum) {
            pending.remove(callId);
            throw fail(WireFailure.Kind.MALFORMED, "p_cont_id", callId, "fragment names context " + contextId
                    + (opnum >= 0 ? " opnum " + opnum : "") + " but the call started with context " + p.contextId
                    + (opnum >= 0 ? " opnum " + p.opnum : ""));
        }
        long total = (long) p.length + stub.length();
        if (total > limits.maxReassembledLength()) {
            pending.remove(callId);
            throw fail(WireFailure.Kind.LIMIT_EXCEEDED, "maxReassembledLength", callId,
                    "call " + callId + " reached " + total + " stub bytes, the limit is "
                            + limits.maxReassembledLength());
        }
        p.append(stub, allocHint, limits.maxReassembledLength());
        if ((flags & Pdu.PFC_LAST_FRAG) == 0) {
            return null;
        }
        pending.remove(callId);
        return p;
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
        static final int HINT_FACTOR = 4;
        byte[] data;
        int length;

        Partial(int flags, int contextId, int opnum, Guid object) {
            this.flags = flags;
            this.contextId = contextId;
            this.opnum = opnum;
            this.object = object;
        }

        /**
         * Copies a fragment's stub in. The first fragment sizes the array: its {@code alloc_hint} (the whole
         * call's stub length when the sender is honest) is believed up to {@value #HINT_FACTOR} times the bytes
         * that fragment actually carried, so an honest call is copied once into an array of its exact length,
         * and a lying hint costs at most that factor of what was received; beyond it the array doubles.
         */
        void append(Bytes stub, int allocHint, int limit) {
            int need = length + stub.length();
            if (data == null) {
                long believable = Math.min((long) HINT_FACTOR * stub.length(), limit);
                data = new byte[(int) Math.max(need, Math.min(allocHint & 0xFFFFFFFFL, believable))];
            } else if (need > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(Math.max(need, 2L * data.length), Math.max(need, limit)));
            }
            stub.copyTo(data, length);
            length = need;
        }
    }
}
