package io.sessionmoniker.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SidTest {

    @Nested
    class StringForm {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                S-1-5-18                                      | S-1-5-18
                s-1-5-18                                      | S-1-5-18
                S-1-1-0                                       | S-1-1-0
                S-1-5                                         | S-1-5
                S-1-0                                         | S-1-0
                S-1-5-32-544                                  | S-1-5-32-544
                S-1-5-21-397955417-626881126-188441444-1001   | S-1-5-21-397955417-626881126-188441444-1001
                S-1-5-4294967295                              | S-1-5-4294967295
                S-1-4294967295-0                              | S-1-4294967295-0
                S-1-0x000000000005-18                         | S-1-5-18
                S-1-0X0000FFFFFFFF-1                          | S-1-4294967295-1
                S-1-0x123456789abc-1                          | S-1-0x123456789ABC-1
                S-1-0xFFFFFFFFFFFF                            | S-1-0xFFFFFFFFFFFF
                S-1-1-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15     | S-1-1-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15
                """)
        void parsesAndPrintsCanonically(String input, String canonical) {
            Sid sid = Sid.parse(input);
            assertEquals(canonical, sid.toString());
            assertEquals(sid, Sid.parse(sid.toString()));
        }

        @Test
        void exposesItsParts() {
            Sid sid = Sid.parse("S-1-5-21-397955417-626881126-188441444-1001");
            assertEquals(5, sid.authority());
            assertEquals(5, sid.subAuthorityCount());
            assertEquals(21, sid.subAuthority(0));
            assertEquals(Optional.of(1001L), sid.rid());
            assertEquals(Optional.empty(), Sid.parse("S-1-5").rid());
            assertEquals(4294967295L, Sid.parse("S-1-5-4294967295").subAuthority(0));
        }

        @ParameterizedTest(name = "\"{0}\" fails at {1}: {2}")
        @CsvSource(delimiter = '|', textBlock = """
                ''                                          | 0  | expected a SID starting with 'S-'
                X-1-5-18                                    | 0  | expected a SID starting with 'S-'
                S1-5-18                                     | 0  | expected a SID starting with 'S-'
                S-2-5-18                                    | 2  | expected SID revision 1
                S-10-5                                      | 2  | expected SID revision 1
                S-1                                         | 3  | expected '-' after the SID revision
                S-1-                                        | 4  | expected a decimal SID authority
                S-1--5                                      | 4  | expected a decimal SID authority
                S-1-5-                                      | 6  | expected a decimal SID sub-authority
                S-1-5-01                                    | 6  | without leading zeros
                S-1-05-1                                    | 4  | without leading zeros
                S-1-5-4294967296                            | 6  | of at most 4294967295
                S-1-5-99999999999999999999999               | 6  | of at most 4294967295
                S-1-4294967296-1                            | 4  | '0x' and 12 hexadecimal digits
                S-1-0x12345-1                               | 11 | expected 12 hexadecimal digits
                S-1-0x1234567890ABC-1                       | 18 | at most 12 hexadecimal digits
                S-1-0x-1                                    | 6  | expected 12 hexadecimal digits
                S-1-5-18-                                   | 9  | expected a decimal SID sub-authority
                'S-1-5-18 '                                 | 8  | expected the end of the SID
                S-1-5-1a                                    | 7  | expected the end of the SID
                S-1-1-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16 | 41 | at most 15 sub-authorities
                """)
        void rejectsMalformedStringsNamingThePosition(String input, int position, String fragment) {
            SecurityDescriptorFormatException e =
                    assertThrows(SecurityDescriptorFormatException.class, () -> Sid.parse(input));
            assertEquals(SecurityDescriptorFormatException.Form.TEXT, e.form());
            assertEquals(position, e.index(), e.getMessage());
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
            assertTrue(e.getMessage().contains("at position " + position), e.getMessage());
            assertEquals(Optional.empty(), Sid.tryParse(input));
        }
    }

    @Nested
    class BinaryForm {

        @Test
        void writesTheDocumentedLayout() {
            // revision, count, 6-byte big-endian authority, little-endian sub-authorities ([MS-DTYP] 2.4.2.2)
            assertEquals("01,02,00,00,00,00,00,05,20,00,00,00,20,02,00,00",
                    GoldenDescriptor.toHex(Sid.BUILTIN_ADMINISTRATORS.toBytes()));
            assertEquals("01,01,12,34,56,78,9a,bc,ff,ff,ff,ff",
                    GoldenDescriptor.toHex(Sid.parse("S-1-0x123456789ABC-4294967295").toBytes()));
            assertEquals("01,00,00,00,00,00,00,05", GoldenDescriptor.toHex(Sid.parse("S-1-5").toBytes()));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"S-1-5-18", "S-1-1-0", "S-1-5", "S-1-0x123456789ABC-1-2",
            "S-1-5-21-397955417-626881126-188441444-1001", "S-1-1-1-2-3-4-5-6-7-8-9-10-11-12-13-14-4294967295"})
        void roundTrips(String text) {
            Sid sid = Sid.parse(text);
            assertEquals(sid, Sid.fromBytes(sid.toBytes()));
            assertEquals(sid.byteSize(), sid.toBytes().length);
            byte[] padded = new byte[sid.byteSize() + 7];
            sid.writeTo(padded, 3);
            assertEquals(sid, Sid.fromBytes(padded, 3));
        }

        @Test
        void rejectsEveryTruncation() {
            byte[] full = Sid.parse("S-1-5-21-1-2-3-1001").toBytes();
            for (int length = 0; length < full.length; length++) {
                byte[] prefix = java.util.Arrays.copyOf(full, length);
                SecurityDescriptorFormatException e =
                        assertThrows(SecurityDescriptorFormatException.class, () -> Sid.fromBytes(prefix));
                assertEquals(SecurityDescriptorFormatException.Form.BINARY, e.form());
                assertTrue(e.getMessage().contains("bytes"), e.getMessage());
            }
        }

        @Test
        void rejectsBadRevisionCountAndTrailingBytes() {
            byte[] sid = Sid.LOCAL_SYSTEM.toBytes();
            sid[0] = 2;
            assertEquals(0, assertThrows(SecurityDescriptorFormatException.class, () -> Sid.fromBytes(sid)).index());

            byte[] many = new byte[8 + 4 * 16];
            many[0] = 1;
            many[1] = 16;
            SecurityDescriptorFormatException e =
                    assertThrows(SecurityDescriptorFormatException.class, () -> Sid.fromBytes(many));
            assertEquals(1, e.index());
            assertTrue(e.getMessage().contains("at most 15 sub-authorities"), e.getMessage());

            byte[] trailing = java.util.Arrays.copyOf(Sid.LOCAL_SYSTEM.toBytes(), 13);
            assertEquals(12, assertThrows(SecurityDescriptorFormatException.class,
                    () -> Sid.fromBytes(trailing)).index());
        }
    }

    @Nested
    class Aliases {

        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = '|', textBlock = """
                SY | S-1-5-18
                BA | S-1-5-32-544
                BU | S-1-5-32-545
                BG | S-1-5-32-546
                IU | S-1-5-4
                WD | S-1-1-0
                AU | S-1-5-11
                AN | S-1-5-7
                NS | S-1-5-20
                LS | S-1-5-19
                NU | S-1-5-2
                SU | S-1-5-6
                CO | S-1-3-0
                PS | S-1-5-10
                AC | S-1-15-2-1
                LW | S-1-16-4096
                LU | S-1-5-32-559
                """)
        void mapBothWays(String alias, String sid) {
            assertEquals(Sid.parse(sid), Sid.fromSddl(alias));
            assertEquals(Sid.parse(sid), Sid.fromSddl(alias.toLowerCase(java.util.Locale.ROOT)));
            assertEquals(Optional.of(alias), Sid.parse(sid).sddlAlias());
            assertEquals(alias, Sid.parse(sid).toSddl());
        }

        @Test
        void constantsMatchTheirDocumentedStrings() {
            assertEquals("S-1-1-0", Sid.EVERYONE.toString());
            assertEquals("S-1-5-18", Sid.LOCAL_SYSTEM.toString());
            assertEquals("S-1-5-19", Sid.LOCAL_SERVICE.toString());
            assertEquals("S-1-5-20", Sid.NETWORK_SERVICE.toString());
            assertEquals("S-1-5-32-544", Sid.BUILTIN_ADMINISTRATORS.toString());
            assertEquals("S-1-5-32-545", Sid.BUILTIN_USERS.toString());
            assertEquals("S-1-5-4", Sid.INTERACTIVE.toString());
            assertEquals("S-1-5-2", Sid.NETWORK.toString());
            assertEquals("S-1-5-11", Sid.AUTHENTICATED_USERS.toString());
            assertEquals("S-1-5-7", Sid.ANONYMOUS.toString());
            assertEquals("S-1-5-6", Sid.SERVICE.toString());
            assertEquals("S-1-3-0", Sid.CREATOR_OWNER.toString());
            assertEquals("S-1-5-10", Sid.PRINCIPAL_SELF.toString());
        }

        @Test
        void sidsWithoutAnAliasPrintAsStrings() {
            assertEquals(Optional.empty(), Sid.DISTRIBUTED_COM_USERS.sddlAlias());
            assertEquals("S-1-5-32-562", Sid.DISTRIBUTED_COM_USERS.toSddl());
            assertEquals("S-1-5-32-562", Sid.fromSddl("S-1-5-32-562").toString());
        }

        @Test
        void domainRelativeAliasesNeedADomain() {
            SecurityDescriptorFormatException e =
                    assertThrows(SecurityDescriptorFormatException.class, () -> Sid.fromSddl("DA"));
            assertTrue(e.getMessage().contains("relative to a domain"), e.getMessage());
            SecurityDescriptorFormatException unknown =
                    assertThrows(SecurityDescriptorFormatException.class, () -> Sid.fromSddl("QQ"));
            assertEquals(0, unknown.index());
            assertTrue(unknown.getMessage().contains("'QQ'"), unknown.getMessage());
        }

        @Test
        void wellKnownNamesDescribeSids() {
            assertEquals("NT AUTHORITY\\INTERACTIVE (S-1-5-4)", Sid.INTERACTIVE.describe());
            assertEquals(Optional.of("BUILTIN\\Administrators"), Sid.BUILTIN_ADMINISTRATORS.wellKnownName());
            assertEquals("S-1-5-21-1-2-3-1001", Sid.parse("S-1-5-21-1-2-3-1001").describe());
        }
    }

    @Nested
    class Construction {

        @Test
        void machineAccountsAreDeterministic() {
            assertEquals("S-1-5-21-3623811015-3361044348-30300820-1000", Sid.machineAccount(1000).toString());
            assertTrue(Sid.machineAccount(1001).startsWith(Sid.MACHINE_DOMAIN));
            assertFalse(Sid.LOCAL_SYSTEM.startsWith(Sid.MACHINE_DOMAIN));
        }

        @Test
        void rejectsOutOfRangeParts() {
            assertThrows(IllegalArgumentException.class, () -> Sid.of(-1));
            assertThrows(IllegalArgumentException.class, () -> Sid.of(1L << 48));
            assertThrows(IllegalArgumentException.class, () -> Sid.of(5, 1L << 32));
            assertThrows(IllegalArgumentException.class, () -> Sid.of(5, -1));
            assertThrows(IllegalArgumentException.class,
                    () -> Sid.parse("S-1-1-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15").append(16));
        }

        @Test
        void ordersByAuthorityThenUnsignedSubAuthorities() {
            assertTrue(Sid.parse("S-1-1-0").compareTo(Sid.parse("S-1-5-0")) < 0);
            assertTrue(Sid.parse("S-1-5-4294967295").compareTo(Sid.parse("S-1-5-1")) > 0);
            assertTrue(Sid.parse("S-1-5").compareTo(Sid.parse("S-1-5-0")) < 0);
            assertEquals(0, Sid.parse("S-1-5-18").compareTo(Sid.LOCAL_SYSTEM));
            assertEquals(Sid.LOCAL_SYSTEM.hashCode(), Sid.parse("S-1-5-18").hashCode());
        }

        @Test
        void binaryBytesAreIndependentCopies() {
            byte[] bytes = Sid.LOCAL_SYSTEM.toBytes();
            bytes[8] = 0;
            assertArrayEquals(new byte[] {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}, Sid.LOCAL_SYSTEM.toBytes());
        }
    }
}
