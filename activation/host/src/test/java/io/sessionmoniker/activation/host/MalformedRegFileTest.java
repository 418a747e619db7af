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
        assertEquals(c.file() + ":" + c.line() + ":" + c.column() + ": " + e.reason(), e.getMessage());
        assertEquals(HResult.ERROR_BADDB, e.hresult());
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
