package io.sessionmoniker.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutates valid inputs at random (fixed seeds, bounded counts) and checks that the only exception that ever
 * escapes is {@link SecurityDescriptorFormatException}, and that whatever parses round-trips.
 */
class FuzzTest {

    static final int ITERATIONS = 20_000;

    static final List<GoldenDescriptor> GOLDEN = GoldenDescriptor.all();

    /** Checks a parsed descriptor: binary round trip always; SDDL round trip when SDDL can express everything. */
    static void roundTrips(SecurityDescriptor sd, String what) {
        assertEquals(sd, SecurityDescriptor.fromBytes(sd.toBytes()), what);
        String sddl = sd.toSddl();
        SecurityDescriptor reparsed = SecurityDescriptor.parse(sddl);
        assertEquals(sddl, reparsed.toSddl(), what);
        if (sddlExpressesEverything(sd)) {
            assertEquals(sd, reparsed, what);
        }
        Principal probe = Principal.user("probe", Sid.machineAccount(1000)).interactive(true).build();
        assertTrue(sd.checkCom(probe, ComRights.launch(false)).reason().length() > 0);
        assertTrue(sd.check(Principal.anonymous(), 0x1).reason().length() > 0);
    }

    static boolean sddlExpressesEverything(SecurityDescriptor sd) {
        int control = sd.control();
        int expressible = SecurityDescriptor.STRUCTURAL_CONTROL_BITS;
        if (sd.isDaclPresent()) {
            expressible |= SecurityDescriptor.SE_DACL_PROTECTED | SecurityDescriptor.SE_DACL_AUTO_INHERITED
                    | SecurityDescriptor.SE_DACL_AUTO_INHERIT_REQ;
        }
        if (sd.isSaclPresent()) {
            expressible |= SecurityDescriptor.SE_SACL_PROTECTED | SecurityDescriptor.SE_SACL_AUTO_INHERITED
                    | SecurityDescriptor.SE_SACL_AUTO_INHERIT_REQ;
        }
        boolean revisionTwo = sd.dacl().map(Acl::revision).orElse(2) == 2
                && sd.sacl().map(Acl::revision).orElse(2) == 2;
        return (control & ~expressible) == 0 && revisionTwo;
    }

    @Nested
    class Binary {

        @ParameterizedTest(name = "seed {0}")
        @ValueSource(longs = {1L, 0x5EC0DE5L, 20_261_123L})
        void flippedBytesOnlyEverFailCleanly(long seed) {
            Random random = new Random(seed);
            int parsed = 0;
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] original = GOLDEN.get(random.nextInt(GOLDEN.size())).bytes();
                byte[] input = mutate(random, original);
                try {
                    SecurityDescriptor sd = SecurityDescriptor.fromBytes(input);
                    parsed++;
                    roundTrips(sd, "seed " + seed + " iteration " + i + ": " + GoldenDescriptor.toHex(input));
                } catch (SecurityDescriptorFormatException e) {
                    assertTrue(e.index() >= 0 && e.index() <= input.length, e.getMessage());
                } catch (RuntimeException | AssertionError e) {
                    fail("seed " + seed + " iteration " + i + " input " + GoldenDescriptor.toHex(input), e);
                }
            }
            assertTrue(parsed > ITERATIONS / 20, "too few mutants parsed: " + parsed);
        }

        private byte[] mutate(Random random, byte[] original) {
            byte[] b = original.clone();
            switch (random.nextInt(4)) {
                case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 1 -> {
                    int flips = 1 + random.nextInt(4);
                    for (int f = 0; f < flips; f++) {
                        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 2 -> {
                    // corrupt one of the interesting small fields: counts, sizes, offsets, types
                    int[] hot = {0, 1, 2, 3, 4, 8, 12, 16, 20, 22, 24, 28, 29, 30};
                    int at = hot[random.nextInt(hot.length)];
                    if (at < b.length) {
                        b[at] = (byte) random.nextInt(256);
                    }
                }
                default -> b = Arrays.copyOf(b, Math.max(0, b.length + random.nextInt(9) - 6));
            }
            return b;
        }
    }

    @Nested
    class Text {

        private static final String ALPHABET = "ODGS:;()APIRNUCWXYLTKFBE0123456789x-_ \t\u0130\u0131i";

        @ParameterizedTest(name = "seed {0}")
        @ValueSource(longs = {7L, 0xC0FFEEL})
        void mutatedSddlOnlyEverFailsCleanly(long seed) {
            Random random = new Random(seed);
            int parsed = 0;
            for (int i = 0; i < ITERATIONS; i++) {
                String original = GOLDEN.get(random.nextInt(GOLDEN.size())).sddl();
                String input = mutate(random, original);
                try {
                    SecurityDescriptor sd = SecurityDescriptor.parse(input);
                    parsed++;
                    roundTrips(sd, "seed " + seed + " iteration " + i + ": " + input);
                } catch (SecurityDescriptorFormatException e) {
                    assertTrue(e.index() >= 0 && e.index() <= input.length(), e.getMessage());
                } catch (RuntimeException | AssertionError e) {
                    fail("seed " + seed + " iteration " + i + " input \"" + input + "\"", e);
                }
            }
            assertTrue(parsed > ITERATIONS / 50, "too few mutants parsed: " + parsed);
        }

        private String mutate(Random random, String original) {
            StringBuilder s = new StringBuilder(original);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = s.length() == 0 ? 0 : random.nextInt(s.length());
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> {
                        if (s.length() > 0) {
                            s.setCharAt(at, c);
                        }
                    }
                    case 1 -> s.insert(at, c);
                    default -> {
                        if (s.length() > 0) {
                            s.deleteCharAt(at);
                        }
                    }
                }
            }
            return s.toString();
        }
    }
}
