package io.sessionmoniker.policy;

import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.SessionTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The RunAs decision: which session, identity, window station and desktop a local server runs in, and whether
 * the caller may launch it, following Windows' rules for session monikers and AppID identities
 * ({@code runas-policy/README.md} has the table and the sources) plus the host's {@code fallback} and
 * {@code crossSession} settings. Stateless and thread-safe; pure logic.
 *
 * <pre>{@code
 * Decision d = ActivationPolicy.decide(request);
 * AccessCheckResult call = ActivationPolicy.checkAccess(appId, MachineSecurity.defaults(), d.user(), caller, false);
 * }</pre>
 */
public final class ActivationPolicy {

    private ActivationPolicy() {
    }

    /**
     * Decides an activation.
     *
     * @param request what is asked, by whom, over which sessions
     * @return the decision with its trace; never throws to deny
     */
    public static Decision decide(ActivationRequest request) {
        return new Run(request).decide();
    }

    /**
     * Checks a call into a running server against the AppID's access permission (or the machine default, or
     * Windows' built-in default: the server's own identity and SYSTEM), as the server does on every call.
     *
     * @param appId the server's AppID settings
     * @param machine the machine-wide settings
     * @param serverIdentity the identity the server runs as
     * @param caller the caller's identity
     * @param remote whether the caller is on another machine
     * @return the explained result; the runtime fails the call with {@link HResult#E_ACCESSDENIED} when not granted
     */
    public static AccessCheckResult checkAccess(AppIdConfig appId, MachineSecurity machine, Principal serverIdentity,
            Principal caller, boolean remote) {
        return AccessCheck.checkCom(accessPermission(appId, machine, serverIdentity), caller, ComRights.call(remote));
    }

    /**
     * Returns the descriptor calls into a server are checked against: the AppID's {@code AccessPermission}, else the
     * machine's {@code DefaultAccessPermission}, else Windows' built-in default (the server's identity and SYSTEM).
     *
     * @param appId the server's AppID settings
     * @param machine the machine-wide settings
     * @param serverIdentity the identity the server runs as
     * @return the descriptor
     */
    public static SecurityDescriptor accessPermission(AppIdConfig appId, MachineSecurity machine,
            Principal serverIdentity) {
        return appId.accessPermission()
                .or(machine::defaultAccessPermission)
                .map(sd -> withSelf(sd, serverIdentity.sid()))
                .orElseGet(() -> ComSecurityDefaults.defaultAccessPermission(serverIdentity.sid()));
    }

    /**
     * Reads {@code SELF} ({@code PS}, S-1-5-10) in a descriptor as the server's own identity, as COM's access check
     * does (it checks with the server's user as the principal-self SID: dcomcnfg's "SELF" is the server's account).
     */
    static SecurityDescriptor withSelf(SecurityDescriptor sd, Sid server) {
        Optional<Acl> dacl = sd.dacl();
        if (dacl.isEmpty() || dacl.get().aces().stream().noneMatch(a -> a.sid().equals(Sid.PRINCIPAL_SELF))) {
            return sd;
        }
        List<Ace> aces = new ArrayList<>();
        for (Ace a : dacl.get().aces()) {
            aces.add(a.sid().equals(Sid.PRINCIPAL_SELF) ? Ace.of(a.type(), a.flags(), a.mask(), server) : a);
        }
        return sd.toBuilder().dacl(Acl.of(dacl.get().revision(), aces)).build();
    }

    /**
     * Names the non-interactive window station of a logon, as Windows names service window stations
     * ({@code Service-0x<high>-<low>$}). Windows uses the logon session's LUID; this model has one logon per
     * account and uses the well-known LUIDs of SYSTEM (0x3e7), LOCAL SERVICE (0x3e5) and NETWORK SERVICE (0x3e4),
     * and an account's relative id for every other account.
     *
     * @param principal the account
     * @return for example {@code "Service-0x0-3e7$"}
     */
    public static String nonInteractiveWindowStation(Principal principal) {
        long luid;
        if (principal.sid().equals(Sid.LOCAL_SYSTEM)) {
            luid = 0x3e7;
        } else if (principal.sid().equals(Sid.LOCAL_SERVICE)) {
            luid = 0x3e5;
        } else if (principal.sid().equals(Sid.NETWORK_SERVICE)) {
            luid = 0x3e4;
        } else {
            luid = principal.sid().rid().orElse(0L);
        }
        return String.format(Locale.ROOT, "Service-0x0-%x$", luid);
    }

    /** Where a server runs, before the launch-permission check. */
    private record Placement(long sessionId, Principal user, String windowStation, String desktop, boolean fallback) {
    }

