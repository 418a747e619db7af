package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.host.internal.OsAccounts;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code os} identity mode: servers really run under the OS accounts of their session's users. It creates two
 * OS accounts, so it runs only when the tests run as root with {@code useradd} and {@code setpriv}; otherwise it is
 * skipped with the reason printed.
 */
class OsIdentityModeTest {

    static final String ALICE = "smtest-alice";
    static final String BOB = "smtest-bob";
    static final String REPORTER = ServiceControlManagerTest.REPORTER;

    static Path shared;
    static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void accounts() throws Exception {
        String why = null;
        if (OsAccounts.currentUid() != 0) {
            why = "the tests do not run as root";
        } else if (OsAccounts.setpriv().isEmpty()) {
            why = "setpriv (util-linux) is not installed";
        } else if (!Files.isExecutable(Path.of("/usr/sbin/useradd"))) {
            why = "useradd is not installed";
        }
        if (why != null) {
            System.out.println("OsIdentityModeTest skipped: " + why);
        }
        Assumptions.assumeTrue(why == null, why);
        for (String name : List.of(ALICE, BOB)) {
            if (OsAccounts.lookup(name).isEmpty()) {
                run("/usr/sbin/useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
                created.add(name);
            }
        }
        // the servers run as those accounts: they must be able to read the JVM's class path, which may live in
        // root's home; copy it where everyone may read
        shared = Files.createTempDirectory(Path.of("/tmp"), "sessmon-os-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void removeAccounts() throws Exception {
        for (String name : created) {
            run("/usr/sbin/userdel", name);
        }
        if (shared != null) {
            try (Stream<Path> files = Files.walk(shared)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }

    /** Copies the class path into the shared directory, readable by every account. */
    static String readableClassPath() throws IOException {
        String cp = System.getProperty("java.class.path", "") + File.pathSeparator
                + System.getProperty("jdk.module.path", "");
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String e : cp.split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path src = Path.of(e);
            Path dst = shared.resolve("cp" + i++ + (Files.isDirectory(src) ? "" : ".jar"));
            if (Files.isDirectory(src)) {
                try (Stream<Path> files = Files.walk(src)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path t = dst.resolve(src.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else if (Files.exists(src)) {
                Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            } else {
                continue;
            }
            entries.add(dst.toString());
        }
        try (Stream<Path> files = Files.walk(shared)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    static long uidOf(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.split("\\s+")[1]);
            }
        }
        throw new IOException("no Uid line for " + pid);
    }

    @Test
    void serversRunUnderTheirUsersOsAccounts() throws Exception {
        Path dir = shared.resolve("scenario");
        Files.createDirectories(dir);
        Files.copy(Path.of(getClass().getResource("/scm/classes.reg").toURI()), dir.resolve("classes.reg"));
        Files.writeString(dir.resolve("os.json"), """
                {"users": [{"name": "alice", "groups": ["Administrators"], "osUser": "%s"},
                           {"name": "bob", "osUser": "%s"}],
                 "sessions": [{"id": 0, "name": "Services", "state": "Disconnected"},
                              {"id": 1, "name": "Console", "user": "alice", "state": "Active", "console": true},
                              {"id": 2, "name": "RDP-Tcp#0", "user": "bob", "state": "Active"}],
                 "registry": ["classes.reg"],
                 "identityMode": "os"}
                """.formatted(ALICE, BOB));
        List<Long> pids = new ArrayList<>();
        Caller system = Caller.local(Principal.system(), 0);
        try (SessionHost host = SessionHost.start(Scenario.load(dir.resolve("os.json")),
                new SessionHost.Options(null, null, Map.of("CLASSPATH", readableClassPath())))) {
            try (Activation<ReportingServer.IReport> bob = host.activate("Session:2!new:" + REPORTER, system,
                    ReportingServer.IReport.class);
                 Activation<ReportingServer.IReport> alice = host.activate("Session:Console!new:" + REPORTER, system,
                         ReportingServer.IReport.class)) {
                pids.add(bob.pid().getAsLong());
                pids.add(alice.pid().getAsLong());
                assertEquals(2, bob.object().SessionId(), "calls reach a server running as another account");
                assertEquals(OsAccounts.lookup(BOB).orElseThrow().uid(), uidOf(bob.pid().getAsLong()),
                        "bob's server runs as bob's OS account");
                assertEquals(OsAccounts.lookup(ALICE).orElseThrow().uid(), uidOf(alice.pid().getAsLong()),
                        "alice's server runs as alice's OS account");
                assertEquals(1, alice.object().SessionId());
                var service = host.activate("Session:2!new:50000000-0000-0000-0000-000000000007", system,
                        ReportingServer.IReport.class);
                pids.add(service.pid().getAsLong());
                assertEquals(0, uidOf(service.pid().getAsLong()), "a service identity runs as root");
                service.close();
            }
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
    }

    @Test
    void aMissingOsAccountIsAClearError() throws Exception {
        Path dir = shared.resolve("missing");
        Files.createDirectories(dir);
        Files.copy(Path.of(getClass().getResource("/scm/classes.reg").toURI()), dir.resolve("classes.reg"));
        Files.writeString(dir.resolve("os.json"), """
                {"users": [{"name": "carol", "osUser": "smtest-nobody-here"}],
                 "sessions": [{"id": 0, "name": "Services", "state": "Disconnected"}],
                 "registry": ["classes.reg"], "identityMode": "os"}
                """);
        IOException e = assertThrows(IOException.class, () -> SessionHost.start(
                Scenario.load(dir.resolve("os.json")), SessionHost.Options.defaults()));
        assertTrue(e.getMessage().contains("smtest-nobody-here"), e.getMessage());
    }
}
