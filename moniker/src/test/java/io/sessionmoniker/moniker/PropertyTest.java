package io.sessionmoniker.moniker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generates valid display names in every accepted spelling and checks that each parses to the moniker built
 * independently from the same choices, that the canonical form round-trips, and that equality and hashing
 * follow the canonical form.
 */
class PropertyTest {

    private static final int NAMES_PER_SEED = 5_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261123})
    void generatedNamesRoundTrip(long seed) {
        Random random = new Random(seed);
        Moniker previous = null;
        for (int n = 0; n < NAMES_PER_SEED; n++) {
            StringBuilder text = new StringBuilder();
            StringBuilder canonical = new StringBuilder();
            boolean session = random.nextInt(4) != 0;
            if (session) {
                text.append(randomCase(random, "Session")).append(':');
                canonical.append("Session:");
                if (random.nextInt(5) == 0) {
                    text.append(randomCase(random, "Console"));
                    canonical.append("Console");
                } else {
                    long id = random.nextInt(3) == 0 ? (random.nextLong() >>> 1) % (SessionTarget.MAX_ID + 1)
                            : random.nextInt(70_000);
                    text.append("0".repeat(random.nextInt(3))).append(id);
                    canonical.append(id);
                }
                if (random.nextInt(10) == 0) {
                    Moniker m = Moniker.parse(text.toString());
                    check(m, text.toString(), canonical.toString());
                    continue;
                }
                text.append('!');
                canonical.append('!');
            }
            Guid clsid = Guid.of(random.nextLong(), random.nextLong());
            String guidText = random.nextBoolean() ? clsid.toString() : clsid.toString().toLowerCase(Locale.ROOT);
            if (random.nextBoolean()) {
                guidText = "{" + guidText + "}";
            }
            boolean isNew = random.nextInt(3) == 0;
            if (isNew) {
                text.append(randomCase(random, "new")).append(':').append(guidText);
                canonical.append("new:").append(clsid);
            } else {
                if (random.nextInt(6) == 0) {
                    text.append('{').append(randomCase(random, "0000031a-0000-0000-c000-000000000046")).append("}:");
                } else {
                    text.append(randomCase(random, "clsid")).append(':');
                }
                text.append(guidText);
                String params = random.nextInt(4) == 0 ? "k" + random.nextInt(9) + "=v" + random.nextInt(99) : "";
                if (!params.isEmpty()) {
                    text.append(';').append(params);
                }
                boolean colon = random.nextBoolean();
                if (colon) {
                    text.append(':');
                }
                canonical.append("clsid:").append(clsid).append(params.isEmpty() ? "" : ";" + params).append(':');
            }
            int items = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
            for (int i = 0; i < items; i++) {
                String item = randomItem(random);
                text.append('!').append(item);
                canonical.append('!').append(item);
            }
            Moniker m = Moniker.parse(text.toString());
            check(m, text.toString(), canonical.toString());
            if (previous != null && !previous.displayName().equals(m.displayName())) {
                assertNotEquals(previous, m);
            }
            previous = m;
        }
    }

    private static void check(Moniker m, String text, String canonical) {
        assertEquals(canonical, m.displayName(), text);
        Moniker again = Moniker.parse(m.displayName());
        assertEquals(m, again, text);
        assertEquals(m.hashCode(), again.hashCode(), text);
        assertEquals(m.displayName(), again.displayName(), text);
        assertEquals(m.parts().size(), again.parts().size(), text);
    }

    private static String randomCase(Random random, String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static String randomItem(Random random) {
        String alphabet = "abcXYZ019 :;={}-_.\\/\u00e9\u4e2d";
        int length = 1 + random.nextInt(8);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
