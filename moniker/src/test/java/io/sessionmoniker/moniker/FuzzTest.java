package io.sessionmoniker.moniker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feeds random strings and mutations of the golden vectors to the parser: the only exception that may escape is
 * {@link MonikerSyntaxException} with MK_E_SYNTAX (or E_INVALIDARG for the empty name) and a position inside the
 * input; whatever parses must round-trip through its canonical form.
 */
class FuzzTest {

    private static final int ITERATIONS = 25_000;
    private static final String ALPHABET = "Session:ConsoleclsidnewCLSIDNEW!{}-;=:@.0123456789abcdefABCDEF x\u0130\u0131\uFF10\u0661\u00e9\u212A\t\n\\";

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 11, 13})
    void randomAndMutatedNames(long seed) throws IOException {
        Random random = new Random(seed);
        List<String> seeds = GoldenVectorsTest.vectors().stream().map(GoldenVectorsTest.Vector::input).toList();
        MonikerParser parser = MonikerParser.builder()
                .progIdResolver(p -> p.length() % 2 == 0 ? java.util.Optional.of(Guid.of(p.hashCode(), 1)) : java.util.Optional.empty())
                .build();
        for (int i = 0; i < ITERATIONS; i++) {
            String input = random.nextInt(3) == 0 ? randomString(random) : mutate(random, seeds.get(random.nextInt(seeds.size())));
            check(MonikerParser.standard(), input);
            check(parser, input);
        }
    }

    private static void check(MonikerParser parser, String input) {
        Moniker m;
        try {
            m = parser.parse(input);
        } catch (MonikerSyntaxException e) {
            assertTrue(e.hresult() == HResult.MK_E_SYNTAX || (input.isEmpty() && e.hresult() == HResult.E_INVALIDARG),
                    () -> "unexpected HRESULT " + e.errorName() + " for " + GoldenVectorsTest.printable(input));
            assertTrue(e.eaten() >= 0 && e.eaten() <= input.length(), () -> "eaten out of range for " + input);
            assertEquals(input, e.input());
            assertTrue(parser.tryParse(input).isEmpty());
            return;
        } catch (RuntimeException e) {
            fail("undocumented exception for \"" + GoldenVectorsTest.printable(input) + "\"", e);
            return;
        }
        assertEquals(m, parser.parse(m.displayName()), () -> "round trip of " + GoldenVectorsTest.printable(input));
        assertTrue(parser.tryParse(input).isPresent());
    }

    private static String randomString(Random random) {
        int length = random.nextInt(70);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static String mutate(Random random, String s) {
        StringBuilder out = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length() + 1);
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(4)) {
                case 0 -> out.insert(at, c);
                case 1 -> {
                    if (at < out.length()) {
                        out.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < out.length()) {
                        out.setCharAt(at, c);
                    }
                }
                default -> out.setLength(Math.min(out.length(), at));
            }
        }
        return out.toString();
    }
}
