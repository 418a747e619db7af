package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.policy.HostSettings;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionView;
import io.sessionmoniker.policy.WtsState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioTest {

    static final String DESIGN_EXAMPLE = """
            {
              "users":    [{"name": "alice", "groups": ["Administrators"]}, {"name": "bob"}],
              "sessions": [{"id": 0, "name": "services", "state": "Disconnected"},
                           {"id": 1, "name": "console", "user": "alice", "state": "Active", "console": true},
                           {"id": 2, "name": "rdp-tcp#1", "user": "bob", "state": "Active"},
                           {"id": 65536, "name": "rdp-tcp", "state": "Listen"}],
              "registry": ["classes.reg"],
              "policy":   {"fallback": "console", "crossSession": "admins", "startTimeoutMillis": 60000},
              "identityMode": "logical"
            }
            """;

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsTheDesignExample() throws Exception {
        Path reg = write("classes.reg", "Windows Registry Editor Version 5.00\r\n");
        Scenario s = Scenario.load(write("lab.json", DESIGN_EXAMPLE));
        assertEquals(List.of(reg.toAbsolutePath().normalize()), s.registryFiles());
        assertEquals(HostSettings.Fallback.CONSOLE, s.settings().fallback());
        assertEquals(HostSettings.CrossSession.ADMINS, s.settings().crossSession());
        assertEquals(60_000, s.startTimeoutMillis());
        assertEquals(Scenario.IdentityMode.LOGICAL, s.identityMode());
        SessionManager m = s.sessionManager();
        assertEquals(SessionId.of(1), m.consoleSessionId());
        assertEquals("bob", m.session(2).orElseThrow().user().orElseThrow().name());
        assertEquals(WtsState.LISTEN, m.session(65536).orElseThrow().state());
        assertTrue(s.userDirectory().lookup("alice").orElseThrow().isAdministrator());
        assertTrue(s.userDirectory().lookup("SYSTEM").isPresent(), "SYSTEM always exists");
    }

    @Test
    void theDemoScenarioHasTheDesignSessionsPlusADisconnectedOneAndAListener() {
        Scenario demo = Scenario.demo();
        List<SessionView> sessions = demo.sessionManager().sessions();
        assertEquals(List.of(0L, 1L, 2L, 3L, 65536L), sessions.stream().map(SessionView::id).toList());
        assertEquals(WtsState.DISCONNECTED, sessions.get(3).state());
        assertEquals("carol", sessions.get(3).user().orElseThrow().name());
        assertEquals(List.of("demo.reg"), demo.registryResources());
        assertEquals(HostSettings.Fallback.CONSOLE, demo.settings().fallback());
    }

    @Test
    void aMinimalScenarioGetsDefaults() throws Exception {
        Scenario s = Scenario.load(write("min.json", "{}"));
        assertEquals(HostSettings.defaults(), s.settings());
        assertEquals(Scenario.DEFAULT_START_TIMEOUT_MILLIS, s.startTimeoutMillis());
        assertEquals(2, s.sessionManager().sessions().size(), "services and a console logon screen");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"users": [{"name": "alice"}], "sesions": []}                          | sesions                | unknown field
            {"users": {"name": "alice"}}                                           | users                  | expected an array
            {"users": [{"groups": []}]}                                            | users[0].name          | required
            {"users": [{"name": "alice", "groups": ["Wheel"]}]}                    | users[0]               | unknown group "Wheel"
            {"users": [{"name": "a/b"}]}                                           | users[0]               | not a valid account name
            {"users": [{"name": "alice"}, {"name": "ALICE"}]}                      | users[1]               | defined twice
            {"sessions": [{"id": 1, "name": "c", "state": "Activ", "user": "x"}]}  | sessions[0].state      | unknown session state "Activ"
            {"sessions": [{"id": -1, "name": "c"}]}                                | sessions[0].id         | whole number from 0
            {"sessions": [{"id": "1", "name": "c"}]}                               | sessions[0].id         | whole number
            {"sessions": [{"id": 1}]}                                              | sessions[0].name       | required
            {"sessions": [{"id": 1, "name": "c", "console": "yes"}]}               | sessions[0].console    | expected true or false
            {"sessions": [{"id": 1, "name": "c", "user": "nobody"}]}               | sessions               | user "nobody" is not defined
            {"sessions": [{"id": 0, "name": "s", "console": true}]}                | sessions               | session 0 hosts services
            {"registry": ["missing.reg"]}                                          | registry[0]            | no such file
            {"registry": [7]}                                                      | registry[0]            | expected a string
            {"policy": {"fallback": "always"}}                                     | policy.fallback        | "none" or "console"
            {"policy": {"crossSession": "all"}}                                    | policy.crossSession    | "admins", "owner-only" or "windows"
            {"policy": {"startTimeoutMillis": 0}}                                  | policy.startTimeoutMillis | whole number from 1
            {"policy": {"timeout": 5}}                                             | policy.timeout         | unknown field
            {"identityMode": "root"}                                               | identityMode           | "logical" or "os"
            []                                                                     | ``                     | JSON object at the top level
            """)
    void errorsNameTheField(String json, String field, String phrase) throws Exception {
        ScenarioException e = assertThrows(ScenarioException.class, () -> Scenario.load(write("bad.json", json)));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(phrase), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.json").toString() + ": "), e.getMessage());
    }

    @Test
    void syntaxErrorsNameLineAndColumn() throws Exception {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> Scenario.load(write("broken.json", "{\n  \"users\": [\n    {\"name\": \"alice\",}\n  ]\n}")));
        assertEquals("line 3, column 22", e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        ScenarioException dup = assertThrows(ScenarioException.class,
                () -> Scenario.load(write("dup.json", "{\"users\": [], \"users\": []}")));
        assertTrue(dup.getMessage().contains("Duplicate"), dup.getMessage());
    }

    @Test
    void aHostOffersTheScenarioDirectoryToLocalServerCommands() throws Exception {
        write("classes.reg", """
                Windows Registry Editor Version 5.00\r
                \r
                [HKEY_CLASSES_ROOT\\CLSID\\{50000000-0000-0000-0000-0000000000D1}\\LocalServer32]\r
                @="\\"%JAVA%\\" -cp \\"%CLASSPATH%\\" Server --script \\"%SCENARIO_DIR%/script.json\\""\r
                """);
        Scenario s = Scenario.load(write("lab.json", DESIGN_EXAMPLE));
        assertEquals(Optional.of(dir.toAbsolutePath().normalize()), s.directory());
        assertEquals(Optional.empty(), Scenario.demo().directory(), "the built-in scenario has no directory");
        try (SessionHost host = SessionHost.start(s, SessionHost.Options.defaults())) {
            ExpandedString command = host.registry().localServerCommand(
                    Guid.parse("50000000-0000-0000-0000-0000000000D1")).orElseThrow();
            assertEquals(List.of(), command.unresolvedVariables());
            assertTrue(command.value().endsWith(" Server --script \"" + dir.toAbsolutePath().normalize()
                    + "/script.json\""), command.value());
        }
        try (SessionHost host = SessionHost.start(s, new SessionHost.Options(null, null,
                Map.of("SCENARIO_DIR", "/elsewhere")))) {
            assertTrue(host.registry().localServerCommand(Guid.parse("50000000-0000-0000-0000-0000000000D1"))
                    .orElseThrow().value().endsWith("\"/elsewhere/script.json\""), "the host's options override it");
        }
    }

    @Test
    void unreadableAndOversizedFilesAreReported() throws Exception {
        ScenarioException missing = assertThrows(ScenarioException.class, () -> Scenario.load(dir.resolve("none.json")));
        assertTrue(missing.getMessage().contains("cannot read"), missing.getMessage());
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[(int) Scenario.MAX_FILE_SIZE + 1]);
        ScenarioException tooBig = assertThrows(ScenarioException.class, () -> Scenario.load(big));
        assertTrue(tooBig.getMessage().contains("at most"), tooBig.getMessage());
    }

    /** Makes a FIFO; nothing ever writes to it, so opening it for reading would block. */
    static Path fifo(Path at) throws Exception {
        Process p = new ProcessBuilder("mkfifo", at.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "mkfifo: " + out);
        return at;
    }

    @Test
    void aFifoADeviceAndADirectoryAreRefusedByWhatTheyAreWithoutOpeningThem() throws Exception {
        // a FIFO is never opened (an open would wait for a writer forever)
        ScenarioException fifo = assertThrows(ScenarioException.class, () -> Scenario.load(fifo(dir.resolve("p"))));
        assertTrue(fifo.getMessage().contains("a FIFO (named pipe), not a regular file"), fifo.getMessage());
        assertTrue(fifo.getMessage().contains(dir.resolve("p").toString()), fifo.getMessage());
        // /dev/zero claims no size and never ends: refused before a byte is read, no OutOfMemoryError
        ScenarioException zero = assertThrows(ScenarioException.class, () -> Scenario.load(Path.of("/dev/zero")));
        assertTrue(zero.getMessage().contains("/dev/zero") && zero.getMessage().contains("a character device"),
                zero.getMessage());
        ScenarioException directory = assertThrows(ScenarioException.class, () -> Scenario.load(dir));
        assertTrue(directory.getMessage().contains("a directory, not a regular file"), directory.getMessage());
    }

    @Test
    void aLinkToARegularFileIsRead() throws Exception {
        Path real = dir.resolve("real.json");
        Files.writeString(real, "{\"sessions\": []}");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
        assertEquals(0, Scenario.load(link).sessions().size());
    }
}
