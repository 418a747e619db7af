package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegFileWriterTest {

    static final List<String> GOLDEN_FILES = Golden.FILES;

    static String text(byte[] utf16WithBom) {
        assertEquals(0xFF, utf16WithBom[0] & 0xFF);
        assertEquals(0xFE, utf16WithBom[1] & 0xFF);
        return new String(utf16WithBom, 2, utf16WithBom.length - 2, StandardCharsets.UTF_16LE);
    }

    @Nested
    class AsRegeditExports {

        @ParameterizedTest(name = "{0} is written back byte for byte from {1}")
        @CsvSource(delimiter = '|', textBlock = """
                regedit-export.reg  | HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes
                all-value-types.reg | HKEY_LOCAL_MACHINE\\SOFTWARE\\SessionMoniker
                """)
        void goldenExportsAreWrittenBackByteForByte(String file, String subtree) {
            byte[] golden = Golden.bytes(file);
            RegistryHive hive = RegFileReader.standard().parse(file, golden);
            byte[] written = RegFileWriter.write(hive, RegistryPath.parse(subtree));
            assertEquals(text(golden), text(written));
            assertArrayEquals(golden, written);
        }

        @Test
        void theWholeHiveStartsAtTheRoot() {
            RegistryHive hive = Golden.hive("regedit-export.reg");
            String text = RegFileWriter.toText(hive);
            assertTrue(text.startsWith("Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE]\r\n\r\n"
                    + "[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes]\r\n\r\n"), text);
            assertTrue(text.endsWith("\"\r\n\r\n"), "every key ends with a blank line");
            assertEquals(text, hive.toString());
        }

        @Test
        void anEmptyHiveIsTheHeaderAlone() {
            assertEquals("Windows Registry Editor Version 5.00\r\n\r\n", RegFileWriter.toText(RegistryHive.empty()));
            assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFE, 'W', 0}, Arrays.copyOf(
                    RegFileWriter.write(RegistryHive.empty()), 4));
        }

        @Test
        void classesAreWrittenUnderTheMachineNeverTheView() {
            RegistryHive hive = RegFileReader.standard().parse("v.reg", "REGEDIT4\n[HKCR\\Demo.Class]\n@=\"x\"\n");
            assertTrue(RegFileWriter.toText(hive).contains("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\Demo.Class]\r\n"));
        }

        @Test
        void exportingAMissingKeyIsACallerError() {
            assertThrows(IllegalArgumentException.class,
                    () -> RegFileWriter.write(RegistryHive.empty(), RegistryPath.parse("HKCU\\Nothing")));
        }

        @Test
        void writesAFile(@TempDir Path dir) throws IOException {
            RegistryHive hive = Golden.hive("regedit4.reg");
            Path file = dir.resolve("out.reg");
            RegFileWriter.write(hive, file);
            assertArrayEquals(RegFileWriter.write(hive), Files.readAllBytes(file));
            assertEquals(hive, RegFileReader.standard().read(file));
        }
    }

    @Nested
    class Values {

        @ParameterizedTest(name = "{0} writes as {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
                sz            | "v"="x"
                sz-escapes    | "v"="a\\\\b\\"c"
                sz-empty      | "v"=""
                sz-newline    | "v"=hex(1):61,00,0a,00,00,00
                sz-no-nul     | "v"=hex(1):61,00
                sz-inner-nul  | "v"=hex(1):61,00,00,00,62,00,00,00
                sz-odd        | "v"=hex(1):61,00,00
                dword         | "v"=dword:0000001f
                dword-short   | "v"=hex(4):1f,00
                qword         | "v"=hex(b):01,00,00,00,00,00,00,00
                expand        | "v"=hex(2):25,00,00,00
                binary        | "v"=hex:01,ff
                none          | "v"=hex(0):
                custom        | "v"=hex(1234abcd):00
                default       | @="d"
                quoted-name   | "a\\"b\\\\c"=dword:00000000
                """)
        void eachValueIsWrittenInItsRegeditForm(String kind, String line) {
            RegistryValue v = switch (kind) {
                case "sz" -> RegistryValue.string("v", "x");
                case "sz-escapes" -> RegistryValue.string("v", "a\\b\"c");
                case "sz-empty" -> RegistryValue.string("v", "");
                case "sz-newline" -> RegistryValue.string("v", "a\n");
                case "sz-no-nul" -> RegistryValue.of("v", RegistryValue.REG_SZ, new byte[] {'a', 0});
                case "sz-inner-nul" -> RegistryValue.string("v", "a\0b");
                case "sz-odd" -> RegistryValue.of("v", RegistryValue.REG_SZ, new byte[] {'a', 0, 0});
                case "dword" -> RegistryValue.dword("v", 0x1f);
                case "dword-short" -> RegistryValue.of("v", RegistryValue.REG_DWORD, new byte[] {0x1f, 0});
                case "qword" -> RegistryValue.qword("v", 1);
                case "expand" -> RegistryValue.expandString("v", "%");
                case "binary" -> RegistryValue.binary("v", new byte[] {1, (byte) 0xFF});
                case "none" -> RegistryValue.of("v", RegistryValue.REG_NONE, new byte[0]);
                case "custom" -> RegistryValue.of("v", 0x1234abcd, new byte[] {0});
                case "default" -> RegistryValue.string("", "d");
                default -> RegistryValue.dword("a\"b\\c", 0);
            };
            assertEquals(line, v.toString());
            RegistryHive hive = RegistryHive.builder().setValue("HKCU\\K", v).build();
            assertEquals(v, RegFileReader.standard().parse("v.reg", RegFileWriter.write(hive))
                    .value("HKCU\\K", v.name()).orElseThrow());
        }

        @ParameterizedTest(name = "a {0}-character value name")
        @ValueSource(ints = {0, 1, 5, 16, 40, 53, 54, 55, 56, 70, 74, 75, 76, 90, 200})
        void byteListsWrapLikeRegedit(int nameLength) {
            String name = "n".repeat(nameLength);
            RegistryValue v = RegistryValue.binary(name, new byte[300]);
            String written = RegFileWriter.toText(RegistryHive.builder().setValue("HKCU\\K", v).build());
            String[] lines = written.substring(written.lastIndexOf("]\r\n") + 3).split("\r\n");
            int i = 0;
            while (lines[i].endsWith("\\")) {
                String body = lines[i].substring(0, lines[i].length() - 1);
                assertTrue(body.endsWith(","), "a break comes after a comma: " + lines[i]);
                assertTrue(body.length() >= 77, "a line breaks once it reaches 77 characters: " + lines[i]);
                assertTrue(body.length() <= Math.max(79, (nameLength == 0 ? 1 : nameLength + 2) + 11),
                        "and not later than one byte after that: " + lines[i]);
                i++;
                assertTrue(lines[i].startsWith("  ") && !lines[i].startsWith("   "), "continuations indent by 2");
            }
            assertTrue(lines[i].length() < 77 + 3, "the last line is short: " + lines[i]);
            assertTrue(i > 0);
        }

        @Test
        void aDefaultValueWrapsAfter23BytesThen25AsRegeditDoes() {
            String line = RegistryValue.expandString("", "x".repeat(40)).toString();
            String wrapped = RegFileWriter.toText(RegistryHive.builder()
                    .setValue("HKCU\\K", RegistryValue.expandString("", "x".repeat(40))).build());
            assertTrue(wrapped.contains("@=hex(2):" + "78,00,".repeat(11) + "78,\\\r\n  00,"), wrapped);
            assertTrue(wrapped.contains("\r\n  " + "78,00,".repeat(12) + "78,\\\r\n  00,"), wrapped);
            assertTrue(line.startsWith("@=hex(2):78,00,") && !line.contains("\\"), "toString does not wrap");
        }
    }

    @Nested
    class RoundTrips {

        @ParameterizedTest(name = "{0}: parse, write, parse gives an equal hive")
        @FieldSource("io.sessionmoniker.activation.host.RegFileWriterTest#GOLDEN_FILES")
        void goldenFilesRoundTrip(String file) {
            RegistryHive hive = Golden.hive(file);
            RegistryHive again = RegFileReader.standard().parse("written.reg", RegFileWriter.write(hive));
            assertEquals(hive, again);
            assertEquals(hive.hashCode(), again.hashCode());
            assertEquals(hive, RegFileReader.standard().parse("text.reg", RegFileWriter.toText(hive)));
            assertArrayEquals(RegFileWriter.write(hive), RegFileWriter.write(again));
        }

        @ParameterizedTest(name = "seed {0}")
        @ValueSource(longs = {1, 2, 3, 42, 2026})
        void randomHivesRoundTrip(long seed) {
            Random random = new Random(seed);
            for (int round = 0; round < 40; round++) {
                RegistryHive hive = randomHive(random);
                RegistryHive again = RegFileReader.standard().parse("random.reg", RegFileWriter.write(hive));
                // regedit stores hex(2) and hex(7) data with its terminating NUL(s), so reading adds what is missing
                assertEquals(asRegeditStores(hive), again, () -> "seed " + seed + ":\n" + hive);
            }
        }

        /** The hive as importing its export stores it: REG_EXPAND_SZ and REG_MULTI_SZ data terminated. */
        static RegistryHive asRegeditStores(RegistryHive hive) {
            RegistryHive.Builder b = RegistryHive.builder();
            for (RegistryRoot root : RegistryRoot.values()) {
                copy(hive.root(root), b);
            }
            return b.build();
        }

        private static void copy(RegistryKey key, RegistryHive.Builder b) {
            b.createKey(key.path());
            for (RegistryValue v : key.values()) {
                byte[] data = v.data();
                int units = data.length / 2;
                boolean even = (data.length & 1) == 0 && units > 0;
                boolean lastNul = even && data[2 * units - 1] == 0 && data[2 * units - 2] == 0;
                if (even && v.type() == RegistryValue.REG_EXPAND_SZ && !lastNul) {
                    data = java.util.Arrays.copyOf(data, data.length + 2);
                } else if (even && v.type() == RegistryValue.REG_MULTI_SZ && !lastNul) {
                    data = java.util.Arrays.copyOf(data, data.length + 4);
                } else if (even && v.type() == RegistryValue.REG_MULTI_SZ && units >= 2
                        && (data[2 * units - 3] != 0 || data[2 * units - 4] != 0)) {
                    data = java.util.Arrays.copyOf(data, data.length + 2);
                }
                b.setValue(key.path(), RegistryValue.of(v.name(), v.type(), data));
            }
            for (RegistryKey sub : key.subkeys()) {
                copy(sub, b);
            }
        }

        static final String NAME_CHARS = "aZ09 ]\"\\;@=-[.*{}%\t\u00e9\u0130\u0131\u00df\u4e16\ud834\udd1e\ud800\uFEFF";

        static String randomName(Random random, boolean key) {
            int length = random.nextInt(key ? 12 : 8) + (key ? 1 : 0);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < length; i++) {
                char c = NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length()));
                if (key && c == '\\') {
                    c = '/';
                }
                out.append(c);
            }
            if (key && out.toString().startsWith("-")) {
                out.setCharAt(0, 'x');
            }
            return out.toString();
        }

        static RegistryHive randomHive(Random random) {
            RegistryHive.Builder b = RegistryHive.builder();
            RegistryRoot[] roots = RegistryRoot.values();
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                RegistryPath p = RegistryPath.of(roots[random.nextInt(roots.length)]);
                for (int d = 0; d < 1 + random.nextInt(4); d++) {
                    p = p.child(randomName(random, true));
                }
                b.createKey(p);
                for (int v = 0; v < random.nextInt(5); v++) {
                    String name = randomName(random, false);
                    int type = random.nextInt(14) - 1;
                    byte[] data = new byte[random.nextInt(120)];
                    random.nextBytes(data);
                    RegistryValue value = switch (random.nextInt(4)) {
                        case 0 -> RegistryValue.string(name, randomName(random, false));
                        case 1 -> RegistryValue.dword(name, random.nextInt());
                        default -> RegistryValue.of(name, type, data);
                    };
                    b.setValue(p, value);
                }
            }
            if (random.nextBoolean()) {
                b.setValue(RegistryPath.of(RegistryRoot.HKEY_USERS), RegistryValue.string("onRoot", "x"));
            }
            return b.build();
        }
    }
}
