package io.sessionmoniker.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.Moniker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RunAs decision table: one row per rule of docs/contract.md's RunAs table and its notes, each asserting session,
 * user, identity, fallback, HRESULT and a key phrase of the trace.
 */
class ActivationPolicyTest {

    static final Guid CLSID = Guid.parse("10000013-0000-0000-0000-000000000001");
    static final Guid APPID = Guid.parse("10000013-0000-0000-0000-0000000000A1");

    static final Principal ALICE = Principal.user("alice", Sid.machineAccount(1000)).administrator(true).build();
    static final Principal BOB = Principal.user("bob", Sid.machineAccount(1001)).build();
    static final Principal CAROL = Principal.user("carol", Sid.machineAccount(1002)).build();
    static final Principal SVC = Principal.user("svc", Sid.machineAccount(1003)).build();
    static final Principal DAVE = Principal.user("dave", Sid.machineAccount(1004)).build();
    static final Principal SYSTEM = Principal.system();
    static final Principal ADMIN_NO_SESSION = Principal.user("eve", Sid.machineAccount(1005)).administrator(true).build();
    // the session owners' accounts as a network logon sees them: members of Distributed COM Users, so the machine's
    // launch restriction lets them launch remotely
    static final Principal BOB_DCOM = Principal.user("bob", BOB.sid()).memberOf(Sid.DISTRIBUTED_COM_USERS).build();
    static final Principal CAROL_DCOM = Principal.user("carol", CAROL.sid()).memberOf(Sid.DISTRIBUTED_COM_USERS).build();

    static final AccountDirectory ACCOUNTS = name -> Map.of("svc", SVC).entrySet().stream()
            .filter(e -> io.sessionmoniker.moniker.internal.Ascii.equalsIgnoreCase(e.getKey(), name))
            .map(Map.Entry::getValue).findFirst();

    // session 0 services, 1 console alice, 2 bob, 3 carol (disconnected), 4 a connected logon screen, 65536 listener
    static SessionSnapshot snapshot(boolean consoleHasUser, SessionId consoleId) {
        List<SessionView> s = new ArrayList<>();
        s.add(new SessionView(0, "Services", WtsState.DISCONNECTED, Optional.empty(), consoleId.names(0)));
        s.add(new SessionView(1, "Console", consoleHasUser ? WtsState.ACTIVE : WtsState.CONNECTED,
                consoleHasUser ? Optional.of(ALICE) : Optional.empty(), consoleId.names(1)));
        s.add(new SessionView(2, "RDP-Tcp#1", WtsState.ACTIVE, Optional.of(BOB), consoleId.names(2)));
        s.add(new SessionView(3, "RDP-Tcp#2", WtsState.DISCONNECTED, Optional.of(CAROL), false));
        s.add(new SessionView(4, "RDP-Tcp#3", WtsState.CONNECTED, Optional.empty(), false));
        s.add(new SessionView(65536, "RDP-Tcp", WtsState.LISTEN, Optional.empty(), false));
        return SessionSnapshot.of(s, consoleId);
    }

    static final SessionSnapshot NORMAL = snapshot(true, SessionId.of(1));
    static final SessionSnapshot CONSOLE_EMPTY = snapshot(false, SessionId.of(1));
    static final SessionSnapshot SWITCHING = snapshot(true, SessionId.NO_CONSOLE);

    static final HostSettings DEFAULT = HostSettings.defaults();
    static final HostSettings FALLBACK = new HostSettings(HostSettings.Fallback.CONSOLE, HostSettings.CrossSession.ADMINS);
    static final HostSettings WINDOWS = new HostSettings(HostSettings.Fallback.NONE, HostSettings.CrossSession.WINDOWS);
    static final HostSettings OWNER_ONLY = new HostSettings(HostSettings.Fallback.NONE, HostSettings.CrossSession.OWNER_ONLY);

    static AppIdConfig.Builder app(RunAs runAs) {
        return AppIdConfig.builder(APPID).name("SessionInfo").runAs(runAs);
    }

