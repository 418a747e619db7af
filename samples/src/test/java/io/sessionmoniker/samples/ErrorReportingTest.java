package io.sessionmoniker.samples;

import static io.sessionmoniker.samples.SessmonTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionmoniker.samples.SessmonTest.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Errors a person can act on: a usage error is its message and one line pointing to {@code --help}; with
 * {@code --json} every failure is one JSON object with the same fields; messages name the nearest existing name
 * for a misspelt one and carry no Java internals.
 */
class ErrorReportingTest {

    static final String SESSION_INFO = "Session:2!new:10000013-0000-0000-0000-000000000001";

    @TempDir
    Path tmp;

    static List<String> lines(String text) {
        return text.lines().toList();
    }

    /** The fields every failure has, in the same order as parse's. */
    static void assertFailureObject(Result r, String error) throws Exception {
        JsonNode j = r.json();
        assertFalse(j.get("ok").asBoolean(), r.out());
        assertTrue(j.get("hresult").asText().matches("0x[0-9A-F]{8}"), r.out());
        assertEquals(error, j.get("error").asText(), r.out());
        assertFalse(j.get("message").asText().isBlank(), r.out());
        assertEquals("", r.err(), "nothing on stderr with --json");
    }

    @Nested
    class UsageErrors {

        @Test
        void anUnknownUserIsTheMessageAndAPointerToHelp() {
            Result r = run("explain", "@SessionMoniker.SessionInfo", "--as", "bobb");
            assertEquals(ExitCodes.USAGE, r.exit());
            assertEquals(List.of("sessmon explain: --as bobb: no such user in the scenario: bobb; did you mean bob?"
                    + " (users: SYSTEM, alice, bob, carol)", "See 'sessmon explain --help'."), lines(r.err()));
            assertEquals("", r.out());
        }

        @Test
        void aMissingParameterIsTwoLinesToo() {
            Result r = run("parse");
            assertEquals(ExitCodes.USAGE, r.exit());
            assertEquals(List.of("sessmon parse: Missing required parameter: 'NAME'", "See 'sessmon parse --help'."),
                    lines(r.err()));
        }

        @Test
        void aMisspeltCommandSuggestsTheNearest() {
            Result r = run("actvate", SESSION_INFO);
            assertEquals(ExitCodes.USAGE, r.exit());
            assertTrue(r.err().contains("Did you mean: activate"), r.err());
            assertEquals("See 'sessmon --help'.", lines(r.err()).get(lines(r.err()).size() - 1));
        }

        @Test
        void argumentsWithoutCallAreAUsageError() {
            Result r = run("activate", SESSION_INFO, "1", "2");
            assertEquals(ExitCodes.USAGE, r.exit());
            assertEquals(List.of("sessmon activate: arguments [1, 2] need --call METHOD",
                    "See 'sessmon activate --help'."), lines(r.err()));
        }

        @Test
        void aMissingScenarioFileSaysSoWithoutJavaNames() {
            Path missing = tmp.resolve("lab.json");
            Result r = run("sessions", "--config", missing.toString());
            assertEquals(ExitCodes.USAGE, r.exit());
            assertEquals(List.of("sessmon sessions: " + missing + ": cannot read the scenario file: no such file",
                    "See 'sessmon sessions --help'."), lines(r.err()));
        }

