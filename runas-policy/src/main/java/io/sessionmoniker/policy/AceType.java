package io.sessionmoniker.policy;

import java.util.Optional;

/**
 * The ACE types this module reads and writes, with their {@code AceType} byte and SDDL string.
 *
 * <p>A DACL holds {@link #ACCESS_ALLOWED} and {@link #ACCESS_DENIED} entries; a SACL holds
 * {@link #SYSTEM_AUDIT} and {@link #SYSTEM_MANDATORY_LABEL} entries. All four share one layout (header, access
 * mask, SID). Object, callback, alarm and resource-attribute ACEs are rejected with an error that names them.
 *
 * <pre>{@code
 * AceType.fromCode(1);          // Optional[ACCESS_DENIED]
 * AceType.ACCESS_DENIED.sddl(); // "D"
 * }</pre>
 */
public enum AceType {
    /** {@code ACCESS_ALLOWED_ACE_TYPE} (0), SDDL {@code A}. */
    ACCESS_ALLOWED(0x00, "A", true),
    /** {@code ACCESS_DENIED_ACE_TYPE} (1), SDDL {@code D}. */
    ACCESS_DENIED(0x01, "D", true),
    /** {@code SYSTEM_AUDIT_ACE_TYPE} (2), SDDL {@code AU}: SACL only. */
    SYSTEM_AUDIT(0x02, "AU", false),
    /** {@code SYSTEM_MANDATORY_LABEL_ACE_TYPE} (0x11), SDDL {@code ML}: SACL only. */
    SYSTEM_MANDATORY_LABEL(0x11, "ML", false);

    private final int code;
    private final String sddl;
    private final boolean discretionary;

    AceType(int code, String sddl, boolean discretionary) {
        this.code = code;
        this.sddl = sddl;
        this.discretionary = discretionary;
    }

    /**
     * Returns the {@code AceType} byte.
     *
     * @return for example 1 for {@link #ACCESS_DENIED}
     */
    public int code() {
        return code;
    }

    /**
     * Returns the SDDL ACE type string.
     *
     * @return for example {@code "D"}
     */
    public String sddl() {
        return sddl;
    }

    /**
     * Returns whether this type belongs in a DACL (allow and deny) rather than a SACL (audit and label).
     *
     * @return true for {@link #ACCESS_ALLOWED} and {@link #ACCESS_DENIED}
     */
    public boolean isDiscretionary() {
        return discretionary;
    }

    /**
     * Looks a type up by its {@code AceType} byte.
     *
     * @param code the byte value
     * @return the type, or empty for a type this module does not support
     */
    public static Optional<AceType> fromCode(int code) {
        for (AceType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
