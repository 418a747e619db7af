package io.sessionmoniker.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outcome of an {@link AccessCheck}: granted or not, the ACE that decided it, and why in plain words.
 *
 * <p>Immutable. Denial is data: an access check never throws to say no. {@link #reason()} is written to be
 * quoted in a policy trace.
 *
 * <pre>{@code
 * AccessCheckResult r = sd.checkCom(bob, ComRights.launch(false));
 * r.granted();      // false
 * r.aceIndex();     // OptionalInt[0]
 * r.reason();       // "ACE #0 (D;;CCDCLCSWRP;;;NU) denies EXECUTE_LOCAL|ACTIVATE_LOCAL to NT AUTHORITY\NETWORK
 *                   //  (S-1-5-2), which is in bob's token"
 * }</pre>
 */
public final class AccessCheckResult {

    private final boolean granted;
    private final int desiredAccess;
    private final int grantedAccess;
    private final int aceIndex;
    private final Ace ace;
    private final String reason;

    AccessCheckResult(boolean granted, int desiredAccess, int grantedAccess, int aceIndex, Ace ace, String reason) {
        this.granted = granted;
        this.desiredAccess = desiredAccess;
        this.grantedAccess = grantedAccess;
        this.aceIndex = aceIndex;
        this.ace = ace;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns whether every desired right was granted.
     *
     * @return true if access is allowed
     */
    public boolean granted() {
        return granted;
    }

    /**
     * Returns the rights that were asked for, as passed to the check.
     *
     * @return the desired mask
     */
    public int desiredAccess() {
        return desiredAccess;
    }

    /**
     * Returns the rights granted before the decision. For a COM check these are granular rights (see
     * {@link ComRights#GRANULAR}); with no DACL or a NULL DACL they are all the desired rights.
     *
     * @return the granted mask; equal to what was wanted when {@link #granted()}
     */
    public int grantedAccess() {
        return grantedAccess;
    }

    /**
     * Returns the index in the DACL of the deciding ACE: the deny that refused, or the allow that completed the
     * grant.
     *
     * @return the 0-based index, or empty when no ACE decided (no DACL, NULL or empty DACL, rights missing)
     */
    public OptionalInt aceIndex() {
        return aceIndex < 0 ? OptionalInt.empty() : OptionalInt.of(aceIndex);
    }

    /**
     * Returns the deciding ACE.
     *
     * @return the ACE, or empty when no ACE decided
     */
    public Optional<Ace> ace() {
        return Optional.ofNullable(ace);
    }

    /**
     * Returns the SID of the deciding ACE.
     *
     * @return the SID, or empty when no ACE decided
     */
    public Optional<Sid> sid() {
        return ace == null ? Optional.empty() : Optional.of(ace.sid());
    }

    /**
     * Returns why, in plain words.
     *
     * @return for example {@code "the DACL is empty, so no one is granted anything"}
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns {@code "granted: "} or {@code "denied: "} followed by the reason.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return (granted ? "granted: " : "denied: ") + reason;
    }
}
