package io.sessionmoniker.activation.dcom.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The initiator's computations: the whole AUTHENTICATE_MESSAGE of MS-NLMP 4.2.4.3 from the example's inputs; the
 * NEGOTIATE and AUTHENTICATE of a captured Impacket run reproduced octet for octet with Impacket's choices and the
 * run's client challenge and session key; what the default choices change (Z(24), MsvAvFlags, the MIC, the target
 * name) and that this project's acceptor verifies them; and the refusals of bad CHALLENGEs.
 */
class NtlmClientContextTest {

    static final int PRIVACY = AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY;

    static byte[] hex(String s) {
        return NtlmVectorsTest.hex(s);
    }

    /** MS-NLMP 4.2.4: NTLMv2 with the common values of 4.2.1, Time 0, no MsvAvTimestamp in the CHALLENGE. */
    @Nested
    class SpecExample {
        final NtlmClientSecurity.Options options = NtlmClientSecurity.Options.DEFAULT.withWorkstation("COMPUTER")
                .withSpnServiceClass("").withVersion(Bytes.fromHex("0501280a0000000f"))
                .withEntropy(NtlmClientEntropy.fixed(NtlmVectorsTest.CLIENT_CHALLENGE,
                        NtlmVectorsTest.RANDOM_SESSION_KEY, 0));
        final NtlmCredentials user = NtlmCredentials.of("Domain", "User", NtHash.fromPassword("Password"));

        @Test
        void theAuthenticateIsTheExampleOctetForOctet() throws SecurityFailure {
            NtlmClientContext ctx = NtlmClientSecurity.of(user, PRIVACY, options).newContext();
            byte[] negotiate = ctx.initialToken();
            assertEquals(0xe2888235, NtlmCrypto.getInt(negotiate, 12), "Impacket's flags and VERSION");
            byte[] authenticate = ctx.accept(hex(NtlmVectorsTest.NtlmV2.CHALLENGE));
            assertEquals(HexFormat.of().formatHex(hex(NtlmVectorsTest.NtlmV2.AUTHENTICATE)),
                    HexFormat.of().formatHex(authenticate), "4.2.4.3 AUTHENTICATE_MESSAGE (LMv2, NTLMv2 with the"
                            + " server's pairs, RC4K(KXKEY, RandomSessionKey)); no timestamp, so no MIC");
            assertTrue(ctx.established());
            assertArrayEquals(NtlmVectorsTest.RANDOM_SESSION_KEY, ctx.exportedSessionKey());
            assertEquals(0xe2888235, ctx.negotiatedFlags().orElseThrow());
        }

        @Test
        void theClientSealsAndSignsAsTheExampleDoes() throws SecurityFailure {
            NtlmClientContext ctx = NtlmClientSecurity.of(user, PRIVACY, options).newContext();
            ctx.initialToken();
            ctx.accept(hex(NtlmVectorsTest.NtlmV2.CHALLENGE));
            NtlmSessionSecurity client = NtlmSessionSecurity.forClient(ctx.negotiatedFlags().orElseThrow(),
                    ctx.exportedSessionKey());
            byte[] data = NtlmVectorsTest.PLAINTEXT.clone();
            byte[] sig = new byte[16];
            client.sign(data, 0, data.length, 0, data.length, sig, 0);
            assertArrayEquals(hex("54e50165bf1936dc996020c1811b0f06fb5f"), data, "4.2.4.4 sealed data");
            assertArrayEquals(hex("010000007fb38ec5c55d497600000000"), sig, "4.2.4.4 signature");
        }
    }

    /** The SCM connection (c1) of the {@code impacket-default} run: alice / secret, no domain, PKT_PRIVACY. */
    @Nested
    class ImpacketReplay {
        final List<CaptureLog.Block> c1 = CaptureLog.read("impacket-default").stream()
                .filter(b -> b.connection() == 1).toList();
        final byte[] negotiate = c1.stream().filter(b -> b.received("bind")).findFirst().orElseThrow().token();
        final byte[] challenge = c1.stream().filter(b -> b.sent("bind_ack")).findFirst().orElseThrow().token();
        final byte[] authenticate = c1.stream().filter(b -> b.received("auth3")).findFirst().orElseThrow().token();
        final NtlmCredentials alice = NtlmCredentials.password("", "alice", "secret".toCharArray());

