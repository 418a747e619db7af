package io.sessionmoniker.policy;

import io.sessionmoniker.moniker.Guid;
import java.util.Objects;
import java.util.Optional;

/**
 * An AppID's activation settings, as read from {@code HKLM\SOFTWARE\Classes\AppID\{…}}: identity, COM+
 * server-application flag, {@code AppIDFlags}, and launch and access permissions (absent = the machine
 * defaults).
 *
 * <pre>{@code
 * AppIdConfig cfg = AppIdConfig.builder(appId).name("SessionInfo").runAs(RunAs.interactiveUser()).build();
 * AppIdConfig none = AppIdConfig.none();   // a class without an AppID: launching user, machine defaults
 * }</pre>
 *
 * @param appId the AppID, or empty for a class without one
 * @param name the AppID's default value (a display name), possibly empty
 * @param runAs the identity setting
 * @param comPlusServerApplication whether the class belongs to a COM+ server application
 * @param appIdFlags the {@code AppIDFlags} value
 * @param launchPermission the {@code LaunchPermission} descriptor, or empty for the machine default
 * @param accessPermission the {@code AccessPermission} descriptor, or empty for the machine default
 */
public record AppIdConfig(Optional<Guid> appId, String name, RunAs runAs, boolean comPlusServerApplication,
        int appIdFlags, Optional<SecurityDescriptor> launchPermission, Optional<SecurityDescriptor> accessPermission) {

    /**
     * Validates the components.
     *
     * @param appId not null
     * @param name not null
     * @param runAs not null
     * @param comPlusServerApplication the COM+ flag
     * @param appIdFlags any value
     * @param launchPermission not null
     * @param accessPermission not null
     */
    public AppIdConfig {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runAs, "runAs");
        Objects.requireNonNull(launchPermission, "launchPermission");
        Objects.requireNonNull(accessPermission, "accessPermission");
    }

    /**
     * Returns the settings of a class that has no AppID: launching user, no flags, machine-default permissions.
     *
     * @return the settings
     */
    public static AppIdConfig none() {
        return new AppIdConfig(Optional.empty(), "", RunAs.launchingUser(), false, 0, Optional.empty(), Optional.empty());
    }

    /**
     * Starts a builder for an AppID; defaults are those of an AppID key with no values.
     *
     * @param appId the AppID
     * @return the builder
     */
    public static Builder builder(Guid appId) {
        return new Builder(appId);
    }

    /**
     * Tells whether a flag bit is set.
     *
     * @param flag an {@link AppIdFlags} bit
     * @return {@code true} if set
     */
    public boolean hasFlag(int flag) {
        return (appIdFlags & flag) != 0;
    }

    /**
     * Describes the AppID for a trace: {@code AppID {…} "name"} or {@code no AppID}.
     *
     * @return the description
     */
    public String describe() {
        return appId.map(a -> "AppID " + a.toBracedString() + (name.isEmpty() ? "" : " \"" + name + "\""))
                .orElse("no AppID");
    }

    /** Builds an {@link AppIdConfig}. */
    public static final class Builder {
        private final Guid appId;
        private String name = "";
        private RunAs runAs = RunAs.launchingUser();
        private boolean comPlus;
        private int flags;
        private SecurityDescriptor launch;
        private SecurityDescriptor access;

        private Builder(Guid appId) {
            this.appId = Objects.requireNonNull(appId, "appId");
        }

        /**
         * Sets the display name.
         *
         * @param name the AppID key's default value
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the identity.
         *
         * @param runAs the setting
         * @return this builder
         */
        public Builder runAs(RunAs runAs) {
            this.runAs = Objects.requireNonNull(runAs, "runAs");
            return this;
        }

        /**
         * Marks the class as part of a COM+ server application.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder comPlusServerApplication(boolean value) {
            this.comPlus = value;
            return this;
        }

        /**
         * Sets {@code AppIDFlags}.
         *
         * @param value the flags
         * @return this builder
         */
        public Builder appIdFlags(int value) {
            this.flags = value;
            return this;
        }

        /**
         * Sets {@code LaunchPermission}.
         *
         * @param sd the descriptor, or null for the machine default
         * @return this builder
         */
        public Builder launchPermission(SecurityDescriptor sd) {
            this.launch = sd;
            return this;
        }

        /**
         * Sets {@code AccessPermission}.
         *
         * @param sd the descriptor, or null for the machine default
         * @return this builder
         */
        public Builder accessPermission(SecurityDescriptor sd) {
            this.access = sd;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public AppIdConfig build() {
            return new AppIdConfig(Optional.of(appId), name, runAs, comPlus, flags, Optional.ofNullable(launch),
                    Optional.ofNullable(access));
        }
    }
}