    /** One decision in progress: the request, the trace so far, and the outcome once known. */
    private static final class Run {
        private final ActivationRequest r;
        private final Caller caller;
        private final Principal principal;
        private final AppIdConfig app;
        private final SessionSnapshot sessions;
        private final List<String> trace = new ArrayList<>();
        private Decision early;

        Run(ActivationRequest request) {
            this.r = request;
            this.caller = request.caller();
            this.app = request.appId();
            this.sessions = request.sessions();
            this.principal = withLogonGroup(caller, sessions);
        }

        /** A caller's token carries INTERACTIVE when it has an interactive session, NETWORK when remote. */
        private static Principal withLogonGroup(Caller caller, SessionSnapshot sessions) {
            Principal p = caller.principal();
            if (p.logonType() != LogonType.NONE || p.isSystem()) {
                return p;
            }
            if (caller.isRemote()) {
                return p.withLogon(LogonType.NETWORK);
            }
            boolean interactive = sessions.sessionsOf(p).stream().anyMatch(s -> s.id() != 0);
            return interactive ? p.withLogon(LogonType.INTERACTIVE) : p;
        }

        Decision decide() {
            String what = r.createInstance() ? "an instance of class " : "the class object of class ";
            trace.add(caller.describe() + " asks for " + what + r.clsid().toBracedString()
                    + r.session().map(s -> " in Session:" + s).orElse(" with no session moniker"));
            trace.add(app.describe() + " runs as " + app.runAs());
            int unknownFlags = app.appIdFlags() & ~AppIdFlags.HONOURED;
            if (unknownFlags != 0) {
                trace.add("AppIDFlags " + AppIdFlags.describe(unknownFlags) + " kept but not interpreted");
            }
            Optional<SessionTarget> moniker = r.session();
            if (app.comPlusServerApplication() && moniker.isPresent()) {
                trace.add("session moniker ignored: the class belongs to a COM+ server application");
                moniker = Optional.empty();
            }
            IdentityKind kind = app.runAs().kind();
            if (kind != IdentityKind.INTERACTIVE_USER && moniker.isPresent()) {
                trace.add("session moniker ignored: AppID runs as " + app.runAs()
                        + "; only Interactive User servers honour a session moniker");
                moniker = Optional.empty();
            }
            Placement placement = switch (kind) {
                case INTERACTIVE_USER -> interactiveUser(moniker);
                case LAUNCHING_USER -> launchingUser();
                case THIS_USER -> thisUser();
                case SERVICE -> service();
            };
            if (placement == null) {
                return early;
            }
            return checkLaunch(kind, placement);
        }

        // ---- Interactive User -------------------------------------------------------------------------------

        private Placement interactiveUser(Optional<SessionTarget> moniker) {
            if (moniker.isEmpty()) {
                return interactiveUserWithoutMoniker();
            }
            SessionTarget target = moniker.get();
            long id;
            if (target.isConsole()) {
                if (sessions.consoleSessionId().equals(SessionId.NO_CONSOLE)) {
                    return waitForConsole("Session:Console: no session is attached to the console (console session id"
                            + " 0xFFFFFFFF); wait for the console to attach");
                }
                id = sessions.consoleSessionId().id();
                trace.add("Session:Console resolves to session " + id + ", attached to the console now");
            } else {
                id = target.id();
                trace.add("session moniker names session " + id);
            }
            if (app.hasFlag(AppIdFlags.IUSERVER_ACTIVATE_IN_CLIENT_SESSION_ONLY)
                    && (caller.isRemote() || caller.session().getAsLong() != id)) {
                return deny(HResult.E_ACCESSDENIED, "AppIDFlags 0x20 (IUSERVER_ACTIVATE_IN_CLIENT_SESSION_ONLY): the"
                        + " server may only be activated in the client's own session, and " + caller.describe()
                        + " asked for session " + id);
            }
            Optional<SessionView> session = sessions.find(id);
            if (session.isEmpty()) {
                return deny(HResult.ERROR_CTX_WINSTATION_NOT_FOUND, "session " + id + " does not exist");
            }
            SessionView s = session.get();
            if (s.hasUser()) {
                if (s.state() != WtsState.ACTIVE) {
                    trace.add(s.describe() + " is " + s.state().label() + " but its user is logged on; the server"
                            + " runs there");
                }
                return inSession(s, false);
            }
            String why = s.state() == WtsState.LISTEN
                    ? "session " + id + " is a listener session and has no user"
                    : "session " + id + " has no logged-on user";
            if (r.settings().fallback() == HostSettings.Fallback.NONE) {
                return deny(HResult.ERROR_NO_TOKEN, why + "; an Interactive User server will not run there (host"
                        + " setting fallback=none)");
            }
            trace.add(why + "; host setting fallback=console");
            if (sessions.consoleSessionId().equals(SessionId.NO_CONSOLE)) {
                return waitForConsole("no session is attached to the console (0xFFFFFFFF); wait for the console to"
                        + " attach before falling back");
            }
            SessionView console = sessions.consoleSession().orElseThrow();
            if (console.id() == id || !console.hasUser()) {
                return deny(HResult.ERROR_NO_TOKEN, why + (console.id() == id ? " and it is the console session"
                        : " and the console session " + console.id() + " has no user either")
                        + "; an Interactive User server will not run");
            }
            trace.add("falls back to the console session " + console.id() + " (" + userName(console) + ")");
            return inSession(console, true);
        }

