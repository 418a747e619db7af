package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionsAndExplainTest {

    static SessmonTest.Result run(String... args) {
        return SessmonTest.run(args);
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Nested
    class Sessions {

        @Test
        void jsonFollowsTheContract() throws Exception {
            SessmonTest.Result r = run("sessions", "--json");
            assertEquals(0, r.exit(), r.err());
            JsonNode j = r.json();
            assertEquals(List.of("consoleSessionId", "sessions"), fields(j));
            assertEquals(1, j.get("consoleSessionId").asLong());
            JsonNode bob = j.get("sessions").get(2);
            assertEquals(List.of("id", "name", "user", "state", "console", "windowStation", "desktops"), fields(bob));
            assertEquals(2, bob.get("id").asLong());
            assertEquals("bob", bob.get("user").asText());
            assertEquals("Active", bob.get("state").asText());
            assertFalse(bob.get("console").asBoolean());
            assertEquals("WinSta0", bob.get("windowStation").asText());
            assertEquals("[\"Default\",\"ScreenSaver\",\"Winlogon\"]", bob.get("desktops").toString());
            assertTrue(j.get("sessions").get(0).get("user").isNull());
            assertEquals("Disconnected", j.get("sessions").get(3).get("state").asText());
            assertEquals("Listen", j.get("sessions").get(4).get("state").asText());
        }

        @Test
        void humanOutputLooksLikeQuerySession() {
            SessmonTest.Result r = run("sessions", "--as", "bob");
            assertEquals(0, r.exit(), r.err());
            String[] lines = r.out().split("\n");
            assertTrue(lines[0].startsWith(" SESSIONNAME       USERNAME"), lines[0]);
            assertTrue(lines[0].contains("ID  STATE"), lines[0]);
            assertTrue(lines[0].endsWith("STATE   TYPE        DEVICE"), "query session's columns: " + lines[0]);
            assertTrue(lines[1].startsWith(" services") && lines[1].endsWith("0  Disc"), lines[1]);
            assertTrue(lines[2].startsWith(" console           alice"), "names in lower case, as query session"
                    + " prints them: " + lines[2]);
            assertTrue(lines[3].startsWith(">rdp-tcp#0         bob"), "the caller's session is marked: " + lines[3]);
            assertTrue(lines[4].startsWith("                   carol"), "a disconnected session shows no name: " + lines[4]);
            assertTrue(lines[5].endsWith("65536  Listen"), lines[5]);
            assertTrue(run("sessions").out().split("\n")[1].startsWith(">services"), "SYSTEM calls from session 0");
        }

        @Test
        void aScenarioFileIsUsed(@TempDir Path dir) throws Exception {
            Path f = dir.resolve("s.json");
            Files.writeString(f, "{\"users\":[{\"name\":\"zoe\"}],\"sessions\":[{\"id\":1,\"name\":\"Console\",\"user\":\"zoe\","
                    + "\"state\":\"Active\",\"console\":true}]}");
            JsonNode j = run("sessions", "--config", f.toString(), "--json").json();
            assertEquals("zoe", j.get("sessions").get(1).get("user").asText());
        }

        @Test
        void badScenariosAndCallersAreUsageErrors(@TempDir Path dir) throws Exception {
            Path f = dir.resolve("bad.json");
            Files.writeString(f, "{\"sessions\": [{\"id\": 1}]}");
            SessmonTest.Result r = run("sessions", "--config", f.toString());
            assertEquals(ExitCodes.USAGE, r.exit());
            assertTrue(r.err().contains("sessions[0].name: required"), r.err());
            assertEquals(ExitCodes.USAGE, run("sessions", "--as", "mallory").exit());
            assertEquals(ExitCodes.USAGE, run("sessions", "--from-session", "9").exit());
        }
    }

    @Nested
    class Explain {

        @ParameterizedTest(name = "{0} as {1} → session {2} user {3}, fallback {4}")
        @CsvSource(delimiter = '|', textBlock = """
                Session:2!clsid:10000013-0000-0000-0000-000000000001      | SYSTEM | 2 | bob   | false
                Session:Console!new:10000013-0000-0000-0000-000000000001  | SYSTEM | 1 | alice | false
                clsid:10000013-0000-0000-0000-000000000001                | SYSTEM | 1 | alice | true
                Session:65536!@SessionMoniker.SessionInfo                 | SYSTEM | 1 | alice | true
                @SessionMoniker.SessionInfo                               | bob    | 2 | bob   | false
                """)
        void allowedDecisionsFollowTheContract(String name, String as, long session, String user, boolean fallback)
                throws Exception {
            SessmonTest.Result r = as.equals("SYSTEM") ? run("explain", name, "--json") : run("explain", name, "--as", as, "--json");
            assertEquals(0, r.exit(), r.out() + r.err());
            JsonNode j = r.json();
            assertEquals(List.of("allowed", "session", "user", "identity", "fallback"), fields(j).subList(0, 5));
            assertTrue(j.get("allowed").asBoolean());
            assertEquals(session, j.get("session").asLong());
            assertEquals(user, j.get("user").asText());
            assertEquals("InteractiveUser", j.get("identity").asText());
            assertEquals(fallback, j.get("fallback").asBoolean());
            assertTrue(j.get("trace").size() >= 4, j.toString());
        }

        @Test
        void aDenialExitsWithFourAndCarriesTheHresult() throws Exception {
            SessmonTest.Result r = run("explain", "Session:1!clsid:10000013-0000-0000-0000-000000000001", "--as", "bob", "--json");
            assertEquals(ExitCodes.ACTIVATION, r.exit());
            JsonNode j = r.json();
            assertFalse(j.get("allowed").asBoolean());
            assertEquals("0x80070005", j.get("hresult").asText());
            assertEquals("E_ACCESSDENIED", j.get("error").asText());
            assertTrue(j.get("trace").size() > 0);
        }

        @Test
        void launchingUserIgnoresTheMoniker() throws Exception {
            JsonNode j = run("explain", "Session:1!@SessionMoniker.Counter", "--as", "bob", "--json").json();
            assertEquals("LaunchingUser", j.get("identity").asText());
            assertEquals(2, j.get("session").asLong());
            assertTrue(j.get("trace").toString().contains("session moniker ignored"), j.toString());
        }

        @Test
        void errorsBeforeTheDecision() throws Exception {
            SessmonTest.Result syntax = run("explain", "Session:3x", "--json");
            assertEquals(ExitCodes.SYNTAX, syntax.exit());
            assertEquals("MK_E_SYNTAX", syntax.json().get("error").asText());
            SessmonTest.Result unregistered = run("explain", "Session:1!clsid:30000000-0000-0000-0000-000000000001", "--json");
            assertEquals(ExitCodes.ACTIVATION, unregistered.exit());
            assertEquals("REGDB_E_CLASSNOTREG", unregistered.json().get("error").asText());
            // every denial explains itself, those found before the policy runs too
            assertEquals(1, syntax.json().get("trace").size(), syntax.out());
            assertTrue(syntax.json().get("trace").get(0).asText().startsWith("parse the display name"), syntax.out());
            assertEquals(1, unregistered.json().get("trace").size(), unregistered.out());
            assertTrue(unregistered.json().get("trace").get(0).asText().startsWith("look the class up in the registry"),
                    unregistered.out());
            SessmonTest.Result human = run("explain", "Session:1!clsid:30000000-0000-0000-0000-000000000001");
            assertTrue(human.err().contains("REGDB_E_CLASSNOTREG (0x80040154)"), human.err());
            assertTrue(human.err().contains("look the class up in the registry"), human.err());
        }

        @Test
        void humanOutputShowsTheDecisionAndNumberedTrace() {
            SessmonTest.Result r = run("explain", "Session:2!clsid:10000013-0000-0000-0000-000000000001");
            assertEquals(0, r.exit());
            assertTrue(r.out().contains("decision  allowed: session 2 as bob (InteractiveUser), WinSta0\\Default"), r.out());
            assertTrue(r.out().contains("     1. caller SYSTEM in session 0"), r.out());
        }
    }

    @Test
    void parseResolvesProgIdsThroughTheScenario() throws Exception {
        JsonNode j = run("parse", "Session:2!@SessionMoniker.SessionInfo", "--json").json();
        assertEquals("Session:2!clsid:10000013-0000-0000-0000-000000000001:", j.get("displayName").asText());
    }
}
