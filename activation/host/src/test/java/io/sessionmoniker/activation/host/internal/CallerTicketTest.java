package io.sessionmoniker.activation.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.Sid;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Caller tickets: what verifies, and every way one is refused. */
class CallerTicketTest {

    static final byte[] KEY = CallerTicket.newKey();
    static final Principal BOB = Principal.user("bob", Sid.machineAccount(1001)).build();

    static CallerTicket.Verdict verify(OrpcExtent ticket, String peer) {
        return CallerTicket.verify(KEY, List.of(new OrpcExtent(Guid.parse("00000000-0000-0000-0000-000000000001"),
                Bytes.EMPTY), ticket), peer);
    }

    @Test
    void aTicketVerifiesWithItsKeyAndPeer() {
        Caller local = Caller.local(BOB, 2);
        CallerTicket.Verdict v = verify(CallerTicket.issue(KEY, local, "sessmon"), "sessmon");
        Caller back = assertInstanceOf(CallerTicket.Verdict.Valid.class, v).caller();
        assertEquals("bob", back.principal().name());
        assertEquals(BOB.sid(), back.principal().sid());
        assertEquals(2, back.session().getAsLong());
        assertTrue(assertInstanceOf(CallerTicket.Verdict.Valid.class,
                verify(CallerTicket.issue(KEY, Caller.remote(BOB), "sessmon"), "sessmon")).caller().isRemote());
    }

    @Test
    void noTicketIsAnonymous() {
        assertInstanceOf(CallerTicket.Verdict.None.class, CallerTicket.verify(KEY, List.of(), "sessmon"));
    }

    @Test
    void refusals() {
        OrpcExtent good = CallerTicket.issue(KEY, Caller.local(BOB, 2), "sessmon");
        byte[] data = good.data().toArray();
        assertRefused(CallerTicket.verify(CallerTicket.newKey(), List.of(good), "sessmon"), "tag");
        assertRefused(verify(good, "mallory"), "mallory");
        assertRefused(CallerTicket.verify(KEY, List.of(good, good), "sessmon"), "two");
        for (int i = 0; i < data.length; i++) {
            byte[] flipped = data.clone();
            flipped[i] ^= 0x01;
            assertInstanceOf(CallerTicket.Verdict.Refused.class, verify(ticket(flipped), "sessmon"),
                    "a ticket with octet " + i + " changed");
        }
        for (int n = 0; n < data.length; n++) {
            assertInstanceOf(CallerTicket.Verdict.Refused.class, verify(ticket(Arrays.copyOf(data, n)), "sessmon"),
                    "a ticket cut to " + n + " octets");
        }
        byte[] longer = Arrays.copyOf(data, data.length + 1);
        assertInstanceOf(CallerTicket.Verdict.Refused.class, verify(ticket(longer), "sessmon"));
    }

