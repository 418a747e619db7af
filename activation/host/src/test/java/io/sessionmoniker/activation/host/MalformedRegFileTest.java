package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code registry/malformed} against its row in {@code expected.tsv}: the line, the column and a
 * phrase the message must contain.
 */
class MalformedRegFileTest {

    record Case(String file, int line, int column, String phrase) {
        @Override
        public String toString() {
            return file + " fails at " + line + ":" + column;
        }
    }

    static List<Case> cases() {
        String tsv = new String(Golden.bytes("malformed/expected.tsv"), StandardCharsets.UTF_8);
        List<Case> out = new ArrayList<>();
        for (String row : tsv.split("\n")) {
            if (row.isEmpty() || row.startsWith("#")) {
                continue;
            }
            String[] f = row.split("\t");
            out.add(new Case(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsFileLineColumnAndWhatWasExpected(Case c) {
        byte[] bytes = Golden.bytes("malformed/" + c.file());
        RegFileFormatException e = assertThrows(RegFileFormatException.class,
                () -> RegFileReader.standard().parse(c.file(), bytes));
        assertEquals(c.file(), e.source());
        assertEquals(c.line(), e.line(), e::getMessage);
        assertEquals(c.column(), e.column(), e::getMessage);
        assertTrue(e.reason().contains(c.phrase()), () -> "\"" + e.reason() + "\" lacks \"" + c.phrase() + "\"");
        String first = c.file() + ":" + c.line() + ":" + c.column() + ": " + e.reason();
        assertEquals(first, e.problems().get(0).toString());
        if (e.problems().size() == 1) {
            assertEquals(first, e.getMessage());
        } else {
            assertTrue(e.getMessage().startsWith(first + "; " + (e.problems().size() - 1) + " more bad line"),
                    e::getMessage);
        }
        assertEquals(HResult.ERROR_BADDB, e.hresult());
    }

    // Every bad line is reported with its position; the good lines around them are not imported, and nothing
    // after the first bad line reaches a builder.
    @Test
    void everyBadLineIsReportedAndNothingIsImported() {
        byte[] bytes = Golden.bytes("malformed/several-bad-lines.reg");
        RegFileFormatException e = assertThrows(RegFileFormatException.class,
                () -> RegFileReader.standard().parse("several.reg", bytes));
        List<String> where = e.problems().stream().map(p -> p.line() + ":" + p.column()).toList();
        assertEquals(List.of("5:13", "6:18", "9:1", "10:2"), where, e::getMessage);
        assertTrue(e.problems().get(1).reason().contains("expected a second hexadecimal digit")
                || e.problems().get(1).reason().contains("hexadecimal byte"), e::getMessage);
        assertTrue(e.problems().get(2).reason().contains("expected '[', '\"', '@', ';'"), e::getMessage);
        assertTrue(e.problems().get(3).reason().contains("unknown root key 'HKEY_LOCAL_MACHIN'"), e::getMessage);
        assertTrue(e.getMessage().startsWith("several.reg:5:13: "), e::getMessage);
        assertTrue(e.getMessage().contains("; 3 more bad lines: several.reg:6:18: "), e::getMessage);
        assertTrue(e.getMessage().contains("several.reg:10:2: unknown root key"), e::getMessage);

        RegistryHive.Builder into = RegistryHive.builder();
        assertThrows(RegFileFormatException.class, () -> RegFileReader.standard().parseInto(into, "several.reg", bytes));
        RegistryHive partial = into.build();
        assertTrue(partial.value("HKLM\\SOFTWARE\\SessionMoniker", "Good").isPresent(), "the lines before the first error");
        assertTrue(partial.value("HKLM\\SOFTWARE\\SessionMoniker", "AfterBad").isEmpty(), "nothing after it");
        assertTrue(partial.value("HKLM\\SOFTWARE\\SessionMoniker", "Last").isEmpty(), "nothing after it");
    }

    @Test
    void thereAreManyMalformedFiles() {
        assertTrue(cases().size() >= 40, "malformed cases: " + cases().size());
    }

    @Test
    void readingFromDiskNamesThePath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad-escape.reg");
        Files.write(file, Golden.bytes("malformed/bad-escape.reg"));
        RegFileFormatException e = assertThrows(RegFileFormatException.class, () -> RegFileReader.standard().read(file));
        assertEquals(file.toString(), e.source());
        assertTrue(e.getMessage().startsWith(file + ":4:11: unknown escape '\\P'"), e.getMessage());
    }

    @Test
    void theDocumentedExampleHolds() {
        RegFileFormatException e = assertThrows(RegFileFormatException.class,
                () -> RegFileReader.standard().parse("classes.reg", "REGEDIT4\n[HKLM\\X]\n\"a\"=dword:12345678Z\n"));
        assertEquals("classes.reg", e.source());
        assertEquals(3, e.line());
        assertEquals(19, e.column());
        assertEquals("expected the end of the line after the dword but was 'Z'", e.reason());
    }
}
