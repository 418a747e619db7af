package io.sessionmoniker.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmodified third-party DCOM clients against the host's DCOM side, each host + client pair in a network namespace
 * of its own (both clients insist on port 135): Debian's Impacket 0.10.0 and both j-Interop flavours (2.0.8 and
 * j-interop-ng 3.4.0, each in its own JVM). Every case asserts what the server process itself reports (its session,
 * user and pid) and that no server outlives the host.
 *
 * <p>Where no namespace can be made (not root and no user namespaces) or Impacket is not installed, the cases are
 * skipped with the reason; with {@code SESSMON_INTEROP_REQUIRED=1} (as {@code .ci/run} sets it) they fail instead.
 */
class DcomInteropTest {

    static final String SESSION_INFO = "10000013-0000-0000-0000-000000000001";
    static final String UNKNOWN = "10000099-0000-0000-0000-000000000001";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path PYTHON = Path.of("/usr/bin/python3");

    static List<String> unshare;
    static String skipReason;
    static Path impacketClient;
    static Path clients;

    @TempDir
    static Path work;

    @BeforeAll
    static void environment() throws Exception {
        clients = Path.of(System.getProperty("sessmon.interop.clients", "target/interop-clients"));
        unshare = namespaceCommand();
        if (unshare == null) {
            skipReason = "no network namespace can be made here (neither `unshare -n` as root nor `unshare -rn`"
                    + " works), and both clients need port 135 of their own";
        } else if (!Files.isExecutable(PYTHON) || run(List.of(PYTHON.toString(), "-c", "import impacket"), 30) != 0) {
            skipReason = "Debian's python3-impacket is not installed (apt-get install python3-impacket)";
        }
        impacketClient = resource("interop/impacket_client.py");
    }

    /** {@code unshare -n} as root (real uids kept), else {@code unshare -rn}; null when neither works. */
    private static List<String> namespaceCommand() throws Exception {
        for (List<String> candidate : List.of(List.of("unshare", "-n"), List.of("unshare", "-rn"))) {
            List<String> probe = new ArrayList<>(candidate);
            probe.addAll(List.of("--", "/bin/sh", "-c", "ip link set lo up"));
            if (run(probe, 30) == 0) {
                return candidate;
            }
        }
        return null;
    }

    private static void requireEnvironment() {
        if (skipReason != null) {
            if ("1".equals(System.getenv("SESSMON_INTEROP_REQUIRED"))) {
                fail("the DCOM interop tests must run here: " + skipReason);
            }
            Assumptions.abort(skipReason);
        }
    }

    // ---- the pairs --------------------------------------------------------------------------------------------

    /** Runs a host and clients in a new namespace; returns NamespacePair's report. */
    static JsonNode pair(List<String> options, List<List<String>> clientCommands) throws Exception {
        requireEnvironment();
        List<String> inner = new ArrayList<>();
        inner.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        inner.add("-cp");
        inner.add(classPath());
        inner.add(NamespacePair.class.getName());
        inner.addAll(options);
        for (List<String> c : clientCommands) {
            inner.add("--");
            inner.addAll(c);
        }
        List<String> command = new ArrayList<>(unshare);
        command.addAll(List.of("--", "/bin/sh", "-c", "ip link set lo up && exec \"$@\"", "sh"));
        command.addAll(inner);
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String[] out = new String[1];
        Thread drain = new Thread(() -> out[0] = read(p.getInputStream()));
        drain.start();
        String err = read(p.getErrorStream());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the pair did not finish");
        drain.join();
        String report = out[0].strip();
        int start = report.lastIndexOf("\n{");
        String line = start >= 0 ? report.substring(start + 1) : report;
        if (p.exitValue() != 0 || !line.startsWith("{")) {
            fail("the pair failed with status " + p.exitValue() + "; stdout: " + report + "; stderr: " + tail(err));
        }
        JsonNode r = JSON.readTree(line);
        assertEquals(0, r.path("serversAliveAfterClose").size(), "a server outlived its host: " + r + "\nhost log: "
                + tail(err));
        return r;
    }

    static List<String> impacket(String user, String password, String clsid, String... extra) {
        List<String> c = new ArrayList<>(List.of(PYTHON.toString(), impacketClient.toString(), "--target",
                "127.0.0.1", "--user", user, "--password", password, "--clsid", clsid));
        c.addAll(List.of(extra));
        return c;
    }

