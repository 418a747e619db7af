package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.host.testing.HostFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servers' class-data archive ({@link SessionHost.Options#serverArchive}): a {@code %JAVA%} server starts with
 * it when it is usable, and starts as without it when it is missing, stale, cut short or no archive at all; with
 * no archive named, a server's command line is the {@code LocalServer32} command and {@code -Embedding}, as ever.
 * Real servers ({@link ReportingServer}); archives made by real JVMs ({@code -XX:ArchiveClassesAtExit}).
 */
class ServerArchiveTest {

    static final String REPORTER = ServiceControlManagerTest.REPORTER;
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** {@code %CLASSPATH%} as the host makes it: this JVM's class path, then its module path. */
    static final String CLASSPATH = Stream.of(System.getProperty("java.class.path", ""),
            System.getProperty("jdk.module.path", "")).filter(s -> !s.isEmpty())
            .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));

    @TempDir
    static Path archives;

    /** An archive any class path can use: a JVM that ran {@code -version} only, on an empty class path. */
    static Path usable;

    /** An archive made with a jar on its class path that has changed since: stale for every server. */
    static Path stale;

    @BeforeAll
    static void makeArchives() throws Exception {
        Path empty = Files.createDirectories(archives.resolve("empty"));
        usable = dump(archives.resolve("usable.jsa"), empty, "-version");
        Path jar = archives.resolve("library.jar");
        writeJar(jar, "1");
        stale = dump(archives.resolve("stale.jsa"), empty, "-cp", jar.toString(), "-version");
        writeJar(jar, "2 (another build)");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 10_000));
    }

    /** Runs a JVM that writes a dynamic archive as it exits. */
    static Path dump(Path archive, Path directory, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(JAVA, "-XX:ArchiveClassesAtExit=" + archive));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor(), "the JVM that writes " + archive);
        assertTrue(Files.isRegularFile(archive), archive + " was written");
        return archive;
    }

    static void writeJar(Path jar, String version) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Implementation-Version", version);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
    }

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("scenario.json"));

    @TempDir
    Path logs;

    /** What a launched server ran: its command line, whether it mapped the archive, its log. */
    record Launched(List<String> argv, boolean mapped, String log) {
    }

    /** Activates the reporter through a host with these options, calls it, and reports on its server. */
    Launched launch(SessionHost.Options options, Path archive) throws Exception {
        SessionHost host = fixture.restart(ServiceControlManagerTest.scenario("scenario.json"), options);
        Activation<ReportingServer.IReport> a = host.activate("Session:2!new:" + REPORTER,
                ServiceControlManagerTest.SYSTEM, ReportingServer.IReport.class);
        long pid = a.pid().orElseThrow();
        assertEquals(pid, a.object().Pid(), "the server started and answers");
        List<String> argv = Arrays.asList(Files.readString(Path.of("/proc/" + pid + "/cmdline"),
                StandardCharsets.UTF_8).split("\0"));
        boolean mapped = archive != null && Files.readAllLines(Path.of("/proc/" + pid + "/maps")).stream()
                .anyMatch(l -> l.endsWith(archive.toAbsolutePath().normalize().toString()));
        a.close();
        host.close();
        String log;
        try (Stream<Path> files = Files.list(logs)) {
            Path file = files.filter(p -> p.getFileName().toString().startsWith("server-")).findFirst().orElseThrow();
            log = Files.readString(file, StandardCharsets.UTF_8);
        }
        return new Launched(argv, mapped, log);
    }

    SessionHost.Options options() {
        return new SessionHost.Options(null, logs, Map.of());
    }

    static List<String> archiveOptions(Path archive) {
        return List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath().normalize(), "-Xshare:auto",
                "-Xlog:cds*=off");
    }

    /** The command line of a server the scenario's {@code LocalServer32} names, with nothing added. */
    static void assertPlain(List<String> argv) {
        assertEquals(JAVA, argv.get(0));
        assertEquals(List.of("-cp", CLASSPATH, ReportingServer.class.getName(),
                "-Embedding"), argv.subList(1, argv.size()), "the command line as the registry gives it");
    }

    @Test
    void withoutAnArchiveTheCommandLineIsTheRegistrysAndEmbedding() throws Exception {
        Launched s = launch(options(), null);
        assertPlain(s.argv());
    }

    @Test
    void aUsableArchiveComesRightAfterTheJvmAndIsMapped() throws Exception {
        Launched s = launch(options().withServerArchive(usable), usable);
        assertEquals(JAVA, s.argv().get(0));
        assertEquals(archiveOptions(usable), s.argv().subList(1, 4), "the archive's options first: " + s.argv());
        assertEquals(List.of("-cp", CLASSPATH, ReportingServer.class.getName(),
                "-Embedding"), s.argv().subList(4, s.argv().size()), "then the registry's command line");
        assertTrue(s.mapped(), "the server's JVM mapped the archive");
    }

    @Test
    void aStaleArchiveIsRefusedByTheServersJvmWhichStartsQuietly() throws Exception {
        Launched s = launch(options().withServerArchive(stale), stale);
        assertEquals(archiveOptions(stale), s.argv().subList(1, 4), "a JVM starts with it, so it is given");
        assertFalse(s.log().toLowerCase(java.util.Locale.ROOT).contains("shared"),
                "no CDS warning in the server's log: " + s.log());
    }

    @Nested
    class LeftOut {
        @Test
        void whenMissing() throws Exception {
            assertPlain(launch(options().withServerArchive(archives.resolve("missing.jsa")), null).argv());
        }

        @Test
        void whenNotAnArchive() throws Exception {
            Path junk = Files.writeString(archives.resolve("junk.jsa"), "not an archive");
            assertPlain(launch(options().withServerArchive(junk), null).argv());
        }

        @Test
        void whenCutShort() throws Exception {
            // a JVM given an archive cut short crashes (JDK 17 maps it whole): the host tries it first and leaves it out
            byte[] whole = Files.readAllBytes(usable);
            Path cut = Files.write(archives.resolve("cut.jsa"), Arrays.copyOf(whole, whole.length / 2));
            assertPlain(launch(options().withServerArchive(cut), null).argv());
        }

        @Test
        void whenTheProgramIsNotJava() throws Exception {
            // the command names a JVM itself, not through %JAVA% (here another path to the same launcher): the host
            // adds options only to what it knows is the JVM it was told of
            String elsewhere = Path.of(System.getProperty("java.home"), "bin", "..", "bin", "java").toString();
            SessionHost host = fixture.restart(ServiceControlManagerTest.scenario("scenario.json"),
                    new SessionHost.Options(null, logs, Map.of("JAVA", elsewhere)).withServerArchive(usable));
            host.registry().register(ClassRegistration.of(io.sessionmoniker.moniker.Guid.parse(REPORTER), "Reporter")
                    .withAppId(io.sessionmoniker.moniker.Guid.parse(REPORTER))
                    .withLocalServer32("\"" + JAVA + "\" -cp \"%CLASSPATH%\" " + ReportingServer.class.getName()),
                    java.util.Optional.empty());
            Activation<ReportingServer.IReport> a = host.activate("Session:2!new:" + REPORTER,
                    ServiceControlManagerTest.SYSTEM, ReportingServer.IReport.class);
            assertPlain(Arrays.asList(Files.readString(Path.of("/proc/" + a.pid().orElseThrow() + "/cmdline"),
                    StandardCharsets.UTF_8).split("\0")));
            a.close();
        }
    }
}