    /** Bodies that carry a valid tag (as only the host could make them) and still are refused, each for its reason. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "[]                                                                                  | lacks its fields",
        "{\"remote\":false,\"session\":2,\"principal\":" + PRINCIPAL + "}                  | lacks its fields",
        "{\"peer\":[\"sessmon\"],\"remote\":false,\"principal\":" + PRINCIPAL + "}        | lacks its fields",
        "{\"peer\":\"sessmon\",\"remote\":\"no\",\"principal\":" + PRINCIPAL + "}        | lacks its fields",
        "{\"peer\":\"sessmon\",\"remote\":false,\"session\":2}                            | principal is malformed",
        "{\"peer\":\"sessmon\",\"remote\":false,\"session\":2,\"principal\":[1]}         | principal is malformed",
        "{\"peer\":\"sessmon\",\"remote\":false,\"principal\":{\"name\":\"bob\",\"sid\":\"S-1-5-21-1-2-3-1001\",\"groups\":[7]}} | a group must be a SID string",
        "{\"peer\":\"sessmon\",\"remote\":false,\"principal\":{\"name\":\"bob\",\"sid\":\"x\",\"groups\":[]}} | principal is malformed",
        "{\"peer\":\"sessmon\",\"remote\":false,\"session\":\"2\",\"principal\":" + PRINCIPAL + "} | session is not a number",
        "{\"peer\":\"sessmon\",\"remote\":false,\"session\":2,\"principal\":" + PRINCIPAL + "}{} | not JSON",
        "{\"peer\":\"sessmon\",\"remote\":false,\"session\":2,\"principal\":{\"name\":         | not JSON",
        "not json                                                                            | not JSON",
    })
    void wellTaggedBodiesThatAreRefused(String body, String phrase) {
        assertRefused(verify(ticket(signed(body.strip())), "sessmon"), phrase.strip());
    }

    @Test
    void fieldsItDoesNotKnowArePassedOver() {
        String body = "{\"extra\":{\"a\":[1,{\"b\":2}]},\"peer\":\"sessmon\",\"remote\":false,\"session\":3,"
                + "\"principal\":{\"more\":[[]],\"name\":\"bob\",\"sid\":\"S-1-5-21-1-2-3-1001\",\"groups\":[]},"
                + "\"later\":[null]}";
        Caller back = assertInstanceOf(CallerTicket.Verdict.Valid.class, verify(ticket(signed(body)), "sessmon"))
                .caller();
        assertEquals("bob", back.principal().name());
        assertEquals(3, back.session().getAsLong());
    }

    /** A principal as the host writes it. */
    static final String PRINCIPAL = "{\"name\":\"bob\",\"sid\":\"S-1-5-21-1-2-3-1001\",\"groups\":[]}";

    /** A ticket of this body, tagged with {@link #KEY} as the host would tag it. */
    static byte[] signed(String body) {
        byte[] json = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] data = new byte[5 + json.length + 32];
        data[0] = 1;
        data[1] = (byte) json.length;
        data[2] = (byte) (json.length >>> 8);
        System.arraycopy(json, 0, data, 5, json.length);
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
            mac.update(data, 0, 5 + json.length);
            System.arraycopy(mac.doFinal(), 0, data, 5 + json.length, 32);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        return data;
    }

    /** The tag is the JCA's HMAC-SHA256, for keys shorter than, as long as and longer than SHA-256's block. */
    @Test
    void theTagIsHmacSha256() throws Exception {
        java.util.Random random = new java.util.Random(18);
        for (int keyLength : new int[] {1, 32, 63, 64, 65, 200}) {
            for (int length : new int[] {0, 1, 55, 56, 64, 1000}) {
                byte[] key = new byte[keyLength];
                byte[] data = new byte[length + 3];
                random.nextBytes(key);
                random.nextBytes(data);
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
                mac.update(data, 0, length);
                assertTrue(Arrays.equals(mac.doFinal(), CallerTicket.tag(key, data, length)),
                        "a key of " + keyLength + " octets, " + length + " octets of data");
            }
        }
        // RFC 4231, test case 2
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", HexFormat.of().formatHex(
                CallerTicket.tag("Jefe".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 28)));
    }

    @Test
    void keys() {
        byte[] k = CallerTicket.newKey();
        assertEquals(CallerTicket.KEY_LENGTH, k.length);
        assertTrue(Arrays.equals(k, CallerTicket.parseKey(HexFormat.of().formatHex(k))));
        assertThrows(IllegalArgumentException.class, () -> CallerTicket.parseKey("00"));
        assertThrows(IllegalArgumentException.class, () -> CallerTicket.parseKey("zz"));
    }

    static OrpcExtent ticket(byte[] data) {
        return new OrpcExtent(CallerTicket.ID, Bytes.copyOf(data));
    }

    static void assertRefused(CallerTicket.Verdict v, String phrase) {
        String reason = assertInstanceOf(CallerTicket.Verdict.Refused.class, v).reason();
        assertTrue(reason.contains(phrase), reason);
    }
}
