package io.sessionmoniker.policy;

import io.sessionmoniker.policy.internal.SddlFormatter;
import io.sessionmoniker.policy.internal.SddlParser;
import io.sessionmoniker.policy.internal.SecurityDescriptorCodec;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A Windows security descriptor: owner, group, control flags, DACL and SACL.
 *
 * <p>Immutable. Read it from the binary self-relative form stored in registry values such as an AppID's
 * {@code LaunchPermission} ({@link #fromBytes(byte[])}) or from SDDL ({@link #parse(String)}); write it back
 * with {@link #toBytes()} and {@link #toSddl()}. {@link #toString()} is the SDDL form, and both round trips
 * hold: {@code fromBytes(sd.toBytes()).equals(sd)} and {@code parse(sd.toSddl()).equals(sd)} (the second when
 * every control bit is one SDDL can express; see {@link #toSddl()}).
 *
 * <pre>{@code
 * SecurityDescriptor sd = SecurityDescriptor.parse("O:BAG:BAD:(D;;CCDCLCSWRP;;;NU)(A;;CCDCLCSWRP;;;IU)");
 * sd.owner();                                   // Optional[S-1-5-32-544]
 * sd.dacl().get().size();                       // 2
 * byte[] blob = sd.toBytes();                   // as regedit would store it
 * SecurityDescriptor.fromBytes(blob).equals(sd); // true
 * sd.checkCom(alice, ComRights.launch(false)).granted();
 * }</pre>
 *
 * <p>The DACL has three states, which access checks treat differently ([MS-DTYP] 2.4.6; "Null DACLs and Empty
 * DACLs" in the Windows documentation):
 * <ul>
 *   <li><b>absent</b> ({@link #SE_DACL_PRESENT} clear; no {@code D:} in SDDL): everyone is granted access;
 *   <li><b>NULL</b> ({@link #SE_DACL_PRESENT} set, no ACL; {@code D:NO_ACCESS_CONTROL}): everyone is granted
 *       access;
 *   <li><b>present</b> ({@link #dacl()} non-empty Optional): only what its ACEs grant; an empty ACL
 *       ({@code D:}) grants nothing to anyone.
 * </ul>
 * The SACL has the same three states; it never affects access checks here.
 *
 * <p>{@link #control()} always includes {@link #SE_SELF_RELATIVE}, and includes {@link #SE_DACL_PRESENT} and
 * {@link #SE_SACL_PRESENT} exactly when the DACL or SACL is present or NULL; the builder derives those three
 * bits.
 */
public final class SecurityDescriptor {

    /** {@code SE_OWNER_DEFAULTED}. */
    public static final int SE_OWNER_DEFAULTED = 0x0001;
    /** {@code SE_GROUP_DEFAULTED}. */
    public static final int SE_GROUP_DEFAULTED = 0x0002;
    /** {@code SE_DACL_PRESENT}: the descriptor has a DACL (possibly NULL). */
    public static final int SE_DACL_PRESENT = 0x0004;
    /** {@code SE_DACL_DEFAULTED}. */
    public static final int SE_DACL_DEFAULTED = 0x0008;
    /** {@code SE_SACL_PRESENT}: the descriptor has a SACL (possibly NULL). */
    public static final int SE_SACL_PRESENT = 0x0010;
    /** {@code SE_SACL_DEFAULTED}. */
    public static final int SE_SACL_DEFAULTED = 0x0020;
    /** {@code SE_DACL_TRUSTED}. */
    public static final int SE_DACL_TRUSTED = 0x0040;
    /** {@code SE_SERVER_SECURITY}. */
    public static final int SE_SERVER_SECURITY = 0x0080;
    /** {@code SE_DACL_AUTO_INHERIT_REQ} (SDDL {@code D:AR}). */
    public static final int SE_DACL_AUTO_INHERIT_REQ = 0x0100;
    /** {@code SE_SACL_AUTO_INHERIT_REQ} (SDDL {@code S:AR}). */
    public static final int SE_SACL_AUTO_INHERIT_REQ = 0x0200;
    /** {@code SE_DACL_AUTO_INHERITED} (SDDL {@code D:AI}). */
    public static final int SE_DACL_AUTO_INHERITED = 0x0400;
    /** {@code SE_SACL_AUTO_INHERITED} (SDDL {@code S:AI}). */
    public static final int SE_SACL_AUTO_INHERITED = 0x0800;
    /** {@code SE_DACL_PROTECTED} (SDDL {@code D:P}). */
    public static final int SE_DACL_PROTECTED = 0x1000;
    /** {@code SE_SACL_PROTECTED} (SDDL {@code S:P}). */
    public static final int SE_SACL_PROTECTED = 0x2000;
    /** {@code SE_RM_CONTROL_VALID}. */
    public static final int SE_RM_CONTROL_VALID = 0x4000;
    /** {@code SE_SELF_RELATIVE}: parts are found by offsets; always set here. */
    public static final int SE_SELF_RELATIVE = 0x8000;

    /** The control bits the builder derives from the parts: present bits and {@link #SE_SELF_RELATIVE}. */
    public static final int STRUCTURAL_CONTROL_BITS = SE_DACL_PRESENT | SE_SACL_PRESENT | SE_SELF_RELATIVE;

    /** The control bits SDDL can express (besides the present bits): the P, AR and AI flags of D: and S:. */
    public static final int SDDL_CONTROL_BITS = SE_DACL_AUTO_INHERIT_REQ | SE_SACL_AUTO_INHERIT_REQ
            | SE_DACL_AUTO_INHERITED | SE_SACL_AUTO_INHERITED | SE_DACL_PROTECTED | SE_SACL_PROTECTED;

    private final int control;
    private final Sid owner;
    private final Sid group;
    private final Acl sacl;
    private final Acl dacl;

    private SecurityDescriptor(Builder b) {
        int derived = SE_SELF_RELATIVE;
        if (b.daclPresent) {
            derived |= SE_DACL_PRESENT;
        }
        if (b.saclPresent) {
            derived |= SE_SACL_PRESENT;
        }
        this.control = b.flags | derived;
        this.owner = b.owner;
        this.group = b.group;
        this.sacl = b.sacl;
        this.dacl = b.dacl;
    }

    /**
     * Reads a binary self-relative descriptor, as stored in {@code LaunchPermission}, {@code AccessPermission},
     * {@code DefaultLaunchPermission} and similar registry values.
     *
     * @param bytes the value's data
     * @return the descriptor
     * @throws SecurityDescriptorFormatException for a malformed buffer, naming the byte offset: truncation,
     *     offsets outside the buffer, ACL or ACE sizes past their end, unsupported ACE types, bad revisions, a
     *     missing {@link #SE_SELF_RELATIVE}
     */
    public static SecurityDescriptor fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return SecurityDescriptorCodec.read(bytes);
    }

    /**
     * Reads like {@link #fromBytes(byte[])} but returns empty instead of throwing.
     *
     * @param bytes the value's data
     * @return the descriptor, or empty if the buffer is malformed
     */
    public static Optional<SecurityDescriptor> tryFromBytes(byte[] bytes) {
        try {
            return Optional.of(fromBytes(bytes));
        } catch (SecurityDescriptorFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses SDDL. Domain-relative aliases ({@code DA}, {@code LA}, …) are rejected; use
     * {@link #parse(String, Sid)} for those.
     *
     * <p>Supported: {@code O:}, {@code G:}, {@code D:} and {@code S:} in that order; ACL flags {@code P},
     * {@code AR}, {@code AI}, {@code NO_ACCESS_CONTROL}; ACE types {@code A}, {@code D} (and {@code OA} without
     * GUIDs, which Windows turns into {@code A}) in a DACL, {@code AU} and {@code ML} in a SACL; ACE flags
     * {@code OI CI NP IO ID SA FA}; rights as two-letter codes, {@code 0x} hexadecimal or decimal; SIDs as
     * aliases or {@code S-1-…} strings. Keywords ignore ASCII case. Whitespace is allowed between components and
     * between ACEs.
     *
     * @param sddl for example {@code "O:BAG:BAD:(A;;CCDCLCSWRP;;;IU)"}
     * @return the descriptor
     * @throws SecurityDescriptorFormatException naming the character position of the first error
     */
    public static SecurityDescriptor parse(String sddl) {
        return parse(sddl, null);
    }

    /**
     * Parses SDDL, resolving domain-relative aliases against {@code domain}: {@code LA} is
     * <i>domain</i>{@code -500}, {@code DA} <i>domain</i>{@code -512}, and so on.
     *
     * <pre>{@code
     * Sid domain = Sid.parse("S-1-5-21-397955417-626881126-188441444");
     * SecurityDescriptor.parse("O:AOG:DAD:(A;;GA;;;S-1-0-0)", domain).group();
     *     // Optional[S-1-5-21-397955417-626881126-188441444-512]
     * }</pre>
     *
     * @param sddl the SDDL string
     * @param domain the domain SID, or null to reject domain-relative aliases
     * @return the descriptor
     * @throws SecurityDescriptorFormatException naming the character position of the first error
     */
    public static SecurityDescriptor parse(String sddl, Sid domain) {
        Objects.requireNonNull(sddl, "sddl");
        return SddlParser.parse(sddl, domain);
    }

    /**
     * Parses like {@link #parse(String)} but returns empty instead of throwing.
     *
     * @param sddl the SDDL string
     * @return the descriptor, or empty if the string is malformed
     */
    public static Optional<SecurityDescriptor> tryParse(String sddl) {
        try {
            return Optional.of(parse(sddl));
        } catch (SecurityDescriptorFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts an empty descriptor: no owner, no group, no DACL, no SACL.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this descriptor's parts.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.owner = owner;
        b.group = group;
        b.dacl = dacl;
        b.daclPresent = isDaclPresent();
        b.sacl = sacl;
        b.saclPresent = isSaclPresent();
        b.flags = control & ~STRUCTURAL_CONTROL_BITS;
        return b;
    }

    /**
     * Returns the owner.
     *
     * @return the owner SID, or empty
     */
    public Optional<Sid> owner() {
        return Optional.ofNullable(owner);
    }

    /**
     * Returns the primary group.
     *
     * @return the group SID, or empty
     */
    public Optional<Sid> group() {
        return Optional.ofNullable(group);
    }

    /**
     * Returns the control word, including {@link #SE_SELF_RELATIVE} and the present bits.
     *
     * @return the 16-bit {@code SECURITY_DESCRIPTOR_CONTROL}
     */
    public int control() {
        return control;
    }

    /**
     * Returns whether every bit of {@code bits} is set in the control word.
     *
     * @param bits one or more {@code SE_*} constants
     * @return true if all are set
     */
    public boolean hasControl(int bits) {
        return (control & bits) == bits;
    }

    /**
     * Returns whether {@link #SE_DACL_PRESENT} is set (the DACL is present or NULL).
     *
     * @return true unless the descriptor has no DACL at all
     */
    public boolean isDaclPresent() {
        return (control & SE_DACL_PRESENT) != 0;
    }

    /**
     * Returns whether the DACL is NULL: present but without an ACL ({@code D:NO_ACCESS_CONTROL}).
     *
     * @return true for a NULL DACL
     */
    public boolean hasNullDacl() {
        return isDaclPresent() && dacl == null;
    }

    /**
     * Returns the DACL.
     *
     * @return the ACL, or empty when the DACL is absent or NULL (see {@link #isDaclPresent()})
     */
    public Optional<Acl> dacl() {
        return Optional.ofNullable(dacl);
    }

    /**
     * Returns whether {@link #SE_SACL_PRESENT} is set.
     *
     * @return true unless the descriptor has no SACL at all
     */
    public boolean isSaclPresent() {
        return (control & SE_SACL_PRESENT) != 0;
    }

    /**
     * Returns whether the SACL is NULL ({@code S:NO_ACCESS_CONTROL}).
     *
     * @return true for a NULL SACL
     */
    public boolean hasNullSacl() {
        return isSaclPresent() && sacl == null;
    }

    /**
     * Returns the SACL.
     *
     * @return the ACL, or empty when the SACL is absent or NULL
     */
    public Optional<Acl> sacl() {
        return Optional.ofNullable(sacl);
    }

    /**
     * Returns the binary self-relative form: the 20-byte header, then the SACL, DACL, owner and group, the
     * layout of Windows' own registry values.
     *
     * @return a new buffer
     */
    public byte[] toBytes() {
        return SecurityDescriptorCodec.write(this);
    }

    /**
     * Returns the size of {@link #toBytes()}.
     *
     * @return the number of bytes
     */
    public int byteSize() {
        return SecurityDescriptorCodec.HEADER_SIZE
                + (sacl == null ? 0 : sacl.byteSize())
                + (dacl == null ? 0 : dacl.byteSize())
                + (owner == null ? 0 : owner.byteSize())
                + (group == null ? 0 : group.byteSize());
    }

    /**
     * Returns the SDDL form: {@code O:}, {@code G:}, {@code D:}, {@code S:} in that order, SIDs as aliases where
     * one exists, rights as codes where they cover the mask (else {@code 0x} hexadecimal).
     *
     * <p>Control bits outside {@link #SDDL_CONTROL_BITS} and the present bits ({@code *_DEFAULTED},
     * {@link #SE_DACL_TRUSTED}, {@link #SE_SERVER_SECURITY}, {@link #SE_RM_CONTROL_VALID}) have no SDDL syntax
     * and are left out, as Windows leaves them out; so are P/AR/AI flags of an absent DACL or SACL.
     *
     * @return the SDDL string
     */
    public String toSddl() {
        return SddlFormatter.descriptor(this, null);
    }

    /**
     * Returns the SDDL form, writing SIDs of {@code domain} with their domain-relative aliases ({@code DA},
     * {@code LA}, …) as Windows does for its own domain.
     *
     * @param domain the domain SID, or null
     * @return the SDDL string
     */
    public String toSddl(Sid domain) {
        return SddlFormatter.descriptor(this, domain);
    }

    /**
     * Checks access with Windows' generic {@code AccessCheck} rules; see {@link AccessCheck#check}.
     *
     * @param principal the caller
     * @param desiredAccess the rights wanted, not 0
     * @return the explained result
     */
    public AccessCheckResult check(Principal principal, int desiredAccess) {
        return AccessCheck.check(this, principal, desiredAccess);
    }

    /**
     * Checks COM launch or access rights, with the legacy {@code COM_RIGHTS_EXECUTE} rule; see
     * {@link AccessCheck#checkCom}.
     *
     * @param principal the caller
     * @param desiredComRights {@link ComRights} bits, not 0
     * @return the explained result
     */
    public AccessCheckResult checkCom(Principal principal, int desiredComRights) {
        return AccessCheck.checkCom(this, principal, desiredComRights);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecurityDescriptor other
                && control == other.control
                && Objects.equals(owner, other.owner)
                && Objects.equals(group, other.group)
                && Objects.equals(sacl, other.sacl)
                && Objects.equals(dacl, other.dacl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(control, owner, group, sacl, dacl);
    }

    /**
     * Returns the SDDL form, {@link #toSddl()}.
     *
     * @return the SDDL string
     */
    @Override
    public String toString() {
        return toSddl();
    }

    /**
     * Builds a {@link SecurityDescriptor}.
     *
     * <pre>{@code
     * SecurityDescriptor sd = SecurityDescriptor.builder()
     *         .owner(Sid.BUILTIN_ADMINISTRATORS)
     *         .group(Sid.BUILTIN_ADMINISTRATORS)
     *         .dacl(Acl.of(Ace.allow(Sid.INTERACTIVE, ComRights.ALL)))
     *         .addControlFlags(SecurityDescriptor.SE_DACL_PROTECTED)
     *         .build();
     * sd.toSddl();   // "O:BAG:BAD:P(A;;CCDCLCSWRP;;;IU)"
     * }</pre>
     */
    public static final class Builder {
        private Sid owner;
        private Sid group;
        private Acl dacl;
        private boolean daclPresent;
        private Acl sacl;
        private boolean saclPresent;
        private int flags;

        private Builder() {
        }

        /**
         * Sets the owner.
         *
         * @param sid the owner, or null for none
         * @return this builder
         */
        public Builder owner(Sid sid) {
            this.owner = sid;
            return this;
        }

        /**
         * Sets the primary group.
         *
         * @param sid the group, or null for none
         * @return this builder
         */
        public Builder group(Sid sid) {
            this.group = sid;
            return this;
        }

        /**
         * Sets a present DACL.
         *
         * @param acl the DACL; only {@link AceType#ACCESS_ALLOWED} and {@link AceType#ACCESS_DENIED} entries
         * @return this builder
         * @throws IllegalArgumentException if an entry is an audit or label ACE
         */
        public Builder dacl(Acl acl) {
            Objects.requireNonNull(acl, "acl");
            for (Ace ace : acl) {
                if (!ace.type().isDiscretionary()) {
                    throw new IllegalArgumentException("a DACL cannot hold " + ace.type() + " entries: " + ace);
                }
            }
            this.dacl = acl;
            this.daclPresent = true;
            return this;
        }

        /**
         * Makes the DACL NULL: present, without an ACL. Everyone is granted access.
         *
         * @return this builder
         */
        public Builder nullDacl() {
            this.dacl = null;
            this.daclPresent = true;
            return this;
        }

        /**
         * Removes the DACL. Everyone is granted access.
         *
         * @return this builder
         */
        public Builder noDacl() {
            this.dacl = null;
            this.daclPresent = false;
            return this;
        }

        /**
         * Sets a present SACL.
         *
         * @param acl the SACL; only {@link AceType#SYSTEM_AUDIT} and {@link AceType#SYSTEM_MANDATORY_LABEL}
         *     entries
         * @return this builder
         * @throws IllegalArgumentException if an entry is an allow or deny ACE
         */
        public Builder sacl(Acl acl) {
            Objects.requireNonNull(acl, "acl");
            for (Ace ace : acl) {
                if (ace.type().isDiscretionary()) {
                    throw new IllegalArgumentException("a SACL cannot hold " + ace.type() + " entries: " + ace);
                }
            }
            this.sacl = acl;
            this.saclPresent = true;
            return this;
        }

        /**
         * Makes the SACL NULL: present, without an ACL.
         *
         * @return this builder
         */
        public Builder nullSacl() {
            this.sacl = null;
            this.saclPresent = true;
            return this;
        }

        /**
         * Removes the SACL.
         *
         * @return this builder
         */
        public Builder noSacl() {
            this.sacl = null;
            this.saclPresent = false;
            return this;
        }

        /**
         * Sets control bits in addition to those already set, for example {@link #SE_DACL_PROTECTED}.
         *
         * @param bits {@code SE_*} constants other than the structural ones
         * @return this builder
         * @throws IllegalArgumentException if {@code bits} includes {@link #STRUCTURAL_CONTROL_BITS}, which are
         *     derived from the parts, or bits above 0xFFFF
         */
        public Builder addControlFlags(int bits) {
            if ((bits & STRUCTURAL_CONTROL_BITS) != 0 || (bits & ~0xFFFF) != 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "control bits 0x%04X include derived bits (SE_DACL_PRESENT, SE_SACL_PRESENT,"
                                + " SE_SELF_RELATIVE) or do not fit 16 bits", bits));
            }
            this.flags |= bits;
            return this;
        }

        /**
         * Builds the descriptor.
         *
         * @return the immutable descriptor
         */
        public SecurityDescriptor build() {
            return new SecurityDescriptor(this);
        }
    }
}
