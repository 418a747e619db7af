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
