package io.sessionmoniker.activation.orpc.rpc;

/**
 * Limits that guard the PDU decoder and the call assembler against hostile or broken peers; exceeding one
 * is a {@link WireFailure} of kind {@link WireFailure.Kind#LIMIT_EXCEEDED} whose {@link WireFailure#field()}
 * is the limit's component name.
 *
 * <pre>{@code
 * PduLimits.DEFAULT.maxFragmentLength();                 // 5840
 * PduLimits local = PduLimits.DEFAULT.withMaxFragmentLength(65535);
 * PduDecoder decoder = new PduDecoder(local);
 * }</pre>
 *
 * @param maxFragmentLength the largest {@code frag_length} accepted, 16 to 65535; the decoder buffers one
 *     fragment of at most this size. Set it to the {@code max_recv_frag} this side advertises.
 * @param maxReassembledLength the largest stub of a request or response reassembled from fragments, at
 *     least 1
 * @param maxPendingCalls how many calls may be partly reassembled at once, at least 1
 * @param maxContextsPerBind the most presentation contexts in one bind or alter_context (and results in
 *     one bind_ack), 1 to 255
 * @param maxTransferSyntaxesPerContext the most transfer syntaxes offered for one context, 1 to 255
 */
public record PduLimits(int maxFragmentLength, int maxReassembledLength, int maxPendingCalls,
        int maxContextsPerBind, int maxTransferSyntaxesPerContext) {

    /**
     * The defaults: fragments up to 5840 bytes (what Windows advertises on TCP), reassembled stubs up to
     * 4 MiB, 16 calls in reassembly, 16 contexts per bind, 8 transfer syntaxes per context.
     */
    public static final PduLimits DEFAULT = new PduLimits(5840, 4 << 20, 16, 16, 8);

    /**
     * Checks the limits.
     *
     * @param maxFragmentLength the fragment limit
     * @param maxReassembledLength the reassembly limit
     * @param maxPendingCalls the pending call limit
     * @param maxContextsPerBind the context limit
     * @param maxTransferSyntaxesPerContext the transfer syntax limit
     */
    public PduLimits {
        if (maxFragmentLength < Pdu.COMMON_HEADER_LENGTH || maxFragmentLength > 0xFFFF) {
            throw new IllegalArgumentException("maxFragmentLength is 16 to 65535, not " + maxFragmentLength);
        }
        if (maxReassembledLength < 1 || maxPendingCalls < 1) {
            throw new IllegalArgumentException("maxReassembledLength and maxPendingCalls must be positive");
        }
        if (maxContextsPerBind < 1 || maxContextsPerBind > 255 || maxTransferSyntaxesPerContext < 1
                || maxTransferSyntaxesPerContext > 255) {
            throw new IllegalArgumentException("context limits are 1 to 255");
        }
    }

    /**
     * Returns a copy with another fragment limit.
     *
     * @param length the largest {@code frag_length} accepted
     * @return the limits
     */
    public PduLimits withMaxFragmentLength(int length) {
        return new PduLimits(length, maxReassembledLength, maxPendingCalls, maxContextsPerBind,
                maxTransferSyntaxesPerContext);
    }

    /**
     * Returns a copy with another reassembly limit.
     *
     * @param length the largest reassembled stub
     * @return the limits
     */
    public PduLimits withMaxReassembledLength(int length) {
        return new PduLimits(maxFragmentLength, length, maxPendingCalls, maxContextsPerBind,
                maxTransferSyntaxesPerContext);
    }
}
