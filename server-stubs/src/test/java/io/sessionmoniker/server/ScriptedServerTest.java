package io.sessionmoniker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripted stub as a user runs it: their own scenario and {@code .reg} beside their script, named through
 * {@code %SCENARIO_DIR%}, with real server processes launched by an embedded host.
 */
class ScriptedServerTest {

    static final String SCRIPTED = "50000000-0000-0000-0000-0000000000E1";
    static final String BAD = "50000000-0000-0000-0000-0000000000E2";
    static final Caller SYSTEM = Caller.local(Principal.system(), 0);

    static final String SCENARIO = """
            {
              "users": [{"name": "alice", "groups": ["Administrators"]}, {"name": "bob"}],
              "sessions": [{"id": 0, "name": "Services", "state": "Disconnected"},
                           {"id": 1, "name": "Console", "user": "alice", "console": true},
                           {"id": 2, "name": "RDP-Tcp#0", "user": "bob"}],
              "registry": ["classes.reg"]
            }
            """;

    static final String SCRIPT = """
            {
              "description": "answers of every kind",
              "record": "calls.jsonl",
              "methods": {
                "Int": {"result": 42},
                "Big": {"result": 5000000000},
                "Real": {"result": 2.5},
                "Text": {"result": "héllo"},
                "Flag": {"result": true},
                "Null": {"result": null},
                "List": {"result": [1, "two", false]},
                "Void": {},
                "Deny": {"hresult": "0x80070005", "message": "read-only, as scripted"},
                "Plain": {"hresult": -2147467259},
                "Member": {"hresult": "0x80020003"},
                "Slow": {"result": "late", "delayMillis": 400},
                "Square": [{"args": [2], "result": 4}, {"args": ["x"], "result": "xx"}, {"result": -1}],
                "Only": [{"args": [1, true], "result": "one"}],
                "Ready": [{"result": false}, {"result": false}, {"result": true}]
              }
            }
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(this::writeLab);

    SessionHost host;

    /** The user's files: their scenario, their .reg naming the scripts through %SCENARIO_DIR%, the scripts. */
    Scenario writeLab() throws Exception {
        String command = "\\\"%JAVA%\\\" -cp \\\"%CLASSPATH%\\\" io.sessionmoniker.server.ScriptedServer --clsid ";
        Files.writeString(dir.resolve("classes.reg"), "Windows Registry Editor Version 5.00\r\n\r\n"
                + "[HKEY_CLASSES_ROOT\\CLSID\\{" + SCRIPTED + "}]\r\n"
                + "\"AppID\"=\"{" + SCRIPTED + "}\"\r\n\r\n"
                + "[HKEY_CLASSES_ROOT\\CLSID\\{" + SCRIPTED + "}\\LocalServer32]\r\n"
                + "@=\"" + command + SCRIPTED + " --script \\\"%SCENARIO_DIR%/script.json\\\"\"\r\n\r\n"
                + "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\{" + SCRIPTED + "}]\r\n"
                + "\"RunAs\"=\"Interactive User\"\r\n\r\n"
                + "[HKEY_CLASSES_ROOT\\CLSID\\{" + BAD + "}\\LocalServer32]\r\n"
                + "@=\"" + command + BAD + " --script \\\"%SCENARIO_DIR%/bad.json\\\"\"\r\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("script.json"), SCRIPT, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("bad.json"), "{\"methods\": {\"Add\": {\"reslt\": 3}}}", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("lab.json"), SCENARIO, StandardCharsets.UTF_8);
        return Scenario.load(dir.resolve("lab.json"));
    }

    @BeforeEach
    void start(SessionHost started) {
        host = started;
    }

    Activation<LateBound> stub() {
        return host.activateDispatch("Session:2!new:" + SCRIPTED, SYSTEM);
    }

    @Test
    void scriptedAnswersOfEveryKind() {
        try (Activation<LateBound> a = stub()) {
            LateBound d = a.object();
            assertEquals(42, d.invoke("Int"));
            assertEquals(42, d.invoke("iNT"), "names ignore case, under any default locale");
            assertEquals(5_000_000_000L, d.invoke("Big"));
            assertEquals(2.5, d.invoke("Real"));
            assertEquals("héllo", d.invoke("Text"));
            assertEquals(true, d.invoke("Flag"));
            assertNull(d.invoke("Null"));
            assertArrayEquals(new Object[] {1, "two", false}, (Object[]) d.invoke("List"));
            assertNull(d.invoke("Void"));
            assertEquals(42, d.get("Int"), "a property get reaches the method too");
        }
    }

    @Test
    void aScriptedHResultReachesTheClientWithItsCodeAndMessage() {
        try (Activation<LateBound> a = stub()) {
            LateBound d = a.object();
            ComException denied = assertThrows(ComException.class, () -> d.invoke("Deny", "a.txt"));
            assertEquals(HResult.E_ACCESSDENIED, denied.hresult());
            assertTrue(denied.getMessage().contains("read-only, as scripted"), denied.getMessage());
            ComException plain = assertThrows(ComException.class, () -> d.invoke("Plain"));
            assertEquals(HResult.E_FAIL, plain.hresult());
            assertTrue(plain.getMessage().contains("Plain failed as scripted"), plain.getMessage());
            assertEquals(0x80020003, assertThrows(ComException.class, () -> d.invoke("Member")).hresult(),
                    "a FACILITY_DISPATCH code is Invoke's own result");
        }
    }

    @Test
    void anUnknownMethodIsAnUnknownName() {
        try (Activation<LateBound> a = stub()) {
            ComException e = assertThrows(ComException.class, () -> a.object().invoke("NotScripted"));
            assertEquals(0x80020006, e.hresult(), "DISP_E_UNKNOWNNAME");
        }
    }

    @Test
    void argumentsPickTheirAnswerAndSequencesAdvance() {
        try (Activation<LateBound> a = stub()) {
            LateBound d = a.object();
            assertEquals(4, d.invoke("Square", 2));
            assertEquals(4, d.invoke("Square", 2.0), "numbers match by value");
            assertEquals("xx", d.invoke("Square", "x"));
            assertEquals(-1, d.invoke("Square", 7), "no match: the answers without args");
            assertEquals("one", d.invoke("Only", 1, true));
            ComException none = assertThrows(ComException.class, () -> d.invoke("Only", 2, true));
            assertEquals(HResult.E_INVALIDARG, none.hresult());
            assertTrue(none.getMessage().contains("no answer for the arguments [2,true]"), none.getMessage());
            assertEquals(false, d.invoke("Ready"));
            assertEquals(false, d.invoke("Ready"));
            assertEquals(true, d.invoke("Ready"));
            assertEquals(true, d.invoke("Ready"), "the last answer repeats");
            try (Activation<LateBound> b = stub()) {
                assertEquals(a.pid(), b.pid());
                assertEquals(true, b.object().invoke("Ready"), "the objects of one server share its place in the"
                        + " sequence");
            }
        }
    }

    @Test
    void aDelayHoldsTheAnswer() {
        try (Activation<LateBound> a = stub()) {
            a.object().invoke("Int"); // the server is up and the name cache warm
            long start = System.nanoTime();
            assertEquals("late", a.object().invoke("Slow"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 400, "answered after " + millis + " ms");
        }
    }

    @Test
    void everyCallIsRecordedForVerification() throws Exception {
        long pid;
        try (Activation<LateBound> a = stub()) {
            pid = a.pid().orElseThrow();
            LateBound d = a.object();
            d.invoke("Square", 2);
            assertThrows(ComException.class, () -> d.invoke("Deny", "a.txt", 3));
            d.invoke("Text");

            // the line is written before the call returns: no waiting
            CallLog file = CallLog.read(dir.resolve("calls.jsonl"));
            assertEquals(3, file.size(), file.toJson());
            CallRecord square = file.calls("square").get(0);
            assertEquals(List.of(2), square.args());
            assertEquals(4, square.result());
            assertEquals(2, square.session(), "the server's own session, from its launch context");
            assertEquals("bob", square.user());
            assertEquals(pid, square.pid());
            assertEquals(1, square.sequence());
            CallRecord deny = file.calls("Deny").get(0);
            assertTrue(deny.failed());
            assertEquals(HResult.E_ACCESSDENIED, deny.hresult());
            assertEquals("read-only, as scripted", deny.message());
            assertEquals(List.of("a.txt", 3), deny.args());
            assertTrue(!deny.time().isBefore(square.time()));

            CallLog late = CallLog.parse((String) d.invoke("Calls"));
            assertEquals(file.toJson(), late.toJson(), "Calls() returns what the file holds");
            assertEquals(0, late.count("Calls"), "Calls itself is not recorded");
            IScripted typed = host.activate("Session:2!new:" + SCRIPTED, SYSTEM, IScripted.class).object();
            assertEquals(file.toJson(), CallLog.parse(typed.Calls()).toJson(), "and so does the typed Calls()");
            ((ComObject) typed).close();
        }
        CallLog awaited = CallLog.await(dir.resolve("calls.jsonl"), l -> l.count("Text") == 1, Duration.ofSeconds(5));
        assertEquals("héllo", awaited.calls("Text").get(0).result());
    }

    @Test
    void aBadScriptIsRefusedAtStartWithItsMessage() {
        ComException e = assertThrows(ComException.class, () -> host.activateDispatch("Session:2!new:" + BAD, SYSTEM));
        assertEquals(HResult.CO_E_SERVER_EXEC_FAILURE, e.hresult());
        assertTrue(e.getMessage().contains("exited with status 2"), e.getMessage());
        assertTrue(e.getMessage().contains("methods.Add.reslt: unknown field; expected one of args, delayMillis,"
                + " hresult, message, result"), e.getMessage());
    }
}
