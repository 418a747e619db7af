package io.sessionmoniker.activation.orpc.rpc;

import java.util.Objects;

/**
 * One element of a bind_ack or alter_context_resp result list, C706 12.6.3.1 {@code p_result_t}: acceptance
 * with the chosen transfer syntax, or a rejection with its reason. MS-RPCE 2.2.2.4 adds
 * {@link #NEGOTIATE_ACK} for bind-time feature negotiation.
 *
 * <pre>{@code
 * PresentationResult.accept(SyntaxId.NDR20);
 * PresentationResult.reject(PresentationResult.ABSTRACT_SYNTAX_NOT_SUPPORTED);  // provider_rejection, reason 1
 * }</pre>
 *
 * @param result {@link #ACCEPTANCE}, {@link #USER_REJECTION}, {@link #PROVIDER_REJECTION} or {@link #NEGOTIATE_ACK}
 * @param reason for a rejection, {@link #REASON_NOT_SPECIFIED} and friends; 0 for an acceptance
 * @param transferSyntax the accepted syntax, or {@link SyntaxId#NULL} for a rejection
 */
public record PresentationResult(int result, int reason, SyntaxId transferSyntax) {

    /** The context is accepted. */
    public static final int ACCEPTANCE = 0;
    /** The context is rejected by the user (application). */
    public static final int USER_REJECTION = 1;
    /** The context is rejected by the RPC runtime; {@link #reason()} says why. */
    public static final int PROVIDER_REJECTION = 2;
    /** MS-RPCE bind-time feature negotiation acknowledgement. */
    public static final int NEGOTIATE_ACK = 3;

    /** No reason given. */
    public static final int REASON_NOT_SPECIFIED = 0;
    /** The interface is not served here. */
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 1;
    /** None of the offered transfer syntaxes is supported. */
    public static final int PROPOSED_TRANSFER_SYNTAXES_NOT_SUPPORTED = 2;
    /** A local limit was exceeded. */
    public static final int LOCAL_LIMIT_EXCEEDED = 3;

    /**
     * Checks the components.
     *
     * @param result the result
     * @param reason the reason
     * @param transferSyntax the syntax
     */
    public PresentationResult {
        if ((result & ~0xFFFF) != 0 || (reason & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("result and reason are 16-bit: " + result + ", " + reason);
        }
        Objects.requireNonNull(transferSyntax, "transferSyntax");
    }

    /**
     * Accepts with a transfer syntax.
     *
     * @param transferSyntax the syntax chosen from those offered
     * @return the result
     */
    public static PresentationResult accept(SyntaxId transferSyntax) {
        return new PresentationResult(ACCEPTANCE, 0, transferSyntax);
    }

    /**
     * Rejects as the provider, with an all-zero transfer syntax.
     *
     * @param reason for example {@link #ABSTRACT_SYNTAX_NOT_SUPPORTED}
     * @return the result
     */
    public static PresentationResult reject(int reason) {
        return new PresentationResult(PROVIDER_REJECTION, reason, SyntaxId.NULL);
    }

    /**
     * Tells whether the context was accepted.
     *
     * @return true for {@link #ACCEPTANCE}
     */
    public boolean accepted() {
        return result == ACCEPTANCE;
    }
}
