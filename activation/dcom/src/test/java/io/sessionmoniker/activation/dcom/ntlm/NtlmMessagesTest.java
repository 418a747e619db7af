package io.sessionmoniker.activation.dcom.ntlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each decoder against well-formed and damaged octets: damage is a {@link SecurityFailure}, never an unchecked one. */
class NtlmMessagesTest {

    static final byte[] NEGOTIATE = NtlmVectorsTest.hex("4e544c4d53535000010000003582 88e2".replace(" ", ""));
    static final byte[] AUTHENTICATE = NtlmVectorsTest.hex(NtlmVectorsTest.NtlmV2.AUTHENTICATE);

    static SecurityFailure refused(ThrowingDecode d) {
        SecurityFailure f = assertThrows(SecurityFailure.class, d::run);
        assertEquals(RpcStatus.WIN32_ACCESS_DENIED, f.status());
        assertTrue(f.getMessage().startsWith("malformed NTLM message: "), f.getMessage());
        return f;
    }

    interface ThrowingDecode {
        void run() throws SecurityFailure;
    }

    static byte[] with(byte[] m, UnaryOperator<byte[]> change) {
        return change.apply(m.clone());
    }

    @Nested
    class Negotiate {
        @Test
        void decodesTheShortAndTheLongForm() throws SecurityFailure {
            assertEquals(0xe2888235, NegotiateMessage.decode(NEGOTIATE).flags());
            byte[] jcifs = NtlmVectorsTest.hex("4e544c4d5353500001000000 07b208a0 0000000020000000 0000000020000000");
            NegotiateMessage n = NegotiateMessage.decode(jcifs);
            assertEquals("", n.domain());
            assertEquals(Bytes.EMPTY, n.version());
        }

        @Test
        void refusesDamage() {
            refused(() -> NegotiateMessage.decode(new byte[0]));
            refused(() -> NegotiateMessage.decode(Arrays.copyOf(NEGOTIATE, 11)));
            refused(() -> NegotiateMessage.decode(Arrays.copyOf(NEGOTIATE, 15)));
            refused(() -> NegotiateMessage.decode(with(NEGOTIATE, m -> { m[0] = 'n'; return m; })));
            refused(() -> NegotiateMessage.decode(with(NEGOTIATE, m -> { m[8] = 3; return m; })));
            byte[] longForm = NtlmVectorsTest.hex("4e544c4d5353500001000000 07b208a0 04000400e8030000 0000000020000000");
            assertTrue(refused(() -> NegotiateMessage.decode(longForm)).getMessage().contains("DomainName"));
        }
    }

    @Nested
    class Challenge {
        final ChallengeMessage c = new ChallengeMessage(0xe28a8235, Bytes.fromHex("0123456789abcdef"), "HOST",
                List.of(AvPair.text(AvPair.MSV_AV_NB_COMPUTER_NAME, "HOST"), AvPair.timestamp(0x01dd822f9f612300L)),
                ChallengeMessage.SERVER_VERSION);

        @Test
        void roundTrips() throws SecurityFailure {
            byte[] m = c.encode();
            assertEquals(c, ChallengeMessage.decode(m));
            assertEquals(56, NtlmCrypto.getInt(m, 16), "the payload follows the VERSION field");
            assertEquals(0x01dd822f9f612300L, ChallengeMessage.decode(m).targetInfo().get(1).number());
        }

        @Test
        void refusesDamage() {
            byte[] m = c.encode();
            refused(() -> ChallengeMessage.decode(Arrays.copyOf(m, 47)));
            refused(() -> ChallengeMessage.decode(with(m, b -> { NtlmCrypto.putInt(b, 44, 0x7FFFFFFF); return b; })));
            refused(() -> ChallengeMessage.decode(with(m, b -> { NtlmCrypto.putShort(b, 12, 7); return b; })));
            refused(() -> ChallengeMessage.decode(Arrays.copyOf(m, m.length - 1)));
            // an AV pair claiming more than the TargetInfo field holds
            refused(() -> ChallengeMessage.decode(with(m, b -> { NtlmCrypto.putShort(b, 64 + 2, 200); return b; })));
        }
    }

