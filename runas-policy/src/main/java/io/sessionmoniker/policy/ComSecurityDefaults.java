package io.sessionmoniker.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The machine-wide COM security defaults Windows uses when an AppID has no {@code LaunchPermission} or
 * {@code AccessPermission} of its own, and the machine-wide restrictions.
 *
 * <p>Sources (see the module README for the full table): "DefaultLaunchPermission" and "Security in COM" /
 * "COM security defaults" in the Windows documentation; the binary values as a Windows machine stores them,
 * quoted in gerryw1389/gerryw1389.github.io {@code _posts/2016-05-26-dcom-settings-for-missing-windows-updates-section.md}.
 *
 * <pre>{@code
 * ComSecurityDefaults.defaultLaunchPermission().toSddl();
 *     // "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)"
 * ComSecurityDefaults.defaultAccessPermission(Sid.machineAccount(1000)).toSddl();
 *     // "O:BAG:BAD:(A;;CCDCLC;;;S-1-5-21-3623811015-3361044348-30300820-1000)(A;;CCDCLC;;;SY)"
 * }</pre>
 */
public final class ComSecurityDefaults {

    private static final SecurityDescriptor DEFAULT_LAUNCH = SecurityDescriptor.parse(
            "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)");

    private static final SecurityDescriptor MACHINE_LAUNCH_RESTRICTION = SecurityDescriptor.parse(
            "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;LU)");

    private static final SecurityDescriptor MACHINE_ACCESS_RESTRICTION = SecurityDescriptor.parse(
            "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)");

    /** The rights the default access permission grants: local and remote calls ({@code CCDCLC}, 0x7). */
    public static final int DEFAULT_ACCESS_RIGHTS = ComRights.EXECUTE | ComRights.EXECUTE_LOCAL
            | ComRights.EXECUTE_REMOTE;

    private ComSecurityDefaults() {
    }

    /**
     * Returns Windows' default {@code DefaultLaunchPermission}: Administrators, INTERACTIVE and SYSTEM may launch
     * and activate, locally and remotely (every COM right, 0x1F), owner and group Administrators. The ACE order is
     * that of the value Windows stores.
     *
     * @return {@code O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)}
     */
    public static SecurityDescriptor defaultLaunchPermission() {
        return DEFAULT_LAUNCH;
    }

    /**
     * Returns the access permission COM applies when neither {@code AccessPermission} nor
     * {@code DefaultAccessPermission} is set: only the server's own identity and SYSTEM may call ("COM security
     * defaults"). Each gets local and remote calls ({@link #DEFAULT_ACCESS_RIGHTS}); the exact mask Windows
     * builds is UNCONFIRMED.
     *
     * @param serverIdentity the SID the server process runs as
     * @param others further SIDs to allow, in order (none in Windows' default)
     * @return {@code O:BAG:BAD:(A;;CCDCLC;;;}<i>server</i>{@code )(A;;CCDCLC;;;SY)}; one ACE when the server runs
     *     as SYSTEM
     */
    public static SecurityDescriptor defaultAccessPermission(Sid serverIdentity, Sid... others) {
        Objects.requireNonNull(serverIdentity, "serverIdentity");
        Set<Sid> sids = new LinkedHashSet<>();
        sids.add(serverIdentity);
        sids.add(Sid.LOCAL_SYSTEM);
        sids.addAll(List.of(others));
        List<Ace> aces = new ArrayList<>();
        for (Sid sid : sids) {
            aces.add(Ace.allow(sid, DEFAULT_ACCESS_RIGHTS));
        }
        return SecurityDescriptor.builder()
                .owner(Sid.BUILTIN_ADMINISTRATORS)
                .group(Sid.BUILTIN_ADMINISTRATORS)
                .dacl(Acl.of(aces))
                .build();
    }

    /**
     * Returns Windows' default {@code MachineLaunchRestriction}, the machine-wide cap on launch and activation:
     * Administrators, Distributed COM Users and Performance Log Users everything; Everyone local launch and
     * local activation ({@code CCDCSW}, 0xB).
     *
     * @return the restriction as Windows stores it
     */
    public static SecurityDescriptor machineLaunchRestriction() {
        return MACHINE_LAUNCH_RESTRICTION;
    }

    /**
     * Returns Windows' default {@code MachineAccessRestriction}, the machine-wide cap on calls: Everyone,
     * Distributed COM Users and Performance Log Users local and remote calls ({@code CCDCLC}); Anonymous local
     * calls ({@code CCDC}).
     *
     * @return the restriction as Windows stores it
     */
    public static SecurityDescriptor machineAccessRestriction() {
        return MACHINE_ACCESS_RESTRICTION;
    }
}
