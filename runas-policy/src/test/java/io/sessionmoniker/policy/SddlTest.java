package io.sessionmoniker.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SddlTest {

    /** The domain of the examples on Microsoft's "Security Descriptor String Format" page. */
    static final Sid EXAMPLE_DOMAIN = Sid.parse("S-1-5-21-397955417-626881126-188441444");

    static Ace onlyAce(String aceString) {
        return SecurityDescriptor.parse("D:" + aceString).dacl().orElseThrow().get(0);
    }

    @Nested
    class MicrosoftExamples {

        // https://learn.microsoft.com/en-us/windows/win32/secauthz/ace-strings (the example ACE string)
        @Test
        void aceStringsPageExample() {
            Ace ace = onlyAce("(A;;RPWPCCDCLCSWRCWDWOGA;;;S-1-1-0)");
            assertEquals(AceType.ACCESS_ALLOWED, ace.type());
            assertEquals(0, ace.flags());
            assertEquals(0x100e003f, ace.mask());
            assertEquals(Sid.EVERYONE, ace.sid());
            assertEquals("(A;;CCDCLCSWRPWPRCWDWOGA;;;WD)", ace.toString());
        }

        // https://learn.microsoft.com/en-us/windows/win32/secauthz/security-descriptor-string-format ("String 1")
        @Test
        void securityDescriptorStringFormatExampleOne() {
            String sddl = "O:AOG:DAD:(A;;RPWPCCDCLCSWRCWDWOGA;;;S-1-0-0)";
            SecurityDescriptor sd = SecurityDescriptor.parse(sddl, EXAMPLE_DOMAIN);
            assertEquals(Optional.of(Sid.parse("S-1-5-32-548")), sd.owner());
            assertEquals(Optional.of(EXAMPLE_DOMAIN.append(512)), sd.group());
            assertEquals(SecurityDescriptor.SE_SELF_RELATIVE | SecurityDescriptor.SE_DACL_PRESENT, sd.control());
            assertEquals(0x1c, sd.dacl().orElseThrow().byteSize());
            assertEquals(0x100e003f, sd.dacl().orElseThrow().get(0).mask());
            assertEquals("O:AOG:DAD:(A;;CCDCLCSWRPWPRCWDWOGA;;;S-1-0-0)", sd.toSddl(EXAMPLE_DOMAIN));
            assertEquals(SecurityDescriptor.fromBytes(GoldenDescriptor.load("ms-sddl-example-1").bytes()), sd);

            SecurityDescriptorFormatException e =
                    assertThrows(SecurityDescriptorFormatException.class, () -> SecurityDescriptor.parse(sddl));
            assertEquals(6, e.index());
            assertTrue(e.getMessage().contains("'DA' (Domain Admins) is relative to a domain"), e.getMessage());
        }

        // https://learn.microsoft.com/en-us/windows/win32/secauthz/security-descriptor-string-format ("String 2",
        // laid out over several lines as on the page)
        @Test
        void securityDescriptorStringFormatExampleTwoStopsAtItsObjectAce() {
            String sddl = """
                    O:DAG:DAD:(A;;RPWPCCDCLCRCWOWDSDSW;;;SY)
                    (A;;RPWPCCDCLCRCWOWDSDSW;;;DA)
                    (OA;;CCDC;bf967aba-0de6-11d0-a285-00aa003049e2;;AO)
                    (OA;;CCDC;bf967a9c-0de6-11d0-a285-00aa003049e2;;AO)
                    (OA;;CCDC;6da8a4ff-0e52-11d0-a286-00aa003049e2;;AO)
                    (OA;;CCDC;bf967aa8-0de6-11d0-a285-00aa003049e2;;PO)
                    (A;;RPLCRC;;;AU)S:(AU;SAFA;WDWOSDWPCCDCSW;;;WD)""";
            SecurityDescriptorFormatException e = assertThrows(SecurityDescriptorFormatException.class,
                    () -> SecurityDescriptor.parse(sddl, EXAMPLE_DOMAIN));
            assertEquals(sddl.indexOf("bf967aba"), e.index());
            assertTrue(e.getMessage().contains("object ACEs are not supported"), e.getMessage());

            String withoutObjectAces = sddl.replaceAll("\\(OA;[^)]*\\)\\s*", "");
            SecurityDescriptor sd = SecurityDescriptor.parse(withoutObjectAces, EXAMPLE_DOMAIN);
            Acl dacl = sd.dacl().orElseThrow();
            // The page's dump: 0x000f003f, 0x000f003f, 0x00020014; SACL audit 0x000d002b with flags 0xc0.
            assertEquals(List.of(0x000f003f, 0x000f003f, 0x00020014), dacl.aces().stream().map(Ace::mask).toList());
            Ace audit = sd.sacl().orElseThrow().get(0);
            assertEquals(AceType.SYSTEM_AUDIT, audit.type());
            assertEquals(0xc0, audit.flags());
            assertEquals(0x000d002b, audit.mask());
            assertEquals(0x8014, sd.control());
            assertEquals(SecurityDescriptor.fromBytes(GoldenDescriptor.load("ms-sddl-example-2").bytes()), sd);
            assertEquals("O:DAG:DAD:(A;;KA;;;SY)(A;;KA;;;DA)(A;;LCRPRC;;;AU)S:(AU;SAFA;CCDCSWWPSDWDWO;;;WD)",
                    sd.toSddl(EXAMPLE_DOMAIN));
        }

        // https://learn.microsoft.com/en-us/windows/win32/secauthz/ace-strings: an OA ACE without GUIDs becomes A.
        @Test
        void objectAllowedWithoutGuidsBecomesAllowed() {
            assertEquals(Ace.allow(Sid.EVERYONE, 0x1), onlyAce("(OA;;CC;;;WD)"));
        }

        // https://learn.microsoft.com/en-us/windows/win32/com/access-control-lists-for-com (the incorrect ACL)
        @Test
        void accessControlListsForComExample() {
            String owner = "S-1-5-21-1597522630-148096252-1166023319-500";
            SecurityDescriptor sd = SecurityDescriptor.parse("O:" + owner + "G:" + owner + "D:(A;;0x1;;;" + owner
                    + ")(A;;0xb;;;SY)(A;;0x9;;;AU)");
            assertEquals(SecurityDescriptor.fromBytes(GoldenDescriptor.load("com-mixed-format").bytes()), sd);
        }
    }

    @Nested
    class Rights {

        @ParameterizedTest(name = "0x{0} formats as {1}")
        @CsvSource(delimiter = '|', textBlock = """
                1F       | CCDCLCSWRP
                7        | CCDCLC
                3        | CCDC
                B        | CCDCSW
                1        | CC
                1F01FF   | FA
                120089   | FR
                120116   | FW
                1200A0   | FX
                F003F    | KA
                20019    | KR
                20006    | KW
                1200A9   | 0x1200a9
                10000000 | GA
                A0000000 | GXGR
                F01FF    | CCDCLCSWRPWPDTLOCRSDRCWDWO
                100000   | 0x100000
                FFFFFFFF | 0xffffffff
                E00F0000 | SDRCWDWOGXGWGR
                0        | ''
                """)
        void formatRights(String hex, String sddl) {
            int mask = Integer.parseUnsignedInt(hex, 16);
            Ace ace = Ace.allow(Sid.EVERYONE, mask);
            assertEquals("(A;;" + sddl + ";;;WD)", ace.toString());
            assertEquals(ace, onlyAce(ace.toString()));
        }

        @ParameterizedTest(name = "{0} parses as 0x1F")
        @ValueSource(strings = {"CCDCLCSWRP", "ccdclcswrp", "RPSWLCDCCC", "0x1F", "0X1f", "0x0000001F", "31", "037",
            "CCDC0x1C", "0x3LCSWRP", "CCDCLCSW16"})
        void parseRightsInEveryForm(String rights) {
            assertEquals(0x1F, onlyAce("(A;;" + rights + ";;;WD)").mask());
        }

        // Numbers as Windows' converter reads them: decimal, octal after a leading 0, 0x hexadecimal, and codes
        // mixed with a mask (rows from Windows' own output, as recorded in samba-team/samba
        // libcli/security/tests/windows/non_canonical.txt, with LG replaced by WD).
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                123456789     | 0x75bcd15
                01234567      | 0x53977
                16            | RP
                17            | CCRP
                0             | ''
                00            | ''
                0xff          | CCDCLCSWRPWPDTLO
                0xe00f0000    | SDRCWDWOGXGWGR
                GR0xFFFFFFFF  | 0xffffffff
                0x1GR         | CCGR
                RP1           | CCRP
                """)
        void numbersAndMixedRightsAsWindowsReadsThem(String rights, String canonical) {
            assertEquals("(A;;" + canonical + ";;;WD)", onlyAce("(A;;" + rights + ";;;WD)").toString());
        }

        @Test
        void keyExecuteEqualsKeyReadAndEmptyRightsAreZero() {
            assertEquals("(A;;KR;;;WD)", onlyAce("(A;;KX;;;WD)").toString());
            assertEquals(0, onlyAce("(A;;;;;WD)").mask());
        }

        @Test
        void mandatoryLabelsUseTheirOwnCodes() {
            SecurityDescriptor sd = SecurityDescriptor.parse("S:(ML;;NWNRNX;;;HI)");
            assertEquals(7, sd.sacl().orElseThrow().get(0).mask());
            assertEquals("S:(ML;;NWNRNX;;;HI)", sd.toSddl());
        }
    }

    @Nested
    class Syntax {

        @ParameterizedTest(name = "\"{0}\" -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                ''                                          | ''
                O:BA                                        | O:BA
                G:SY                                        | G:SY
                D:                                          | D:
                S:                                          | S:
                D:NO_ACCESS_CONTROL                         | D:NO_ACCESS_CONTROL
                D:PNO_ACCESS_CONTROL                        | D:PNO_ACCESS_CONTROL
                S:NO_ACCESS_CONTROL                         | S:NO_ACCESS_CONTROL
                D:PARAI                                     | D:PARAI
                D:AIP                                       | D:PAI
                D:(A;OICI;FA;;;SY)                          | D:(A;OICI;FA;;;SY)
                D:(A;CIOI;FA;;;SY)                          | D:(A;OICI;FA;;;SY)
                D:(A;IOCIOIIDNP;GA;;;CO)                    | D:(A;OICINPIOID;GA;;;CO)
                D:(A;0x20;CC;;;WD)                          | D:(A;0x20;CC;;;WD)
                S:PAI(AU;SAFA;FA;;;WD)                      | S:PAI(AU;SAFA;FA;;;WD)
                O:S-1-5-32-544G:S-1-5-18D:(A;;CC;;;S-1-1-0) | O:BAG:SYD:(A;;CC;;;WD)
                o:bag:bad:pai(a;oici;fa;;;sy)s:(ml;;nx;;;lw) | O:BAG:BAD:PAI(A;OICI;FA;;;SY)S:(ML;;NX;;;LW)
                'O:BA G:BA D: (A;;CC;;;WD)\t(D;;CC;;;NU) S:'  | O:BAG:BAD:(A;;CC;;;WD)(D;;CC;;;NU)S:
                """)
        void parsesToCanonicalForm(String input, String canonical) {
            assertCanonical(input, canonical);
        }

        // What ConvertStringSecurityDescriptorToSecurityDescriptor accepts and what it prints back: rows from
        // Windows' own results as recorded in samba-team/samba libcli/security/tests/windows/
        // (windows_is_less_fussy.txt, non_canonical.txt; LG, which needs a domain, replaced by WD), and the
        // issue's examples. Blanks are shown as they are typed; \t stands for a tab.
        @ParameterizedTest(name = "\"{0}\" -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                'D:(A;;GA;;; WD)'                           | D:(A;;GA;;;WD)
                'D:(A;;GA;;;WD )'                           | D:(A;;GA;;;WD)
                'D:( D;;GA;;;WD)'                           | D:(D;;GA;;;WD)
                'D:(  A ; OICI ; GA ; ; ; SY )'             | D:(A;OICI;GA;;;SY)
                'D:(A; ;GA;;;WD)'                           | D:(A;;GA;;;WD)
                'D: (A;;GA;;;WD)'                           | D:(A;;GA;;;WD)
                'D: AI(A;;GA;;;WD)'                         | D:AI(A;;GA;;;WD)
                'D: P(A;;GA;;;WD)'                          | D:P(A;;GA;;;WD)
                'D:P (A;;GA;;;WD)'                          | D:P(A;;GA;;;WD)
                'D:AI (A;;GA;;;WD)'                         | D:AI(A;;GA;;;WD)
                'D:P AR\tAI(A;;GA;;;WD)'                    | D:PARAI(A;;GA;;;WD)
                'D:P(A;;GA;;;WD) (A;;GX;;;AA)'              | D:P(A;;GA;;;WD)(A;;GX;;;AA)
                'D:(A;;GA;;; S-1-3-4)'                      | D:(A;;GA;;;OW)
                'D:(A;;GA;; ;S-1-3-4)'                      | D:(A;;GA;;;OW)
                'D:(A;;GA; ;;S-1-3-4)'                      | D:(A;;GA;;;OW)
                'D:(A;;GA;;; S-1-333-4)'                    | D:(A;;GA;;;S-1-333-4)
                'D: S:'                                     | D:S:
                ' O:AA'                                     | O:AA
                '  O:AA G:WD  '                             | O:AAG:WD
                'O: BA'                                     | O:BA
                'O:S- 1- 2-3'                               | O:S-1-2-3
                'D:(A;;CC;;;S-1-5- 32- 544)'                | D:(A;;CC;;;BA)
                D:ARPAI(A;;GA;;;SY)                         | D:PARAI(A;;GA;;;SY)
                D:PPPPPPPPPPPP(A;;GA;;;SY)                  | D:P(A;;GA;;;SY)
                S:(AU;SA;CRWP;;;WD)                         | S:(AU;SA;WPCR;;;WD)
                D:(A;;;;;BO)(A;;;;;AO)(A;;;;;SY)            | D:(A;;;;;BO)(A;;;;;AO)(A;;;;;SY)
                D:(A;;0x0;;;BO)                             | D:(A;;;;;BO)
                D:(A;;CC;;;S-1-21474836480-32-579)          | D:(A;;CC;;;S-1-0x500000000-32-579)
                D:(A;;CC;;;S-1-0x500000000-32-579)          | D:(A;;CC;;;S-1-0x500000000-32-579)
                D:(A;;GA;;;S-1-5000000000-30-40)            | D:(A;;GA;;;S-1-0x12A05F200-30-40)
                D:(A;;GA;;;S-1-0x2-3-4)                     | D:(A;;GA;;;S-1-2-3-4)
                D:(A;;GA;;;S-1-0x20-3-4)                    | D:(A;;GA;;;S-1-32-3-4)
                D:(A;;GA;;;S-1-3-0x00000002-3-4)            | D:(A;;GA;;;S-1-3-2-3-4)
                D:(A;;GA;;;S-1-3-0xffffffff-3-4)            | D:(A;;GA;;;S-1-3-4294967295-3-4)
                D:(A;;GA;;;S-1-5-21-0x1-0x2-0x3-513)        | D:(A;;GA;;;S-1-5-21-1-2-3-513)
                O:S-1-2-0x200D:                             | O:S-1-2-512D:
                O:S-1-2-0x2D:(A;;GA;;;WD)                   | O:S-1-2-2D:(A;;GA;;;WD)
                O:ASG:RMD:(A;;CC;;;S-1-18-1)(A;;CC;;;S-1-5-32-580) | O:ASG:RMD:(A;;CC;;;AS)(A;;CC;;;RM)
                """)
        void acceptsWhatWindowsAccepts(String input, String canonical) {
            assertCanonical(input, canonical);
        }

        private void assertCanonical(String input, String canonical) {
            SecurityDescriptor sd = SecurityDescriptor.parse(input.replace("\\t", "\t"));
            assertEquals(canonical, sd.toSddl());
            assertEquals(sd, SecurityDescriptor.parse(sd.toSddl()));
            assertEquals(sd, SecurityDescriptor.fromBytes(sd.toBytes()));
        }

        @Test
        void caseFoldingIgnoresTheDefaultLocale() {
            // "i" upper-cases to a dotted capital I in Turkish; OI, CI, IO, ID and IU must still match.
            SecurityDescriptor sd = SecurityDescriptor.parse("d:(a;oiciioid;ga;;;iu)");
            assertEquals("D:(A;OICIIOID;GA;;;IU)", sd.toSddl());
        }

        @Test
        void emptyStringIsAnEmptyDescriptor() {
            SecurityDescriptor sd = SecurityDescriptor.parse("");
            assertFalse(sd.owner().isPresent() || sd.group().isPresent() || sd.isDaclPresent() || sd.isSaclPresent());
            assertEquals(SecurityDescriptor.SE_SELF_RELATIVE, sd.control());
            assertEquals(20, sd.toBytes().length);
        }
    }

    @Nested
    class Errors {

        @ParameterizedTest(name = "\"{0}\" fails at {1}: {2}")
        @CsvSource(delimiter = '|', textBlock = """
                X:BA                                    | 0  | expected O:, G:, D:, S: or the end of the string
                O:                                      | 2  | expected the owner as a two-letter alias
                O:B                                     | 2  | expected the owner as a two-letter alias
                O:ZZ                                    | 2  | expected a SID alias such as SY, BA or IU
                O:DA                                    | 2  | is relative to a domain
                O:S-1-5-                                | 8  | expected a SID sub-authority
                G:BAO:BA                                | 4  | O: comes late
                O:BAO:BA                                | 4  | O: comes late
                D:(X;;CC;;;WD)                          | 3  | expected ACE type A or D in a DACL but was 'X'
                D:(OD;;CC;;;WD)                         | 3  | (ACCESS_DENIED_OBJECT), which is not supported
                D:(XA;;CC;;;WD;(x))                     | 3  | (ACCESS_ALLOWED_CALLBACK), which is not supported
                D:(AU;;CC;;;WD)                         | 3  | which belongs in a SACL (S:)
                S:(A;;CC;;;WD)                          | 3  | which belongs in a DACL (D:)
                D:(;;CC;;;WD)                           | 3  | but was an empty field
                D:(A;QQ;CC;;;WD)                        | 5  | expected an ACE flag OI, CI, NP, IO, ID, SA or FA
                D:(A;;QQ;;;WD)                          | 6  | expected an access right such as CC
                D:(A;;CCD;;;WD)                         | 8  | expected an access right such as CC
                D:(A;;0xZZ;;;WD)                        | 8  | expected hexadecimal digits in the access mask
                D:(A;;0x100000000;;;WD)                 | 6  | of at most 0xFFFFFFFF
                D:(A;;08;;;WD)                          | 7  | expected an octal digit
                D:(A;;0x123456789;;;WD)                 | 6  | of at most 0xFFFFFFFF
                D:(A;;4294967296;;;WD)                  | 6  | of at most 0xFFFFFFFF
                D:(A;;-99;;;WD)                         | 6  | expected an access right such as CC
                'D:(A;;RP LC;;;WD)'                     | 8  | expected no blank inside the access rights field
                'D:(A;;0x 1F;;;WD)'                     | 8  | expected no blank inside the access rights field
                'D:(A;O I;CC;;;WD)'                     | 6  | expected no blank inside the ACE flags field
                'D:(A;;CC; bf967aba-0de6-11d0-a285-00aa003049e2;;WD)' | 10 | expected an empty object GUID field
                'D :S:'                                 | 0  | expected O:, G:, D:, S: or the end of the string
                'O:S -1-5'                              | 2  | expected the owner as a two-letter alias
                D:(A;;GA;;;S-1-0x1313131313131-513)     | 15 | of at most 0xFFFFFFFFFFFF
                D:(A;;CC;bf967aba-0de6-11d0-a285-00aa003049e2;;WD) | 9 | expected an empty object GUID field
                D:(A;;CC;;x;WD)                         | 10 | expected an empty inherited object GUID field
                D:(A;;CC;;;WD                           | 13 | expected ')' after the account SID
                D:(A;;CC;;;WD;(x))                      | 13 | conditional and resource-attribute ACEs are not supported
                D:(A;;CC)                               | 8  | expected ';' after the access rights field but was ')'
                D:(A;;CC;;;)                            | 11 | expected the account SID as a two-letter alias
                D:(A                                    | 4  | expected ';' after the ACE type field but the input ended
                D:(A;;CC;;;S-1-5-32-544-)               | 24 | expected a SID sub-authority
                D:NO_ACCESS_CONTROL(A;;CC;;;WD)         | 19 | expected no ACEs after NO_ACCESS_CONTROL
                D:XY                                    | 2  | expected DACL flags P, AR, AI or NO_ACCESS_CONTROL
                S:XY                                    | 2  | expected SACL flags P, AR, AI or NO_ACCESS_CONTROL
                D:(A;;CC;;;WD)junk                      | 14 | expected O:, G:, D:, S: or the end of the string
                """)
        void namePositionAndExpectation(String input, int position, String fragment) {
            SecurityDescriptorFormatException e =
                    assertThrows(SecurityDescriptorFormatException.class, () -> SecurityDescriptor.parse(input));
            assertEquals(SecurityDescriptorFormatException.Form.TEXT, e.form());
            assertEquals(position, e.index(), e.getMessage());
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
            assertTrue(e.getMessage().contains("at position " + position + " in \""), e.getMessage());
            assertEquals(Optional.empty(), SecurityDescriptor.tryParse(input));
        }

        @Test
        void messageSaysWhatWasExpectedAndWhere() {
            SecurityDescriptorFormatException e = assertThrows(SecurityDescriptorFormatException.class,
                    () -> SecurityDescriptor.parse("O:BAG:BAD:(X;;0x1;;;WD)"));
            assertEquals("expected ACE type A or D in a DACL but was 'X' at position 11 in \"O:BAG:BAD:(X;;0x1;;;WD)\"",
                    e.getMessage());
            assertEquals("expected ACE type A or D in a DACL but was 'X'", e.reason());
        }

        @Test
        void anAclLargerThanItsSixteenBitSizeIsRejected() {
            String ace = "(A;;CC;;;S-1-5-21-1-2-3-4-5-6-7-8-9-10-11-12-13-14)";
            String sddl = "D:" + ace.repeat(1200);
            SecurityDescriptorFormatException e =
                    assertThrows(SecurityDescriptorFormatException.class, () -> SecurityDescriptor.parse(sddl));
            assertEquals(2 + ace.length() * 862, e.index(), e.reason()); // 8 + 863 * 76 > 65535
            assertTrue(e.getMessage().contains("65535 bytes"), e.getMessage());
        }

        @Test
        void controlCharactersAreEscapedInMessages() {
            SecurityDescriptorFormatException e = assertThrows(SecurityDescriptorFormatException.class,
                    () -> SecurityDescriptor.parse("O:BA\u0000"));
            assertTrue(e.getMessage().contains("O:BA\\u0000"), e.getMessage());
        }
    }
}