        @Test
        void aDeviceAFifoAndADirectoryAreRefusedAsScenariosByWhatTheyAre() throws Exception {
            Path fifo = tmp.resolve("pipe.json");
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
            assertEquals(0, mkfifo.waitFor(), new String(mkfifo.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
            String[][] cases = {
                {"/dev/zero", "a character device"},
                {fifo.toString(), "a FIFO (named pipe)"},
                {tmp.toString(), "a directory"},
            };
            for (String[] c : cases) {
                // the FIFO is never opened: an open would wait for a writer that never comes
                Result r = run("sessions", "--config", c[0]);
                assertEquals(ExitCodes.USAGE, r.exit(), r.err());
                assertEquals(List.of("sessmon sessions: " + c[0] + ": this is " + c[1] + ", not a regular file; a"
                        + " scenario is read from a regular JSON file", "See 'sessmon sessions --help'."),
                        lines(r.err()));
            }
        }

        @Test
        void aMisspeltScenarioFieldAndStateSuggestTheNearest() throws Exception {
            Path field = Files.writeString(tmp.resolve("field.json"), "{\"users\":[],\"sesions\":[]}",
                    StandardCharsets.UTF_8);
            Result f = run("sessions", "--config", field.toString());
            assertEquals(ExitCodes.USAGE, f.exit());
            assertTrue(lines(f.err()).get(0).contains("sesions: unknown field; did you mean sessions?"), f.err());
            assertEquals(2, lines(f.err()).size(), f.err());
            Path state = Files.writeString(tmp.resolve("state.json"),
                    "{\"sessions\":[{\"id\":1,\"name\":\"console\",\"state\":\"Actve\",\"console\":true}]}",
                    StandardCharsets.UTF_8);
            Result s = run("sessions", "--config", state.toString());
            assertEquals(ExitCodes.USAGE, s.exit());
            assertTrue(lines(s.err()).get(0).contains("did you mean Active?"), s.err());
        }

        @Test
        void aMisspeltProgIdSuggestsTheRegisteredOne() {
            Result r = run("explain", "Session:2!@SessionMoniker.SesionInfo");
            assertEquals(ExitCodes.SYNTAX, r.exit());
            assertTrue(r.err().contains("ProgID 'SessionMoniker.SesionInfo' is not registered; did you mean"
                    + " 'SessionMoniker.SessionInfo'?"), r.err());
        }
    }

    @Nested
    class JsonFailures {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"parse", "explain", "activate", "sessions --as nobody", "logoff", "host start",
            "host stop", "host status", "no-such-command", "activate x --no-such-flag"})
        void aUsageErrorIsOneJsonObject(String command) throws Exception {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.add("--json");
            Result r = run(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
            assertFailureObject(r, "E_INVALIDARG");
        }

        @Test
        void noDaemonIsOneJsonObjectInEveryCommand() throws Exception {
            String none = tmp.resolve("none").resolve("host.sock").toString();
            for (String[] args : List.of(new String[] {"activate", SESSION_INFO}, new String[] {"sessions"},
                    new String[] {"explain", SESSION_INFO}, new String[] {"logoff", "2"},
                    new String[] {"lock", "2"}, new String[] {"host", "stop"})) {
                List<String> line = new java.util.ArrayList<>(List.of(args));
                line.addAll(List.of("--host", none, "--json"));
                Result r = run(line.toArray(String[]::new));
                assertEquals(ExitCodes.ACTIVATION, r.exit(), line + ": " + r.out() + r.err());
                assertFailureObject(r, "RPC_S_SERVER_UNAVAILABLE");
                assertTrue(r.json().get("message").asText().contains("sessmon host start --host " + none), r.out());
            }
        }

        @Test
        void hostStartOnAFileIsOneJsonObject() throws Exception {
            Path file = Files.writeString(tmp.resolve("notes"), "keep", StandardCharsets.UTF_8);
            Result r = run("host", "start", "--host", file.toString(), "--json");
            assertEquals(ExitCodes.USAGE, r.exit());
            assertFailureObject(r, "E_INVALIDARG");
            assertEquals("keep", Files.readString(file, StandardCharsets.UTF_8));
        }

        @Test
        void aSyntaxErrorHasEatenInActivateAsInParseAndExplain() throws Exception {
            for (String command : new String[] {"parse", "explain", "activate"}) {
                Result r = run(command, "Session:3x!clsid:10000013-0000-0000-0000-000000000001", "--json");
                assertEquals(ExitCodes.SYNTAX, r.exit(), command);
                JsonNode j = r.json();
                assertFalse(j.get("ok").asBoolean(), command + ": " + r.out());
                assertEquals(9, j.get("eaten").asInt(), command + ": " + r.out());
                assertEquals("MK_E_SYNTAX", j.get("error").asText());
            }
        }

        @Test
        void explainAndStatusHaveTheSameSuccessFlag() throws Exception {
            Result allowed = run("explain", SESSION_INFO, "--json");
            assertTrue(allowed.json().get("ok").asBoolean());
            assertTrue(allowed.json().get("allowed").asBoolean());
            Result denied = run("explain", "Session:1!new:10000013-0000-0000-0000-000000000001", "--as", "bob",
                    "--json");
            assertEquals(ExitCodes.ACTIVATION, denied.exit());
            assertFalse(denied.json().get("ok").asBoolean());
            Result status = run("host", "status", "--host", tmp.resolve("x.sock").toString(), "--json");
            assertEquals(ExitCodes.ACTIVATION, status.exit());
            assertFalse(status.json().get("ok").asBoolean());
            assertFalse(status.json().get("running").asBoolean());
        }
    }

    @Nested
    class CallFailures {

        @Test
        void aFailedCallSaysWhereTheServerRanAndHowManyArgumentsTheMemberTakes() throws Exception {
            Result r = run("activate", SESSION_INFO, "--call", "SessionId", "1", "--json");
            assertEquals(ExitCodes.ACTIVATION, r.exit(), r.out() + r.err());
            JsonNode j = r.json();
            assertFalse(j.get("ok").asBoolean());
            assertEquals("DISP_E_BADPARAMCOUNT", j.get("error").asText());
            assertTrue(j.get("message").asText().contains("SessionId takes 0 arguments, not 1"), r.out());
            assertEquals(2, j.get("session").asInt(), "where the server ran: " + r.out());
            assertEquals("bob", j.get("user").asText());
            assertTrue(j.get("pid").asLong() > 0, r.out());
            assertEquals("SessionId", j.get("call").get("method").asText());
        }

        @Test
        void theHumanFormPrintsWhereItRanBeforeTheError() {
            Result r = run("activate", SESSION_INFO, "--call", "NoSuchMember");
            assertEquals(ExitCodes.ACTIVATION, r.exit());
            assertTrue(r.err().contains("ran in   session 2 as bob"), r.err());
            assertTrue(r.err().contains("DISP_E_UNKNOWNNAME"), r.err());
        }
    }
}