    @Nested
    class Authenticate {
        @Test
        void decodesTheSpecificationExample() throws SecurityFailure {
            AuthenticateMessage a = AuthenticateMessage.decode(AUTHENTICATE);
            assertEquals("User", a.user());
            assertEquals("Domain", a.domain());
            assertEquals("COMPUTER", a.workstation());
            assertEquals(84, a.ntResponse().length());
            assertEquals(16, a.encryptedRandomSessionKey().length());
            assertEquals(8, a.version().length());
            assertEquals(Bytes.EMPTY, a.mic(), "the payload starts at 72: no room for a MIC");
            assertFalse(a.toString().contains("68cd"), a.toString());
        }

        @ParameterizedTest(name = "field at {0}")
        @ValueSource(ints = {12, 20, 28, 36, 44, 52})
        void aFieldPastTheEndIsRefused(int field) {
            refused(() -> AuthenticateMessage.decode(with(AUTHENTICATE, b -> {
                NtlmCrypto.putInt(b, field + 4, 0xFFFFFFF0); // offset
                return b;
            })));
            refused(() -> AuthenticateMessage.decode(with(AUTHENTICATE, b -> {
                NtlmCrypto.putShort(b, field, 0xFFFF); // length
                return b;
            })));
        }

        @Test
        void otherDamageIsRefused() {
            refused(() -> AuthenticateMessage.decode(Arrays.copyOf(AUTHENTICATE, 63)));
            refused(() -> AuthenticateMessage.decode(Arrays.copyOf(AUTHENTICATE, 100)));
            refused(() -> AuthenticateMessage.decode(with(AUTHENTICATE, b -> { NtlmCrypto.putShort(b, 52, 8); return b; })));
            refused(() -> AuthenticateMessage.decode(with(AUTHENTICATE, b -> { NtlmCrypto.putShort(b, 36, 7); return b; })));
            refused(() -> AuthenticateMessage.decode(with(AUTHENTICATE, b -> { NtlmCrypto.putInt(b, 40, 8); return b; })));
            refused(() -> AuthenticateMessage.decode(with(AUTHENTICATE, b -> { b[8] = 1; return b; })));
        }

        @Test
        void anNtlmV2BlobWithAWrongResponseTypeIsRefusedByTheAuthority() {
            byte[] damaged = with(AUTHENTICATE, b -> { b[0x84 + 16] = 2; return b; });
            refused(() -> NtlmVectorsTest.AUTHORITY.logon(NtlmVectorsTest.hex(NtlmVectorsTest.NtlmV2.CHALLENGE),
                    damaged));
        }
    }

    @Nested
    class AvPairs {
        @Test
        void decodeStopsAtEolAndAcceptsAnUnterminatedList() throws SecurityFailure {
            byte[] b = AvPair.encode(List.of(AvPair.text(AvPair.MSV_AV_NB_DOMAIN_NAME, "D")));
            byte[] padded = Arrays.copyOf(b, b.length + 4);
            assertEquals(1, AvPair.decode(padded, 0, padded.length).size());
            assertEquals(1, AvPair.decode(b, 0, b.length - 4).size());
            assertEquals("D", AvPair.decode(b, 0, b.length).get(0).text());
        }

        @Test
        void refusesPairsThatRunPastTheRange() {
            byte[] b = AvPair.encode(List.of(AvPair.text(AvPair.MSV_AV_NB_DOMAIN_NAME, "DOMAIN")));
            refused(() -> AvPair.decode(b, 0, 3));
            refused(() -> AvPair.decode(b, 0, 10));
        }
    }

    @Nested
    class Hashes {
        @Test
        void parseHexAndPasswordsAgreeAndNeverPrint() {
            NtHash h = NtHash.parseHex("A4F49C406510BDCAB6824EE7C30FD852");
            assertEquals(NtHash.fromPassword("Password"), h);
            assertEquals("NtHash[redacted]", h.toString());
            assertEquals(h, NtHash.of(h.octets()));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "a4f49c406510bdcab6824ee7c30fd85", "a4f49c406510bdcab6824ee7c30fd8522",
            "a4f49c406510bdcab6824ee7c30fd85g", "0xf49c406510bdcab6824ee7c30fd852", "a4f49c406510bdcab6824ee7c30fd8٥٢"})
        void parseHexRefusesOtherText(String text) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NtHash.parseHex(text));
            assertTrue(e.getMessage().contains("NT hash"), e.getMessage());
        }
    }
}
