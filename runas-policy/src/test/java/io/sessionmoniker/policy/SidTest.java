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
                S-1-0x500000000-32-579                        | S-1-0x500000000-32-579
                S-1-0x00000500000000-32-579                   | S-1-0x500000000-32-579
                S-1-21474836480-32-579                        | S-1-0x500000000-32-579
                S-1-5000000000-30-40                          | S-1-0x12A05F200-30-40
                S-1-281474976710655-1                         | S-1-0xFFFFFFFFFFFF-1
                S-1-4294967296-1                              | S-1-0x100000000-1
                S-1-0x2-3-4                                   | S-1-2-3-4
                S-1-0x20-3-4                                  | S-1-32-3-4
                S-1-3-0x00000002-3-4                          | S-1-3-2-3-4
                S-1-3-0xffffffff-3-4                          | S-1-3-4294967295-3-4
                S-1-5-21-0x1-0x2-0x3-513                      | S-1-5-21-1-2-3-513
                S-1-5-040-579                                 | S-1-5-40-579
                S-1-05-1                                      | S-1-5-1
                S- 1- 2-3                                     | S-1-2-3
                S-1-5- 32-	544                               | S-1-5-32-544
                BA                                            | S-1-5-32-544
                sy                                            | S-1-5-18
                AS                                            | S-1-18-1
                RM                                            | S-1-5-32-580
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
                S-1-                                        | 4  | expected a SID authority
                S-1--5                                      | 4  | expected a SID authority
                S-1-5-                                      | 6  | expected a SID sub-authority
                S-1-5-4294967296                            | 6  | of at most 4294967295
                S-1-5-0x100000000                           | 6  | of at most 0xFFFFFFFF
                S-1-5-99999999999999999999999               | 6  | of at most 4294967295
                S-1-281474976710656-1                       | 4  | of at most 281474976710655
                S-1-0x1313131313131-513                     | 4  | of at most 0xFFFFFFFFFFFF
                S-1-0x-1                                    | 6  | expected hexadecimal digits in the SID authority
                S-1-5-0x                                    | 8  | expected hexadecimal digits in the SID sub-authority
                S-1-5-18-                                   | 9  | expected a SID sub-authority
                'S-1-5- '                                   | 7  | expected a SID sub-authority
                DA                                          | 0  | is relative to a domain
                XX                                          | 0  | expected a SID alias
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
                WD | S-1-1-0
                CO | S-1-3-0
                CG | S-1-3-1
                OW | S-1-3-4
                NU | S-1-5-2
                IU | S-1-5-4
                SU | S-1-5-6
                AN | S-1-5-7
                ED | S-1-5-9
                PS | S-1-5-10
                AU | S-1-5-11
                RC | S-1-5-12
                SY | S-1-5-18
                LS | S-1-5-19
                NS | S-1-5-20
                WR | S-1-5-33
                UD | S-1-5-84-0-0-0-0-0
                BA | S-1-5-32-544
                BU | S-1-5-32-545
                BG | S-1-5-32-546
                PU | S-1-5-32-547
                AO | S-1-5-32-548
                SO | S-1-5-32-549
                PO | S-1-5-32-550
                BO | S-1-5-32-551
                RE | S-1-5-32-552
                RU | S-1-5-32-554
                RD | S-1-5-32-555
                NO | S-1-5-32-556
                MU | S-1-5-32-558
                LU | S-1-5-32-559
                IS | S-1-5-32-568
                CY | S-1-5-32-569
                ER | S-1-5-32-573
                CD | S-1-5-32-574
                RA | S-1-5-32-575
                ES | S-1-5-32-576
                MS | S-1-5-32-577
                HA | S-1-5-32-578
                AA | S-1-5-32-579
                RM | S-1-5-32-580
                AC | S-1-15-2-1
                LW | S-1-16-4096
                ME | S-1-16-8192
                MP | S-1-16-8448
                HI | S-1-16-12288
                SI | S-1-16-16384
                AS | S-1-18-1
                SS | S-1-18-2
                """)
        void mapBothWays(String alias, String sid) {
            // every machine-independent alias of "SID Strings", [MS-DTYP] 2.5.1.1 and sddl.h (AS, RM)
            assertEquals(Sid.parse(sid), Sid.fromSddl(alias));
            assertEquals(Sid.parse(sid), Sid.parse(alias)); // ConvertStringSidToSid accepts aliases too
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
