package io.sessionmoniker.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SecurityDescriptorBinaryTest {

    static Stream<GoldenDescriptor> golden() {
        return GoldenDescriptor.all().stream();
    }

    /** The Windows default launch permission: header(20), DACL at 0x14 (72 bytes), owner at 0x5C, group at 0x6C. */
    static byte[] defaultLaunch() {
        return GoldenDescriptor.load("default-launch-permission").bytes();
    }

    static void put16(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
    }

    static void put32(byte[] b, int at, long value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    static SecurityDescriptorFormatException rejects(byte[] blob) {
        SecurityDescriptorFormatException e =
                assertThrows(SecurityDescriptorFormatException.class, () -> SecurityDescriptor.fromBytes(blob));
        assertEquals(SecurityDescriptorFormatException.Form.BINARY, e.form());
        assertTrue(e.getMessage().contains("at offset " + e.index()), e.getMessage());
        assertEquals(Optional.empty(), SecurityDescriptor.tryFromBytes(blob));
        assertEquals(0x8007053A, e.hresult());
        return e;
    }

    @Nested
    class Golden {

        @ParameterizedTest(name = "{0}: binary reads as its SDDL")
        @MethodSource("io.sessionmoniker.policy.SecurityDescriptorBinaryTest#golden")
        void binaryReadsAsItsSddl(GoldenDescriptor golden) {
            assertEquals(golden.sddl(), SecurityDescriptor.fromBytes(golden.bytes()).toSddl());
        }

        @ParameterizedTest(name = "{0}: SDDL writes as its binary")
        @MethodSource("io.sessionmoniker.policy.SecurityDescriptorBinaryTest#golden")
        void sddlWritesAsItsBinary(GoldenDescriptor golden) {
            assertEquals(GoldenDescriptor.toHex(golden.bytes()),
                    GoldenDescriptor.toHex(SecurityDescriptor.parse(golden.sddl()).toBytes()));
        }

        @ParameterizedTest(name = "{0}: round trips both ways")
        @MethodSource("io.sessionmoniker.policy.SecurityDescriptorBinaryTest#golden")
        void roundTripsBothWays(GoldenDescriptor golden) {
            SecurityDescriptor fromBinary = SecurityDescriptor.fromBytes(golden.bytes());
            SecurityDescriptor fromSddl = SecurityDescriptor.parse(golden.sddl());
            assertEquals(fromSddl, fromBinary);
            assertEquals(fromBinary, SecurityDescriptor.fromBytes(fromBinary.toBytes()));
            assertEquals(fromBinary, SecurityDescriptor.parse(fromBinary.toSddl()));
            assertArrayEquals(golden.bytes(), fromBinary.toBytes());
            assertEquals(golden.bytes().length, fromBinary.byteSize());
            assertEquals(fromBinary.hashCode(), fromSddl.hashCode());
        }

        @Test
        void defaultLaunchPermissionHasTheExpectedParts() {
            SecurityDescriptor sd = SecurityDescriptor.fromBytes(defaultLaunch());
            assertEquals(0x8004, sd.control());
            assertEquals(Optional.of(Sid.BUILTIN_ADMINISTRATORS), sd.owner());
            assertEquals(Optional.of(Sid.BUILTIN_ADMINISTRATORS), sd.group());
            Acl dacl = sd.dacl().orElseThrow();
            assertEquals(2, dacl.revision());
            assertEquals(List.of(Ace.allow(Sid.BUILTIN_ADMINISTRATORS, 0x1F), Ace.allow(Sid.INTERACTIVE, 0x1F),
                    Ace.allow(Sid.LOCAL_SYSTEM, 0x1F)), dacl.aces());
            assertFalse(sd.isSaclPresent());
        }

        @Test
        void daclStatesAreDistinct() {
            SecurityDescriptor none = SecurityDescriptor.fromBytes(GoldenDescriptor.load("no-dacl").bytes());
            SecurityDescriptor nul = SecurityDescriptor.fromBytes(GoldenDescriptor.load("null-dacl").bytes());
            SecurityDescriptor empty = SecurityDescriptor.fromBytes(GoldenDescriptor.load("empty-dacl").bytes());
            assertFalse(none.isDaclPresent());
            assertTrue(nul.isDaclPresent() && nul.hasNullDacl() && nul.dacl().isEmpty());
            assertTrue(empty.isDaclPresent() && !empty.hasNullDacl() && empty.dacl().orElseThrow().isEmpty());
            assertFalse(none.equals(nul) || nul.equals(empty) || none.equals(empty));
        }

        @Test
        void inheritanceFlagsAreKeptAndReported() {
            SecurityDescriptor sd = SecurityDescriptor.fromBytes(GoldenDescriptor.load("inheritance-flags").bytes());
            Acl dacl = sd.dacl().orElseThrow();
            assertEquals(Ace.OBJECT_INHERIT | Ace.CONTAINER_INHERIT, dacl.get(0).flags());
            assertEquals(0x1B, dacl.get(1).flags());
            assertTrue(dacl.get(1).isInheritOnly() && dacl.get(1).isInherited());
            assertEquals(Ace.NO_PROPAGATE_INHERIT, dacl.get(3).flags());
            assertTrue(sd.hasControl(SecurityDescriptor.SE_DACL_PROTECTED | SecurityDescriptor.SE_DACL_AUTO_INHERITED));
        }
    }

    @Nested
    class Layout {

        @Test
        void writesHeaderThenSaclDaclOwnerGroup() {
            SecurityDescriptor sd = SecurityDescriptor.parse("O:BAG:SYD:(A;;CCDCLCSWRP;;;IU)S:(ML;;NX;;;LW)");
            byte[] b = sd.toBytes();
            int sacl = 20;
            int dacl = sacl + 8 + 20;
            int owner = dacl + 8 + 20;
            int group = owner + 16;
            assertEquals(List.of(owner, group, sacl, dacl),
                    List.of(le32(b, 4), le32(b, 8), le32(b, 12), le32(b, 16)));
            assertEquals(group + 12, b.length);
            assertEquals(0x8014, le16(b, 2));
        }

        @Test
        void acceptsTrailingBytesPaddingAndSlack() {
            byte[] padded = Arrays.copyOf(defaultLaunch(), defaultLaunch().length + 12);
            assertEquals(SecurityDescriptor.fromBytes(defaultLaunch()), SecurityDescriptor.fromBytes(padded));

            // A 28-byte ACE holding a 12-byte SID (8 bytes of padding) in an ACL with 16 bytes of slack.
            byte[] b = GoldenDescriptor.hex("01,00,04,80,00,00,00,00,00,00,00,00,00,00,00,00,14,00,00,00,"
                    + "02,00,34,00,01,00,00,00,"
                    + "00,00,1c,00,1f,00,00,00,01,01,00,00,00,00,00,05,04,00,00,00,ee,ee,ee,ee,ee,ee,ee,ee,"
                    + "00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00");
            SecurityDescriptor sd = SecurityDescriptor.fromBytes(b);
            assertEquals("D:(A;;CCDCLCSWRP;;;IU)", sd.toSddl());
            assertEquals(48, sd.toBytes().length);
            assertEquals(sd, SecurityDescriptor.fromBytes(sd.toBytes()));
        }

        @Test
        void ignoresTheDaclOffsetWhenTheDaclIsNotPresent() {
            byte[] b = defaultLaunch();
            put16(b, 2, 0x8000);
            SecurityDescriptor sd = SecurityDescriptor.fromBytes(b);
            assertEquals("O:BAG:BA", sd.toSddl());
            assertFalse(sd.isDaclPresent());
        }

        @Test
        void keepsControlBitsSddlCannotExpress() {
            byte[] b = defaultLaunch();
            put16(b, 2, 0x8004 | SecurityDescriptor.SE_DACL_DEFAULTED | SecurityDescriptor.SE_OWNER_DEFAULTED);
            SecurityDescriptor sd = SecurityDescriptor.fromBytes(b);
            assertEquals(0x800D, sd.control());
            assertArrayEquals(b, sd.toBytes());
            assertEquals("O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)", sd.toSddl());
        }

        @Test
        void keepsAclRevisionFour() {
            byte[] b = defaultLaunch();
            b[20] = 4;
            SecurityDescriptor sd = SecurityDescriptor.fromBytes(b);
            assertEquals(4, sd.dacl().orElseThrow().revision());
            assertArrayEquals(b, sd.toBytes());
        }

        private int le16(byte[] b, int at) {
            return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        }

        private int le32(byte[] b, int at) {
            return le16(b, at) | le16(b, at + 2) << 16;
        }
    }

    @Nested
    class Malformed {

        @ParameterizedTest(name = "{0}: every prefix is rejected")
        @MethodSource("io.sessionmoniker.policy.SecurityDescriptorBinaryTest#golden")
        void everyTruncationIsRejected(GoldenDescriptor golden) {
            byte[] full = golden.bytes();
            for (int length = 0; length < full.length; length++) {
                SecurityDescriptorFormatException e = rejects(Arrays.copyOf(full, length));
                assertTrue(e.index() >= 0 && e.index() <= length, length + ": " + e.getMessage());
            }
        }

        @Test
        void truncatedHeaderNamesWhatWasExpected() {
            SecurityDescriptorFormatException e = rejects(Arrays.copyOf(defaultLaunch(), 12));
            assertEquals(0, e.index());
            assertEquals("expected 20 bytes for the SECURITY_DESCRIPTOR header but only 12 remain before the end of"
                    + " the 12-byte buffer at offset 0 (0x0)", e.getMessage());
        }

        @Test
        void badRevision() {
            byte[] b = defaultLaunch();
            b[0] = 2;
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(0, e.index());
            assertTrue(e.getMessage().startsWith("expected security descriptor revision 1 but was 2"), e.getMessage());
        }

        @Test
        void missingSelfRelative() {
            byte[] b = defaultLaunch();
            put16(b, 2, 0x0004);
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(2, e.index());
            assertTrue(e.getMessage().contains("SE_SELF_RELATIVE (0x8000)") && e.getMessage().contains("0x0004"),
                    e.getMessage());
        }

        @Test
        void ownerOffsetPastTheEnd() {
            byte[] b = defaultLaunch();
            put32(b, 4, b.length);
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(4, e.index());
            assertTrue(e.getMessage().contains("owner offset to lie inside the 124-byte buffer but was 124"),
                    e.getMessage());
        }

        @Test
        void groupOffsetIntoTheHeader() {
            byte[] b = defaultLaunch();
            put32(b, 8, 3);
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(8, e.index());
            assertTrue(e.getMessage().contains("group offset to point past the 20-byte header"), e.getMessage());
        }

        @Test
        void daclOffsetHuge() {
            byte[] b = defaultLaunch();
            put32(b, 16, 0xFFFFFFFFL);
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(16, e.index());
            assertTrue(e.getMessage().contains("was 4294967295"), e.getMessage());
        }

        @Test
        void ownerSidRunsPastTheEnd() {
            byte[] b = Arrays.copyOf(defaultLaunch(), 0x6C + 12);
            put32(b, 4, 0x6C); // the group SID, cut to 12 of its 16 bytes
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(0x6C, e.index());
            assertTrue(e.getMessage().contains("the owner SID with 2 sub-authorities"), e.getMessage());
        }

        @Test
        void aclSizePastTheEnd() {
            byte[] b = defaultLaunch();
            put16(b, 22, 0x200);
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(22, e.index());
            assertTrue(e.getMessage().contains("DACL's 512 bytes (AclSize) to fit in the buffer"), e.getMessage());
        }

        @Test
        void aclSizeSmallerThanItsHeader() {
            byte[] b = defaultLaunch();
            put16(b, 22, 4);
            assertEquals(22, rejects(b).index());
        }

        @Test
        void aclRevisionOtherThanTwoOrFour() {
            byte[] b = defaultLaunch();
            b[20] = 3;
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(20, e.index());
            assertTrue(e.getMessage().startsWith("expected DACL revision 2 or 4 but was 3"), e.getMessage());
        }

        @Test
        void aceCountLargerThanTheAcl() {
            byte[] b = defaultLaunch();
            put16(b, 24, 4); // the DACL ends at 0x5C after three ACEs
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(0x5C, e.index());
            assertTrue(e.getMessage().contains("the header of DACL ACE #3"), e.getMessage());
        }

        @Test
        void aceSizePastTheAclEnd() {
            byte[] b = defaultLaunch();
            put16(b, 0x1C + 2, 0x48); // ACE #0 at 0x1C claims 72 bytes; the DACL ends at 0x5C
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(0x1E, e.index());
            assertTrue(e.getMessage().contains("72 bytes of DACL ACE #0 to end within the DACL at offset 92"),
                    e.getMessage());
        }

        @Test
        void aceSizeSmallerThanItsHeader() {
            byte[] b = defaultLaunch();
            put16(b, 0x1C + 2, 8);
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(0x1E, e.index());
            assertTrue(e.getMessage().contains("at least 16 bytes"), e.getMessage());
        }

        @Test
        void aceSizeNotAMultipleOfFour() {
            byte[] b = defaultLaunch();
            put16(b, 0x1C + 2, 0x17);
            assertTrue(rejects(b).getMessage().contains("multiple of 4"));
        }

        @Test
        void aceSizeTooSmallForItsSid() {
            byte[] b = defaultLaunch();
            put16(b, 0x1C + 2, 0x14); // BA's SID needs 16 bytes; the ACE leaves 12
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(0x24, e.index());
            assertTrue(e.getMessage().contains("the SID of DACL ACE #0"), e.getMessage());
        }

        @Test
        void unknownAceTypeNamesTheOffsetAndTheType() {
            byte[] b = defaultLaunch();
            b[0x34] = 0x05; // ACE #1
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(0x34, e.index());
            assertEquals("expected ACCESS_ALLOWED (0) or ACCESS_DENIED (1) as the type of DACL ACE #1 but was 0x05"
                    + " (ACCESS_ALLOWED_OBJECT), which is not supported at offset 52 (0x34)", e.getMessage());
            b[0x34] = (byte) 0xFE;
            assertTrue(rejects(b).getMessage().contains("0xFE (unknown)"));
        }

        @Test
        void auditAceInADacl() {
            byte[] b = defaultLaunch();
            b[0x1C] = 0x02;
            assertTrue(rejects(b).getMessage().contains("belongs in the other ACL"));
        }

        @Test
        void badSidInsideAnAce() {
            byte[] b = defaultLaunch();
            b[0x1C + 9] = 16; // sub-authority count of ACE #0's SID
            SecurityDescriptorFormatException e = rejects(b);
            assertEquals(0x25, e.index());
            assertTrue(e.getMessage().contains("at most 15 sub-authorities"), e.getMessage());

            byte[] c = defaultLaunch();
            c[0x1C + 8] = 2; // SID revision
            assertEquals(0x24, rejects(c).index());
        }

        @Test
        void badOwnerSidRevision() {
            byte[] b = defaultLaunch();
            b[0x5C] = 0;
            assertTrue(rejects(b).getMessage().contains("expected SID revision 1 in the owner SID but was 0"));
        }
    }
}
