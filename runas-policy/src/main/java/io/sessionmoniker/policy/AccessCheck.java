package io.sessionmoniker.policy;

import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * Access evaluation against a {@link SecurityDescriptor}'s DACL, with Windows' rules, explained.
 *
 * <p>The rules ("How DACLs Control Access to an Object" and "Null DACLs and Empty DACLs" in the Windows
 * access-control documentation; [MS-DTYP] 2.5.3.2):
 * <ol>
 *   <li>no DACL, or a NULL DACL: every desired right is granted;
 *   <li>an empty DACL: nothing is granted;
 *   <li>otherwise the ACEs are walked in order. Inherit-only ACEs ({@code IO}) are skipped. An ACE applies when
 *       its SID is the principal's user SID or one of its group SIDs ({@link Principal#tokenSids()}). An
 *       applying deny ACE that names any still-wanted right denies access at once; an applying allow ACE adds
 *       its rights. Access is granted as soon as every desired right has been allowed, and denied if the ACEs
 *       run out first.
 * </ol>
 * An ACE that denies a right already granted by an earlier ACE changes nothing, which is why a deny placed
 * after an allow does not win. Owner-implied rights, privileges, restricted SIDs, integrity labels and generic
 * mapping are outside this model: masks are compared bit for bit.
 *
 * <p>{@link #checkCom} adds COM's two ACL formats ("Access Control Lists for COM"; [MS-COMA] 2.2.2.21): in an
 * ACE whose mask is {@link ComRights#EXECUTE} alone (the format before XP SP2), EXECUTE stands for all four
 * granular rights; in an ACE that carries granular rights, EXECUTE itself means nothing. Microsoft says one ACL
 * must not mix the two formats and calls such a descriptor invalid; this check then denies access (Windows'
 * exact behaviour is UNCONFIRMED).
 *
 * <pre>{@code
 * SecurityDescriptor launch = ComSecurityDefaults.defaultLaunchPermission();
 * Principal bob = Principal.user("bob", Sid.machineAccount(1001)).interactive(true).build();
 * AccessCheck.checkCom(launch, bob, ComRights.launch(false)).granted();                       // true (INTERACTIVE)
 * AccessCheck.checkCom(launch, bob.withLogon(LogonType.NETWORK), ComRights.launch(true)).granted(); // false
 * }</pre>
 */
public final class AccessCheck {

    private AccessCheck() {
    }

    /**
     * Checks {@code desiredAccess} with the generic rules above, comparing masks bit for bit.
     *
     * @param sd the descriptor whose DACL is evaluated
     * @param principal the caller
     * @param desiredAccess the rights wanted
     * @return the explained result
     * @throws IllegalArgumentException if {@code desiredAccess} is 0
     */
    public static AccessCheckResult check(SecurityDescriptor sd, Principal principal, int desiredAccess) {
        Objects.requireNonNull(sd, "sd");
        Objects.requireNonNull(principal, "principal");
        if (desiredAccess == 0) {
            throw new IllegalArgumentException("an access check needs at least one desired right");
        }
        return walk(sd, principal, desiredAccess, desiredAccess, mask -> mask, AccessCheck::hex, "");
    }

    /**
     * Checks COM rights, treating an EXECUTE-only ACE as granting or denying every COM right.
     *
     * <p>The desired rights are the granular bits of {@code desiredComRights}; {@link ComRights#EXECUTE} alone
     * asks for all four, as in a legacy ACL. Typical masks: {@link ComRights#launch(boolean)} against a launch
     * permission, {@link ComRights#call(boolean)} against an access permission.
     *
     * @param sd the launch or access permission
     * @param principal the caller
     * @param desiredComRights {@link ComRights} bits
     * @return the explained result; {@link AccessCheckResult#grantedAccess()} holds granular bits
     * @throws IllegalArgumentException if {@code desiredComRights} is 0 or has bits outside {@link ComRights#ALL}
     */
    public static AccessCheckResult checkCom(SecurityDescriptor sd, Principal principal, int desiredComRights) {
        Objects.requireNonNull(sd, "sd");
        Objects.requireNonNull(principal, "principal");
        if (desiredComRights == 0 || (desiredComRights & ~ComRights.ALL) != 0) {
            throw new IllegalArgumentException("desired COM rights must be a non-empty subset of 0x1F, not 0x"
                    + Integer.toHexString(desiredComRights));
        }
        int want = (desiredComRights & ComRights.GRANULAR) != 0 ? desiredComRights & ComRights.GRANULAR
                : ComRights.GRANULAR;
        // One ACL must not mix the legacy and the granular format.
        Acl dacl = sd.dacl().orElse(null);
        int legacyAt = -1;
        int granularAt = -1;
        if (dacl != null) {
            for (int i = 0; i < dacl.size(); i++) {
                Ace ace = dacl.get(i);
                if (ace.isInheritOnly()) {
                    continue;
                }
                if (legacyAt < 0 && ComRights.isLegacy(ace.mask())) {
                    legacyAt = i;
                }
                if (granularAt < 0 && ComRights.isGranular(ace.mask())) {
                    granularAt = i;
                }
            }
        }
        if (legacyAt >= 0 && granularAt >= 0) {
            int at = Math.max(legacyAt, granularAt);
            return new AccessCheckResult(false, desiredComRights, 0, at, dacl.get(at),
                    "the DACL mixes the legacy format (ACE #" + legacyAt + " " + dacl.get(legacyAt)
                            + " has EXECUTE alone) with the granular format (ACE #" + granularAt + " "
                            + dacl.get(granularAt) + "); COM treats such a descriptor as invalid, so access is denied");
        }
        String note = legacyAt >= 0 ? " (legacy ACL: EXECUTE stands for every COM right)" : "";
        return walk(sd, principal, desiredComRights, want, ComRights::granularRights, ComRights::describe, note);
    }

    private static AccessCheckResult walk(SecurityDescriptor sd, Principal principal, int desired, int want,
            IntUnaryOperator effective, IntFunction<String> names, String note) {
        String who = principal.name();
        if (!sd.isDaclPresent()) {
            return new AccessCheckResult(true, desired, want, -1, null,
                    "the descriptor has no DACL, so everyone is granted " + names.apply(want));
        }
        Acl dacl = sd.dacl().orElse(null);
        if (dacl == null) {
            return new AccessCheckResult(true, desired, want, -1, null,
                    "the DACL is NULL (NO_ACCESS_CONTROL), so everyone is granted " + names.apply(want));
        }
        if (dacl.isEmpty()) {
            return new AccessCheckResult(false, desired, 0, -1, null,
                    "the DACL is empty, so no one is granted anything");
        }
        int remaining = want;
        int granted = 0;
        int applied = 0;
        for (int i = 0; i < dacl.size(); i++) {
            Ace ace = dacl.get(i);
            if (ace.isInheritOnly() || !principal.hasSid(ace.sid())) {
                continue;
            }
            applied++;
            int rights = effective.applyAsInt(ace.mask());
            if (ace.type() == AceType.ACCESS_DENIED) {
                int hit = rights & remaining;
                if (hit != 0) {
                    return new AccessCheckResult(false, desired, granted, i, ace,
                            "ACE #" + i + " " + ace + " denies " + names.apply(hit) + " to "
                                    + ace.sid().describe() + ", which is in " + who + "'s token" + note);
                }
            } else if (ace.type() == AceType.ACCESS_ALLOWED) {
                int gained = rights & remaining;
                if (gained != 0) {
                    granted |= gained;
                    remaining &= ~gained;
                    if (remaining == 0) {
                        return new AccessCheckResult(true, desired, granted, i, ace,
                                "ACE #" + i + " " + ace + " grants " + names.apply(gained) + " to "
                                        + ace.sid().describe() + ", which is in " + who + "'s token; all of "
                                        + names.apply(want) + " is granted" + note);
                    }
                }
            }
        }
        String reason = applied == 0
                ? "none of the " + dacl.size() + " ACEs in the DACL applies to a SID in " + who + "'s token, so "
                        + names.apply(want) + " is not granted"
                : "no ACE grants " + names.apply(remaining) + " to " + who + " (granted: " + names.apply(granted)
                        + "; " + applied + " of " + dacl.size() + " ACEs applied)";
        return new AccessCheckResult(false, desired, granted, -1, null, reason + note);
    }

    private static String hex(int mask) {
        return mask == 0 ? "nothing" : "0x" + Integer.toHexString(mask);
    }
}
