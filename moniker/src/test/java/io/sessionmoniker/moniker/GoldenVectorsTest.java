package io.sessionmoniker.moniker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every vector of {@code display-names.tsv} through the standard parser. */
class GoldenVectorsTest {

    /** One line of the vector file. */
    record Vector(int line, String input, String outcome, String expected, int eaten, String parts) {
        @Override
        public String toString() {
            return "line " + line + ": \"" + printable(input) + "\" → " + outcome;
        }
    }

    static List<Vector> vectors() throws IOException {
        List<Vector> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                GoldenVectorsTest.class.getResourceAsStream("/display-names.tsv")), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < 4) {
                    throw new IllegalStateException("display-names.tsv line " + number + " has " + f.length + " fields");
                }
                out.add(new Vector(number, unescape(f[0]), f[1], f[2], Integer.parseInt(f[3]),
                        f.length > 4 ? f[4] : ""));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vector(Vector v) {
        MonikerParser parser = MonikerParser.standard();
        if (v.outcome().equals("ok")) {
            Moniker m = parser.parse(v.input());
            assertEquals(v.expected(), m.displayName(), "canonical form");
            assertEquals(v.expected(), m.toString(), "toString is the canonical form");
            assertEquals(v.input().length(), v.eaten(), "an ok vector eats the whole name");
            assertEquals(v.parts(), describeParts(m), "parts");
            assertEquals(m, parser.parse(m.displayName()), "round trip through the canonical form");
            assertEquals(m.hashCode(), parser.parse(m.displayName()).hashCode());
            assertTrue(parser.tryParse(v.input()).isPresent());
        } else {
            MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class, () -> parser.parse(v.input()));
            assertEquals(v.outcome(), e.errorName(), "HRESULT name; message: " + e.getMessage());
            assertEquals(v.eaten(), e.eaten(), "characters parsed; message: " + e.getMessage());
            assertEquals(e.eaten(), e.index());
            assertEquals(v.input(), e.input());
            assertTrue(e.getMessage().contains(v.expected()),
                    () -> "message should contain \"" + v.expected() + "\" but was: " + e.getMessage());
            assertTrue(parser.tryParse(v.input()).isEmpty());
        }
    }

    @Test
    void fileHasEnoughVectors() throws IOException {
        List<Vector> all = vectors();
        assertTrue(all.size() >= 100, "vectors: " + all.size());
        assertTrue(all.stream().anyMatch(v -> v.outcome().equals("ok")));
        assertTrue(all.stream().anyMatch(v -> v.outcome().equals("MK_E_SYNTAX")));
        assertTrue(all.stream().anyMatch(v -> v.outcome().equals("E_INVALIDARG")));
    }

    static String describeParts(Moniker m) {
        return m.parts().stream().map(p -> {
            if (p instanceof SessionMoniker s) {
                return "session=" + s.target();
            } else if (p instanceof ClassMoniker c) {
                return "class=" + c.clsid() + c.data();
            } else if (p instanceof NewMoniker n) {
                return "new=" + n.clsid();
            } else if (p instanceof ItemMoniker i) {
                return "item=" + i.name();
            }
            return p.kind().label() + "=" + p.displayName();
        }).collect(Collectors.joining(" | "));
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                out.append('\\');
                i++;
            } else if (c == '\\' && i + 5 < s.length() + 0 && s.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c)
                : String.format(java.util.Locale.ROOT, "\\u%04X", c)));
        return out.toString();
    }
}
