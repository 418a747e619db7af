package io.sessionmoniker.activation.host;

import static io.sessionmoniker.activation.host.Golden.SESSION_INFO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegFileReaderTest {

    static final String V5 = "Windows Registry Editor Version 5.00\r\n\r\n";
    static final String KEY = "[HKEY_LOCAL_MACHINE\\SOFTWARE\\SessionMoniker]\r\n";

    static RegistryHive parse(String text) {
        return RegFileReader.standard().parse("test.reg", text);
    }

    static Optional<RegistryValue> value(RegistryHive hive, String key, String name) {
        return hive.value(key, name);
    }

    static String string(RegistryHive hive, String key, String name) {
        return value(hive, key, name).flatMap(RegistryValue::asString).orElseThrow();
    }

    @Nested
    class Formats {

        @Test
        void readsTheUtf16RegeditExport() {
            byte[] bytes = Golden.bytes("regedit-export.reg");
            assertEquals(0xFF, bytes[0] & 0xFF);
            assertEquals(0xFE, bytes[1] & 0xFF);
            RegistryHive hive = RegFileReader.standard().parse("regedit-export.reg", bytes);
            String appId = "HKLM\\SOFTWARE\\Classes\\AppID\\" + SESSION_INFO.toBracedString();
            assertEquals("Interactive User", string(hive, appId, "RunAs"));
            assertEquals(124, value(hive, appId, "LaunchPermission").orElseThrow().size());
            assertEquals("\"%JAVA%\" -cp \"%CLASSPATH%\" io.sessionmoniker.server.SessionInfoServer",
                    string(hive, "HKCR\\CLSID\\" + SESSION_INFO.toBracedString() + "\\LocalServer32", ""));
            assertEquals(23, hive.keyCount(), "SOFTWARE and the 22 exported keys");
        }

        @Test
        void readsRegedit4AsUtf8WithAnsiHexStrings() {
            RegistryHive hive = Golden.hive("regedit4.reg");
            String ansi = "HKLM\\SOFTWARE\\SessionMoniker\\Ansi";
            assertEquals("Caf\u00e9", string(hive, ansi, "Quoted"), "quoted strings are UTF-8 text");
            assertEquals("Caf\u00e9 \u20ac", string(hive, ansi, "Expand"), "hex(2) bytes are Windows-1252");
            assertEquals(RegistryValue.REG_EXPAND_SZ, value(hive, ansi, "Expand").orElseThrow().type());
            assertEquals(List.of("Caf\u00e9", "\u20acuro"),
                    value(hive, ansi, "Multi").flatMap(RegistryValue::asMultiString).orElseThrow());
            assertEquals("\u0178", string(hive, ansi, "Sz"), "hex(1) 0x9F is Windows-1252's Y with diaeresis");
            assertEquals("e980", Golden.hex(value(hive, ansi, "Binary").orElseThrow().data()), "binary stays bytes");
            assertEquals("%JAVA% -cp %CLASSPATH% io.sessionmoniker.server.SingleUseServer",
                    string(hive, "HKCR\\CLSID\\" + Golden.SINGLE_USE.toBracedString() + "\\LocalServer32", ""));
        }

        @Test
        void utf8WithOrWithoutBomAndUtf16AreTheSameFile() {
            String text = V5 + KEY + "\"Name\"=\"Gr\u00fc\u00dfe \u4e16\u754c\"\r\n";
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            byte[] bom = new byte[utf8.length + 3];
            bom[0] = (byte) 0xEF;
            bom[1] = (byte) 0xBB;
            bom[2] = (byte) 0xBF;
            System.arraycopy(utf8, 0, bom, 3, utf8.length);
            byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
            RegistryHive a = RegFileReader.standard().parse("a.reg", utf8);
            assertEquals(a, RegFileReader.standard().parse("b.reg", bom));
            assertEquals(a, RegFileReader.standard().parse("c.reg", utf16));
            assertEquals(a, parse("\uFEFF" + text));
            assertEquals("Gr\u00fc\u00dfe \u4e16\u754c", string(a, "HKLM\\SOFTWARE\\SessionMoniker", "Name"));
        }

        @ParameterizedTest(name = "lines ending in {0}")
        @ValueSource(strings = {"CRLF", "LF", "CR"})
        void anyLineEndWorks(String ending) {
            String eol = switch (ending) {
                case "CRLF" -> "\r\n";
                case "LF" -> "\n";
                default -> "\r";
            };
            String text = String.join(eol, "REGEDIT4", "", "[HKCU\\Software\\X]", "\"a\"=hex:01,\\", "  02",
                    "; comment", "@=\"d\"", "");
            RegistryHive hive = parse(text);
            assertEquals("0102", Golden.hex(value(hive, "HKCU\\Software\\X", "a").orElseThrow().data()));
            assertEquals("d", string(hive, "HKCU\\Software\\X", ""));
        }

        @ParameterizedTest(name = "header \"{0}\"")
        @ValueSource(strings = {"Windows Registry Editor Version 5.00", "REGEDIT4", "REGEDIT4 \t",
            "\r\nREGEDIT4", "\r\n \t\r\n\nWindows Registry Editor Version 5.00"})
        void headersAreRecognisedExactlyAfterBlankLines(String header) {
            assertTrue(parse(header + "\r\n\r\n[HKCU\\X]\r\n").key("HKCU\\X").isPresent());
        }

        // regedit requires the header exactly as it writes it; case variants are refused, as regedit refuses them
        @ParameterizedTest(name = "header \"{0}\" is refused at {1}")
        @CsvSource(delimiter = '|', textBlock = """
                regedit4                             | 1 | exactly that spelling and case
                Regedit4                             | 1 | exactly that spelling and case
                WINDOWS REGISTRY EDITOR VERSION 5.00 | 1 | exactly that spelling and case
                windows registry editor version 5.00 | 1 | exactly that spelling and case
                Windows Registry Editor Version 5.0  | 1 | the first line is
                ' REGEDIT4'                          | 1 | the first line is
                """)
        void headersInOtherSpellingsAreRefused(String header, int line, String phrase) {
            RegFileFormatException e = assertThrows(RegFileFormatException.class,
                    () -> parse(header + "\r\n\r\n[HKCU\\X]\r\n"));
            assertEquals(line, e.line());
            assertEquals(1, e.column());
            assertTrue(e.reason().contains(phrase), e::getMessage);
        }

        @Test
        void blankLinesBeforeTheHeaderCountInPositions() {
            RegFileFormatException e = assertThrows(RegFileFormatException.class,
                    () -> parse("\r\n\r\nregedit4\r\n"));
            assertEquals(3, e.line());
            assertTrue(parse("\r\n\r\nREGEDIT4\r\n[HKCU\\X]\r\n\"a\"=dword:1\r\n").value("HKCU\\X", "a").isPresent());
            RegFileFormatException only = assertThrows(RegFileFormatException.class, () -> parse("\r\n \r\n"));
            assertTrue(only.reason().contains("only blank lines"), only::getMessage);
        }

        @Test
        void aFileWithOnlyTheHeaderIsAnEmptyHive() {
            assertTrue(parse("Windows Registry Editor Version 5.00").isEmpty());
            assertTrue(parse("REGEDIT4\n").isEmpty());
        }
    }

    @Nested
    class Syntax {

        @Test
        void escapesAreBackslashAndQuote() {
            RegistryHive hive = parse(V5 + KEY + "\"a\\\\b \\\"c\\\"\"=\"C:\\\\Program Files\\\\\\\"x\\\"\"\r\n");
            RegistryValue v = hive.key("HKLM\\SOFTWARE\\SessionMoniker").orElseThrow().values().get(0);
            assertEquals("a\\b \"c\"", v.name());
            assertEquals("C:\\Program Files\\\"x\"", v.asString().orElseThrow());
        }

        @Test
        void stringsKeepEverythingElseLiterally() {
            RegistryHive hive = parse(V5 + KEY + "\"s\"=\"=;[]@\t'%x%' \u00e9\ud834\udd1e\"\r\n");
            assertEquals("=;[]@\t'%x%' \u00e9\ud834\udd1e", string(hive, "HKLM\\SOFTWARE\\SessionMoniker", "s"));
        }

        @Test
        void commentsBlankLinesAndIndentationAreIgnored() {
            RegistryHive hive = parse("REGEDIT4\n\n; a comment\n   ; an indented comment\n\t\n  [HKCU\\X]  \n"
                    + "  \"a\" = dword:1f\n\t@ =\t\"d\"\n");
            assertEquals(0x1f, value(hive, "HKCU\\X", "a").orElseThrow().asDword().getAsInt());
            assertEquals("d", string(hive, "HKCU\\X", ""));
        }

        @Test
        void anEmptyQuotedNameIsTheDefaultValue() {
            assertEquals(parse(V5 + KEY + "@=\"x\"\r\n"), parse(V5 + KEY + "\"\"=\"x\"\r\n"));
        }

        @Test
        void aValueMayBeNamedAt() {
            RegistryHive hive = parse(V5 + KEY + "\"@\"=\"named\"\r\n@=\"default\"\r\n");
            assertEquals("named", string(hive, "HKLM\\SOFTWARE\\SessionMoniker", "@"));
            assertEquals("default", string(hive, "HKLM\\SOFTWARE\\SessionMoniker", ""));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                dword:1f              | 4  | 1f000000
                DWORD:0000001F        | 4  | 1f000000
                dword:ffffffff        | 4  | ffffffff
                dword:0               | 4  | 00000000
                hex:01,02             | 3  | 0102
                HEX:AB,cd             | 3  | abcd
                hex(3):01             | 3  | 01
                hex(B):01,00,00,00,00,00,00,00 | 11 | 0100000000000000
                hex(ffffffff):01      | -1 | 01
                hex(00000007):00,00   | 7  | 0000
                """)
        void typeKeywordsIgnoreAsciiCase(String data, int type, String hex) {
            RegistryValue v = value(parse(V5 + KEY + "\"v\"=" + data + "\r\n"), "HKLM\\SOFTWARE\\SessionMoniker", "v")
                    .orElseThrow();
            assertEquals(type, v.type());
            assertEquals(hex, Golden.hex(v.data()));
        }

        @Test
        void aKeyNameMayHoldBracketsQuotesAndSpaces() {
            RegistryHive hive = parse(V5 + "[HKCU\\a]b\\ \"q\" ;x\\*]\r\n@=\"v\"\r\n");
            RegistryKey k = hive.root(RegistryRoot.HKEY_CURRENT_USER).find("a]b\\ \"q\" ;x\\*").orElseThrow();
            assertEquals("*", k.name());
            assertEquals("HKEY_CURRENT_USER\\a]b\\ \"q\" ;x\\*", k.path().toString());
        }
    }

    @Nested
    class Roots {

        @ParameterizedTest(name = "[{0}] is {1}")
        @CsvSource(delimiter = '|', textBlock = """
                HKEY_LOCAL_MACHINE\\SOFTWARE\\X  | HKEY_LOCAL_MACHINE\\SOFTWARE\\X
                HKLM\\SOFTWARE\\X                | HKEY_LOCAL_MACHINE\\SOFTWARE\\X
                hklm\\SOFTWARE\\X                | HKEY_LOCAL_MACHINE\\SOFTWARE\\X
                HKEY_CLASSES_ROOT\\X             | HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\X
                HKCR\\X                          | HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\X
                hkey_classes_root\\X             | HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\X
                HKEY_CURRENT_USER\\X             | HKEY_CURRENT_USER\\X
                HKCU\\X                          | HKEY_CURRENT_USER\\X
                HKEY_USERS\\.DEFAULT\\X          | HKEY_USERS\\.DEFAULT\\X
                HKU\\.DEFAULT\\X                 | HKEY_USERS\\.DEFAULT\\X
                """)
        void rootNamesAndAbbreviations(String written, String canonical) {
            RegistryHive hive = parse(V5 + "[" + written + "]\r\n\"v\"=\"1\"\r\n");
            RegistryKey k = hive.key(canonical).orElseThrow();
            assertEquals(canonical, k.path().toString());
            assertEquals("1", k.value("v").flatMap(RegistryValue::asString).orElseThrow());
        }

        @Test
        void classesRootIsAViewOfTheMachineClasses() {
            RegistryHive hive = Golden.hive("mixed-roots.reg");
            String crash = Golden.CRASH.toBracedString();
            RegistryKey viaView = hive.key("HKCR\\CLSID\\" + crash).orElseThrow();
            RegistryKey viaMachine = hive.key("HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" + crash).orElseThrow();
            assertEquals(viaView, viaMachine);
            assertEquals("HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" + crash + "\\LocalServer32",
                    viaView.subkey("localserver32").orElseThrow().path().toString(),
                    "the first spelling of each key is kept: CLSID from the HKCR line, not clsid");
            RegistryKey appId = hive.key("HKCR\\AppID\\" + crash).orElseThrow();
            assertEquals(List.of("", "RunAs"), appId.values().stream().map(RegistryValue::name).toList());
            assertEquals("dark", string(hive, "HKCU\\Software\\SessionMoniker", "Theme"));
            assertEquals(0x400, value(hive, "HKCU\\Software\\SessionMoniker\\Window", "Width").orElseThrow()
                    .asDword().getAsInt());
            assertEquals("system", string(hive, "HKEY_USERS\\S-1-5-18\\Software\\SessionMoniker", ""));
            assertTrue(hive.key("HKLM\\Software\\SessionMoniker").isEmpty(), "HKCU is not HKLM");
        }
    }

    @Nested
    class Deletions {

        @Test
        void deletionsApplyToEarlierFiles() {
            RegistryHive hive = Golden.hive("regedit-export.reg", "deletions.reg");
            String counter = Golden.COUNTER.toBracedString();
            String info = SESSION_INFO.toBracedString();
            assertTrue(hive.key("HKCR\\CLSID\\" + counter).isEmpty());
            assertTrue(hive.key("HKCR\\SessionMoniker.Counter").isEmpty(), "[-KEY] is case-insensitive");
            assertTrue(hive.key("HKCR\\SessionMoniker.Counter.1").isEmpty());
            assertTrue(hive.key("HKCR\\CLSID\\" + info + "\\LocalServer32").isPresent(), "other keys stay");
            RegistryKey appId = hive.key("HKCR\\AppID\\" + info).orElseThrow();
            assertEquals(List.of(""), appId.values().stream().map(RegistryValue::name).toList(),
                    "\"RunAs\"=- and \"launchpermission\"=- delete, \"NotThere\"=- does nothing");
            assertTrue(hive.key("HKCR\\CLSID\\" + info).orElseThrow().defaultValue().isEmpty(), "@=- deletes");
            RegistryKey curVer = hive.key("HKCR\\SessionMoniker.SessionInfo\\CurVer").orElseThrow();
            assertTrue(curVer.values().isEmpty(), "a key deleted and created again is empty");
        }

        @Test
        void aDeletedKeyTakesItsSubtree() {
            RegistryHive hive = parse(V5 + "[HKCU\\A\\B\\C]\r\n\"v\"=\"1\"\r\n\r\n[-HKCU\\a\\b]\r\n\r\n[HKCU\\A\\B]\r\n");
            assertTrue(hive.key("HKCU\\A\\B").isPresent());
            assertTrue(hive.key("HKCU\\A\\B\\C").isEmpty());
        }
    }

    @Nested
    class Continuations {

        static Stream<Arguments> values() {
            return Stream.of(
                    Arguments.of("Wrapped", "000102030405060708090a0b0c0d0e0f10111213141516171819"),
                    Arguments.of("TabIndented", "01020304"),
                    Arguments.of("DeepIndent", "0102"),
                    Arguments.of("AfterColon", "aabb"),
                    Arguments.of("Spaces", "010203"),
                    Arguments.of("Several", "41000000420000000000"),
                    Arguments.of("Upper", "abcdef"),
                    Arguments.of("Empty", ""),
                    Arguments.of("TrailingBlanks", "010203"),
                    Arguments.of("AfterContinuation", "01000000"),
                    // hex(2) and hex(7) get the terminating NUL(s) regedit stores; complete data stays as it is
                    Arguments.of("ExpandWithoutNul", "4c0069006e0065000000"),
                    Arguments.of("ExpandWithNul", "4c0069006e0065000000"),
                    Arguments.of("MultiWithoutNul", "41000000420000000000"),
                    Arguments.of("MultiOneFinalNul", "41000000420000000000"),
                    Arguments.of("MultiTerminated", "41000000420000000000"),
                    Arguments.of("MultiEmptyList", "0000"),
                    Arguments.of("ExpandEmpty", ""),
                    Arguments.of("ExpandOdd", "410042"),
                    Arguments.of("DwordAfterBlanks", "2a000000"));
        }

        @ParameterizedTest(name = "\"{0}\" is {1}")
        @MethodSource("values")
        void continuationLinesJoin(String name, String hex) {
            RegistryHive hive = Golden.hive("continuations.reg");
            assertEquals(hex, Golden.hex(value(hive, "HKLM\\SOFTWARE\\SessionMoniker\\Continuations", name)
                    .orElseThrow().data()));
        }

        @Test
        void theValueAfterAContinuationIsOnTheRightLine() {
            RegFileFormatException e = assertThrows(RegFileFormatException.class, () -> parse(
                    V5 + KEY + "\"a\"=hex:01,\\\r\n  02,\\\r\n  03\r\n\"b\"=dword:x\r\n"));
            assertEquals(7, e.line());
            assertEquals(11, e.column());
        }
    }

    @Nested
    class ValueTypes {

        static Stream<Arguments> values() {
            return Stream.of(
                    Arguments.of("", RegistryValue.REG_SZ, "default value"),
                    Arguments.of("String", RegistryValue.REG_SZ, "C:\\Program Files\\SessionMoniker \"quoted\""),
                    Arguments.of("EmptyString", RegistryValue.REG_SZ, ""),
                    Arguments.of("Unicode", RegistryValue.REG_SZ, "Gr\u00fc\u00dfe, \u4e16\u754c, \ud834\udd1e"),
                    Arguments.of("Expand", RegistryValue.REG_EXPAND_SZ, "%JAVA%"),
                    Arguments.of("Multi", RegistryValue.REG_MULTI_SZ, List.of("one", "two", "three")),
                    Arguments.of("EmptyMulti", RegistryValue.REG_MULTI_SZ, List.of()),
                    Arguments.of("Dword", RegistryValue.REG_DWORD, 0x1f),
                    Arguments.of("DwordMax", RegistryValue.REG_DWORD, -1),
                    Arguments.of("Qword", RegistryValue.REG_QWORD, 0x0123456789abcdefL),
                    Arguments.of("Binary", RegistryValue.REG_BINARY, "deadbeef"),
                    Arguments.of("EmptyBinary", RegistryValue.REG_BINARY, ""),
                    Arguments.of("None", RegistryValue.REG_NONE, ""),
                    Arguments.of("NoneWithData", RegistryValue.REG_NONE, "0102"),
                    Arguments.of("BigEndian", RegistryValue.REG_DWORD_BIG_ENDIAN, 0x1f),
                    Arguments.of("Link", RegistryValue.REG_LINK, "\\Registry\\Machine\\SOFTWARE\\SessionMoniker"),
                    Arguments.of("ResourceList", RegistryValue.REG_RESOURCE_LIST, "00"),
                    Arguments.of("ShortDword", RegistryValue.REG_DWORD, "010203"),
                    Arguments.of("Unterminated", RegistryValue.REG_SZ, "AB"),
                    Arguments.of("WithNewline", RegistryValue.REG_SZ, "A\nB"),
                    Arguments.of("Custom", 0xffff0000, "01"),
                    Arguments.of("@", RegistryValue.REG_SZ, "a value named @"));
        }

        @ParameterizedTest(name = "\"{0}\" is type {1}: {2}")
        @MethodSource("values")
        void everyValueTypeReads(String name, int type, Object expected) {
            RegistryValue v = value(Golden.hive("all-value-types.reg"),
                    "HKLM\\SOFTWARE\\SessionMoniker\\ValueTypes", name).orElseThrow();
            assertEquals(type, v.type());
            if (expected instanceof Integer i) {
                assertEquals(i, v.asDword().getAsInt());
            } else if (expected instanceof Long l) {
                assertEquals(l, v.asQword().getAsLong());
            } else if (expected instanceof List<?> list) {
                assertEquals(list, v.asMultiString().orElseThrow());
            } else if (v.asString().isPresent()) {
                assertEquals(expected, v.asString().get());
            } else {
                assertEquals(expected, Golden.hex(v.data()));
            }
        }

        @Test
        void valuesKeepTheirFileOrder() {
            RegistryKey k = Golden.hive("all-value-types.reg").key("HKLM\\SOFTWARE\\SessionMoniker\\ValueTypes")
                    .orElseThrow();
            assertEquals(List.of("", "String", "EmptyString", "Unicode", "Expand"),
                    k.values().stream().map(RegistryValue::name).limit(5).toList());
            assertEquals(200, k.value("long").orElseThrow().size());
            assertEquals(List.of("Empty Key", "Odd]Name"), k.subkeys().stream().map(RegistryKey::name).toList());
        }
    }

    @Nested
    class Merging {

        @Test
        void laterFilesOverrideAndKeepTheFirstSpelling(@TempDir Path dir) throws IOException {
            Path first = dir.resolve("first.reg");
            Path second = dir.resolve("second.reg");
            Files.writeString(first, V5 + "[HKCU\\App]\r\n\"Size\"=dword:1\r\n\"Color\"=\"red\"\r\n");
            Files.writeString(second, V5 + "[hkcu\\APP]\r\n\"color\"=\"blue\"\r\n\"New\"=\"x\"\r\n");
            RegistryHive hive = RegFileReader.standard().read(first, second);
            RegistryKey app = hive.key("HKCU\\App").orElseThrow();
            assertEquals("App", app.name());
            assertEquals(List.of(RegistryValue.dword("Size", 1), RegistryValue.string("Color", "blue"),
                    RegistryValue.string("New", "x")), app.values());
            assertEquals(hive, RegFileReader.standard().read(List.of(first, second)));
        }

        @Test
        void anErrorNamesTheFileByItsPath(@TempDir Path dir) throws IOException {
            Path ok = dir.resolve("ok.reg");
            Path bad = dir.resolve("bad.reg");
            Files.writeString(ok, V5);
            Files.writeString(bad, V5 + "[HKXX\\App]\r\n");
            RegFileFormatException e = assertThrows(RegFileFormatException.class,
                    () -> RegFileReader.standard().read(ok, bad));
            assertEquals(bad.toString(), e.source());
            assertTrue(e.getMessage().startsWith(bad + ":3:2: unknown root key 'HKXX'"), e.getMessage());
            assertEquals("ERROR_BADDB", e.errorName());
            assertEquals("0x800703F1", e.hresultHex());
        }

        @Test
        void parseIntoAddsToWhatTheBuilderHolds() {
            RegistryHive.Builder b = RegistryHive.builder().setValue("HKCU\\App", RegistryValue.string("a", "1"));
            RegFileReader.standard().parseInto(b, "more.reg",
                    (V5 + "[HKCU\\App]\r\n\"b\"=\"2\"\r\n").getBytes(StandardCharsets.UTF_8));
            assertEquals(2, b.build().key("HKCU\\App").orElseThrow().values().size());
        }

        @Test
        void aMissingFileIsAnIoError(@TempDir Path dir) {
            assertThrows(IOException.class, () -> RegFileReader.standard().read(dir.resolve("missing.reg")));
        }
    }

    @Nested
    class Limits {

        static final RegFileReader SMALL = RegFileReader.withLimits(new RegFileLimits(200, 8));

        @Test
        void theDefaultsAreDocumented() {
            assertEquals(64L << 20, RegFileLimits.DEFAULT.maxFileBytes());
            assertEquals(1 << 20, RegFileLimits.DEFAULT.maxValueBytes());
            assertThrows(IllegalArgumentException.class, () -> new RegFileLimits(0, 1));
            assertThrows(IllegalArgumentException.class, () -> new RegFileLimits(1, 0));
        }

        @Test
        void aFileOverTheSizeLimitIsRejectedUnread(@TempDir Path dir) throws IOException {
            byte[] big = (V5 + KEY + ";" + "x".repeat(300) + "\r\n").getBytes(StandardCharsets.UTF_8);
            RegFileFormatException e = assertThrows(RegFileFormatException.class, () -> SMALL.parse("big.reg", big));
            assertEquals(1, e.line());
            assertEquals(1, e.column());
            assertTrue(e.reason().contains("limit of 200 bytes (RegFileLimits.maxFileBytes)"), e.reason());
            Path file = dir.resolve("big.reg");
            Files.write(file, big);
            assertTrue(assertThrows(RegFileFormatException.class, () -> SMALL.read(file)).reason()
                    .contains("RegFileLimits.maxFileBytes"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                hex:01,02,03,04,05,06,07,08,09            | 33
                "12345"                                   | 9
                hex(2):41,42,43,44,45                     | 5
                """)
        void aValueOverTheSizeLimitIsRejected(String data, int column) {
            String text = "REGEDIT4\r\n[HKCU\\X]\r\n\"v\"=" + data + "\r\n";
            RegFileFormatException e = assertThrows(RegFileFormatException.class, () -> SMALL.parse("v.reg", text));
            assertEquals(3, e.line());
            assertEquals(column, e.column());
            assertTrue(e.reason().contains("limit of 8 bytes (RegFileLimits.maxValueBytes)"), e.reason());
        }

        @Test
        void valuesUpToTheLimitAreAccepted() {
            RegistryHive hive = SMALL.parse("v.reg", "REGEDIT4\n[HKCU\\X]\n\"v\"=hex:01,02,03,04,05,06,07,08\n"
                    + "\"s\"=\"123\"\n");
            assertEquals(8, hive.value("HKCU\\X", "v").orElseThrow().size());
        }

        @Test
        void keysDeeperThanWindowsAllowsAreRejected() {
            String deep = "\\k".repeat(513);
            RegFileFormatException e = assertThrows(RegFileFormatException.class,
                    () -> parse(V5 + "[HKCU" + deep + "]\r\n"));
            assertEquals(3, e.line());
            assertEquals(6 + 2 * 512 + 1, e.column());
            assertTrue(e.reason().contains("at most 512 levels"), e.reason());
            assertFalse(parse(V5 + "[HKCU" + "\\k".repeat(512) + "]\r\n").isEmpty());
        }

        @Test
        void valueNamesLongerThanWindowsAllowsAreRejected() {
            String name = "n".repeat(16_384);
            RegFileFormatException e = assertThrows(RegFileFormatException.class,
                    () -> parse(V5 + KEY + "\"" + name + "\"=\"x\"\r\n"));
            assertTrue(e.reason().contains("limited to 16383 characters"), e.reason());
            assertArrayEquals(new byte[] {'x', 0, 0, 0}, parse(V5 + KEY + "\"" + name.substring(1) + "\"=\"x\"\r\n")
                    .value("HKLM\\SOFTWARE\\SessionMoniker", name.substring(1)).orElseThrow().data());
        }
    }

    @Nested
    class WhatIsAtThePath {
        @TempDir
        Path dir;

        @Test
        void aFifoADeviceAndADirectoryAreRefusedWithoutOpeningThem() throws Exception {
            RegFileReader reader = RegFileReader.standard();
            Path fifo = ScenarioTest.fifo(dir.resolve("p.reg"));
            RegFileFormatException e = assertThrows(RegFileFormatException.class, () -> reader.read(List.of(fifo)));
            assertEquals(fifo.toString(), e.source());
            assertTrue(e.reason().contains("a FIFO (named pipe), not a regular file"), e.reason());
            e = assertThrows(RegFileFormatException.class, () -> reader.read(List.of(Path.of("/dev/zero"))));
            assertTrue(e.reason().contains("a character device"), e.reason());
            e = assertThrows(RegFileFormatException.class, () -> reader.read(List.of(dir)));
            assertTrue(e.reason().contains("a directory"), e.reason());
        }

        @Test
        void aFileOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
            Path big = dir.resolve("big.reg");
            Files.write(big, new byte[1025]);
            RegFileFormatException e = assertThrows(RegFileFormatException.class,
                    () -> RegFileReader.withLimits(new RegFileLimits(1024, 1024)).read(List.of(big)));
            assertTrue(e.reason().contains("1025 bytes, more than the limit of 1024"), e.reason());
        }
    }
}
