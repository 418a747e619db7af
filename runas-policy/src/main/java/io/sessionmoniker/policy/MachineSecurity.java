package io.sessionmoniker.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The machine-wide COM security settings under {@code HKLM\SOFTWARE\Microsoft\Ole}: the launch permission used
 * when an AppID has no {@code LaunchPermission}, and the access permission used when it has no
 * {@code AccessPermission}.
 *
 * <pre>{@code
 * MachineSecurity.defaults();   // DefaultLaunchPermission: Administrators, INTERACTIVE, SYSTEM; no DefaultAccessPermission
 * }</pre>
 *
 * @param defaultLaunchPermission {@code DefaultLaunchPermission}
 * @param defaultAccessPermission {@code DefaultAccessPermission}; empty means Windows' built-in default, which
 *     lets only the server's own identity and SYSTEM call
 */
public record MachineSecurity(SecurityDescriptor defaultLaunchPermission,
        Optional<SecurityDescriptor> defaultAccessPermission) {

    private static final MachineSecurity DEFAULTS =
            new MachineSecurity(ComSecurityDefaults.defaultLaunchPermission(), Optional.empty());

    /**
     * Validates the components.
     *
     * @param defaultLaunchPermission not null
     * @param defaultAccessPermission not null
     */
    public MachineSecurity {
        Objects.requireNonNull(defaultLaunchPermission, "defaultLaunchPermission");
        Objects.requireNonNull(defaultAccessPermission, "defaultAccessPermission");
    }

    /**
     * Returns Windows' defaults.
     *
     * @return the defaults
     */
    public static MachineSecurity defaults() {
        return DEFAULTS;
    }
}
