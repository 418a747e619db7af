package io.sessionmoniker.policy.internal;

import io.sessionmoniker.policy.Ace;
import io.sessionmoniker.policy.Acl;
import io.sessionmoniker.policy.SecurityDescriptor;
import io.sessionmoniker.policy.Sid;

/**
 * Writes SDDL: components in the order {@code O: G: D: S:}, ACL flags in the order {@code P AR AI}, SIDs as
 * aliases where one exists.
 *
 * <pre>{@code
 * SddlFormatter.ace(Ace.allow(Sid.INTERACTIVE, 0x1F), null);   // "(A;;CCDCLCSWRP;;;IU)"
 * SddlFormatter.descriptor(sd, null);                          // what sd.toSddl() returns
 * }</pre>
 */
public final class SddlFormatter {

    private SddlFormatter() {
    }

    /**
     * Formats a whole descriptor. Control bits SDDL cannot express ({@code *_DEFAULTED}, {@code SE_DACL_TRUSTED},
     * {@code SE_SERVER_SECURITY}, {@code SE_RM_CONTROL_VALID}) are left out, as Windows leaves them out.
     *
     * @param sd the descriptor
     * @param domain a domain whose domain-relative aliases ({@code DA}, {@code LA}, …) may be used, or null
     * @return the SDDL string
     */
    public static String descriptor(SecurityDescriptor sd, Sid domain) {
        StringBuilder out = new StringBuilder(64);
        sd.owner().ifPresent(owner -> out.append("O:").append(sid(owner, domain)));
        sd.group().ifPresent(group -> out.append("G:").append(sid(group, domain)));
        int control = sd.control();
        if ((control & SecurityDescriptor.SE_DACL_PRESENT) != 0) {
            out.append("D:");
            aclFlags(out, control, SecurityDescriptor.SE_DACL_PROTECTED, SecurityDescriptor.SE_DACL_AUTO_INHERIT_REQ,
                    SecurityDescriptor.SE_DACL_AUTO_INHERITED);
            acl(out, sd.dacl().orElse(null), domain);
        }
        if ((control & SecurityDescriptor.SE_SACL_PRESENT) != 0) {
            out.append("S:");
            aclFlags(out, control, SecurityDescriptor.SE_SACL_PROTECTED, SecurityDescriptor.SE_SACL_AUTO_INHERIT_REQ,
                    SecurityDescriptor.SE_SACL_AUTO_INHERITED);
            acl(out, sd.sacl().orElse(null), domain);
        }
        return out.toString();
    }

    private static void aclFlags(StringBuilder out, int control, int protectedBit, int requestBit, int inheritedBit) {
        if ((control & protectedBit) != 0) {
            out.append('P');
        }
        if ((control & requestBit) != 0) {
            out.append("AR");
        }
        if ((control & inheritedBit) != 0) {
            out.append("AI");
        }
    }

    private static void acl(StringBuilder out, Acl acl, Sid domain) {
        if (acl == null) {
            out.append("NO_ACCESS_CONTROL");
            return;
        }
        for (Ace ace : acl) {
            out.append(ace(ace, domain));
        }
    }

    /**
     * Formats one ACE string.
     *
     * @param ace the ACE
     * @param domain a domain for domain-relative aliases, or null
     * @return for example {@code "(A;OICI;FA;;;SY)"}
     */
    public static String ace(Ace ace, Sid domain) {
        return "(" + ace.type().sddl()
                + ';' + AccessRightsText.formatFlags(ace.flags())
                + ';' + AccessRightsText.formatRights(ace.mask(), ace.type())
                + ";;;" + sid(ace.sid(), domain) + ')';
    }

    private static String sid(Sid sid, Sid domain) {
        return SidAliases.aliasOf(sid, domain).orElseGet(sid::toString);
    }
}
