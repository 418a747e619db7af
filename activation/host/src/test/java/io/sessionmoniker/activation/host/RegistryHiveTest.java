package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryHiveTest {

    static List<String> names(RegistryKey k) {
        return k.subkeys().stream().map(RegistryKey::name).toList();
    }

    @Nested
    class Keys {

        @Test
        void namesMatchIgnoringCaseAndKeepTheFirstSpelling() {
            RegistryHive hive = RegistryHive.builder()
                    .createKey("HKCU\\Software\\SessionMoniker")
                    .setValue("hkcu\\SOFTWARE\\sessionmoniker\\Child", RegistryValue.string("a", "1"))
                    .build();
            RegistryKey k = hive.key("HKEY_CURRENT_USER\\software\\SESSIONMONIKER\\child").orElseThrow();
            assertEquals("HKEY_CURRENT_USER\\Software\\SessionMoniker\\Child", k.path().toString());
            assertEquals(List.of("SessionMoniker"), names(hive.key("HKCU\\Software").orElseThrow()));
        }

        @Test
        void subkeysEnumerateByUppercasedName() {
            RegistryHive hive = RegistryHive.builder()
                    .createKey("HKCU\\P\\b").createKey("HKCU\\P\\A").createKey("HKCU\\P\\_x").createKey("HKCU\\P\\C")
                    .createKey("HKCU\\P\\{1}").createKey("HKCU\\P\\10").createKey("HKCU\\P\\9")
                    .build();
            assertEquals(List.of("10", "9", "A", "b", "C", "_x", "{1}"), names(hive.key("HKCU\\P").orElseThrow()));
        }

        @Test
        void deletingTakesTheSubtreeAndIgnoresWhatIsAbsent() {
            RegistryHive hive = RegistryHive.builder()
                    .setValue("HKCU\\A\\B\\C", RegistryValue.string("v", "1"))
                    .deleteKey("hkcu\\a\\b")
                    .deleteKey("HKCU\\Nothing\\Here")
                    .deleteValue("HKCU\\Nothing", "v")
                    .build();
            assertEquals(List.of(), names(hive.key("HKCU\\A").orElseThrow()));
            assertEquals(1, hive.keyCount());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"HKLM", "HKEY_CURRENT_USER", "HKU", "HKCR"})
        void rootsCannotBeDeleted(String root) {
            RegistryPath p = RegistryPath.parse(root);
            if (p.isRoot()) {
                assertThrows(IllegalArgumentException.class, () -> RegistryHive.builder().deleteKey(p));
            } else {
                assertTrue(RegistryHive.builder().deleteKey(p).build().isEmpty(), "HKCR is a key below HKLM");
            }
        }

        @Test
        void rootsMayHoldValues() {
            RegistryHive hive = RegistryHive.builder()
                    .setValue(RegistryPath.of(RegistryRoot.HKEY_USERS), RegistryValue.string("x", "y")).build();
            assertFalse(hive.isEmpty());
            assertEquals(0, hive.keyCount());
            assertEquals("y", hive.value("HKU", "x").flatMap(RegistryValue::asString).orElseThrow());
        }

        @Test
        void findWalksRelativePaths() {
            RegistryHive hive = Golden.hive("regedit-export.reg");
            RegistryKey classes = hive.key(RegistryPath.CLASSES_ROOT).orElseThrow();
            String path = "clsid\\" + Golden.SESSION_INFO.toBracedString().toLowerCase(Locale.ROOT) + "\\LOCALSERVER32";
            assertEquals("LocalServer32", classes.find(path).orElseThrow().name());
            assertEquals(Optional.empty(), classes.find("CLSID\\{nothing}\\LocalServer32"));
            assertEquals(Optional.empty(), classes.subkey("CLSID\\{x}"), "subkey takes one name");
        }
    }

    @Nested
    class Values {

        @Test
        void aReplacedValueKeepsItsSpellingAndPosition() {
            RegistryHive hive = RegistryHive.builder()
                    .setValue("HKCU\\K", RegistryValue.string("First", "1"))
                    .setValue("HKCU\\K", RegistryValue.string("Second", "2"))
                    .setValue("HKCU\\K", RegistryValue.dword("FIRST", 3))
                    .build();
            assertEquals(List.of(RegistryValue.dword("First", 3), RegistryValue.string("Second", "2")),
                    hive.key("HKCU\\K").orElseThrow().values());
        }

        @Test
        void aDeletedValueComesBackAtTheEnd() {
            RegistryHive hive = RegistryHive.builder()
                    .setValue("HKCU\\K", RegistryValue.string("a", "1"))
                    .setValue("HKCU\\K", RegistryValue.string("b", "2"))
                    .deleteValue("HKCU\\K", "A")
                    .setValue("HKCU\\K", RegistryValue.string("a", "3"))
                    .build();
            assertEquals(List.of("b", "a"),
                    hive.key("HKCU\\K").orElseThrow().values().stream().map(RegistryValue::name).toList());
        }

        @Test
        void typedAccessorsReadTheBytesAsTheRegistryApiDoes() {
            assertEquals(Optional.of("ab"), RegistryValue.of("v", RegistryValue.REG_SZ,
                    new byte[] {'a', 0, 'b', 0, 0, 0, 'c', 0}).asString(), "up to the first NUL");
            assertEquals(Optional.of("a"), RegistryValue.of("v", RegistryValue.REG_EXPAND_SZ,
                    new byte[] {'a', 0, 'b'}).asString(), "a trailing odd byte is ignored");
            assertEquals(Optional.empty(), RegistryValue.binary("v", new byte[] {'a', 0}).asString());
            assertEquals(Optional.of(List.of("a", "b")), RegistryValue.of("v", RegistryValue.REG_MULTI_SZ,
                    new byte[] {'a', 0, 0, 0, 'b', 0}).asMultiString(), "an unterminated last string counts");
            assertEquals(Optional.of(List.of("a")), RegistryValue.of("v", RegistryValue.REG_MULTI_SZ,
                    new byte[] {'a', 0, 0, 0, 0, 0, 'b', 0, 0, 0}).asMultiString(), "the list ends at an empty string");
            assertEquals(0x01020304, RegistryValue.of("v", RegistryValue.REG_DWORD_BIG_ENDIAN,
                    new byte[] {1, 2, 3, 4}).asDword().getAsInt());
            assertTrue(RegistryValue.of("v", RegistryValue.REG_DWORD, new byte[3]).asDword().isEmpty());
            assertEquals(-2L, RegistryValue.qword("v", -2).asQword().getAsLong());
            assertTrue(RegistryValue.of("v", RegistryValue.REG_QWORD, new byte[4]).asQword().isEmpty());
            assertEquals(List.of("x", "y"), RegistryValue.multiString("v", List.of("x", "y")).asMultiString().orElseThrow());
        }

        @ParameterizedTest(name = "type {0} is {1}")
        @CsvSource({"0, REG_NONE", "1, REG_SZ", "2, REG_EXPAND_SZ", "3, REG_BINARY", "4, REG_DWORD",
            "5, REG_DWORD_BIG_ENDIAN", "6, REG_LINK", "7, REG_MULTI_SZ", "11, REG_QWORD", "12, 0x0000000C",
            "-1, 0xFFFFFFFF"})
        void typeNames(int type, String name) {
            assertEquals(name, RegistryValue.of("v", type, new byte[0]).typeName());
        }

        @Test
        void namesThatNoRegFileCanHoldAreRejected() {
            assertThrows(IllegalArgumentException.class, () -> RegistryValue.string("a\nb", "x"));
            assertThrows(IllegalArgumentException.class, () -> RegistryValue.string("a\rb", "x"));
            assertThrows(IllegalArgumentException.class, () -> RegistryValue.string("a\0b", "x"));
            assertThrows(IllegalArgumentException.class, () -> RegistryValue.string("n".repeat(16_384), "x"));
            assertThrows(IllegalArgumentException.class, () -> RegistryValue.multiString("v", List.of("a", "")));
            assertEquals(16_383, RegistryValue.string("n".repeat(16_383), "x").name().length());
        }

        @Test
        void dataIsCopiedInAndOut() {
            byte[] data = {1, 2};
            RegistryValue v = RegistryValue.binary("v", data);
            data[0] = 9;
            v.data()[1] = 9;
            assertEquals("0102", Golden.hex(v.data()));
        }
    }

    @Nested
    class CaseFolding {

        @Test
        void foldingDoesNotDependOnTheDefaultLocale() {
            Locale saved = Locale.getDefault();
            try {
                Locale.setDefault(Locale.forLanguageTag("tr-TR"));
                RegistryHive hive = RegistryHive.builder().setValue("HKCU\\Title\\Items", RegistryValue.string("Id", "1"))
                        .build();
                assertTrue(hive.key("HKCU\\TITLE\\ITEMS").isPresent());
                assertTrue(hive.key("hkcu\\title\\items").isPresent());
                assertTrue(hive.value("HKCU\\title\\items", "ID").isPresent());
                assertTrue(RegistryPath.parse("HKCU\\ıtem").equals(RegistryPath.parse("HKCU\\ITEM")),
                        "dotless i upper-cases to I, as in the registry's own table");
            } finally {
                Locale.setDefault(saved);
            }
        }

        @ParameterizedTest(name = "\"{0}\" and \"{1}\" are the same name: {2}")
        @CsvSource({"Caf\u00e9, CAF\u00c9, true", "stra\u00dfe, STRASSE, false", "\u00df, \u1e9e, false",
            "K, \u212a, false", "\u03c3, \u03a3, true", "a, b, false"})
        void namesFoldOneCharacterAtATimeToUpperCase(String a, String b, boolean same) {
            assertEquals(same, RegistryPath.parse("HKCU\\" + a).equals(RegistryPath.parse("HKCU\\" + b)));
            RegistryHive hive = RegistryHive.builder().createKey("HKCU\\" + a).createKey("HKCU\\" + b).build();
            assertEquals(same ? 1 : 2, hive.keyCount());
        }
    }

    @Nested
    class Paths {

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "HKXX\\A", "HKCU\\", "HKCU\\\\A", "HKCU\\A\\", "\\HKCU"})
        void malformedPathsAreCallerErrors(String path) {
            assertThrows(IllegalArgumentException.class, () -> RegistryPath.parse(path));
        }

        @Test
        void keyNamesFollowWindowsLimits() {
            assertEquals(255, RegistryPath.parse("HKCU\\" + "k".repeat(255)).name().length());
            assertThrows(IllegalArgumentException.class, () -> RegistryPath.parse("HKCU\\" + "k".repeat(256)));
            assertThrows(IllegalArgumentException.class, () -> RegistryPath.of(RegistryRoot.HKEY_USERS, "a\nb"));
            assertThrows(IllegalArgumentException.class, () -> RegistryPath.of(RegistryRoot.HKEY_USERS, "a\\b"));
            assertThrows(IllegalArgumentException.class,
                    () -> RegistryPath.parse("HKCU" + "\\k".repeat(513)));
        }

        @Test
        void navigation() {
            RegistryPath p = RegistryPath.parse("HKCR\\CLSID\\{x}");
            assertEquals(RegistryRoot.HKEY_LOCAL_MACHINE, p.root());
            assertEquals(List.of("SOFTWARE", "Classes", "CLSID", "{x}"), p.names());
            assertEquals(4, p.depth());
            assertEquals("{x}", p.name());
            assertEquals(RegistryPath.CLASSES_ROOT.child("clsid"), p.parent().orElseThrow());
            assertEquals(p, RegistryPath.CLASSES_ROOT.resolve("CLSID\\{X}"));
            assertTrue(p.startsWith(RegistryPath.CLASSES_ROOT));
            assertFalse(RegistryPath.CLASSES_ROOT.startsWith(p));
            assertEquals("HKEY_LOCAL_MACHINE", RegistryPath.of(RegistryRoot.HKEY_LOCAL_MACHINE).name());
            assertTrue(RegistryPath.of(RegistryRoot.HKEY_USERS).parent().isEmpty());
            assertTrue(RegistryPath.parse("HKLM\\A").compareTo(RegistryPath.parse("hklm\\a\\b")) < 0);
            assertTrue(RegistryPath.parse("HKLM\\Z").compareTo(RegistryPath.parse("HKCU\\A")) < 0, "roots first");
            assertEquals(0, RegistryPath.parse("HKLM\\A").compareTo(RegistryPath.parse("hklm\\a")));
        }
    }

    @Nested
    class Equality {

        @Test
        void equalHivesWriteTheSameText() {
            RegistryHive a = Golden.hive("regedit-export.reg");
            RegistryHive b = a.toBuilder().build();
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode());
            assertEquals(a.toString(), b.toString());
        }

        @Test
        void spellingAndValueOrderMatter() {
            RegistryHive a = RegistryHive.builder().createKey("HKCU\\Key").build();
            RegistryHive b = RegistryHive.builder().createKey("HKCU\\KEY").build();
            assertNotEquals(a, b);
            RegistryHive c = RegistryHive.builder().setValue("HKCU\\K", RegistryValue.string("a", ""))
                    .setValue("HKCU\\K", RegistryValue.string("b", "")).build();
            RegistryHive d = RegistryHive.builder().setValue("HKCU\\K", RegistryValue.string("b", ""))
                    .setValue("HKCU\\K", RegistryValue.string("a", "")).build();
            assertNotEquals(c, d);
        }

        @Test
        void mergeAddsAndReplacesButNeverDeletes() {
            RegistryHive base = RegistryHive.builder().setValue("HKCU\\K", RegistryValue.string("a", "1"))
                    .setValue("HKCU\\K\\Sub", RegistryValue.string("s", "1")).build();
            RegistryHive other = RegistryHive.builder().setValue("HKCU\\k", RegistryValue.string("A", "2"))
                    .setValue("HKCU\\k", RegistryValue.string("b", "2")).createKey("HKCU\\Other").build();
            RegistryHive merged = base.toBuilder().merge(other).build();
            assertEquals(List.of(RegistryValue.string("a", "2"), RegistryValue.string("b", "2")),
                    merged.key("HKCU\\K").orElseThrow().values());
            assertTrue(merged.key("HKCU\\K\\Sub").isPresent());
            assertTrue(merged.key("HKCU\\Other").isPresent());
            assertEquals("K", merged.key("HKCU\\K").orElseThrow().name());
        }

        @Test
        void aBuilderDoesNotChangeTheHiveItCameFrom() {
            RegistryHive a = Golden.hive("regedit4.reg");
            String before = a.toString();
            RegistryHive.Builder b = a.toBuilder();
            b.deleteKey("HKCR\\CLSID");
            b.setValue("HKCU\\New", RegistryValue.string("", "x"));
            assertEquals(before, a.toString());
            assertTrue(b.containsKey(RegistryPath.parse("HKCU\\new")));
            assertFalse(b.containsKey(RegistryPath.parse("HKCR\\CLSID")));
        }
    }
}
