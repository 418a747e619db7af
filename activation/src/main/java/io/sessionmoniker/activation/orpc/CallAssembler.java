package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.moniker.Guid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reassembles fragmented requests (on a server) or responses (on a client) by {@code call_id}, within
 * {@link PduLimits#maxReassembledLength()} and {@link PduLimits#maxPendingCalls()}. A one-fragment call
 * passes straight through without copying; a fragmented one keeps its fragments' stubs as they arrive (each
 * shares the array its fragment was decoded into) and joins them once, when the last arrives, into one array
 * of exactly the bytes received, so every stub byte is copied once ({@code alloc_hint} is only a hint and is
 * not trusted for allocation).
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
                fragment.object(), fragment.stub(), fragment.auth());
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
        Partial whole = add(fragment.callId(), fragment.flags(), fragment.contextId(), -1, null, fragment.stub(),
                fragment.auth());
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

    private Partial add(int callId, int flags, int contextId, int opnum, Guid object, Bytes stub,
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
        p.append(stub);
        if ((flags & Pdu.PFC_LAST_FRAG) == 0) {
            return null;
        }
        pending.remove(callId);
        p.join();
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
        /** The fragments' stubs, kept as received (each shares its fragment's array) until the last arrives. */
        final ArrayList<Bytes> parts = new ArrayList<>();
        int length;
        byte[] data;

        Partial(int flags, int contextId, int opnum, Guid object) {
            this.flags = flags;
            this.contextId = contextId;
            this.opnum = opnum;
            this.object = object;
        }

        void append(Bytes stub) {
            parts.add(stub);
            length += stub.length();
        }

        /** Joins the parts into one array of exactly the call's length: each stub byte is copied once. */
        void join() {
            data = new byte[length];
            int p = 0;
            for (Bytes part : parts) {
                part.copyTo(data, p);
                p += part.length();
            }
            parts.clear();
        }
    }
}
