package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.moniker.Guid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The identifier types of the DCOM structures: OXID, OID and IPID. */
class IdentifiersTest {

    @Nested
    class OxidAndOid {
        @Test
        void equalWhenTheirBitsAre() {
            assertEquals(Oxid.of(0x0102030405060708L), Oxid.of(0x0102030405060708L));
            assertEquals(Oxid.of(7).hashCode(), Oxid.of(7).hashCode());
            assertNotEquals(Oxid.of(7), Oxid.of(8));
            assertEquals(Oid.of(-1), Oid.of(0xFFFF_FFFF_FFFF_FFFFL));
            assertNotEquals(Oid.of(7), Oid.of(8));
        }

        @Test
        void anOxidIsNotAnOidWithTheSameBits() {
            assertNotEquals((Object) Oxid.of(7), Oid.of(7));
        }

        @Test
        void canonicalTextIsSixteenUppercaseHexDigits() {
            assertEquals("0x0102030405060708", Oxid.of(0x0102030405060708L).toString());
            assertEquals("0x00000000000000AB", Oxid.of(0xAB).toString());
            assertEquals("0xFFFFFFFFFFFFFFFF", Oxid.of(-1).toString());
            assertEquals("0x1112131415161718", Oid.of(0x1112131415161718L).toString());
            assertEquals("0x0000000000000000", Oid.of(0).toString());
        }

        @ParameterizedTest
        @ValueSource(longs = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L})
        void roundTripThroughNdr(long bits) throws WireFormatException {
            Bytes oxid = Vectors.encode(w -> Oxid.of(bits).encode(w));
            assertEquals(8, oxid.length());
            assertEquals(Vectors.encode(w -> w.writeLong(bits)), oxid);
            assertEquals(Oxid.of(bits), Oxid.decode(NdrReader.of(oxid)));
            Bytes oid = Vectors.encode(w -> Oid.of(bits).encode(w));
            assertEquals(oxid, oid);
            assertEquals(Oid.of(bits), Oid.decode(NdrReader.of(oid)));
        }

        @Test
        void areLittleEndianHypersAlignedToEight() throws WireFormatException {
            Bytes b = Vectors.encode(w -> {
                w.writeInt(0x11);
                Oxid.of(0x0102030405060708L).encode(w);
            });
            assertEquals(Bytes.fromHex("11000000 00000000 0807060504030201"), b);
            NdrReader r = NdrReader.of(b);
            r.readInt("lead");
            assertEquals(Oxid.of(0x0102030405060708L), Oxid.decode(r));
        }

        @Test
        void truncatedFailsCleanly() {
            assertThrows(WireFormatException.class, () -> Oxid.decode(NdrReader.of(Bytes.fromHex("01020304050607"))));
            assertThrows(WireFormatException.class, () -> Oid.decode(NdrReader.of(Bytes.EMPTY)));
        }
    }

    @Nested
    class Ipids {
        @Test
        void equalWhenTheirGuidsAre() {
            assertEquals(Ipid.of(Vectors.IPID), Ipid.of(Guid.parse("{00112233-4455-6677-8899-aabbccddeeff}")));
            assertEquals(Ipid.of(Vectors.IPID).hashCode(), Ipid.of(Vectors.IPID).hashCode());
            assertNotEquals(Ipid.of(Vectors.IPID), Ipid.of(Vectors.CID));
            assertNotEquals((Object) Ipid.of(Vectors.IPID), Vectors.IPID);
            assertEquals(Ipid.of(Guid.NULL), Ipid.NULL);
        }

        @Test
        void canonicalTextIsTheGuids() {
            assertEquals("00112233-4455-6677-8899-AABBCCDDEEFF", Ipid.of(Vectors.IPID).toString());
            assertEquals("00000000-0000-0000-0000-000000000000", Ipid.NULL.toString());
        }

        @Test
        void roundTripsThroughNdrAsAGuidStructure() throws WireFormatException {
            Bytes b = Vectors.encode(w -> Ipid.of(Vectors.IPID).encode(w));
            assertEquals(Bytes.fromHex("33221100 55447766 8899AABB CCDDEEFF"), b);
            assertEquals(Vectors.encode(w -> w.writeGuid(Vectors.IPID)), b);
            assertEquals(Ipid.of(Vectors.IPID), Ipid.decode(NdrReader.of(b)));
            assertThrows(WireFormatException.class, () -> Ipid.decode(NdrReader.of(b.slice(0, 15))));
        }

        @Test
        void needsAGuid() {
            assertThrows(NullPointerException.class, () -> Ipid.of(null));
        }

        @Test
        void remUnknownIpidIsTheOxidsBytesThenZeros() {
            assertEquals(Ipid.of(Guid.parse("04030201-0605-0807-0000-000000000000")),
                    ObjectExporter.remUnknownIpid(Oxid.of(0x0807060504030201L)));
        }
    }
}
