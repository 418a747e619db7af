package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.policy.SecurityDescriptor;
import java.util.Objects;
import java.util.Optional;

/**
 * An AppID as {@code HKLM\SOFTWARE\Classes\AppID\{appId}} describes it: what the registry says, nothing derived
 * (the runas-policy module turns it into a decision).
 *
 * <table>
 *   <caption>Where each component comes from</caption>
 *   <tr><th>component</th><th>registry value</th><th>when absent</th></tr>
 *   <tr><td>{@link #name()}</td><td>default value</td><td>{@code ""}</td></tr>
 *   <tr><td>{@link #runAs()}</td><td>{@code RunAs} ({@code "Interactive User"}, an account, …)</td>
 *       <td>empty: the launching user</td></tr>
 *   <tr><td>{@link #localService()}</td><td>{@code LocalService}, a service name</td><td>empty</td></tr>
 *   <tr><td>{@link #appIdFlags()}</td><td>{@code AppIDFlags}, {@code REG_DWORD}</td><td>0</td></tr>
 *   <tr><td>{@link #launchPermission()}</td><td>{@code LaunchPermission}, {@code REG_BINARY} self-relative
 *       security descriptor</td><td>empty: the machine default</td></tr>
 *   <tr><td>{@link #accessPermission()}</td><td>{@code AccessPermission}, likewise</td>
 *       <td>empty: the machine default</td></tr>
 *   <tr><td>{@link #dllSurrogate()}</td><td>{@code DllSurrogate} ({@code ""} means the system surrogate)</td>
 *       <td>empty</td></tr>
 * </table>
 *
 * <pre>{@code
 * AppIdRegistration sessionInfo = AppIdRegistration.of(appId, "SessionInfo")
 *     .withRunAs(AppIdRegistration.INTERACTIVE_USER)
 *     .withLaunchPermission(SecurityDescriptor.parse("O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)"));
 * sessionInfo.runAs();   // Optional["Interactive User"]
 * }</pre>
 *
 * @param appId the AppID
 * @param name the AppID's name, possibly empty
 * @param runAs the {@code RunAs} value, or empty
 * @param localService the {@code LocalService} value, or empty
 * @param appIdFlags the {@code AppIDFlags} value (0 when absent)
 * @param launchPermission the {@code LaunchPermission} descriptor, or empty
 * @param accessPermission the {@code AccessPermission} descriptor, or empty
 * @param dllSurrogate the {@code DllSurrogate} value, or empty
 */
public record AppIdRegistration(Guid appId, String name, Optional<String> runAs, Optional<String> localService,
        int appIdFlags, Optional<SecurityDescriptor> launchPermission, Optional<SecurityDescriptor> accessPermission,
        Optional<String> dllSurrogate) {

    /** The {@code RunAs} value of the Interactive User identity. */
    public static final String INTERACTIVE_USER = "Interactive User";

    /**
     * Checks that no component is null.
     *
     * @param appId the AppID
     * @param name the name
     * @param runAs the identity
     * @param localService the service
     * @param appIdFlags the flags
     * @param launchPermission the launch descriptor
     * @param accessPermission the access descriptor
     * @param dllSurrogate the surrogate
     */
    public AppIdRegistration {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runAs, "runAs");
        Objects.requireNonNull(localService, "localService");
        Objects.requireNonNull(launchPermission, "launchPermission");
        Objects.requireNonNull(accessPermission, "accessPermission");
        Objects.requireNonNull(dllSurrogate, "dllSurrogate");
    }

    /**
     * Returns an AppID with a name and nothing else: the settings of a key with only a default value.
     *
     * @param appId the AppID
     * @param name the name
     * @return the registration
     */
    public static AppIdRegistration of(Guid appId, String name) {
        return new AppIdRegistration(appId, name, Optional.empty(), Optional.empty(), 0, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * Returns a copy with a {@code RunAs} value.
     *
     * @param identity for example {@link #INTERACTIVE_USER} or {@code "DOMAIN\\user"}
     * @return the copy
     */
    public AppIdRegistration withRunAs(String identity) {
        return new AppIdRegistration(appId, name, Optional.of(identity), localService, appIdFlags, launchPermission,
                accessPermission, dllSurrogate);
    }

    /**
     * Returns a copy with a {@code LocalService} value.
     *
     * @param service the service name
     * @return the copy
     */
    public AppIdRegistration withLocalService(String service) {
        return new AppIdRegistration(appId, name, runAs, Optional.of(service), appIdFlags, launchPermission,
                accessPermission, dllSurrogate);
    }

    /**
     * Returns a copy with {@code AppIDFlags}.
     *
     * @param flags the flags
     * @return the copy
     */
    public AppIdRegistration withAppIdFlags(int flags) {
        return new AppIdRegistration(appId, name, runAs, localService, flags, launchPermission, accessPermission,
                dllSurrogate);
    }

    /**
     * Returns a copy with a {@code LaunchPermission}.
     *
     * @param sd the descriptor
     * @return the copy
     */
    public AppIdRegistration withLaunchPermission(SecurityDescriptor sd) {
        return new AppIdRegistration(appId, name, runAs, localService, appIdFlags, Optional.of(sd), accessPermission,
                dllSurrogate);
    }

    /**
     * Returns a copy with an {@code AccessPermission}.
     *
     * @param sd the descriptor
     * @return the copy
     */
    public AppIdRegistration withAccessPermission(SecurityDescriptor sd) {
        return new AppIdRegistration(appId, name, runAs, localService, appIdFlags, launchPermission, Optional.of(sd),
                dllSurrogate);
    }

    /**
     * Returns a copy with a {@code DllSurrogate}.
     *
     * @param surrogate the surrogate's path, or {@code ""} for the system surrogate
     * @return the copy
     */
    public AppIdRegistration withDllSurrogate(String surrogate) {
        return new AppIdRegistration(appId, name, runAs, localService, appIdFlags, launchPermission, accessPermission,
                Optional.of(surrogate));
    }
}
