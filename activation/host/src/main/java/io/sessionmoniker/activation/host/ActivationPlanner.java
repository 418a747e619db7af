package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.moniker.MonikerParser;
import io.sessionmoniker.policy.AccountDirectory;
import io.sessionmoniker.policy.ActivationPolicy;
import io.sessionmoniker.policy.ActivationRequest;
import io.sessionmoniker.policy.AppIdConfig;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Decision;
import io.sessionmoniker.policy.HostSettings;
import io.sessionmoniker.policy.MachineSecurity;
import io.sessionmoniker.policy.RunAs;
import java.util.Objects;
import java.util.Optional;

/**
 * The first three steps of the activation pipeline, without launching anything: parse the display name (with the
 * registry's ProgIDs), look the class up, and decide under the RunAs policy over the sessions as they are now.
 * {@code sessmon explain} prints what it returns; the service control manager acts on it.
 *
 * <pre>{@code
 * ActivationPlanner planner = new ActivationPlanner(sessions, registry, HostSettings.defaults(), users);
 * ActivationPlanner.Plan plan = planner.plan("Session:2!@SessionMoniker.SessionInfo", Caller.local(Principal.system(), 0));
 * plan.decision().isAllowed();
 * }</pre>
 *
 * <p>Thread-safe: it reads a consistent snapshot of the sessions and of the registry for each plan.
 */
public final class ActivationPlanner {

    private final SessionProvider sessions;
    private final ClassRegistry registry;
    private final HostSettings settings;
    private final AccountDirectory accounts;
    private final MachineSecurity machine;
    private final MonikerParser parser;

    /**
     * Creates a planner.
     *
     * @param sessions the sessions
     * @param registry the class registry
     * @param settings the host's policy settings
     * @param accounts the accounts {@code This User} AppIDs may name
     */
    public ActivationPlanner(SessionProvider sessions, ClassRegistry registry, HostSettings settings,
            AccountDirectory accounts) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.machine = MachineSecurity.defaults();
        // the resolver reads the live registry, so one parser serves every plan
        this.parser = MonikerParser.builder().progIdResolver(registry.progIdResolver()).build();
    }

    /**
     * What an activation would do.
     *
     * @param moniker the parsed display name
     * @param registration the class's registration
     * @param appId the AppID settings the decision used
     * @param decision the policy decision with its trace
     */
    public record Plan(Moniker moniker, ClassRegistration registration, AppIdConfig appId, Decision decision) {
    }

    /**
     * Returns the display-name parser this host uses: the built-in prefixes plus the registry's ProgIDs.
     *
     * @return the parser
     */
    public MonikerParser parser() {
        return parser;
    }

    /**
     * Returns the machine-wide security settings decisions and access checks use.
     *
     * @return the settings
     */
    public MachineSecurity machine() {
        return machine;
    }

    /**
     * Plans an activation.
     *
     * @param displayName the display name
     * @param caller who asks
     * @return the plan; its decision may be a denial (denial is data)
     * @throws io.sessionmoniker.moniker.MonikerSyntaxException when the name is malformed
     * @throws ComException {@link HResult#MK_E_NOOBJECT} when the name has no class part,
     *     {@link HResult#REGDB_E_CLASSNOTREG} when the class is not registered
     */
    public Plan plan(String displayName, Caller caller) {
        return plan(parser().parse(displayName), caller);
    }

    /**
     * Plans an activation of a name already parsed (with {@link #parser()}, so that ProgIDs resolved).
     *
     * @param moniker the parsed name
     * @param caller who asks
     * @return the plan
     * @throws ComException {@link HResult#MK_E_NOOBJECT} when the name has no class part,
     *     {@link HResult#REGDB_E_CLASSNOTREG} when the class is not registered
     */
    public Plan plan(Moniker moniker, Caller caller) {
        Guid clsid = moniker.classId().orElseThrow(() -> new ComException(HResult.MK_E_NOOBJECT,
                "\"" + moniker + "\" names no class to activate; add !clsid:GUID or !new:GUID"));
        ClassRegistry.Snapshot snapshot = registry.snapshot();
        ClassRegistration registration = snapshot.lookupClass(clsid).orElseThrow(() -> new ComException(
                HResult.REGDB_E_CLASSNOTREG, "class " + clsid.toBracedString() + " is not registered: import its"
                        + " .reg file in the scenario's \"registry\" list or register it through the API"));
        AppIdConfig appId = registration.appId()
                .flatMap(snapshot::lookupAppId)
                .map(ActivationPlanner::toConfig)
                .orElse(AppIdConfig.none());
        Decision decision = ActivationPolicy.decide(ActivationRequest.builder(moniker)
                .caller(caller)
                .appId(appId)
                .sessions(sessions.snapshot())
                .settings(settings)
                .machine(machine)
                .accounts(accounts)
                .build());
        return new Plan(moniker, registration, appId, decision);
    }

    /**
     * Maps what the registry says of an AppID to the policy's model.
     *
     * @param r the AppID registration
     * @return the settings
     */
    public static AppIdConfig toConfig(AppIdRegistration r) {
        return new AppIdConfig(Optional.of(r.appId()), r.name(), RunAs.fromRegistry(r.runAs(), r.localService()),
                false, r.appIdFlags(), r.launchPermission(), r.accessPermission());
    }
}
