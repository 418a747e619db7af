package io.sessionmoniker.server.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.server.ScriptException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The scenario and the scripted classes built in code: a {@link HostScenario} method, {@link HostClasses} members
 * (a spec and a list), without any file.
 */
@SessionHostTest
class BuilderTest {

    static final String COUNTER = "4A1E0C2B-0000-4000-8000-0000000000B1";
    static final String LAUNCHER = "4A1E0C2B-0000-4000-8000-0000000000B2";

    @HostScenario
    static Scenario scenario() {
        return Scenario.parse("BuilderTest", """
                {
                  "users": [{"name": "erin", "groups": ["Administrators"], "password": "erins"},
                            {"name": "frank", "password": "franks"}],
                  "sessions": [{"id": 0, "name": "Services", "state": "Disconnected"},
                               {"id": 1, "name": "Console", "user": "erin", "state": "Active", "console": true},
                               {"id": 4, "name": "RDP-Tcp#3", "user": "frank", "state": "Active"}],
                  "policy": {"fallback": "console", "crossSession": "admins"}
                }
                """, null);
    }

    @HostClasses
    static final ScriptedClassSpec POLL = ScriptedClassSpec.of(COUNTER).progId("Builder.Poll")
            .script("{\"methods\": {\"Ready\": [{\"result\": false}, {\"result\": true}]}}");

    @HostClasses
    static List<ScriptedClassSpec> more() {
        return List.of(ScriptedClassSpec.of("{" + LAUNCHER + "}").progId("Builder.Launching").runAs(""));
    }

    @Test
    void theBuiltScenarioAndClassesServe(SessionHost host, ScriptedCalls calls, Scenario scenario) throws Exception {
        assertEquals(List.of("erin", "frank"), scenario.users().stream().map(Scenario.UserSpec::name).toList());
        try (Activation<LateBound> a = host.activate("@Builder.Poll", host.caller("frank", OptionalLong.empty()),
                LateBound.class)) {
            assertEquals(false, a.object().invoke("Ready"));
            assertEquals(true, a.object().invoke("Ready"));
        }
        assertEquals(4, calls.await(l -> l.count("Ready") == 2, Duration.ofSeconds(60)).calls("Ready").get(1)
                .session(), "Interactive User: frank's session");
        // RunAs empty: the launching user, here erin at the console asking for a server in her own session
        try (Activation<LateBound> a = host.activate("@Builder.Launching", host.caller("erin", OptionalLong.of(1)),
                LateBound.class)) {
            assertEquals("hello from the scripted stub", a.object().invoke("Greet")); // the demo script
        }
        assertEquals("erin", calls.await(l -> l.count("Greet") == 1, Duration.ofSeconds(60)).calls("Greet").get(0)
                .user());
    }

    @Test
    void aBadScriptIsRefusedWhereItIsWrittenNamingThePath() {
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptedClassSpec.of(COUNTER)
                .script("{\"methods\": {\"Add\": {\"reslt\": 3}}}"));
        assertTrue(e.getMessage().contains("methods.Add.reslt"), e.getMessage());
        assertEquals(HResult.E_INVALIDARG, ((ComException) e).hresult());
    }
}
