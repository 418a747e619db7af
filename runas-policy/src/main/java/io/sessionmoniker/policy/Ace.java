package io.sessionmoniker.policy;

import io.sessionmoniker.policy.internal.SddlFormatter;
import java.util.Objects;

/**
 * One access control entry: a type, the {@code AceFlags} byte, an access mask and a SID.
 *
 * <p>Immutable. {@link #toString()} is the SDDL ACE string. The flags byte is kept exactly as read, including
 * bits SDDL has no name for; the inheritance flags ({@code OI CI NP IO ID}) matter to access checks only
 * through {@link #INHERIT_ONLY}: an inherit-only ACE is skipped.
 *
 * <pre>{@code
 * Ace ace = Ace.allow(Sid.INTERACTIVE, ComRights.ALL);
 * ace.toString();                                   // "(A;;CCDCLCSWRP;;;IU)"
 * Ace.of(AceType.ACCESS_ALLOWED, Ace.OBJECT_INHERIT | Ace.CONTAINER_INHERIT, 0x1F01FF, Sid.LOCAL_SYSTEM)
 *    .toString();                                   // "(A;OICI;FA;;;SY)"
 * }</pre>
 *
 * @param type the ACE type
 * @param flags the {@code AceFlags} byte, {@code 0..255}
 * @param mask the access mask (all 32 bits significant)
 * @param sid the trustee
 */
public record Ace(AceType type, int flags, int mask, Sid sid) {

    /** {@code OBJECT_INHERIT_ACE} (SDDL {@code OI}). */
    public static final int OBJECT_INHERIT = 0x01;
    /** {@code CONTAINER_INHERIT_ACE} (SDDL {@code CI}). */
    public static final int CONTAINER_INHERIT = 0x02;
    /** {@code NO_PROPAGATE_INHERIT_ACE} (SDDL {@code NP}). */
    public static final int NO_PROPAGATE_INHERIT = 0x04;
    /** {@code INHERIT_ONLY_ACE} (SDDL {@code IO}): the ACE only feeds inheritance and is skipped by checks. */
    public static final int INHERIT_ONLY = 0x08;
    /** {@code INHERITED_ACE} (SDDL {@code ID}). */
    public static final int INHERITED = 0x10;
    /** {@code SUCCESSFUL_ACCESS_ACE_FLAG} (SDDL {@code SA}): audit ACEs only. */
    public static final int SUCCESSFUL_ACCESS = 0x40;
    /** {@code FAILED_ACCESS_ACE_FLAG} (SDDL {@code FA}): audit ACEs only. */
    public static final int FAILED_ACCESS = 0x80;

    /** Size of the ACE header ({@code ACE_HEADER}) plus the access mask, before the SID. */
    public static final int FIXED_SIZE = 8;

    /**
     * Validates the components.
     *
     * @param type the ACE type
     * @param flags the {@code AceFlags} byte, {@code 0..255}
     * @param mask the access mask
     * @param sid the trustee
     * @throws NullPointerException if {@code type} or {@code sid} is null
     * @throws IllegalArgumentException if {@code flags} is outside {@code 0..255}
     */
    public Ace {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sid, "sid");
        if (flags < 0 || flags > 0xFF) {
            throw new IllegalArgumentException("ACE flags " + flags + " do not fit in a byte");
        }
    }

    /**
     * Creates an ACE.
     *
     * @param type the type
     * @param flags the {@code AceFlags} byte
     * @param mask the access mask
     * @param sid the trustee
     * @return the ACE
     */
    public static Ace of(AceType type, int flags, int mask, Sid sid) {
        return new Ace(type, flags, mask, sid);
    }

    /**
     * Creates an access-allowed ACE without flags.
     *
     * @param sid the trustee
     * @param mask the rights granted
     * @return the ACE
     */
    public static Ace allow(Sid sid, int mask) {
        return new Ace(AceType.ACCESS_ALLOWED, 0, mask, sid);
    }

    /**
     * Creates an access-denied ACE without flags.
     *
     * @param sid the trustee
     * @param mask the rights denied
     * @return the ACE
     */
    public static Ace deny(Sid sid, int mask) {
        return new Ace(AceType.ACCESS_DENIED, 0, mask, sid);
    }

    /**
     * Returns a copy with other flags.
     *
     * @param newFlags the {@code AceFlags} byte
     * @return the new ACE
     */
    public Ace withFlags(int newFlags) {
        return new Ace(type, newFlags, mask, sid);
    }

    /**
     * Returns whether {@link #INHERIT_ONLY} is set, so access checks skip this ACE.
     *
     * @return true for an inherit-only ACE
     */
    public boolean isInheritOnly() {
        return (flags & INHERIT_ONLY) != 0;
    }

    /**
     * Returns whether {@link #INHERITED} is set.
     *
     * @return true for an ACE inherited from a parent
     */
    public boolean isInherited() {
        return (flags & INHERITED) != 0;
    }

    /**
     * Returns the size of the binary form: 8 bytes plus the SID.
     *
     * @return the {@code AceSize} this module writes
     */
    public int byteSize() {
        return FIXED_SIZE + sid.byteSize();
    }

    /**
     * Returns the SDDL ACE string.
     *
     * @return for example {@code "(D;;CC;;;S-1-5-21-1-2-3-1001)"} for a deny of mask 0x1
     */
    @Override
    public String toString() {
        return SddlFormatter.ace(this, null);
    }
}
