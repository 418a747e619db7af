package io.sessionmoniker.activation.host;

import static io.sessionmoniker.activation.host.Golden.COUNTER;
import static io.sessionmoniker.activation.host.Golden.SESSION_INFO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.host.internal.StateFile;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersistenceTest {

    static final Map<String, String> VARIABLES = ClassRegistryTest.VARIABLES;
    static final Guid NEW = Guid.parse("10000013-0000-0000-0000-000000000010");

    static ClassRegistry open(Path dir) {
        return open(dir, Golden.demo());
    }

    static ClassRegistry open(Path dir, RegistryHive base) {
        return ClassRegistry.builder().base(base).variables(VARIABLES).stateDirectory(dir).build();
    }

    /** Registers a class, replaces one from the files and unregisters another. */
    static ClassRegistry withChanges(Path dir) {
        ClassRegistry r = open(dir);
        r.register(ClassRegistryTest.Registration.newClass(), Optional.of(ClassRegistryTest.Registration.newAppId()));
        r.register(ClassRegistration.of(SESSION_INFO, "Replaced").withLocalServer32("%JAVA% -version"),
                Optional.empty());
        assertTrue(r.unregister(COUNTER));
        return r;
    }

    static RegistryStateException rejects(Path dir) {
        RegistryStateException e = assertThrows(RegistryStateException.class, () -> open(dir));
        assertEquals(dir.resolve(StateFile.FILE_NAME), e.file());
        assertTrue(e.getMessage().startsWith("class registry state file " + e.file() + ": "), e.getMessage());
        return e;
    }

    static byte[] header(int version, int length, int bodyCrc) {
        ByteBuffer b = ByteBuffer.allocate(StateFile.HEADER_SIZE);
        b.put("SMCLSREG".getBytes(StandardCharsets.US_ASCII)).putInt(version).putInt(length).putInt(bodyCrc);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, 20);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    @Nested
    class SaveAndReload {

        @Test
        void registrationsSurviveARestart(@TempDir Path dir) {
            ClassRegistry before = withChanges(dir);
            ClassRegistry after = open(dir);
            assertEquals(before.hive(), after.hive());
            assertEquals(before.lookupClass(NEW), after.lookupClass(NEW));
            assertEquals(before.lookupAppId(NEW), after.lookupAppId(NEW));
            assertEquals("Replaced", after.lookupClass(SESSION_INFO).orElseThrow().name());
            assertEquals(Optional.empty(), after.lookupClass(COUNTER));
            assertEquals(Optional.empty(), after.resolveProgId("SessionMoniker.Counter.1"));
            assertEquals(before.problems(), after.problems());
            assertEquals(Optional.of(dir.resolve("class-registry.state")), after.stateFile());
        }

        @Test
        void theStateFileIsAnEnvelopeAroundARegFile(@TempDir Path dir) throws IOException {
            withChanges(dir);
            byte[] file = Files.readAllBytes(dir.resolve(StateFile.FILE_NAME));
            ByteBuffer b = ByteBuffer.wrap(file);
            assertEquals("SMCLSREG", new String(file, 0, 8, StandardCharsets.US_ASCII));
            assertEquals(1, b.getInt(8));
            assertEquals(file.length - 24, b.getInt(12));
            byte[] body = Arrays.copyOfRange(file, 24, file.length);
            String text = RegFileWriterTest.text(body);
            assertTrue(text.startsWith("Windows Registry Editor Version 5.00\r\n\r\n[-HKEY_LOCAL_MACHINE\\SOFTWARE"
                    + "\\Classes\\AppID\\{10000013-0000-0000-0000-000000000010}]\r\n\r\n"), text);
            assertTrue(text.contains("[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" + COUNTER.toBracedString()
                    + "]\r\n"), text);
            RegistryHive.Builder replay = Golden.demo().toBuilder();
            RegFileReader.standard().parseInto(replay, "body.reg", body);
            assertEquals(open(dir).hive(), replay.build(), "importing the body over the files gives the registry");
        }

        @Test
        void editsReplayOverChangedFiles(@TempDir Path dir) {
            withChanges(dir);
            RegistryHive changedFiles = Golden.hive("regedit-export.reg", "regedit4.reg", "mixed-roots.reg",
                    "all-value-types.reg");
            ClassRegistry r = open(dir, changedFiles);
            assertTrue(r.lookupClass(NEW).isPresent());
            assertEquals(Optional.empty(), r.lookupClass(COUNTER));
            assertTrue(r.hive().key("HKLM\\SOFTWARE\\SessionMoniker\\ValueTypes").isPresent());
        }

        @Test
        void withoutAStateFileThereAreNoRegistrations(@TempDir Path dir) {
            Path nested = dir.resolve("not").resolve("yet");
            ClassRegistry r = open(nested);
            assertEquals(Golden.demo(), r.hive());
            assertFalse(Files.exists(nested));
            r.register(ClassRegistration.of(NEW, "x"), Optional.empty());
            assertTrue(Files.isRegularFile(nested.resolve(StateFile.FILE_NAME)), "the directory is created");
        }

        @Test
        void anInMemoryRegistryHasNoStateFile() {
            ClassRegistry r = ClassRegistry.of(Golden.demo());
            r.register(ClassRegistration.of(NEW, "x"), Optional.empty());
            assertEquals(Optional.empty(), r.stateFile());
            assertTrue(r.lookupClass(NEW).isPresent());
        }
    }

    @Nested
    class Corruption {

        @Test
        void everyFlippedBitIsDetected(@TempDir Path dir) throws IOException {
            withChanges(dir);
            Path file = dir.resolve(StateFile.FILE_NAME);
            byte[] good = Files.readAllBytes(file);
            for (int i = 0; i < good.length; i++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << (i % 8));
                Files.write(file, bad);
                RegistryStateException e = rejects(dir);
                assertEquals(HResult.ERROR_REGISTRY_CORRUPT, e.hresult());
                assertEquals("ERROR_REGISTRY_CORRUPT", e.errorName());
                String expected = i < 8 ? "signature" : i < 24 ? "header's CRC-32" : "body's CRC-32";
                assertTrue(e.reason().contains(expected), () -> "byte " + e.reason());
            }
            Files.write(file, good);
            assertTrue(open(dir).lookupClass(NEW).isPresent());
        }

        @ParameterizedTest(name = "cut to {0} bytes")
        @CsvSource(delimiter = '|', textBlock = """
                0    | fewer than its 24-byte header
                1    | fewer than its 24-byte header
                23   | fewer than its 24-byte header
                24   | only 0 follow: the file was cut short
                25   | only 1 follow: the file was cut short
                -1   | the file was cut short
                """)
        void aTruncatedFileIsDetected(int length, String phrase, @TempDir Path dir) throws IOException {
            withChanges(dir);
            Path file = dir.resolve(StateFile.FILE_NAME);
            byte[] good = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(good, length < 0 ? good.length + length : length));
            RegistryStateException e = rejects(dir);
            assertTrue(e.reason().contains(phrase), e.reason());
        }

        @Test
        void trailingDataIsDetected(@TempDir Path dir) throws IOException {
            withChanges(dir);
            Path file = dir.resolve(StateFile.FILE_NAME);
            byte[] good = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(good, good.length + 2));
            assertTrue(rejects(dir).reason().contains("the file has trailing data"));
        }

        @Test
        void anUnknownVersionIsReported(@TempDir Path dir) throws IOException {
            byte[] body = RegFileWriter.write(RegistryHive.empty());
            CRC32 crc = new CRC32();
            crc.update(body);
            byte[] file = new byte[24 + body.length];
            System.arraycopy(header(2, body.length, (int) crc.getValue()), 0, file, 0, 24);
            System.arraycopy(body, 0, file, 24, body.length);
            Files.write(dir.resolve(StateFile.FILE_NAME), file);
            assertEquals("format version 2 is not supported; this build reads version 1", rejects(dir).reason());
        }

        @Test
        void aBodyThatIsNotARegFileIsReported(@TempDir Path dir) throws IOException {
            Files.write(dir.resolve(StateFile.FILE_NAME), StateFile.encode("garbage".getBytes(StandardCharsets.UTF_8)));
            RegistryStateException e = rejects(dir);
            assertTrue(e.reason().contains("its checksums match but its body is not a valid registry script"),
                    e.reason());
            assertTrue(e.getCause() instanceof RegFileFormatException);
        }

        @Test
        void aFileThatIsTooLargeIsReported(@TempDir Path dir) throws IOException {
            withChanges(dir);
            RegistryStateException e = assertThrows(RegistryStateException.class, () -> ClassRegistry.builder()
                    .base(Golden.demo()).limits(new RegFileLimits(100, 100)).stateDirectory(dir).build());
            assertTrue(e.reason().contains("larger than the limit of 124 bytes"), e.reason());
        }
    }

    @Nested
    class CrashSafety {

        @Test
        void aLeftoverTemporaryFileIsIgnoredAndReplaced(@TempDir Path dir) throws IOException {
            withChanges(dir);
            Path temp = dir.resolve(StateFile.TEMP_NAME);
            Files.write(temp, "half a write".getBytes(StandardCharsets.UTF_8));
            ClassRegistry r = open(dir);
            assertTrue(r.lookupClass(NEW).isPresent());
            Guid another = Guid.parse("10000013-0000-0000-0000-000000000011");
            r.register(ClassRegistration.of(another, "another"), Optional.empty());
            assertFalse(Files.exists(temp), "the next save renames its own temporary file into place");
            assertTrue(open(dir).lookupClass(another).isPresent());
        }

        @Test
        void aTemporaryFileAloneIsNotState(@TempDir Path dir) throws IOException {
            Files.write(dir.resolve(StateFile.TEMP_NAME), StateFile.encode(RegFileWriter.write(
                    RegistryHive.builder().setValue("HKCR\\CLSID\\" + NEW.toBracedString(),
                            RegistryValue.string("", "x")).build())));
            assertEquals(Optional.empty(), open(dir).lookupClass(NEW));
        }

        @Test
        void aFailedWriteLeavesRegistryAndFileUnchanged(@TempDir Path dir) throws IOException {
            ClassRegistry r = withChanges(dir);
            Path file = dir.resolve(StateFile.FILE_NAME);
            byte[] saved = Files.readAllBytes(file);
            RegistryHive before = r.hive();
            Files.createDirectory(dir.resolve(StateFile.TEMP_NAME));
            Guid another = Guid.parse("10000013-0000-0000-0000-000000000011");
            RegistryStateException e = assertThrows(RegistryStateException.class,
                    () -> r.register(ClassRegistration.of(another, "another"), Optional.empty()));
            assertEquals(HResult.ERROR_REGISTRY_IO_FAILED, e.hresult());
            assertEquals("ERROR_REGISTRY_IO_FAILED", e.errorName());
            assertTrue(e.getCause() instanceof IOException);
            assertThrows(RegistryStateException.class, () -> r.unregister(NEW));
            assertEquals(before, r.hive());
            assertEquals(Optional.empty(), r.lookupClass(another));
            assertTrue(r.lookupClass(NEW).isPresent());
            assertArrayEquals(saved, Files.readAllBytes(file));
        }
    }

    @Nested
    class Concurrency {

        static final int WRITERS = 4;
        static final int PER_WRITER = 12;
        static final int READERS = 4;
        static final Guid TOGGLED = Guid.parse("10000013-0000-0000-0000-0000000000AA");

        static Guid guid(int writer, int i) {
            return Guid.of(0x10000013_0000_0000L, 0x1000_0000_0000L + writer * 0x100L + i);
        }

        static ClassRegistration registration(Guid g) {
            return ClassRegistration.of(g, "Concurrent").withAppId(g).withLocalServer32("%JAVA% " + g)
                    .withProgId("Concurrent.C" + Long.toHexString(g.leastSignificantBits()));
        }

        /** Checks one snapshot: each class's AppID and ProgID are there with it; the toggled class is all or nothing. */
        static int check(ClassRegistry.Snapshot s) {
            int count = 0;
            for (Guid g : s.classIds()) {
                if (g.leastSignificantBits() >= 0x1000_0000_0000L && g.mostSignificantBits() == 0x10000013_0000_0000L) {
                    ClassRegistration c = s.lookupClass(g).orElseThrow();
                    assertEquals(registration(g), c);
                    assertTrue(s.lookupAppId(g).isPresent(), "a class and its AppID appear together");
                    assertEquals(Optional.of(g), s.resolveProgId(c.progId().orElseThrow()));
                    count++;
                }
            }
            boolean toggled = s.lookupClass(TOGGLED).isPresent();
            assertEquals(toggled, s.resolveProgId("Toggled.Class").isPresent(), "class and ProgID change together");
            return count;
        }

        @Test
        void readersAlwaysSeeAConsistentSnapshot(@TempDir Path dir) throws Exception {
            ClassRegistry r = open(dir);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS + 1);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < PER_WRITER; i++) {
                            Guid g = guid(writer, i);
                            r.register(registration(g), Optional.of(AppIdRegistration.of(g, "Concurrent")));
                        }
                        return null;
                    }));
                }
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_WRITER; i++) {
                        r.register(ClassRegistration.of(TOGGLED, "Toggled").withProgId("Toggled.Class"), Optional.empty());
                        assertTrue(r.unregister(TOGGLED));
                    }
                    return null;
                }));
                List<Future<Integer>> readers = new ArrayList<>();
                for (int i = 0; i < READERS; i++) {
                    readers.add(pool.submit(() -> {
                        start.await();
                        int last = 0;
                        int rounds = 0;
                        while (writing.get() || rounds == 0) {
                            int seen = check(r.snapshot());
                            assertTrue(seen >= last, "registrations never disappear");
                            last = seen;
                            rounds++;
                        }
                        return rounds;
                    }));
                }
                start.countDown();
                for (Future<?> f : writers) {
                    f.get(60, TimeUnit.SECONDS);
                }
                writing.set(false);
                for (Future<Integer> f : readers) {
                    assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(WRITERS * PER_WRITER, check(r.snapshot()));
            assertEquals(Optional.empty(), r.lookupClass(TOGGLED));
            assertEquals(r.hive(), open(dir).hive(), "what was persisted is what is in memory");
        }
    }
}
