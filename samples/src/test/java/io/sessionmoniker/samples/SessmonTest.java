package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessmonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What one run printed and returned. */
    record Result(int exit, String out, String err) {
        JsonNode json() throws Exception {
            String[] lines = out.strip().split("\n");
            assertEquals(1, lines.length, "exactly one JSON object on stdout: " + out);
            return MAPPER.readTree(lines[0]);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Sessmon.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Nested
    class Parse {

        @Test
        void jsonForAValidNameFollowsTheContract() throws Exception {
            Result r = run("parse", "session:03!CLSID:{10000013-0000-0000-0000-000000000001}", "--json");
            assertEquals(0, r.exit());
            JsonNode j = r.json();
            assertEquals(List.of("ok", "displayName", "eaten", "parts"), fieldNames(j));
            assertTrue(j.get("ok").asBoolean());
            assertEquals("Session:3!clsid:10000013-0000-0000-0000-000000000001:", j.get("displayName").asText());
            assertEquals(55, j.get("eaten").asInt());
            assertEquals("{\"kind\":\"session\",\"session\":\"3\"}", j.get("parts").get(0).toString());
            assertEquals("{\"kind\":\"class\",\"clsid\":\"10000013-0000-0000-0000-000000000001\",\"params\":\"\"}",
                    j.get("parts").get(1).toString());
        }

        @Test
        void jsonPartsForNewItemAndConsole() throws Exception {
            JsonNode j = run("parse", "Session:Console!new:10000013-0000-0000-0000-000000000001!Sheet 1", "--json").json();
            assertEquals("Console", j.get("parts").get(0).get("session").asText());
            assertEquals("{\"kind\":\"new\",\"clsid\":\"10000013-0000-0000-0000-000000000001\"}", j.get("parts").get(1).toString());
            assertEquals("{\"kind\":\"item\",\"delimiter\":\"!\",\"name\":\"Sheet 1\"}", j.get("parts").get(2).toString());
        }

        @ParameterizedTest(name = "\"{0}\" → {1} at {2}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                Session:3x!clsid:10000013-0000-0000-0000-000000000001 | MK_E_SYNTAX  | 9  | 0x800401E4
                Session:4294967295!new:10000013-0000-0000-0000-000000000001 | MK_E_SYNTAX | 8 | 0x800401E4
                clsid:                                                | MK_E_SYNTAX  | 6  | 0x800401E4
                ""                                                    | E_INVALIDARG | 0  | 0x80070057
                """)
        void jsonForAnInvalidNameFollowsTheContract(String name, String error, int eaten, String hresult) throws Exception {
            Result r = run("parse", name, "--json");
            assertEquals(ExitCodes.SYNTAX, r.exit());
            JsonNode j = r.json();
            assertEquals(List.of("ok", "hresult", "error", "eaten", "message"), fieldNames(j));
            assertFalse(j.get("ok").asBoolean());
            assertEquals(hresult, j.get("hresult").asText());
            assertEquals(error, j.get("error").asText());
            assertEquals(eaten, j.get("eaten").asInt());
            assertFalse(j.get("message").asText().isBlank());
            assertEquals("", r.err());
        }

        @Test
        void humanOutputShowsCanonicalFormAndParts() {
            Result r = run("parse", "Session:3!clsid:10000013-0000-0000-0000-000000000001");
            assertEquals(0, r.exit());
            assertTrue(r.out().startsWith("Session:3!clsid:10000013-0000-0000-0000-000000000001:\n"), r.out());
            assertTrue(r.out().contains("session  3"), r.out());
            assertTrue(r.out().contains("class    10000013-0000-0000-0000-000000000001"), r.out());
        }

        @Test
        void humanErrorPointsAtThePosition() {
            Result r = run("parse", "Session:3x!clsid:10000013-0000-0000-0000-000000000001");
            assertEquals(ExitCodes.SYNTAX, r.exit());
            assertEquals("", r.out());
            String[] lines = r.err().split("\n");
            assertTrue(lines[0].startsWith("sessmon parse: MK_E_SYNTAX (0x800401E4): expected '!'"), lines[0]);
            assertEquals("  Session:3x!clsid:10000013-0000-0000-0000-000000000001", lines[1]);
            assertEquals("           ^", lines[2]);
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(ExitCodes.USAGE, run().exit());
        assertEquals(ExitCodes.USAGE, run("no-such-command").exit());
        assertEquals(ExitCodes.USAGE, run("parse").exit());
        assertEquals(ExitCodes.USAGE, run("parse", "a", "b").exit());
        assertEquals(ExitCodes.USAGE, run("parse", "--no-such-flag", "Session:1").exit());
    }

    @Test
    void helpIsAvailableEverywhere() {
        Result top = run("--help");
        assertEquals(0, top.exit());
        assertTrue(top.out().contains("parse"), top.out());
        assertTrue(top.out().contains("Exit codes"), top.out());
        Result parse = run("parse", "--help");
        assertEquals(0, parse.exit());
        assertTrue(parse.out().contains("--json"), parse.out());
    }

    @Test
    void demoRunsRealServersAndEndsThem() throws Exception {
        Result r = run("demo", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode j = r.json();
        assertTrue(j.get("ok").asBoolean());
        JsonNode a = j.get("activations");
        assertEquals(6, a.size());
        assertEquals(2, a.get(0).get("session").asInt());
        assertEquals("bob", a.get(0).get("user").asText());
        assertTrue(a.get(0).get("launched").asBoolean());
        assertEquals(1, a.get(1).get("session").asInt());
        assertEquals("alice", a.get(1).get("user").asText());
        assertTrue(a.get(2).get("fallback").asBoolean(), "a service with no moniker falls back to the console");
        assertEquals(a.get(1).get("pid").asLong(), a.get(2).get("pid").asLong(), "the console server is reused");
        assertEquals("ERROR_NO_TOKEN", a.get(3).get("error").asText(), "a listener is refused with fallback=none");
        assertTrue(a.get(4).get("fallback").asBoolean(), "then falls back with fallback=console");
        assertEquals(a.get(0).get("pid").asLong(), a.get(5).get("pid").asLong(), "bob binds to his running server");
        assertEquals(2, j.get("serversStarted").asInt());
        assertEquals(0, j.get("serversLeftRunning").asInt());
        for (int i : new int[] {0, 1}) {
            long pid = a.get(i).get("pid").asLong();
            assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "server " + pid + " was ended");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
