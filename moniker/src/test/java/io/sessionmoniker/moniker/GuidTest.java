package io.sessionmoniker.moniker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuidTest {

    @Nested
    class Parsing {

        @ParameterizedTest(name = "\"{0}\" → {1}")
        @CsvSource(delimiter = '|', textBlock = """
                10000013-0000-0000-0000-000000000001   | 10000013-0000-0000-0000-000000000001
                {10000013-0000-0000-0000-000000000001} | 10000013-0000-0000-0000-000000000001
                a7b90590-36fd-11cf-857d-00aa006d2ea4   | A7B90590-36FD-11CF-857D-00AA006D2EA4
                {A7b90590-36Fd-11cF-857d-00AA006d2eA4} | A7B90590-36FD-11CF-857D-00AA006D2EA4
                00000000-0000-0000-0000-000000000000   | 00000000-0000-0000-0000-000000000000
                ffffffff-ffff-ffff-ffff-ffffffffffff   | FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF
                """)
        void accepts(String text, String canonical) {
            Guid g = Guid.parse(text);
            assertEquals(canonical, g.toString());
            assertEquals("{" + canonical + "}", g.toBracedString());
            assertEquals(g, Guid.parse(canonical));
            assertEquals(g, Guid.tryParse(text).orElseThrow());
        }

        @ParameterizedTest(name = "\"{0}\" fails at {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                ""                                        | 0  | the text was empty
                10000013-0000-0000-0000-00000000000       | 35 | the text ended
                10000013-0000-0000-0000-0000000000011     | 36 | the end of the GUID
                {10000013-0000-0000-0000-000000000001     | 37 | '}'
                10000013-0000-0000-0000-000000000001}     | 36 | the end of the GUID
                {10000013-0000-0000-0000-000000000001}x   | 38 | the end of the GUID
                10000013 0000-0000-0000-000000000001      | 8  | '-'
                1000001G-0000-0000-0000-000000000001      | 7  | hexadecimal digit
                100000130000-0000-0000-000000000001       | 8  | '-'
                " 10000013-0000-0000-0000-000000000001"   | 0  | hexadecimal digit
                {{10000013-0000-0000-0000-000000000001}}  | 1  | hexadecimal digit
                (10000013-0000-0000-0000-000000000001)    | 0  | hexadecimal digit
                10000013-0000-0000-0000-0000000000０1     | 34 | U+FF10
                10000013-0000-0000-0000-00000000000١      | 35 | U+0661
                """)
        void rejects(String text, int index, String phrase) {
            MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class, () -> Guid.parse(text));
            assertEquals(HResult.CO_E_CLASSSTRING, e.hresult());
            assertEquals("CO_E_CLASSSTRING", e.errorName());
            assertEquals(index, e.index(), e.getMessage());
            assertTrue(e.getMessage().contains(phrase), e.getMessage());
            assertTrue(Guid.tryParse(text).isEmpty());
        }

        @Test
        void nullIsACallerBug() {
            assertThrows(NullPointerException.class, () -> Guid.parse(null));
            assertTrue(Guid.tryParse(null).isEmpty());
        }
    }

    @Nested
    class Values {

        @Test
        void equalityAndOrderFollowTheBits() {
            Guid a = Guid.parse("10000013-0000-0000-0000-000000000001");
            Guid b = Guid.parse("{10000013-0000-0000-0000-000000000001}");
            Guid c = Guid.parse("10000013-0000-0000-0000-000000000002");
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode());
            assertNotEquals(a, c);
            assertTrue(a.compareTo(c) < 0);
            assertTrue(Guid.parse("F0000000-0000-0000-0000-000000000000").compareTo(a) > 0, "unsigned order");
            assertEquals(0, a.compareTo(b));
        }

        @Test
        void agreesWithUuidOnRandomValues() {
            Random random = new Random(42);
            for (int i = 0; i < 2000; i++) {
                UUID u = new UUID(random.nextLong(), random.nextLong());
                Guid g = Guid.fromUuid(u);
                assertEquals(u.toString().toUpperCase(java.util.Locale.ROOT), g.toString());
                assertEquals(u, g.toUuid());
                assertEquals(g, Guid.parse(u.toString()));
                assertEquals(g, Guid.fromBytes(g.toBytes(), 0));
            }
        }

        @Test
        void bytesUseWindowsLittleEndianLayout() {
            // IID_IUnknown {00000000-0000-0000-C000-000000000046} and a GUID whose fields all differ
            Guid g = Guid.parse("{00112233-4455-6677-8899-AABBCCDDEEFF}");
            byte[] expected = {0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
                (byte) 0x88, (byte) 0x99, (byte) 0xAA, (byte) 0xBB, (byte) 0xCC, (byte) 0xDD, (byte) 0xEE, (byte) 0xFF};
            assertArrayEquals(expected, g.toBytes());
            byte[] padded = new byte[20];
            System.arraycopy(expected, 0, padded, 3, 16);
            assertEquals(g, Guid.fromBytes(padded, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> Guid.fromBytes(padded, 5));
        }

        @Test
        void nullGuidIsAllZeros() {
            assertEquals("00000000-0000-0000-0000-000000000000", Guid.NULL.toString());
            assertEquals(Guid.NULL, Guid.of(0, 0));
        }
    }
}