    static final AppIdConfig IU = app(RunAs.interactiveUser()).build();
    static final AppIdConfig IU_OWN_SESSION = app(RunAs.interactiveUser()).appIdFlags(0x20).build();
    static final AppIdConfig IU_DESKTOP = app(RunAs.interactiveUser()).appIdFlags(0x1).build();
    static final AppIdConfig IU_OTHER_FLAGS = app(RunAs.interactiveUser()).appIdFlags(0x802).build();
    static final AppIdConfig IU_SYSTEM_ONLY = app(RunAs.interactiveUser())
            .launchPermission(SecurityDescriptor.parse("O:BAG:BAD:(A;;CCDCLCSWRP;;;SY)")).build();
    static final AppIdConfig IU_BOB_ACTIVATE_ONLY = app(RunAs.interactiveUser())
            .launchPermission(SecurityDescriptor.parse("O:BAG:BAD:(A;;0x9;;;" + BOB.sid() + ")")).build();
    static final AppIdConfig IU_EMPTY_DACL = app(RunAs.interactiveUser())
            .launchPermission(SecurityDescriptor.parse("O:BAG:BAD:")).build();
    static final AppIdConfig IU_DCOM_USERS = app(RunAs.interactiveUser()).launchPermission(SecurityDescriptor.parse(
            "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;SY)")).build();
    static final AppIdConfig LU = app(RunAs.launchingUser()).build();
    static final AppIdConfig THIS_USER = app(RunAs.thisUser("svc")).build();
    static final AppIdConfig GHOST = app(RunAs.thisUser("ghost")).build();
    static final AppIdConfig SERVICE = app(RunAs.service("Spooler")).build();
    static final AppIdConfig COM_PLUS = app(RunAs.interactiveUser()).comPlusServerApplication(true).build();

    /** One row: the request and what must come out. {@code session} -1 and {@code user} null for non-ALLOWED rows. */
    record Row(String name, String moniker, Caller caller, AppIdConfig app, HostSettings settings,
            SessionSnapshot sessions, Decision.Outcome outcome, long session, String user, IdentityKind identity,
            boolean fallback, String hresult, String phrase) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Row allow(String name, String moniker, Caller caller, AppIdConfig app, HostSettings settings,
            SessionSnapshot sessions, long session, Principal user, IdentityKind identity, boolean fallback,
            String phrase) {
        return new Row(name, moniker, caller, app, settings, sessions, Decision.Outcome.ALLOWED, session, user.name(),
                identity, fallback, null, phrase);
    }

    static Row deny(String name, String moniker, Caller caller, AppIdConfig app, HostSettings settings,
            SessionSnapshot sessions, String hresult, String phrase) {
        return new Row(name, moniker, caller, app, settings, sessions, Decision.Outcome.DENIED, -1, null, null, false,
                hresult, phrase);
    }

    static Row await(String name, String moniker, Caller caller, AppIdConfig app, HostSettings settings,
            SessionSnapshot sessions, String phrase) {
        return new Row(name, moniker, caller, app, settings, sessions, Decision.Outcome.WAIT_FOR_CONSOLE, -1, null,
                null, false, null, phrase);
    }

    static Caller at(Principal p, long session) {
        return Caller.local(p, session);
    }

    static final IdentityKind IU_K = IdentityKind.INTERACTIVE_USER;
    static final IdentityKind LU_K = IdentityKind.LAUNCHING_USER;

