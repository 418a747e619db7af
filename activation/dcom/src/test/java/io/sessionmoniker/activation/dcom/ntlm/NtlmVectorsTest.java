package io.sessionmoniker.activation.dcom.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The test vectors of RFC 1320 (MD4) and of MS-NLMP section 4.2 (common values 4.2.1: user "User", domain "Domain",
 * password "Password", server "Server", workstation "COMPUTER", ServerChallenge 0123456789abcdef, ClientChallenge
 * aa…aa, Time 0, RandomSessionKey 55…55), each computation this package implements checked against them.
 */
class NtlmVectorsTest {

    static final byte[] SERVER_CHALLENGE = hex("0123456789abcdef");
    static final byte[] CLIENT_CHALLENGE = hex("aaaaaaaaaaaaaaaa");
    static final byte[] RANDOM_SESSION_KEY = hex("55555555555555555555555555555555");
    /** "Plaintext" in UTF-16LE, the message of every GSS_WrapEx example. */
    static final byte[] PLAINTEXT = "Plaintext".getBytes(StandardCharsets.UTF_16LE);
    static final NtlmServerNames NAMES = NtlmServerNames.of("Server", "Domain");
    static final NtlmAuthority AUTHORITY = LocalNtlmAuthority.create(NAMES,
            NtlmCredentialStore.of(Map.of("User", NtHash.fromPassword("Password"))));

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @ParameterizedTest(name = "MD4(\"{0}\")")
    @CsvSource(delimiter = '|', value = {
        "''|31d6cfe0d16ae931b73c59d7e0c089c0",
        "a|bde52cb31de33e46245e05fbdbd6fb24",
        "abc|a448017aaf21d8525fc10ae87aa6729d",
        "message digest|d9130a8164549fe818874806e1c7014b",
        "abcdefghijklmnopqrstuvwxyz|d79e1c308aa5bbcdeea8ed63df412da9",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789|043f8582f241db351ce627e153e7f0e4",
        "12345678901234567890123456789012345678901234567890123456789012345678901234567890"
                + "|e33b4ddc9c38f2199c3e7b164fcc0536"})
    void md4MatchesRfc1320(String message, String digest) {
        assertEquals(digest, HexFormat.of().formatHex(Md4.digest(message.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void md4PadsAcrossBlockBoundaries() {
        // 55, 56 and 64 octets: the length field fits, spills into a second block, or follows a full block
        for (int n : new int[] {55, 56, 63, 64, 65, 119, 120}) {
            byte[] m = new byte[n];
            Arrays.fill(m, (byte) 'x');
            assertEquals(16, Md4.digest(m).length);
        }
    }

    /** 4.2.2: NTLMv1, flags 0xe2028233 (no extended session security, KEY_EXCH). */
    @Nested
    class NtlmV1 {
        static final int FLAGS = 0xe2028233;
        final byte[] nt = NtHash.fromPassword("Password").octets();

        @Test
        void ntowfv1SessionBaseKeyAndResponse() {
            assertArrayEquals(hex("a4f49c406510bdcab6824ee7c30fd852"), nt, "4.2.2.1.2 NTOWFv1");
            assertArrayEquals(hex("d87262b0cde4b1cb7499becccdf10784"), NtlmCrypto.md4(nt), "4.2.2.1.3 SessionBaseKey");
            assertArrayEquals(hex("67c43011f30298a2ad35ece64f16331c44bdbed927841f94"),
                    NtlmCrypto.desl(nt, SERVER_CHALLENGE), "4.2.2.2.1 NTLMv1 response");
        }

        @Test
        void encryptedSessionKey() {
            // 4.2.2.1.3: KeyExchangeKey = SessionBaseKey; 4.2.2.2.3: RC4K(KeyExchangeKey, RandomSessionKey)
            assertArrayEquals(hex("518822b1b3f350c8958682ecbb3e3cb7"),
                    NtlmCrypto.rc4k(hex("d87262b0cde4b1cb7499becccdf10784"), RANDOM_SESSION_KEY));
        }

        @Test
        void theAuthorityVerifiesTheExampleMessages() throws SecurityFailure {
            NtlmLogon who = AUTHORITY.logon(hex(CHALLENGE), hex(AUTHENTICATE));
            assertEquals("Server\\User", who.principal().qualifiedName());
            assertArrayEquals(hex("d87262b0cde4b1cb7499becccdf10784"), who.sessionBaseKey());
        }

        @Test
        void sealWithoutExtendedSessionSecurity() {
            // 4.2.2.4: one handle on SealKey = ExportedSessionKey; CRC32, RandomPad, SeqNum 0
            NtlmSessionSecurity client = NtlmSessionSecurity.forClient(FLAGS, RANDOM_SESSION_KEY);
            byte[] data = PLAINTEXT.clone();
            byte[] sig = new byte[16];
            client.sign(data, 0, data.length, 0, data.length, sig, 0);
            assertArrayEquals(hex("56fe04d861f9319af0d7238a2e3b4d457fb8"), data, "sealed data");
            assertEquals(0x93aa847d, NtlmCrypto.crc32(PLAINTEXT, 0, PLAINTEXT.length), "CRC32(Message) 7d84aa93");
            // the example's RandomPad (45c844e5) advances the key stream; MAC sends the field as zero (3.4.4.1)
            assertArrayEquals(hex("01000000 00000000 09dcd1df 2e459d36"), sig, "signature");
            NtlmSessionSecurity server = NtlmSessionSecurity.forServer(FLAGS, RANDOM_SESSION_KEY);
            byte[] keyStream = new byte[22];
            new NtlmCrypto.Rc4(RANDOM_SESSION_KEY).apply(keyStream, 0, 22);
            assertArrayEquals(hex("45c844e5"), Arrays.copyOfRange(keyStream, 18, 22), "RandomPad: RC4(Handle, 0)");
            assertVerifies(server, data, sig);
            assertArrayEquals(PLAINTEXT, data);
        }

        static final String CHALLENGE = "4e544c4d53535000020000000c000c00380000003382 02e20123456789abcdef"
                + "00000000000000000000000000000000060070170000000f5300650072007600"
                + "65007200";
        static final String AUTHENTICATE = "4e544c4d53535000030000001800180 06c00000018001800840000000c000c00"
                + "480000000800080054000000100010005c000000100010009c000000358280e2"
                + "0501280a0000000f44006f006d00610069006e00550073006500720043004f00"
                + "4d0050005500540045005200 98def7b87f88aa5dafe2df779688a172def11c7d"
                + "5ccdef1367c43011f30298a2ad35ece64f16331c44bdbed927841f94518822b1"
                + "b3f350c8958682ecbb3e3cb7";
    }

    /** 4.2.3: NTLMv1 with extended session security, flags 0x820a8233 (56-bit, no KEY_EXCH). */
    @Nested
    class NtlmV1WithClientChallenge {
        static final int FLAGS = 0x820a8233;

        @Test
        void responseAndKeyExchangeKey() {
            byte[] nt = NtHash.fromPassword("Password").octets();
            byte[] lm = new byte[24];
            System.arraycopy(CLIENT_CHALLENGE, 0, lm, 0, 8);
            assertArrayEquals(hex("7537f803ae367128ca458204bde7caf81e97ed2683267232"), NtlmCrypto.desl(nt,
                    Arrays.copyOf(NtlmCrypto.md5(SERVER_CHALLENGE, CLIENT_CHALLENGE), 8)), "4.2.3.2.2 NTLMv1 response");
            assertArrayEquals(hex("eb93429a8bd952f8b89c55b87f475edc"),
                    NtlmCrypto.hmacMd5(NtlmCrypto.md4(nt), SERVER_CHALLENGE, CLIENT_CHALLENGE), "4.2.3.1.2 KXKEY");
        }

        @Test
        void keysAndSeal() {
            byte[] exported = hex("eb93429a8bd952f8b89c55b87f475edc"); // no KEY_EXCH: ExportedSessionKey = KXKEY
            assertArrayEquals(hex("04dd7f014d8504d265a25cc86a3a7c06"), NtlmSessionSecurity.sealKey(FLAGS, exported, true));
            assertArrayEquals(hex("60e799be5c72fc92922ae8ebe961fb8d"), NtlmSessionSecurity.signKey(exported, true));
            NtlmSessionSecurity client = NtlmSessionSecurity.forClient(FLAGS, exported);
            byte[] data = PLAINTEXT.clone();
            byte[] sig = new byte[16];
            client.sign(data, 0, data.length, 0, data.length, sig, 0);
            assertArrayEquals(hex("a02372f6530273f3aa1eb90190ce5200c99d"), data, "4.2.3.4 sealed data");
            assertArrayEquals(hex("01000000ff2aeb52f681793a00000000"), sig, "4.2.3.4 signature");
            assertVerifies(NtlmSessionSecurity.forServer(FLAGS, exported), data, sig);
            assertArrayEquals(PLAINTEXT, data);
        }

        @Test
        void theAuthorityVerifiesTheExampleMessages() throws SecurityFailure {
            NtlmLogon who = AUTHORITY.logon(hex(CHALLENGE), hex(AUTHENTICATE));
            assertEquals("User", who.user());
            assertArrayEquals(hex("d87262b0cde4b1cb7499becccdf10784"), who.sessionBaseKey());
        }

        static final String CHALLENGE = "4e544c4d53535000020000000c000c003800000033820a820123456789abcdef"
                + "00000000000000000000000000000000060070170000000f530065007200760065007200";
        static final String AUTHENTICATE = "4e544c4d535350000300000018001800 6c00000018001800840000000c000c00"
                + "480000000800080054000000100010005c000000000000009c00000035820882"
                + "0501280a0000000f44006f006d00610069006e00550073006500720043004f00"
                + "4d00500055005400450052 00aaaaaaaaaaaaaaaa00000000000000000000000000000000"
                + "7537f803ae367128ca458204bde7caf81e97ed2683267232";
    }

    /** 4.2.4: NTLMv2, flags 0xe28a8233. */
    @Nested
    class NtlmV2 {
        static final int FLAGS = 0xe28a8233;

        @Test
        void ntowfv2ProofAndSessionBaseKey() {
            byte[] v2 = NtlmCrypto.ntowfv2(NtHash.fromPassword("Password").octets(), "User", "Domain");
            assertArrayEquals(hex("0c868a403bfd7a93a3001ef22ef02e3f"), v2, "4.2.4.1.1 NTOWFv2");
            byte[] temp = hex(TEMP);
            byte[] proof = NtlmCrypto.hmacMd5(v2, SERVER_CHALLENGE, temp);
            assertArrayEquals(hex("68cd0ab851e51c96aabc927bebef6a1c"), proof, "4.2.4.2.2 NTProofStr");
            assertArrayEquals(hex("8de40ccadbc14a82f15cb0ad0de95ca3"), NtlmCrypto.hmacMd5(v2, proof),
                    "4.2.4.1.2 SessionBaseKey");
            byte[] lmv2 = NtlmCrypto.hmacMd5(v2, SERVER_CHALLENGE, CLIENT_CHALLENGE);
            assertArrayEquals(hex("86c35097ac9cec102554764a57cccc19"), lmv2, "4.2.4.2.1 LMv2 response");
            assertArrayEquals(hex("c5dad2544fc9799094ce1ce90bc9d03e"),
                    NtlmCrypto.rc4k(hex("8de40ccadbc14a82f15cb0ad0de95ca3"), RANDOM_SESSION_KEY),
                    "4.2.4.2.3 encrypted session key");
        }

        @Test
        void keysAndSeal() {
            assertArrayEquals(hex("59f600973cc4960a25480a7c196e4c58"),
                    NtlmSessionSecurity.sealKey(FLAGS, RANDOM_SESSION_KEY, true));
            assertArrayEquals(hex("4788dc861b4782f35d43fd98fe1a2d39"), NtlmSessionSecurity.signKey(RANDOM_SESSION_KEY, true));
            NtlmSessionSecurity client = NtlmSessionSecurity.forClient(FLAGS, RANDOM_SESSION_KEY);
            byte[] data = PLAINTEXT.clone();
            byte[] sig = new byte[16];
            client.sign(data, 0, data.length, 0, data.length, sig, 0);
            assertArrayEquals(hex("54e50165bf1936dc996020c1811b0f06fb5f"), data, "4.2.4.4 sealed data");
            assertArrayEquals(hex("010000007fb38ec5c55d497600000000"), sig, "4.2.4.4 signature");
            assertVerifies(NtlmSessionSecurity.forServer(FLAGS, RANDOM_SESSION_KEY), data, sig);
            assertArrayEquals(PLAINTEXT, data);
        }

        @Test
        void theAuthorityVerifiesTheExampleMessages() throws SecurityFailure {
            NtlmLogon who = AUTHORITY.logon(hex(CHALLENGE), hex(AUTHENTICATE));
            assertArrayEquals(hex("8de40ccadbc14a82f15cb0ad0de95ca3"), who.sessionBaseKey());
        }

        @Test
        void theContextRecoversTheRandomSessionKey() throws SecurityFailure {
            NtlmSecurityProvider p = NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(NAMES, AUTHORITY)
                    .withChallenges(ChallengeSource.fixed(SERVER_CHALLENGE, 0)));
            NtlmServerContext ctx = p.newContext(AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY);
            byte[] negotiate = hex("4e544c4d5353500001000000358288e2");
            ctx.accept(negotiate);
            ctx.accept(hex(AUTHENTICATE));
            assertTrue(ctx.established());
            assertArrayEquals(RANDOM_SESSION_KEY, ctx.exportedSessionKey(), "RC4K(KXKEY, EncryptedRandomSessionKey)");
        }

        static final String TEMP = "0101000000000000000000000000 0000aaaaaaaaaaaaaaaa0000000002000c00"
                + "44006f006d00610069006e0001000c005300650072007600650072000000000000000000";
        static final String CHALLENGE = "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef"
                + "00000000000000002400240044000000060070170000000f5300650072007600"
                + "6500720002000c0044006f006d00610069006e0001000c005300650072007600650072000000 0000";
        static final String AUTHENTICATE = "4e544c4d535350000300000018001800"
                + "6c00000054005400840000000c000c00"
                + "48000000080008005400000010001000"
                + "5c00000010001000d8000000358288e2"
                + "0501280a0000000f44006f006d006100"
                + "69006e00550073006500720043004f00"
                + "4d005000550054004500520086c35097"
                + "ac9cec102554764a57cccc19aaaaaaaa"
                + "aaaaaaaa68cd0ab851e51c96aabc927b"
                + "ebef6a1c010100000000000000000000"
                + "00000000aaaaaaaaaaaaaaaa00000000"
                + "02000c0044006f006d00610069006e00"
                + "01000c00530065007200760065007200"
                + "0000000000000000c5dad2544fc97990"
                + "94ce1ce90bc9d03e";
    }

    static void assertVerifies(NtlmSessionSecurity receiver, byte[] data, byte[] sig) {
        try {
            receiver.check(data, 0, data.length, 0, data.length, sig, 0);
        } catch (SecurityFailure e) {
            throw new AssertionError("the example does not verify: " + e.getMessage(), e);
        }
    }
}
