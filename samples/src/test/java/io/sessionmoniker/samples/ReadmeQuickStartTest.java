package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library quick start, exactly as written: the block after {@code <!-- quickstart: QuickStart.java -->}
 * is compiled and run in a JVM of its own whose class path holds only what the README's two dependencies
 * ({@code activation-host} and {@code server-stubs}) bring; without {@code server-stubs} the failure names what is
 * missing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReadmeQuickStartTest {

    static final Path README = Path.of("..", "README.md");

    @TempDir
    Path tmp;

    /** The Java block after the marker. */
    static String quickStart() throws IOException {
        String text = Files.readString(README, StandardCharsets.UTF_8);
        int marker = text.indexOf("<!-- quickstart: QuickStart.java -->");
        assertTrue(marker >= 0, "the README marks its quick start");
        int start = text.indexOf("```java\n", marker) + "```java\n".length();
        int end = text.indexOf("```", start);
        return text.substring(start, end);
    }

    /**
     * This test JVM's class path cut down to what the two artifacts bring (the project's modules up to
     * activation-host, Jackson and Commons Lang), with or without server-stubs.
     */
    static String classPath(boolean withServerStubs) {
        List<String> modules = new ArrayList<>(List.of("moniker", "runas-policy", "activation/api", "activation/orpc",
                "activation/host"));
        List<String> artifacts = new ArrayList<>(List.of("moniker-", "runas-policy-", "activation-api-",
                "activation-orpc-", "activation-host-"));
        if (withServerStubs) {
            modules.add("server-stubs");
            artifacts.add("server-stubs-");
        }
        // in a modular test run the dependencies are on the module path
        return Arrays.stream(HostCommand.classPath().split(File.pathSeparator))
                .filter(entry -> {
                    String e = entry.replace(File.separatorChar, '/');
                    String name = e.substring(e.lastIndexOf('/') + 1);
                    boolean module = modules.stream().anyMatch(m -> e.endsWith("/" + m + "/target/classes"))
                            || artifacts.stream().anyMatch(a -> name.startsWith(a) && !name.contains("tests"));
                    return module || name.startsWith("jackson-") || name.startsWith("commons-lang3-");
                })
                .collect(Collectors.joining(File.pathSeparator));
    }

    record Run(int exit, String out, String err) {
    }

    Run compileAndRun(String classPath) throws Exception {
        Path source = Files.writeString(tmp.resolve("QuickStart.java"), quickStart(), StandardCharsets.UTF_8);
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-Xlint:all", "-Werror", "-cp", classPath, "-d", tmp.toString(), source.toString())
                .redirectErrorStream(true).start();
        String diagnostics = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(javac.waitFor(120, TimeUnit.SECONDS), "javac ends");
        assertEquals(0, javac.exitValue(), "the README's quick start compiles as written: " + diagnostics);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                tmp + File.pathSeparator + classPath, "QuickStart").start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the quick start ends");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void runsAsWrittenWithTheTwoArtifacts() throws Exception {
        Run r = compileAndRun(classPath(true));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("\"sessionId\":1") && r.out().contains("\"userName\":\"alice\""),
                "the console session's server answered: " + r.out());
        assertEquals("", r.err(), "a library user is sent nothing on standard error by default");
    }

    @Test
    void withoutServerStubsTheFailureNamesWhatIsMissing() throws Exception {
        Run r = compileAndRun(classPath(false));
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("CO_E_SERVER_EXEC_FAILURE"), r.err());
        assertTrue(r.err().contains("io.sessionmoniker.server.SessionInfoServer is not on the class path"), r.err());
        assertTrue(r.err().contains("io.sessionmoniker:server-stubs"), r.err());
        assertTrue(r.err().contains("at QuickStart.main"), "the caller's frame is in the trace: " + r.err());
    }
}
