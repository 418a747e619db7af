package io.sessionmoniker.policy;

import io.sessionmoniker.moniker.ComException;
import java.util.List;

/**
 * A denied {@link Decision} as an exception, for code paths that throw: carries the HRESULT, the reason as the
 * message, and the policy trace.
 *
 * <pre>{@code
 * Decision d = ActivationPolicy.decide(request);
 * d.toException().ifPresent(e -> { throw e; });
 * }</pre>
 */
public final class ActivationDeniedException extends ComException {

    private static final long serialVersionUID = 1L;

    private final transient Decision decision;

    ActivationDeniedException(Decision decision) {
        super(decision.hresult(), decision.reason());
        this.decision = decision;
    }

    /**
     * Returns the denied decision, or null after deserialization (the decision is not serialized).
     *
     * @return the decision
     */
    public Decision decision() {
        return decision;
    }

    /**
     * Returns the trace of the decision.
     *
     * @return the rules applied, in order
     */
    public List<String> trace() {
        return decision == null ? List.of() : decision.trace();
    }
}
