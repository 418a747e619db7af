package io.sessionmoniker.policy;

import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.moniker.SessionTarget;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link ActivationPolicy#decide(ActivationRequest)} decides over: what is asked for (the session
 * part and class of a display name), by whom, the class's AppID settings, the sessions at this moment, and the
 * host's settings.
 *
 * <pre>{@code
 * ActivationRequest request = ActivationRequest.builder(Moniker.parse("Session:2!clsid:10000013-0000-0000-0000-000000000001"))
 *         .caller(Caller.local(Principal.system(), 0))
 *         .appId(sessionInfoAppId)
 *         .sessions(snapshot)
 *         .build();
 * }</pre>
 *
 * @param session the session the display name names, or empty when it has no session moniker
 * @param clsid the class to activate
 * @param createInstance {@code new:} (an instance) rather than {@code clsid:} (the class object)
 * @param caller who asks
 * @param appId the class's AppID settings ({@link AppIdConfig#none()} when it has no AppID)
 * @param sessions the sessions now
 * @param settings the host's policy settings
 * @param machine the machine-wide COM security settings
 * @param accounts the accounts a {@code This User} AppID may name
 */
public record ActivationRequest(Optional<SessionTarget> session, Guid clsid, boolean createInstance, Caller caller,
        AppIdConfig appId, SessionSnapshot sessions, HostSettings settings, MachineSecurity machine,
        AccountDirectory accounts) {

    /**
     * Validates the components.
     *
     * @param session not null
     * @param clsid not null
     * @param createInstance whether an instance is wanted
     * @param caller not null
     * @param appId not null
     * @param sessions not null
     * @param settings not null
     * @param machine not null
     * @param accounts not null
     */
    public ActivationRequest {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(clsid, "clsid");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(accounts, "accounts");
    }

    /**
     * Starts a request for what a parsed display name asks.
     *
     * @param moniker the display name; must have a class part ({@code clsid:} or {@code new:})
     * @return the builder
     * @throws IllegalArgumentException if the moniker names no class
     */
    public static Builder builder(Moniker moniker) {
        Guid clsid = moniker.classId().orElseThrow(() -> new IllegalArgumentException(
                "\"" + moniker + "\" names no class: add !clsid:GUID or !new:GUID"));
        return new Builder(moniker.sessionTarget(), clsid, moniker.createsInstance());
    }

    /**
     * Starts a request for a class with no session moniker (a plain {@code CoCreateInstance}).
     *
     * @param clsid the class
     * @param createInstance whether an instance (rather than the class object) is wanted
     * @return the builder
     */
    public static Builder builder(Guid clsid, boolean createInstance) {
        return new Builder(Optional.empty(), clsid, createInstance);
    }

    /** Builds an {@link ActivationRequest}; every setting but the caller and the sessions has a default. */
    public static final class Builder {
        private final Optional<SessionTarget> session;
        private final Guid clsid;
        private final boolean createInstance;
        private Caller caller;
        private AppIdConfig appId = AppIdConfig.none();
        private SessionSnapshot sessions;
        private HostSettings settings = HostSettings.defaults();
        private MachineSecurity machine = MachineSecurity.defaults();
        private AccountDirectory accounts = AccountDirectory.NONE;

        private Builder(Optional<SessionTarget> session, Guid clsid, boolean createInstance) {
            this.session = session;
            this.clsid = Objects.requireNonNull(clsid, "clsid");
            this.createInstance = createInstance;
        }

        /**
         * Sets the caller (required).
         *
         * @param caller who asks
         * @return this builder
         */
        public Builder caller(Caller caller) {
            this.caller = caller;
            return this;
        }

        /**
         * Sets the class's AppID settings (default {@link AppIdConfig#none()}).
         *
         * @param appId the settings
         * @return this builder
         */
        public Builder appId(AppIdConfig appId) {
            this.appId = appId;
            return this;
        }

        /**
         * Sets the sessions (required).
         *
         * @param sessions the snapshot
         * @return this builder
         */
        public Builder sessions(SessionSnapshot sessions) {
            this.sessions = sessions;
            return this;
        }

        /**
         * Sets the host settings (default {@link HostSettings#defaults()}).
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder settings(HostSettings settings) {
            this.settings = settings;
            return this;
        }

        /**
         * Sets the machine security (default {@link MachineSecurity#defaults()}).
         *
         * @param machine the settings
         * @return this builder
         */
        public Builder machine(MachineSecurity machine) {
            this.machine = machine;
            return this;
        }

        /**
         * Sets the account directory (default {@link AccountDirectory#NONE}).
         *
         * @param accounts the directory
         * @return this builder
         */
        public Builder accounts(AccountDirectory accounts) {
            this.accounts = accounts;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException if the caller or the sessions are missing
         */
        public ActivationRequest build() {
            return new ActivationRequest(session, clsid, createInstance, caller, appId, sessions, settings, machine,
                    accounts);
        }
    }
}
