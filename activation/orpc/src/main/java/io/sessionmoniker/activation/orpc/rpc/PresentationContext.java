package io.sessionmoniker.activation.orpc.rpc;

import java.util.List;
import java.util.Objects;

/**
 * One element of a bind or alter_context presentation context list, C706 12.6.3.1 {@code p_cont_elem_t}:
 * the context id the client will name in requests, the interface (abstract syntax) and the transfer syntaxes
 * it offers, in order of preference.
 *
 * <pre>{@code
 * PresentationContext ctx = PresentationContext.ndr(0, SyntaxId.of(Iids.IDISPATCH));
 * ctx.transferSyntaxes();   // [SyntaxId.NDR20]
 * }</pre>
 *
 * @param contextId 0 to 65535
 * @param abstractSyntax the interface
 * @param transferSyntaxes 1 to 255 transfer syntaxes
 */
public record PresentationContext(int contextId, SyntaxId abstractSyntax, List<SyntaxId> transferSyntaxes) {

    /**
     * Checks and copies the components.
     *
     * @param contextId the context id
     * @param abstractSyntax the interface
     * @param transferSyntaxes the transfer syntaxes
     */
    public PresentationContext {
        if ((contextId & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("context id is 16-bit: " + contextId);
        }
        Objects.requireNonNull(abstractSyntax, "abstractSyntax");
        transferSyntaxes = List.copyOf(transferSyntaxes);
        if (transferSyntaxes.isEmpty() || transferSyntaxes.size() > 255) {
            throw new IllegalArgumentException("1 to 255 transfer syntaxes, not " + transferSyntaxes.size());
        }
    }

    /**
     * Returns a context that offers only NDR 2.0.
     *
     * @param contextId the context id
     * @param abstractSyntax the interface
     * @return the context
     */
    public static PresentationContext ndr(int contextId, SyntaxId abstractSyntax) {
        return new PresentationContext(contextId, abstractSyntax, List.of(SyntaxId.NDR20));
    }
}
