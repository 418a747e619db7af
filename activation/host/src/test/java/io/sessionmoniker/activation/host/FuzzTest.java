package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutates the golden files at random (fixed seeds, bounded counts) and feeds them to the reader: the only
 * exception that may escape is {@link RegFileFormatException}, with a position inside the file; whatever parses
 * writes back to an equal hive, and builds a {@link ClassRegistry} whose lookups fail only with
 * {@link RegistryValueException}.
 */
class FuzzTest {

    static final int ITERATIONS = 3_400;
    static final String ALPHABET = "[]\\\"@=-;,:()\r\n \tdwordhex0123456789abcdefABCDEF{}HKLMCR_\u0000\u00e9\ud834\udd1e\ud800";
    static final RegFileReader READER = RegFileReader.withLimits(new RegFileLimits(1 << 20, 4096));

    record Seed(String name, byte[] bytes, boolean utf16) {
    }

    static List<Seed> seeds() {
        List<Seed> out = new ArrayList<>();
        for (String f : Golden.FILES) {
            byte[] b = Golden.bytes(f);
            out.add(new Seed(f, b, (b[0] & 0xFF) == 0xFF));
        }
        for (String f : MalformedRegFileTest.cases().stream().map(MalformedRegFileTest.Case::file).toList()) {
            byte[] b = Golden.bytes("malformed/" + f);
            out.add(new Seed(f, b, b.length > 1 && (b[0] & 0xFF) == 0xFF));
        }
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 1_000_003, 20_261_123})
    void mutatedFilesFailOnlyWithTheDocumentedException(long seed) {
        Random random = new Random(seed);
        List<Seed> seeds = seeds();
        int parsed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            Seed s = random.nextInt(4) > 0 ? seeds.get(random.nextInt(Golden.FILES.size()))
                    : seeds.get(random.nextInt(seeds.size()));
            byte[] input = random.nextBoolean() ? mutateBytes(random, s.bytes()) : mutateText(random, s);
            if (check(s.name() + "#" + i, input)) {
                parsed++;
            }
        }
        assertTrue(parsed > ITERATIONS / 20, "some mutations should still parse: " + parsed);
    }

    static boolean check(String name, byte[] input) {
        RegistryHive hive;
        try {
            hive = READER.parse(name, input);
        } catch (RegFileFormatException e) {
            assertEquals(name, e.source());
            assertTrue(e.line() >= 1 && e.column() >= 1, e::getMessage);
            assertTrue(e.line() <= input.length + 1, e::getMessage);
            assertTrue(!e.reason().isEmpty());
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            fail("undocumented exception for " + name + ": " + printable(input), e);
            return false;
        }
        RegistryHive again = READER.parse("again.reg", RegFileWriter.write(hive));
        assertEquals(hive, again, () -> "round trip of " + name);
        ClassRegistry registry = ClassRegistry.of(hive);
        ClassRegistry.Snapshot s = registry.snapshot();
        try {
            for (var g : s.classIds()) {
                lookup(() -> s.lookupClass(g));
                lookup(() -> s.localServerCommand(g));
            }
            for (var g : s.appIds()) {
                lookup(() -> s.lookupAppId(g));
            }
            s.resolveProgId("SessionMoniker.SessionInfo");
            s.resolveProgId("SessionMoniker.Counter");
        } catch (RuntimeException e) {
            fail("undocumented exception from the registry for " + name, e);
        }
        return true;
    }

    static void lookup(Runnable r) {
        try {
            r.run();
        } catch (RegistryValueException expected) {
            assertTrue(expected.valueName().isPresent());
        }
    }

    static byte[] mutateBytes(Random random, byte[] b) {
        byte[] out = b.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && out.length > 0; e++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(5)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> out = Arrays.copyOf(out, at);
                case 3 -> {
                    byte[] grown = new byte[out.length + 1];
                    System.arraycopy(out, 0, grown, 0, at);
                    grown[at] = (byte) random.nextInt(256);
                    System.arraycopy(out, at, grown, at + 1, out.length - at);
                    out = grown;
                }
                default -> {
                    byte[] shrunk = new byte[out.length - 1];
                    System.arraycopy(out, 0, shrunk, 0, at);
                    System.arraycopy(out, at + 1, shrunk, at, out.length - at - 1);
                    out = shrunk;
                }
            }
        }
        return out;
    }

    static byte[] mutateText(Random random, Seed s) {
        String text = s.utf16() ? new String(s.bytes(), 2, s.bytes().length - 2 & ~1, StandardCharsets.UTF_16LE)
                : new String(s.bytes(), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length() + 1);
            switch (random.nextInt(4)) {
                case 0 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> {
                    if (at < out.length()) {
                        out.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < out.length()) {
                        out.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    }
                }
                default -> {
                    int end = Math.min(out.length(), at + random.nextInt(40));
                    out.insert(at, out.substring(at, end));
                }
            }
        }
        if (s.utf16()) {
            byte[] body = out.toString().getBytes(StandardCharsets.UTF_16LE);
            byte[] withBom = new byte[body.length + 2];
            withBom[0] = (byte) 0xFF;
            withBom[1] = (byte) 0xFE;
            System.arraycopy(body, 0, withBom, 2, body.length);
            return withBom;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String printable(byte[] input) {
        String s = new String(input, StandardCharsets.ISO_8859_1);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
