package io.sessionmoniker.samples;

import static io.sessionmoniker.samples.SessmonTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionmoniker.samples.SessmonTest.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo scenario as files a user can copy ({@code demo --print-scenario}, {@code --export-scenario}), and
 * {@code --version}. */
class DemoScenarioAndVersionTest {

    @TempDir
    Path tmp;

    @Test
    void printScenarioPrintsTheDemoScenarioJson() throws Exception {
        Result r = run("demo", "--print-scenario");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("demo.reg", j.get("registry").get(0).asText());
        assertEquals("alice", j.get("sessions").get(1).get("user").asText());
    }

    @Test
    void anExportedScenarioIsTheDemoScenario() throws Exception {
        Path dir = tmp.resolve("lab");
        Result r = run("demo", "--export-scenario", dir.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertTrue(r.out().contains("sessmon demo --config " + dir.resolve("demo-scenario.json")), r.out());
        Path config = dir.resolve("demo-scenario.json");
        assertEquals(run("sessions", "--json").out(), run("sessions", "--json", "--config", config.toString()).out(),
                "the same sessions from the copy");
        assertEquals(run("explain", "@SessionMoniker.SessionInfo", "--json").out(),
                run("explain", "@SessionMoniker.SessionInfo", "--json", "--config", config.toString()).out(),
                "and the same classes, from the copied demo.reg");
    }

    @Test
    void exportLeavesExistingFilesAlone() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("lab"));
        byte[] mine = "my own scenario".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("demo-scenario.json"), mine);
        Result r = run("demo", "--export-scenario", dir.toString());
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("exists and is left as it is"), r.err());
        assertArrayEquals(mine, Files.readAllBytes(dir.resolve("demo-scenario.json")));
        assertTrue(Files.notExists(dir.resolve("demo.reg")), "nothing is written when one file is in the way");
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Result r = run("--version");
        assertEquals(ExitCodes.OK, r.exit());
        assertTrue(r.out().matches("(?s)sessmon \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*"), r.out());
    }
}