    static List<String> jinterop(String flavour, String user, String password, String clsid, String... extra)
            throws Exception {
        Path classes = compiledClient(flavour);
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + java.io.File.pathSeparator + jars(flavour), "JInteropClient", "127.0.0.1", "", user,
                password, clsid));
        c.addAll(List.of(extra));
        return c;
    }

    /** The client compiled against the flavour's own jars, once per flavour. */
    private static synchronized Path compiledClient(String flavour) throws Exception {
        Path out = work.resolve("client-" + flavour);
        if (Files.isRegularFile(out.resolve("JInteropClient.class"))) {
            return out;
        }
        Files.createDirectories(out);
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-nowarn", "-cp", jars(flavour), "-d", out.toString(), resource("interop/JInteropClient.java")
                .toString()).redirectErrorStream(true).start();
        String diagnostics = read(javac.getInputStream());
        assertTrue(javac.waitFor(2, TimeUnit.MINUTES), "javac did not finish");
        assertEquals(0, javac.exitValue(), "the j-Interop client does not compile against " + flavour + ": "
                + diagnostics);
        return out;
    }

    private static String jars(String flavour) throws IOException {
        Path dir = clients.resolve(flavour);
        if (!Files.isDirectory(dir)) {
            fail("the " + flavour + " jars are missing from " + dir + " (the build copies them in"
                    + " generate-test-resources)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return String.join(java.io.File.pathSeparator, files.filter(f -> f.toString().endsWith(".jar"))
                    .map(Path::toString).sorted().toList());
        }
    }

    /** A scenario file beside the demo's .reg: the demo's users plus dave, who has no session here. */
    static Path scenarioWithDave() throws IOException {
        Path dir = work.resolve("dave");
        Path file = dir.resolve("scenario.json");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(dir);
        // SessionInfo as the demo registers it: Interactive User, launchable remotely by Distributed COM Users
        InteropFiles.sessionInfoReg(dir.resolve("demo.reg"), InteropFiles.DEMO_LAUNCH, null);
        Files.writeString(file, """
                {
                  "users": [
                    {"name": "alice", "groups": ["Administrators"], "password": "demo-alice"},
                    {"name": "bob", "groups": ["Distributed COM Users"], "password": "demo-bob"},
                    {"name": "dave", "groups": ["Distributed COM Users"], "ntHash": "%s"}
                  ],
                  "sessions": [
                    {"id": 0, "name": "Services", "state": "Disconnected"},
                    {"id": 1, "name": "Console", "user": "alice", "state": "Active", "console": true},
                    {"id": 2, "name": "RDP-Tcp#0", "user": "bob", "state": "Active"}
                  ],
                  "registry": ["demo.reg"],
                  "policy": {"fallback": "console", "crossSession": "admins"}
                }
                """.formatted(ntHashOf("demo-dave")));
        return file;
    }

    /**
     * The NT hash of a test password (MD4 of its UTF-16LE form), as Impacket's {@code compute_nthash} gives it:
     * fixed data, so the test does not trust the code it tests.
     */
    static String ntHashOf(String password) {
        return switch (password) {
            case "demo-dave" -> "e06a9c6d26cdfebb70b7345ff0934620";
            default -> throw new IllegalArgumentException(password);
        };
    }

    static JsonNode client(JsonNode report, int i) {
        return report.path("clients").path(i);
    }

    /** What the server process reported, as the client printed it, against the host's own view. */
    static void assertServedBy(JsonNode report, int i, int session, String user) {
        JsonNode c = client(report, i);
        JsonNode out = c.path("output");
        assertTrue(out.path("ok").asBoolean(false), "the client failed: " + c);
        assertEquals(session, out.path("SessionId").asInt(), "session: " + c);
        assertEquals(user, out.path("UserName").asText(), "user: " + c);
        long pid = out.path("ProcessId").asLong();
        List<Long> servers = new ArrayList<>();
        report.path("clients").forEach(run -> run.path("serversLaunched").forEach(n -> servers.add(n.asLong())));
        assertTrue(servers.contains(pid), "the pid the server reported (" + pid + ") is one the host launched: "
                + servers);
    }

    static void assertRefused(JsonNode report, int i, String expected) {
        JsonNode c = client(report, i);
        assertEquals(false, c.path("output").path("ok").asBoolean(true), "the client succeeded: " + c);
        String error = c.path("output").path("error").asText();
        assertTrue(error.contains(expected), "expected \"" + expected + "\" in the client's error: " + c);
    }

    // ---- Impacket ---------------------------------------------------------------------------------------------

    @Test
    void impacketAtPrivacyLandsBobInHisSession() throws Exception {
        JsonNode r = pair(List.of(), List.of(impacket("bob", "demo-bob", SESSION_INFO)));
        assertServedBy(r, 0, 2, "bob");
    }

    @Test
    void impacketAtIntegrity() throws Exception {
        JsonNode r = pair(List.of(), List.of(impacket("alice", "demo-alice", SESSION_INFO, "--level", "integrity")));
        assertServedBy(r, 0, 1, "alice");
    }

    @Test
    void wrongPasswordIsRefusedAndTheHostKeepsServing() throws Exception {
        JsonNode r = pair(List.of("--min-level", "connect"), List.of(
                impacket("bob", "not-bobs", SESSION_INFO),
                jinterop("jinterop208", "bob", "not-bobs", SESSION_INFO),
                impacket("bob", "demo-bob", SESSION_INFO)));
        assertRefused(r, 0, "rpc_s_access_denied");
        assertRefused(r, 1, "0x00000005");
        assertEquals(0, client(r, 0).path("serversLaunched").size(), "no server for a failed logon");
        assertServedBy(r, 2, 2, "bob");
    }

    @Test
    void unknownClassIsNotRegistered() throws Exception {
        JsonNode r = pair(List.of("--min-level", "connect"), List.of(
                impacket("bob", "demo-bob", UNKNOWN),
                jinterop("jinterop208", "bob", "demo-bob", UNKNOWN)));
        assertRefused(r, 0, "REGDB_E_CLASSNOTREG");
        assertRefused(r, 1, "0x80040154");
    }

    @Test
    void aCrossSessionActivationThePolicyDeniesIsAccessDenied() throws Exception {
        // dave has no session here: Interactive User falls back to alice's console, and crossSession=admins refuses
        JsonNode r = pair(List.of("--scenario", scenarioWithDave().toString()), List.of(
                impacket("dave", "demo-dave", SESSION_INFO)));
        assertRefused(r, 0, "E_ACCESSDENIED");
        assertEquals(0, client(r, 0).path("serversLaunched").size(), "nothing launched for a denial");
    }

    @Test
    void anUnreleasedImpacketReferenceExpiresAndTheServerEnds() throws Exception {
        // Impacket never releases; with a 2 s ping period the host releases the object after 3 unpinged periods
        JsonNode r = pair(List.of("--ping-millis", "2000", "--await-exit-millis", "60000"), List.of(
                impacket("bob", "demo-bob", SESSION_INFO, "--no-disconnect")));
        assertServedBy(r, 0, 2, "bob");
        assertTrue(r.path("serversEndedOnTheirOwn").asBoolean(false), "the server did not end: " + r);
    }

    // ---- j-Interop --------------------------------------------------------------------------------------------

    @Test
    void jinteropAtConnectWithTheMinimumLowered() throws Exception {
        JsonNode r = pair(List.of("--min-level", "connect"), List.of(
                jinterop("jinterop208", "bob", "demo-bob", SESSION_INFO),
                jinterop("jinterop208", "alice", "demo-alice", SESSION_INFO, "sessionSecurity"),
                jinterop("jinterop208", "bob", "demo-bob", SESSION_INFO, "ntlmv2")));
        assertServedBy(r, 0, 2, "bob");
        assertServedBy(r, 1, 1, "alice");
        assertServedBy(r, 2, 2, "bob");
    }

    @Test
    void jinteropNg() throws Exception {
        JsonNode r = pair(List.of("--min-level", "connect"), List.of(
                jinterop("jinteropng340", "bob", "demo-bob", SESSION_INFO),
                jinterop("jinteropng340", "bob", "demo-bob", SESSION_INFO, "sessionSecurity")));
        assertServedBy(r, 0, 2, "bob");
        assertServedBy(r, 1, 2, "bob");
    }

    @Test
    void jinteropIsRefusedAtTheDefaultMinimumLevel() throws Exception {
        JsonNode r = pair(List.of(), List.of(jinterop("jinterop208", "bob", "demo-bob", SESSION_INFO)));
        assertRefused(r, 0, "0x80070005");
        assertEquals(0, client(r, 0).path("serversLaunched").size(), "nothing launched below the minimum level");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(DcomInteropTest.class.getClassLoader().getResource(name).toURI());
    }

    /** The class path of the pair's JVM: this test's classes, the server stubs, and every dependency. */
    private static String classPath() {
        List<String> parts = new ArrayList<>();
        try {
            parts.add(Path.of(NamespacePair.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (String p : new String[] {System.getProperty("java.class.path", ""),
            System.getProperty("jdk.module.path", "")}) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    private static int run(List<String> command, int seconds) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return -1;
        }
        read(p.getInputStream());
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