        private Placement interactiveUserWithoutMoniker() {
            if (caller.isRemote()) {
                // "in a terminal services environment, the server will be launched in the interactive session that
                // matches the client's user identity" (Win32 docs, "Interactive User"); for a network caller that
                // identity is the account it authenticated as
                List<SessionView> mine = sessions.sessionsOf(principal).stream().filter(s -> s.id() != 0).toList();
                if (!mine.isEmpty()) {
                    SessionView pick = mine.stream().filter(s -> s.state() == WtsState.ACTIVE).findFirst()
                            .orElse(mine.get(0));
                    trace.add("no session moniker: the server runs in the interactive session of the network"
                            + " caller's own account, " + principal.name() + "'s session " + pick.id());
                    return inSession(pick, false);
                }
                trace.add(caller.describe() + " has no interactive session here; Interactive User falls back to the"
                        + " console session");
                return consoleFallback();
            }
            long own = caller.session().getAsLong();
            if (own == 0) {
                trace.add(caller.describe() + "; session 0 has no interactive user, so Interactive User falls back"
                        + " to the console session");
                return consoleFallback();
            }
            Optional<SessionView> current = sessions.find(own);
            if (current.isPresent() && current.get().user().map(u -> u.sid().equals(principal.sid())).orElse(false)) {
                trace.add("no session moniker: the server runs in the caller's own interactive session " + own);
                return inSession(current.get(), false);
            }
            List<SessionView> mine = sessions.sessionsOf(principal).stream().filter(s -> s.id() != 0).toList();
            if (!mine.isEmpty()) {
                SessionView pick = mine.stream().filter(s -> s.state() == WtsState.ACTIVE).findFirst().orElse(mine.get(0));
                trace.add("no session moniker: " + principal.name() + " is not the user of session " + own
                        + "; the server runs in " + principal.name() + "'s interactive session " + pick.id());
                return inSession(pick, false);
            }
            trace.add(caller.describe() + " has no interactive session; Interactive User falls back to the console"
                    + " session");
            return consoleFallback();
        }

        private Placement consoleFallback() {
            if (sessions.consoleSessionId().equals(SessionId.NO_CONSOLE)) {
                return waitForConsole("no session is attached to the console (console session id 0xFFFFFFFF); wait"
                        + " for the console to attach");
            }
            SessionView console = sessions.consoleSession().orElseThrow();
            if (!console.hasUser()) {
                return deny(HResult.ERROR_NO_TOKEN, "the console session " + console.id() + " has no logged-on user;"
                        + " an Interactive User server will not run");
            }
            trace.add("falls back to the console session " + console.id() + " (" + userName(console) + ")");
            return inSession(console, true);
        }

        /** The server runs as the user of {@code s}; applies crossSession and AppIDFlags 0x1. */
        private Placement inSession(SessionView s, boolean fallback) {
            Principal owner = s.user().orElseThrow();
            if (!owner.sid().equals(principal.sid())) {
                String cross = "cross-session activation: " + caller.describe() + " into " + s.describe();
                switch (r.settings().crossSession()) {
                    case ADMINS -> {
                        if (!principal.isAdministrator()) {
                            return deny(HResult.E_ACCESSDENIED, cross + " needs an administrator or SYSTEM (host setting"
                                    + " crossSession=admins)");
                        }
                        trace.add(cross + " allowed for " + (principal.isSystem() ? "SYSTEM"
                                : principal.name() + ", an administrator") + " (crossSession=admins)");
                    }
                    case OWNER_ONLY -> {
                        return deny(HResult.E_ACCESSDENIED, cross + " refused: only the session's own user may"
                                + " activate into it (host setting crossSession=owner-only)");
                    }
                    case WINDOWS -> trace.add(cross + " allowed without an extra check, as on Windows"
                            + " (crossSession=windows)");
                    default -> throw new IllegalStateException(r.settings().crossSession().toString());
                }
            }
            String desktop = SessionView.DEFAULT_DESKTOP;
            if (app.hasFlag(AppIdFlags.ACTIVATE_IUSERVER_INDESKTOP)) {
                boolean sameSession = !caller.isRemote() && caller.session().getAsLong() == s.id();
                trace.add(sameSession
                        ? "AppIDFlags 0x1: the server runs on the client's desktop, WinSta0\\Default of session " + s.id()
                        : "AppIDFlags 0x1: the client's desktop is not in session " + s.id()
                                + ", so the server runs on WinSta0\\Default there");
            }
            trace.add("the server runs as " + owner.name() + " in session " + s.id() + " on WinSta0\\" + desktop);
            return new Placement(s.id(), owner, SessionView.INTERACTIVE_WINDOW_STATION, desktop, fallback);
        }