        /** The run's client challenge (in the NTLMv2 blob) and session key (recovered by the acceptor). */
        NtlmClientEntropy captured() throws SecurityFailure {
            AuthenticateMessage a = AuthenticateMessage.decode(authenticate);
            byte[] clientChallenge = a.ntResponse().slice(32, 40).toArray();
            NtlmServerContext server = acceptor();
            server.accept(negotiate);
            server.accept(authenticate);
            return NtlmClientEntropy.fixed(clientChallenge, server.exportedSessionKey(), 0);
        }

        NtlmServerContext acceptor() throws SecurityFailure {
            return acceptor(0);
        }

        NtlmServerContext acceptor(long filetime) throws SecurityFailure {
            return NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(CaptureReplayTest.NAMES,
                    CaptureReplayTest.AUTHORITY).withChallenges(ChallengeSource.fixed(
                            Arrays.copyOfRange(challenge, 24, 32), filetime))).newContext(PRIVACY);
        }

        @Test
        void withImpacketsChoicesEveryOctetIsImpacketsOwn() throws SecurityFailure {
            NtlmClientSecurity.Options impacket = NtlmClientSecurity.Options.DEFAULT.withSpnServiceClass("cifs")
                    .withMic(false).withLmResponseWithTimestamp(true).withEntropy(captured());
            NtlmClientContext ctx = NtlmClientSecurity.of(alice, PRIVACY, impacket).newContext();
            assertEquals(HexFormat.of().formatHex(negotiate), HexFormat.of().formatHex(ctx.initialToken()),
                    "NEGOTIATE 0xE0888235, no names, no VERSION");
            assertEquals(HexFormat.of().formatHex(authenticate), HexFormat.of().formatHex(ctx.accept(challenge)),
                    "flags, field layout, LMv2, the blob (server pairs + cifs/FAKEHOST, timestamp), the encrypted key");
        }

