package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.activation.orpc.rpc.internal.Le;
import io.sessionmoniker.activation.orpc.rpc.internal.PduWire;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds PDUs in a byte stream: a small state machine fed chunks of any size, split anywhere, that hands each
 * complete, well-formed fragment to a sink as a {@link Pdu}. It does not reassemble fragmented calls (use
 * {@link CallAssembler} after any per-fragment security processing).
 *
 * <p>States: reading the 16-byte common header; then, once the header is checked (version, data
 * representation, type, {@code frag_length} against the fragment limit, {@code auth_length} inside the
 * fragment), reading the rest of the fragment into an array of exactly {@code frag_length} bytes, which the
 * parsed PDU's stub then shares; then back to the header. Bad bytes move it to a terminal failed state:
 * {@link #feed(ByteBuffer, Consumer)} returns the {@link WireFailure}, naming the field or limit and the
 * stream offset, and never throws for bad input. The connection should then be closed.
 *
 * <pre>{@code
 * PduDecoder decoder = new PduDecoder(PduLimits.DEFAULT);
 * Optional<WireFailure> bad = decoder.feed(socketBuffer, pdu -> dispatch(pdu));
 * if (bad.isPresent()) {
 *     log.warn("closing connection: " + bad.get().message());
 *     channel.close();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one decoder per connection, fed by one reader at a time.
 */
public final class PduDecoder {

    private final PduLimits limits;
    private int maxFragmentLength;
    private final byte[] header = new byte[Pdu.COMMON_HEADER_LENGTH];
    private int headerFill;
    private byte[] fragment;
    private int fragmentFill;
    private int fragmentLength;
    private long consumed;
    private long fragmentStart;
    private WireFailure failure;
    private boolean reuse;
    private byte[] reusable;

    /**
     * Creates a decoder.
     *
     * @param limits the limits to enforce
     */
    public PduDecoder(PduLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.maxFragmentLength = limits.maxFragmentLength();
    }

    /**
     * Lets the decoder read every fragment of a fragmented request or response (not a whole call, no verifier)
     * into one array that it reuses for the next such fragment, instead of a new array each time. The sink
     * must then copy what it keeps of such a PDU before it returns, as {@link CallAssembler} does; whole calls
     * and every other PDU still get arrays of their own, which the PDU may keep.
     *
     * @param enabled whether to reuse
     * @return this decoder
     */
    public PduDecoder reuseFragmentBuffers(boolean enabled) {
        this.reuse = enabled;
        if (!enabled) {
            reusable = null;
        }
        return this;
    }

    /**
     * Lowers the fragment limit, typically to the {@code max_recv_frag} negotiated by bind; it applies from
     * the next fragment header on.
     *
     * @param length the new limit, 16 to the configured {@link PduLimits#maxFragmentLength()}
     * @throws IllegalArgumentException if outside that range
     */
    public void setMaxFragmentLength(int length) {
        if (length < Pdu.COMMON_HEADER_LENGTH || length > limits.maxFragmentLength()) {
            throw new IllegalArgumentException("fragment limit " + length + " is outside 16.."
                    + limits.maxFragmentLength());
        }
        this.maxFragmentLength = length;
    }

    /**
     * Consumes all remaining bytes of a buffer, handing each completed PDU to the sink in order.
     *
     * @param source the bytes; its position ends at its limit
     * @param sink receives each PDU
     * @return empty while the stream is well formed; the failure otherwise (also on every later call)
     */
    public Optional<WireFailure> feed(ByteBuffer source, Consumer<? super Pdu> sink) {
        Objects.requireNonNull(sink, "sink");
        return feed(source, (pdu, fragment, length) -> sink.accept(pdu));
    }

    /**
     * Feeds bytes, handing each PDU to the sink together with the bytes of its fragment, for a security layer that
     * verifies a fragment's signature over its encoded header and body. The array is valid only during the
     * callback (it may be reused for the next fragment); copy what must outlive it.
     *
     * @param source the bytes; all of them are consumed
     * @param sink receives each decoded PDU with its fragment's bytes, in order
     * @return the failure that stopped decoding, or empty
     */
    public Optional<WireFailure> feed(ByteBuffer source, FragmentSink sink) {
        Objects.requireNonNull(sink, "sink");
        // copy straight into the header and the fragment's array, from a heap or a direct (socket) buffer alike
        while (source.hasRemaining() && failure == null) {
            if (fragment == null) {
                int n = Math.min(Pdu.COMMON_HEADER_LENGTH - headerFill, source.remaining());
                source.get(header, headerFill, n);
                headerFill += n;
                consumed += n;
                if (headerFill == Pdu.COMMON_HEADER_LENGTH) {
                    startFragment();
                    if (failure == null && fragmentFill == fragmentLength) {
                        finishFragment(sink);
                    }
                }
            } else {
                int n = Math.min(fragmentLength - fragmentFill, source.remaining());
                source.get(fragment, fragmentFill, n);
                fragmentFill += n;
                consumed += n;
                if (fragmentFill == fragmentLength) {
                    finishFragment(sink);
                }
            }
        }
        source.position(source.limit());
        return Optional.ofNullable(failure);
    }

    /**
     * Consumes bytes from an array, handing each completed PDU to the sink in order. The array is not kept.
     *
     * @param bytes the array
     * @param offset where the chunk starts
     * @param length the chunk's length
     * @param sink receives each PDU
     * @return empty while the stream is well formed; the failure otherwise (also on every later call)
     */
    public Optional<WireFailure> feed(byte[] bytes, int offset, int length, Consumer<? super Pdu> sink) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return feed(ByteBuffer.wrap(bytes, offset, length), sink);
    }

    private void startFragment() {
        fragmentStart = consumed - Pdu.COMMON_HEADER_LENGTH;
        WireFailure bad = PduWire.checkHeader(header, 0, fragmentStart, maxFragmentLength);
        if (bad != null) {
            failure = bad;
            return;
        }
        int length = Le.u16(header, 8);
        if (reuse && partOfFragmentedCall()) {
            if (reusable == null || reusable.length < length) {
                reusable = new byte[Math.max(length, Math.min(maxFragmentLength, 0xFFFF))];
            }
            fragment = reusable;
        } else {
            fragment = new byte[length];
        }
        fragmentLength = length;
        System.arraycopy(header, 0, fragment, 0, Pdu.COMMON_HEADER_LENGTH);
        fragmentFill = Pdu.COMMON_HEADER_LENGTH;
        headerFill = 0;
    }

    /** A request or response without a verifier that is not a whole call, judged from its common header. */
    private boolean partOfFragmentedCall() {
        int type = header[2] & 0xFF;
        int flags = header[3] & 0xFF;
        boolean requestOrResponse = type == PduType.REQUEST.code() || type == PduType.RESPONSE.code();
        return requestOrResponse && (flags & Pdu.PFC_WHOLE) != Pdu.PFC_WHOLE && Le.u16(header, 10) == 0;
    }

    private void finishFragment(FragmentSink sink) {
        byte[] complete = fragment;
        fragment = null;
        fragmentFill = 0;
        Pdu pdu;
        try {
            pdu = PduWire.parse(complete, 0, fragmentLength, fragmentStart, limits, true);
        } catch (WireFormatException e) {
            failure = e.failure();
            return;
        } catch (RuntimeException e) {
            failure = new WireFailure(WireFailure.Kind.INTERNAL_ERROR, "PDU", fragmentStart, e.toString(),
                    RpcStatus.NCA_S_PROTO_ERROR);
            return;
        }
        sink.accept(pdu, complete, fragmentLength);
    }

    /** Receives decoded PDUs with the bytes of their fragments. */
    @FunctionalInterface
    public interface FragmentSink {
        /**
         * Takes one PDU.
         *
         * @param pdu the decoded PDU
         * @param fragment the fragment's bytes from index 0; valid only during the call
         * @param length the fragment's length
         */
        void accept(Pdu pdu, byte[] fragment, int length);
    }

    /**
     * Tells whether the decoder stopped at bad input.
     *
     * @return true after a failure
     */
    public boolean failed() {
        return failure != null;
    }

    /**
     * Returns the failure, if any.
     *
     * @return the failure that stopped the decoder
     */
    public Optional<WireFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Tells whether no partial PDU is buffered, so that an end of stream here is clean.
     *
     * @return true between PDUs
     */
    public boolean atBoundary() {
        return fragment == null && headerFill == 0;
    }

    /**
     * Returns the number of stream bytes consumed.
     *
     * @return the count
     */
    public long bytesConsumed() {
        return consumed;
    }
}