    static Stream<Row> rows() {
        return Stream.of(
            // Interactive User with a session moniker
            allow("IU: SYSTEM activates into bob's session 2", "Session:2", at(SYSTEM, 0), IU, DEFAULT, NORMAL, 2, BOB, IU_K, false, "allowed for SYSTEM (crossSession=admins)"),
            allow("IU: SYSTEM activates into the console session 1 by id", "Session:1", at(SYSTEM, 0), IU, DEFAULT, NORMAL, 1, ALICE, IU_K, false, "the server runs as alice in session 1"),
            allow("IU: Session:Console resolves to the attached session", "Session:Console", at(SYSTEM, 0), IU, DEFAULT, NORMAL, 1, ALICE, IU_K, false, "Session:Console resolves to session 1"),
            allow("IU: admin alice activates into bob's session", "Session:2", at(ALICE, 1), IU, DEFAULT, NORMAL, 2, BOB, IU_K, false, "allowed for alice, an administrator"),
            deny("IU: non-admin bob into alice's session is refused (crossSession=admins)", "Session:1", at(BOB, 2), IU, DEFAULT, NORMAL, "E_ACCESSDENIED", "needs an administrator or SYSTEM"),
            allow("IU: bob into his own session", "Session:2", at(BOB, 2), IU, DEFAULT, NORMAL, 2, BOB, IU_K, false, "the server runs as bob in session 2"),
            allow("IU: a disconnected session with a user still runs the server", "Session:3", at(SYSTEM, 0), IU, DEFAULT, NORMAL, 3, CAROL, IU_K, false, "is Disconnected but its user is logged on"),
            deny("IU: a nonexistent session fails", "Session:7", at(SYSTEM, 0), IU, DEFAULT, NORMAL, "ERROR_CTX_WINSTATION_NOT_FOUND", "session 7 does not exist"),
            deny("IU: a listener session has no user", "Session:65536", at(SYSTEM, 0), IU, DEFAULT, NORMAL, "ERROR_NO_TOKEN", "listener session"),
            deny("IU: session 0 has no interactive user", "Session:0", at(SYSTEM, 0), IU, DEFAULT, NORMAL, "ERROR_NO_TOKEN", "session 0 has no logged-on user"),
            deny("IU: a session at the logon screen fails with fallback=none", "Session:4", at(SYSTEM, 0), IU, DEFAULT, NORMAL, "ERROR_NO_TOKEN", "fallback=none"),
            allow("IU: a session without a user falls back to the console with fallback=console", "Session:4", at(SYSTEM, 0), IU, FALLBACK, NORMAL, 1, ALICE, IU_K, true, "host setting fallback=console"),
            allow("IU: a listener falls back to the console with fallback=console", "Session:65536", at(SYSTEM, 0), IU, FALLBACK, NORMAL, 1, ALICE, IU_K, true, "falls back to the console session 1 (alice)"),
            deny("IU: a nonexistent session fails even with fallback=console", "Session:7", at(SYSTEM, 0), IU, FALLBACK, NORMAL, "ERROR_CTX_WINSTATION_NOT_FOUND", "does not exist"),
            deny("IU: fallback=console but the console has no user either", "Session:4", at(SYSTEM, 0), IU, FALLBACK, CONSOLE_EMPTY, "ERROR_NO_TOKEN", "console session 1 has no user either"),
            deny("IU: Session:Console at the logon screen fails", "Session:Console", at(SYSTEM, 0), IU, DEFAULT, CONSOLE_EMPTY, "ERROR_NO_TOKEN", "session 1 has no logged-on user"),
            deny("IU: fallback=console cannot fall back from the console to itself", "Session:Console", at(SYSTEM, 0), IU, FALLBACK, CONSOLE_EMPTY, "ERROR_NO_TOKEN", "it is the console session"),
            await("IU: Session:Console waits while the console is switching", "Session:Console", at(SYSTEM, 0), IU, DEFAULT, SWITCHING, "0xFFFFFFFF"),
            allow("IU: a numbered session does not care about a console switch", "Session:2", at(SYSTEM, 0), IU, DEFAULT, SWITCHING, 2, BOB, IU_K, false, "session moniker names session 2"),
            await("IU: fallback to the console waits while it is switching", "Session:4", at(SYSTEM, 0), IU, FALLBACK, SWITCHING, "wait for the console to attach"),
            // Interactive User with no session moniker
            allow("IU: a service with no moniker falls back to the console session", "", at(SYSTEM, 0), IU, DEFAULT, NORMAL, 1, ALICE, IU_K, true, "caller SYSTEM in session 0; session 0 has no interactive user"),
            allow("IU: alice with no moniker gets her own session", "", at(ALICE, 1), IU, DEFAULT, NORMAL, 1, ALICE, IU_K, false, "caller's own interactive session 1"),
            allow("IU: bob with no moniker gets his own session", "", at(BOB, 2), IU, DEFAULT, NORMAL, 2, BOB, IU_K, false, "caller's own interactive session 2"),
            allow("IU: carol, disconnected, gets her own session", "", at(CAROL, 3), IU, DEFAULT, NORMAL, 3, CAROL, IU_K, false, "caller's own interactive session 3"),
            allow("IU: alice calling from bob's session gets alice's session", "", at(ALICE, 2), IU, DEFAULT, NORMAL, 1, ALICE, IU_K, false, "alice's interactive session 1"),
            allow("IU: a network caller with no moniker lands in its own account's session", "", Caller.remote(BOB_DCOM), IU_DCOM_USERS, DEFAULT, NORMAL, 2, BOB, IU_K, false, "interactive session of the network caller's own account, bob's session 2"),
            allow("IU: a network caller whose only session is disconnected lands there", "", Caller.remote(CAROL_DCOM), IU_DCOM_USERS, DEFAULT, NORMAL, 3, CAROL, IU_K, false, "carol's session 3"),
            deny("IU: a network non-admin may not launch remotely under the default launch permission", "", Caller.remote(BOB), IU, DEFAULT, NORMAL, "E_ACCESSDENIED", "ACTIVATE_REMOTE is not granted"),
            allow("IU: a network admin who owns the console lands in it, not as a fallback", "", Caller.remote(ALICE), IU, DEFAULT, NORMAL, 1, ALICE, IU_K, false, "alice's session 1"),
            allow("IU: a network admin with no session here falls back to the console", "", Caller.remote(ADMIN_NO_SESSION), IU, DEFAULT, NORMAL, 1, ALICE, IU_K, true, "network caller eve has no interactive session here"),
            deny("IU: a network non-admin with no session here falls back to alice's console and is refused", "", Caller.remote(DAVE), IU, DEFAULT, NORMAL, "E_ACCESSDENIED", "cross-session activation: network caller dave"),
            deny("IU: a user with no session falls back to the console and is refused (crossSession=admins)", "", at(DAVE, 0), IU, DEFAULT, NORMAL, "E_ACCESSDENIED", "needs an administrator or SYSTEM"),
            deny("IU: no moniker and nobody at the console", "", at(SYSTEM, 0), IU, DEFAULT, CONSOLE_EMPTY, "ERROR_NO_TOKEN", "the console session 1 has no logged-on user"),
            await("IU: no moniker waits while the console is switching", "", at(SYSTEM, 0), IU, DEFAULT, SWITCHING, "console session id 0xFFFFFFFF"),
            // AppIDFlags
            allow("0x20: bob into his own session", "Session:2", at(BOB, 2), IU_OWN_SESSION, DEFAULT, NORMAL, 2, BOB, IU_K, false, "the server runs as bob in session 2"),
            deny("0x20: SYSTEM into another session is refused", "Session:2", at(SYSTEM, 0), IU_OWN_SESSION, DEFAULT, NORMAL, "E_ACCESSDENIED", "IUSERVER_ACTIVATE_IN_CLIENT_SESSION_ONLY"),
            deny("0x20: a network caller naming a session is refused", "Session:1", Caller.remote(ALICE), IU_OWN_SESSION, DEFAULT, NORMAL, "E_ACCESSDENIED", "client's own session"),
            allow("0x20: without a moniker the console fallback still applies", "", at(SYSTEM, 0), IU_OWN_SESSION, DEFAULT, NORMAL, 1, ALICE, IU_K, true, "falls back to the console session 1"),
            allow("0x1: the client's own desktop in its session", "Session:1", at(ALICE, 1), IU_DESKTOP, DEFAULT, NORMAL, 1, ALICE, IU_K, false, "runs on the client's desktop"),
            allow("0x1: the client's desktop is elsewhere", "Session:2", at(SYSTEM, 0), IU_DESKTOP, DEFAULT, NORMAL, 2, BOB, IU_K, false, "client's desktop is not in session 2"),
            allow("other AppIDFlags are kept and reported", "Session:1", at(SYSTEM, 0), IU_OTHER_FLAGS, DEFAULT, NORMAL, 1, ALICE, IU_K, false, "SECURE_SERVER_PROCESS_SD_AND_BIND | AAA_NO_IMPLICIT_ACTIVATE_AS_IU kept but not interpreted"),
            // crossSession
            allow("crossSession=windows: bob into alice's session", "Session:1", at(BOB, 2), IU, WINDOWS, NORMAL, 1, ALICE, IU_K, false, "as on Windows"),
            deny("crossSession=owner-only: even SYSTEM is refused another user's session", "Session:2", at(SYSTEM, 0), IU, OWNER_ONLY, NORMAL, "E_ACCESSDENIED", "crossSession=owner-only"),
            allow("crossSession=owner-only: bob into his own session", "Session:2", at(BOB, 2), IU, OWNER_ONLY, NORMAL, 2, BOB, IU_K, false, "the server runs as bob in session 2"),
            deny("crossSession=owner-only: the console fallback for a service is refused", "", at(SYSTEM, 0), IU, OWNER_ONLY, NORMAL, "E_ACCESSDENIED", "only the session's own user"),
            // launch permission
            deny("LaunchPermission for SYSTEM only refuses alice", "Session:1", at(ALICE, 1), IU_SYSTEM_ONLY, DEFAULT, NORMAL, "E_ACCESSDENIED", "the AppID's LaunchPermission does not let alice activate"),
            allow("LaunchPermission granting bob activation only: bind, no launch", "Session:2", at(BOB, 2), IU_BOB_ACTIVATE_ONLY, DEFAULT, NORMAL, 2, BOB, IU_K, false, "activate a running server but not launch one"),
            deny("an empty LaunchPermission DACL refuses everyone", "Session:1", at(SYSTEM, 0), IU_EMPTY_DACL, DEFAULT, NORMAL, "E_ACCESSDENIED", "LaunchPermission does not let SYSTEM"),
            deny("default launch permission: a user without an interactive session is not INTERACTIVE", "Session:1", at(DAVE, 0), IU, WINDOWS, NORMAL, "E_ACCESSDENIED", "DefaultLaunchPermission does not let dave"),
            // Launching User
            allow("Launching User ignores the session moniker", "Session:1", at(BOB, 2), LU, DEFAULT, NORMAL, 2, BOB, LU_K, false, "session moniker ignored: AppID runs as Launching User"),
            allow("Launching User: a service's server runs in session 0", "", at(SYSTEM, 0), LU, DEFAULT, NORMAL, 0, SYSTEM, LU_K, false, "non-interactive window station Service-0x0-3e7$"),
            allow("Launching User: a network admin gets session 0 and its own window station", "", Caller.remote(ALICE), LU, DEFAULT, NORMAL, 0, ALICE, LU_K, false, "window station Service-0x0-3e8$"),
            deny("Launching User: a network non-admin may not launch by default", "", Caller.remote(BOB), LU, DEFAULT, NORMAL, "E_ACCESSDENIED", "DefaultLaunchPermission does not let bob"),
            // This User, Service, COM+
            allow("This User ignores the moniker and runs in its own logon", "Session:2", at(SYSTEM, 0), THIS_USER, DEFAULT, NORMAL, 0, SVC, IdentityKind.THIS_USER, false, "session moniker ignored: AppID runs as This User (svc)"),
            deny("This User with an unknown account cannot log on", "", at(SYSTEM, 0), GHOST, DEFAULT, NORMAL, "CO_E_RUNAS_LOGON_FAILURE", "\"ghost\" is not known"),
            allow("Service ignores the moniker and runs in session 0", "Session:2", at(BOB, 2), SERVICE, DEFAULT, NORMAL, 0, SYSTEM, IdentityKind.SERVICE, false, "LocalServer32 is not used"),
            allow("COM+ server application ignores the moniker", "Session:2", at(SYSTEM, 0), COM_PLUS, DEFAULT, NORMAL, 1, ALICE, IU_K, true, "COM+ server application"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decisionTable(Row row) {
        String name = row.moniker().isEmpty() ? "clsid:" + CLSID : row.moniker() + "!clsid:" + CLSID;
        ActivationRequest request = ActivationRequest.builder(Moniker.parse(name))
                .caller(row.caller()).appId(row.app()).settings(row.settings()).sessions(row.sessions())
                .accounts(ACCOUNTS).build();
        Decision d = ActivationPolicy.decide(request);
        String all = String.join("\n", d.trace()) + (d.outcome() == Decision.Outcome.DENIED ? "\n" + d.reason() : "");
        assertEquals(row.outcome(), d.outcome(), () -> "trace:\n" + all);
        assertTrue(all.contains(row.phrase()), () -> "expected \"" + row.phrase() + "\" in:\n" + all);
        switch (d.outcome()) {
            case ALLOWED -> {
                assertEquals(row.session(), d.sessionId(), all);
                assertEquals(row.user(), d.user().name(), all);
                assertEquals(row.identity(), d.identity(), all);
                assertEquals(row.fallback(), d.fallback(), all);
                assertEquals(d.sessionId(), d.serverKey().sessionId());
                assertEquals(d.user().sid(), d.serverKey().user());
                assertTrue(d.toException().isEmpty());
            }
            case DENIED -> {
                assertEquals(row.hresult(), d.errorName(), all);
                assertEquals(d.reason(), d.toException().orElseThrow().getMessage());
                assertThrows(IllegalStateException.class, d::sessionId);
            }
            case WAIT_FOR_CONSOLE -> assertThrows(IllegalStateException.class, d::hresult);
            default -> throw new AssertionError(d.outcome());
        }
    }

    @Test
    void tableHasARowPerRule() {
        assertTrue(rows().count() >= 40, "rows: " + rows().count());
    }

    @Nested
    class WindowStations {

        @Test
        void interactiveServersRunOnWinSta0Default() {
            Decision d = decide("Session:2", at(SYSTEM, 0), IU);
            assertEquals("WinSta0", d.windowStation());
            assertEquals("Default", d.desktop());
            assertTrue(d.mayLaunch());
        }

        @Test
        void nonInteractiveLogonsGetTheirOwnWindowStation() {
            assertEquals("Service-0x0-3e7$", decide("", at(SYSTEM, 0), LU).windowStation());
            assertEquals("Service-0x0-3eb$", decide("", at(SYSTEM, 0), THIS_USER).windowStation());
            assertEquals("Service-0x0-3e7$", decide("", at(BOB, 2), SERVICE).windowStation());
            assertEquals("WinSta0", decide("", at(BOB, 2), LU).windowStation());
        }

        @Test
        void serverKeysSeparateIdentitiesAndSessions() {
            ServerKey a = decide("Session:2", at(SYSTEM, 0), IU).serverKey();
            ServerKey b = decide("", at(BOB, 2), IU).serverKey();
            ServerKey c = decide("Session:1", at(SYSTEM, 0), IU).serverKey();
            assertEquals(a, b, "SYSTEM naming session 2 and bob in session 2 share bob's server");
            assertFalse(a.equals(c));
            ServerKey lu1 = decide("", at(BOB, 2), LU).serverKey();
            ServerKey lu2 = decide("", at(ALICE, 1), LU).serverKey();
            assertFalse(lu1.equals(lu2), "Launching User: one server per client account");
        }

        private Decision decide(String moniker, Caller caller, AppIdConfig app) {
            String name = moniker.isEmpty() ? "clsid:" + CLSID : moniker + "!clsid:" + CLSID;
            Decision d = ActivationPolicy.decide(ActivationRequest.builder(Moniker.parse(name)).caller(caller)
                    .appId(app).sessions(NORMAL).accounts(ACCOUNTS).build());
            assertTrue(d.isAllowed(), () -> d + "\n" + d.trace());
            return d;
        }
    }

    @Nested
    class AccessPermission {

        @Test
        void defaultAccessLetsOnlyTheServerIdentityAndSystemCall() {
            assertTrue(ActivationPolicy.checkAccess(IU, MachineSecurity.defaults(), ALICE, ALICE, false).granted());
            assertTrue(ActivationPolicy.checkAccess(IU, MachineSecurity.defaults(), ALICE, SYSTEM, false).granted());
            assertFalse(ActivationPolicy.checkAccess(IU, MachineSecurity.defaults(), ALICE, BOB, false).granted(),
                    "the default access permission does not let the launching user call another user's server");
        }

        @Test
        void anExplicitAccessPermissionWins() {
            AppIdConfig open = app(RunAs.interactiveUser())
                    .accessPermission(SecurityDescriptor.parse("O:BAG:BAD:(A;;CCDCLC;;;IU)")).build();
            assertTrue(ActivationPolicy.checkAccess(open, MachineSecurity.defaults(), ALICE,
                    BOB.withLogon(LogonType.INTERACTIVE), false).granted());
            AccessCheckResult remote = ActivationPolicy.checkAccess(open, MachineSecurity.defaults(), ALICE,
                    BOB.withLogon(LogonType.NETWORK), true);
            assertFalse(remote.granted(), remote.reason());
        }

        @Test
        void selfIsTheServersOwnIdentity() {
            // dcomcnfg's "SELF": COM checks with the server's user as the principal-self SID
            AppIdConfig self = app(RunAs.interactiveUser())
                    .accessPermission(SecurityDescriptor.parse("O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDCLC;;;SY)")).build();
            assertTrue(ActivationPolicy.checkAccess(self, MachineSecurity.defaults(), BOB, BOB, true).granted(),
                    "bob calls his own server, from the network too");
            assertFalse(ActivationPolicy.checkAccess(self, MachineSecurity.defaults(), BOB, CAROL, false).granted(),
                    "SELF is bob for bob's server, not every caller");
            assertTrue(ActivationPolicy.checkAccess(self, MachineSecurity.defaults(), CAROL, CAROL, false).granted());
            MachineSecurity machine = new MachineSecurity(ComSecurityDefaults.defaultLaunchPermission(),
                    Optional.of(SecurityDescriptor.parse("O:BAG:BAD:(A;;CCDCLC;;;PS)")));
            assertTrue(ActivationPolicy.checkAccess(IU, machine, ALICE, ALICE, false).granted(), "in a machine default");
            assertFalse(ActivationPolicy.checkAccess(IU, machine, ALICE, BOB, false).granted());
        }

        @Test
        void theMachineDefaultAppliesWhenTheAppIdHasNone() {
            MachineSecurity everyone = new MachineSecurity(ComSecurityDefaults.defaultLaunchPermission(),
                    Optional.of(SecurityDescriptor.parse("O:BAG:BAD:(A;;CCDCLC;;;WD)")));
            assertTrue(ActivationPolicy.checkAccess(IU, everyone, ALICE, BOB, false).granted());
        }
    }

    @Nested
    class Model {

        @Test
        void runAsIsReadLikeCom() {
            assertEquals(RunAs.interactiveUser(), RunAs.fromRegistry(Optional.of("interactive user"), Optional.empty()));
            assertEquals(RunAs.launchingUser(), RunAs.fromRegistry(Optional.empty(), Optional.empty()));
            assertEquals(RunAs.launchingUser(), RunAs.fromRegistry(Optional.of("  "), Optional.empty()));
            assertEquals(RunAs.thisUser("CONTOSO\\svc"), RunAs.fromRegistry(Optional.of("CONTOSO\\svc"), Optional.empty()));
            assertEquals(RunAs.service("Spooler"), RunAs.fromRegistry(Optional.of("Interactive User"), Optional.of("Spooler")));
            assertThrows(IllegalArgumentException.class, () -> new RunAs(IdentityKind.THIS_USER, Optional.empty()));
        }

        @Test
        void snapshotsCheckTheirConsole() {
            SessionView a = new SessionView(1, "Console", WtsState.ACTIVE, Optional.of(ALICE), true);
            SessionView b = new SessionView(2, "RDP", WtsState.ACTIVE, Optional.of(BOB), false);
            assertThrows(IllegalArgumentException.class, () -> SessionSnapshot.of(List.of(a, b), SessionId.of(2)));
            assertThrows(IllegalArgumentException.class, () -> SessionSnapshot.of(List.of(a, a), SessionId.of(1)));
            assertThrows(IllegalArgumentException.class, () -> SessionSnapshot.of(List.of(b), SessionId.of(9)));
            assertThrows(IllegalArgumentException.class, () -> SessionSnapshot.of(List.of(b), SessionId.ANY));
            assertThrows(IllegalArgumentException.class,
                    () -> new SessionView(65536, "RDP-Tcp", WtsState.LISTEN, Optional.of(BOB), false));
            assertEquals(Optional.of(a), SessionSnapshot.of(List.of(b, a), SessionId.of(1)).consoleSession());
            assertEquals(Optional.empty(), SessionSnapshot.of(List.of(b), SessionId.NO_CONSOLE).consoleSession());
        }

        @Test
        void settingsParseTheScenarioSpelling() {
            assertEquals(HostSettings.Fallback.CONSOLE, HostSettings.Fallback.parse("CONSOLE"));
            assertEquals(HostSettings.CrossSession.OWNER_ONLY, HostSettings.CrossSession.parse("owner-only"));
            assertThrows(IllegalArgumentException.class, () -> HostSettings.CrossSession.parse("nobody"));
            assertEquals(WtsState.DISCONNECTED, WtsState.fromLabel("disconnected"));
            assertEquals(WtsState.LISTEN, WtsState.fromValue(6));
        }

        @Test
        void aMonikerWithoutAClassIsACallerBug() {
            assertThrows(IllegalArgumentException.class, () -> ActivationRequest.builder(Moniker.parse("Session:1")));
        }

        @Test
        void hresultsOfTheUnconfirmedCases() {
            assertEquals(0x800703F0, HResult.ERROR_NO_TOKEN);
            assertEquals(0x80071B6E, HResult.ERROR_CTX_WINSTATION_NOT_FOUND);
        }
    }
}