        // ---- other identities -------------------------------------------------------------------------------

        private Placement launchingUser() {
            if (caller.isRemote()) {
                String ws = nonInteractiveWindowStation(principal);
                trace.add("Launching User: the server runs as " + principal.name() + " in session 0, in its own"
                        + " non-interactive window station " + ws + "; one server per client account");
                return new Placement(0, principal, ws, SessionView.DEFAULT_DESKTOP, false);
            }
            long own = caller.session().getAsLong();
            boolean interactive = own != 0 && sessions.find(own)
                    .flatMap(SessionView::user).map(u -> u.sid().equals(principal.sid())).orElse(false);
            if (interactive) {
                trace.add("Launching User: the server runs as " + principal.name() + " in the caller's session " + own
                        + " on its desktop WinSta0\\Default; one server per client account");
                return new Placement(own, principal, SessionView.INTERACTIVE_WINDOW_STATION,
                        SessionView.DEFAULT_DESKTOP, false);
            }
            String ws = nonInteractiveWindowStation(principal);
            trace.add("Launching User: the server runs as " + principal.name() + " in the caller's session " + own
                    + " in the non-interactive window station " + ws + "; one server per client account");
            return new Placement(own, principal, ws, SessionView.DEFAULT_DESKTOP, false);
        }

        private Placement thisUser() {
            String account = app.runAs().account().orElseThrow();
            Optional<Principal> found = r.accounts().lookup(account);
            if (found.isEmpty()) {
                return deny(HResult.CO_E_RUNAS_LOGON_FAILURE, "the RunAs account \"" + account + "\" is not known, so"
                        + " it cannot log on");
            }
            Principal runAs = found.get().withLogon(LogonType.BATCH);
            String ws = nonInteractiveWindowStation(runAs);
            trace.add("This User: the server runs as " + runAs.name() + " in its own non-interactive logon, in"
                    + " session 0, window station " + ws);
            return new Placement(0, runAs, ws, SessionView.DEFAULT_DESKTOP, false);
        }

        private Placement service() {
            String name = app.runAs().account().orElseThrow();
            Principal system = Principal.system();
            String ws = nonInteractiveWindowStation(system);
            trace.add("Service: the server is the Windows service \"" + name + "\"; it runs in session 0 as"
                    + " LocalSystem (this model's service account), window station " + ws
                    + "; LocalServer32 is not used");
            return new Placement(0, system, ws, SessionView.DEFAULT_DESKTOP, false);
        }

        // ---- permissions ----------------------------------------------------------------------------------

        private Decision checkLaunch(IdentityKind kind, Placement p) {
            boolean remote = caller.isRemote();
            SecurityDescriptor sd = app.launchPermission().orElse(r.machine().defaultLaunchPermission());
            String source = app.launchPermission().isPresent() ? "the AppID's LaunchPermission"
                    : "the machine's DefaultLaunchPermission";
            AccessCheckResult activate = AccessCheck.checkCom(sd, principal, ComRights.activate(remote));
            if (!activate.granted()) {
                return Decision.denied(trace, HResult.E_ACCESSDENIED, source + " does not let " + principal.name()
                        + " activate the server: " + activate.reason());
            }
            AccessCheckResult launch = AccessCheck.checkCom(sd, principal, ComRights.launch(remote));
            if (launch.granted()) {
                trace.add(source + " lets " + principal.name() + " launch and activate: " + launch.reason());
            } else {
                trace.add(source + " lets " + principal.name() + " activate a running server but not launch one: "
                        + launch.reason());
            }
            ServerKey key = new ServerKey(r.clsid(), kind, p.user().sid(), p.sessionId(), p.windowStation(),
                    p.desktop());
            return Decision.allowed(trace, key, p.user(), p.fallback(), launch.granted());
        }

        // ---- outcomes -------------------------------------------------------------------------------------

        private Placement deny(int hresult, String reason) {
            early = Decision.denied(trace, hresult, reason);
            return null;
        }

        private Placement waitForConsole(String why) {
            trace.add(why);
            early = Decision.waitForConsole(trace);
            return null;
        }

        private static String userName(SessionView s) {
            return s.user().map(Principal::name).orElse("no user");
        }
    }
}
