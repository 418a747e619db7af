package io.sessionmoniker.samples;

import static io.sessionmoniker.samples.SessmonTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionmoniker.samples.SessmonTest.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sessmon classes} lists what a scenario registers; {@code --session N} spares the moniker syntax. */
class ClassesAndSessionShortcutTest {

    @Test
    void classesListsClassesProgIdsAndTheirRunAs() throws Exception {
        Result r = run("classes");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("CLSID                                   PROGID                          RUNAS             NAME",
                lines.get(0));
        assertTrue(lines.contains("{10000013-0000-0000-0000-000000000001}  SessionMoniker.SessionInfo      Interactive"
                + " User  SessionMoniker SessionInfo"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("SessionMoniker.Counter") && l.contains("Launching User")),
                "an AppID without RunAs is Launching User: " + r.out());
    }

    @Test
    void classesJsonHasClassesAndAppIds() throws Exception {
        JsonNode j = run("classes", "--json").json();
        assertTrue(j.get("ok").asBoolean());
        JsonNode info = j.get("classes").get(0);
        assertEquals("10000013-0000-0000-0000-000000000001", info.get("clsid").asText());
        assertEquals("SessionMoniker.SessionInfo", info.get("versionIndependentProgId").asText());
        assertEquals("Interactive User", info.get("identity").asText());
        assertTrue(info.get("localServer32").asText().contains("io.sessionmoniker.server.SessionInfoServer"));
        boolean found = false;
        for (JsonNode a : j.get("appIds")) {
            if (a.get("appId").asText().equals("10000013-0000-0000-0000-000000000001")) {
                assertEquals("Interactive User", a.get("runAs").asText());
                found = true;
            }
        }
        assertTrue(found, j.toString());
    }

    @Test
    void sessionBuildsTheMonikerFromAProgIdOrClsid() throws Exception {
        JsonNode byProgId = run("explain", "SessionMoniker.SessionInfo", "--session", "2", "--json").json();
        assertEquals(2, byProgId.get("session").asInt());
        assertEquals("bob", byProgId.get("user").asText());
        JsonNode byClsid = run("explain", "{10000013-0000-0000-0000-000000000001}", "--session", "console",
                "--json").json();
        assertEquals(1, byClsid.get("session").asInt(), "Console in any case is the console session");
        Result activated = run("activate", "@SessionMoniker.SessionInfo", "--session", "2", "--call", "SessionId",
                "--json");
        assertEquals(ExitCodes.OK, activated.exit(), activated.out() + activated.err());
        assertEquals(2, activated.json().get("call").get("result").asInt());
    }

    @Test
    void sessionWithADisplayNameIsAUsageError() {
        Result r = run("activate", "Session:2!new:10000013-0000-0000-0000-000000000001", "--session", "1");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().startsWith("sessmon activate: --session 1 takes a class as NAME"), r.err());
    }
}