        @Test
        void theDefaultChoicesDifferOnlyWhereTheSpecLeavesItToTheClient() throws SecurityFailure {
            NtlmClientEntropy entropy = captured();
            NtlmClientContext ctx = NtlmClientSecurity.of(alice, PRIVACY,
                    NtlmClientSecurity.Options.DEFAULT.withEntropy(entropy)).newContext();
            byte[] ours = ctx.initialToken();
            assertArrayEquals(negotiate, ours);
            // the MIC covers the CHALLENGE: take the acceptor's own, which differs from the captured one only in the
            // VERSION field the capturing server filled without VERSION negotiated
            NtlmServerContext server = acceptor(CaptureLog.pair(challenge, AvPair.MSV_AV_TIMESTAMP).orElseThrow()
                    .number());
            byte[] served = server.accept(ours);
            assertArrayEquals(Arrays.copyOf(challenge, 48), Arrays.copyOf(served, 48));
            assertArrayEquals(Arrays.copyOfRange(challenge, 56, challenge.length),
                    Arrays.copyOfRange(served, 56, served.length));
            byte[] token = ctx.accept(served);
            AuthenticateMessage mine = AuthenticateMessage.decode(token);
            AuthenticateMessage theirs = AuthenticateMessage.decode(authenticate);
            assertEquals(theirs.flags(), mine.flags());
            assertEquals(List.of(theirs.domain(), theirs.user(), theirs.workstation()),
                    List.of(mine.domain(), mine.user(), mine.workstation()));
            assertEquals(Bytes.copyOf(new byte[24]), mine.lmResponse(), "Z(24): the CHALLENGE has a timestamp");
            assertEquals(theirs.ntResponse().slice(16, 44), mine.ntResponse().slice(16, 44),
                    "the blob's header, timestamp and client challenge");
            byte[] nt = mine.ntResponse().toArray();
            List<AvPair> pairs = AvPair.decode(nt, 44, nt.length);
            assertEquals(List.of(2, 1, 4, 3, 7, 6, 9), pairs.stream().map(AvPair::id).toList());
            assertEquals(2L, AvPair.find(pairs, AvPair.MSV_AV_FLAGS).orElseThrow().number());
            assertEquals("RPCSS/FAKEHOST", AvPair.find(pairs, AvPair.MSV_AV_TARGET_NAME).orElseThrow().text());
            assertEquals(16, mine.mic().length());
            assertFalse(mine.mic().equals(Bytes.copyOf(new byte[16])));

            server.accept(token);
            assertTrue(server.established(), "the acceptor verified the response and the MIC");
            assertArrayEquals(ctx.exportedSessionKey(), server.exportedSessionKey());

            byte[] forged = token.clone();
            forged[AuthenticateMessage.MIC_OFFSET] ^= 1;
            NtlmServerContext other = acceptor(CaptureLog.pair(challenge, AvPair.MSV_AV_TIMESTAMP).orElseThrow()
                    .number());
            other.accept(negotiate);
            SecurityFailure f = assertThrows(SecurityFailure.class, () -> other.accept(forged));
            assertTrue(f.getMessage().contains("MIC"), f.getMessage());
        }
    }

    @Nested
    class Refusals {
        final NtlmClientSecurity security = NtlmClientSecurity.of(NtlmCredentials.of("", "alice",
                NtHash.fromPassword("secret")), PRIVACY);

        @Test
        void aChallengeWithoutSealIsRefusedAtPrivacy() {
            byte[] c = hex(NtlmVectorsTest.NtlmV2.CHALLENGE);
            NtlmCrypto.putInt(c, 20, NtlmCrypto.getInt(c, 20) & ~NtlmFlags.NEGOTIATE_SEAL);
            NtlmClientContext ctx = security.newContext();
            ctx.initialToken();
            SecurityFailure f = assertThrows(SecurityFailure.class, () -> ctx.accept(c));
            assertTrue(f.getMessage().contains("SEAL"), f.getMessage());
            assertFalse(ctx.established());
        }

        @Test
        void malformedAndOutOfOrderTokensAreRefused() {
            NtlmClientContext early = security.newContext();
            assertThrows(SecurityFailure.class, () -> early.accept(hex(NtlmVectorsTest.NtlmV2.CHALLENGE)));
            for (byte[] bad : List.of(new byte[0], "NTLMSSP\0garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    Arrays.copyOf(hex(NtlmVectorsTest.NtlmV2.CHALLENGE), 40),
                    NtlmOverTcpTest.patch(hex(NtlmVectorsTest.NtlmV2.CHALLENGE), 44, 0x7FFFFFF0))) {
                NtlmClientContext ctx = security.newContext();
                ctx.initialToken();
                assertThrows(SecurityFailure.class, () -> ctx.accept(bad));
                assertThrows(SecurityFailure.class, () -> ctx.accept(hex(NtlmVectorsTest.NtlmV2.CHALLENGE)),
                        "a failed context stays failed");
            }
            NtlmClientContext twice = security.newContext();
            twice.initialToken();
            assertThrows(IllegalStateException.class, twice::initialToken);
        }
    }

    @Test
    void credentialsNeverShowTheHash() {
        NtlmCredentials c = NtlmCredentials.password("WORKGROUP", "alice", "secret".toCharArray());
        assertEquals(NtHash.fromPassword("secret"), c.hash());
        assertEquals("NtlmCredentials[WORKGROUP\\alice]", c.toString());
        NtlmClientSecurity s = NtlmClientSecurity.of(c, PRIVACY);
        assertFalse(s.toString().contains(HexFormat.of().formatHex(c.hash().octets())), s.toString());
        assertFalse(s.newContext().toString().contains(HexFormat.of().formatHex(c.hash().octets())));
        assertThrows(IllegalArgumentException.class, () -> NtlmClientSecurity.of(c, 3));
        assertEquals(NtlmCredentials.of("WORKGROUP", "alice", NtHash.fromPassword("secret")), c);
    }
}
