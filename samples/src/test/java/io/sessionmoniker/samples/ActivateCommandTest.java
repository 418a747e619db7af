package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sessmon activate} with real server processes. */
class ActivateCommandTest {

    static final String NAME = "Session:2!clsid:10000013-0000-0000-0000-000000000001";

    @Test
    void activatesAndCallsByNameFollowingTheContract() throws Exception {
        SessmonTest.Result r = SessmonTest.run("activate", NAME, "--call", "Describe", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode j = r.json();
        List<String> fields = new ArrayList<>();
        j.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("ok", "session", "user", "windowStation", "desktop", "pid", "launched", "fallback", "trace",
                "call", "backend"), fields, "the contract's fields in order, then the additions");
        assertEquals(2, j.get("session").asInt());
        assertEquals("bob", j.get("user").asText());
        assertTrue(j.get("launched").asBoolean());
        assertEquals("Describe", j.get("call").get("method").asText());
        String described = j.get("call").get("result").asText();
        assertTrue(described.contains("\"sessionId\":2") && described.contains("\"userName\":\"bob\""), described);
        assertTrue(described.contains("\"processId\":" + j.get("pid").asLong()), "the server reports its own pid");
        long pid = j.get("pid").asLong();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the server was ended");
    }

    @Test
    void argumentsBecomeVariants() throws Exception {
        JsonNode j = SessmonTest.run("activate", NAME, "--call", "Echo", "42", "--json").json();
        assertEquals("42", j.get("call").get("result").asText(), "an integer argument is coerced to the BSTR parameter");
        assertEquals(42, ActivateCommand.convert("42"));
        assertEquals(1.5, ActivateCommand.convert("1.5"));
        assertEquals(Boolean.TRUE, ActivateCommand.convert("true"));
        assertEquals(5_000_000_000L, ActivateCommand.convert("5000000000"));
        assertEquals("bob", ActivateCommand.convert("bob"));
    }

    @Test
    void theScriptedStubAnswersAsItsScriptSays() throws Exception {
        JsonNode square = SessmonTest.run("activate", "Session:2!@SessionMoniker.Scripted", "--call", "Square", "2",
                "--json").json();
        assertEquals(4, square.get("call").get("result").asInt(), square.toString());
        SessmonTest.Result denied = SessmonTest.run("activate", "@SessionMoniker.Scripted", "--call", "Deny", "--json");
        assertEquals(ExitCodes.ACTIVATION, denied.exit());
        assertEquals("0x80070005", denied.json().get("hresult").asText());
        assertTrue(denied.json().get("message").asText().contains("access denied, as scripted"), denied.out());
    }

    @Test
    void failuresHaveTheirExitCodes() throws Exception {
        SessmonTest.Result denied = SessmonTest.run("activate", "Session:1!@SessionMoniker.SessionInfo", "--as", "bob",
                "--json");
        assertEquals(ExitCodes.ACTIVATION, denied.exit());
        assertEquals("E_ACCESSDENIED", denied.json().get("error").asText());
        assertTrue(denied.json().get("trace").size() > 0);
        SessmonTest.Result unknownSession = SessmonTest.run("activate",
                "Session:9!clsid:10000013-0000-0000-0000-000000000001", "--json");
        assertEquals(ExitCodes.ACTIVATION, unknownSession.exit());
        assertEquals("ERROR_CTX_WINSTATION_NOT_FOUND", unknownSession.json().get("error").asText());
        assertEquals(ExitCodes.SYNTAX, SessmonTest.run("activate", "Session:x", "--json").exit());
        assertEquals(ExitCodes.USAGE, SessmonTest.run("activate", NAME, "stray").exit());
        assertEquals(ExitCodes.USAGE, SessmonTest.run("activate", NAME, "--as", "mallory").exit());
    }

    @Test
    void theBackendIsChosenByPlatformOrByName() throws Exception {
        SessmonTest.Result embedded = SessmonTest.run("activate", NAME, "--backend", "embedded", "--call", "SessionId",
                "--json");
        assertEquals(ExitCodes.OK, embedded.exit(), embedded.err());
        assertEquals("embedded", embedded.json().get("backend").asText());
        SessmonTest.Result byDefault = SessmonTest.run("activate", NAME, "--json");
        assertEquals(System.getProperty("os.name").startsWith("Windows") ? "windows" : "embedded",
                byDefault.json().get("backend").asText());
        if (!System.getProperty("os.name").startsWith("Windows")) {
            SessmonTest.Result windows = SessmonTest.run("activate", NAME, "--backend", "windows");
            assertEquals(ExitCodes.USAGE, windows.exit());
            assertTrue(windows.err().contains("runs only on Windows"), windows.err());
        }
        assertEquals(ExitCodes.USAGE, SessmonTest.run("activate", NAME, "--backend", "bogus").exit());
        assertEquals(ExitCodes.USAGE, SessmonTest.run("activate", NAME, "--backend", "daemon").exit());
        assertEquals(ExitCodes.USAGE, SessmonTest.run("activate", NAME, "--host", "/nonexistent/s", "--backend",
                "embedded").exit());
        assertEquals(ExitCodes.USAGE, SessmonTest.run("explain", NAME, "--backend", "windows").exit());
        assertEquals(ExitCodes.OK, SessmonTest.run("sessions", "--backend", "embedded").exit());
    }
}
