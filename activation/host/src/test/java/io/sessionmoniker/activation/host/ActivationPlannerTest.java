package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Decision;
import io.sessionmoniker.policy.IdentityKind;
import io.sessionmoniker.policy.Principal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each RunAs row decided through the real loaders: a scenario file and a UTF-16LE .reg file with one class per
 * AppID identity (and a LaunchPermission written as regedit writes it).
 */
class ActivationPlannerTest {

    static Scenario scenario;
    static SessionManager sessions;
    static ActivationPlanner planner;

    @BeforeAll
    static void load() throws URISyntaxException {
        Path file = Path.of(ActivationPlannerTest.class.getResource("/planner/scenario.json").toURI());
        scenario = Scenario.load(file);
        sessions = scenario.sessionManager();
        ClassRegistry registry = scenario.classRegistry(Map.of("JAVA", "/usr/bin/java", "CLASSPATH", "app.jar"));
        planner = new ActivationPlanner(sessions, registry, scenario.settings(), sessions.users());
    }

    static Caller caller(String user, long session) {
        Principal p = user.equals("SYSTEM") ? Principal.system() : sessions.users().lookup(user).orElseThrow();
        return Caller.local(p, session);
    }

    @ParameterizedTest(name = "{0} as {1}@{2} → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            Session:2!@Test.Interactive      | SYSTEM | 0 | ALLOWED  | 2 | bob   | INTERACTIVE_USER | false |                                | the server runs as bob in session 2
            @Test.Interactive                | SYSTEM | 0 | ALLOWED  | 1 | alice | INTERACTIVE_USER | true  |                                | falls back to the console session 1
            Session:Console!@Test.Interactive| bob    | 2 | DENIED   |   |       |                  |       | E_ACCESSDENIED                 | needs an administrator or SYSTEM
            Session:4!@Test.Interactive      | SYSTEM | 0 | DENIED   |   |       |                  |       | ERROR_NO_TOKEN                 | fallback=none
            Session:9!@Test.Interactive      | SYSTEM | 0 | DENIED   |   |       |                  |       | ERROR_CTX_WINSTATION_NOT_FOUND | session 9 does not exist
            Session:1!@Test.Launching        | bob    | 2 | ALLOWED  | 2 | bob   | LAUNCHING_USER   | false |                                | session moniker ignored: AppID runs as Launching User
            Session:1!@Test.ThisUser         | SYSTEM | 0 | ALLOWED  | 0 | svc   | THIS_USER        | false |                                | This User (svc)
            Session:2!@Test.Service          | bob    | 2 | ALLOWED  | 0 | SYSTEM| SERVICE          | false |                                | LocalServer32 is not used
            Session:1!@Test.OwnSession       | SYSTEM | 0 | DENIED   |   |       |                  |       | E_ACCESSDENIED                 | IUSERVER_ACTIVATE_IN_CLIENT_SESSION_ONLY
            Session:2!@Test.OwnSession       | bob    | 2 | ALLOWED  | 2 | bob   | INTERACTIVE_USER | false |                                | the server runs as bob in session 2
            Session:1!@Test.SystemOnly       | alice  | 1 | DENIED   |   |       |                  |       | E_ACCESSDENIED                 | the AppID's LaunchPermission does not let alice
            Session:1!@Test.SystemOnly       | SYSTEM | 0 | ALLOWED  | 1 | alice | INTERACTIVE_USER | false |                                | the AppID's LaunchPermission lets SYSTEM launch
            Session:1!clsid:20000000-0000-0000-0000-000000000007 | bob | 2 | ALLOWED | 2 | bob | LAUNCHING_USER | false |            | no AppID runs as Launching User
            """)
    void rows(String name, String user, long session, Decision.Outcome outcome, Long expectedSession,
            String expectedUser, IdentityKind identity, Boolean fallback, String hresult, String phrase) {
        Decision d = planner.plan(name, caller(user, session)).decision();
        String all = String.join("\n", d.trace()) + (d.outcome() == Decision.Outcome.DENIED ? "\n" + d.reason() : "");
        assertEquals(outcome, d.outcome(), all);
        assertTrue(all.contains(phrase), () -> "expected \"" + phrase + "\" in:\n" + all);
        if (d.isAllowed()) {
            assertEquals(expectedSession, d.sessionId(), all);
            assertEquals(expectedUser, d.user().name(), all);
            assertEquals(identity, d.identity(), all);
            assertEquals(fallback, d.fallback(), all);
        } else {
            assertEquals(hresult, d.errorName(), all);
        }
    }

    @Test
    void unregisteredClassesAndNamesWithoutAClassAreErrors() {
        ComException notRegistered = assertThrows(ComException.class,
                () -> planner.plan("Session:1!clsid:30000000-0000-0000-0000-000000000001", caller("SYSTEM", 0)));
        assertEquals(HResult.REGDB_E_CLASSNOTREG, notRegistered.hresult());
        ComException noClass = assertThrows(ComException.class, () -> planner.plan("Session:1", caller("SYSTEM", 0)));
        assertEquals(HResult.MK_E_NOOBJECT, noClass.hresult());
        MonikerSyntaxException syntax = assertThrows(MonikerSyntaxException.class,
                () -> planner.plan("Session:1!@No.Such.ProgId", caller("SYSTEM", 0)));
        assertEquals(10, syntax.eaten());
    }

    @Test
    void theDemoScenarioExplainsTheSessionInfoServer() {
        Scenario demo = Scenario.demo();
        SessionManager demoSessions = demo.sessionManager();
        ActivationPlanner demoPlanner = new ActivationPlanner(demoSessions, demo.classRegistry(Map.of()),
                demo.settings(), demoSessions.users());
        Decision d = demoPlanner.plan("Session:2!@SessionMoniker.SessionInfo", Caller.local(Principal.system(), 0))
                .decision();
        assertEquals("bob", d.user().name());
        Decision fallback = demoPlanner.plan("Session:65536!clsid:10000013-0000-0000-0000-000000000001",
                Caller.local(Principal.system(), 0)).decision();
        assertTrue(fallback.fallback(), fallback.trace().toString());
        assertEquals(1, fallback.sessionId());
    }
}
