package io.sessionmoniker.activation.dcom.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Pdu;
import io.sessionmoniker.activation.orpc.rpc.ProtectedFragment;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The context's state machine, its CHALLENGE, and its session security against a client this test plays with the
 * package's own primitives (an NTLMv2 AUTHENTICATE with and without a MIC).
 */
class NtlmServerContextTest {

    static final byte[] CHALLENGE = NtlmVectorsTest.hex("0123456789abcdef");
    static final int PRIVACY = AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY;
    static final byte[] NEGOTIATE = NtlmVectorsTest.hex("4e544c4d5353500001000000358288e2");

    final NtlmSecurityProvider provider = NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(
            CaptureReplayTest.NAMES, CaptureReplayTest.AUTHORITY).withChallenges(ChallengeSource.fixed(CHALLENGE, 42)));

    /** An NTLMv2 AUTHENTICATE for alice/secret answering a CHALLENGE, with a MIC when asked. */
    static byte[] authenticate(byte[] negotiate, byte[] challengeMessage, byte[] exported, boolean mic,
            String password) throws SecurityFailure {
        ChallengeMessage c = ChallengeMessage.decode(challengeMessage);
        List<AvPair> pairs = new ArrayList<>(c.targetInfo());
        if (mic) {
            pairs.add(new AvPair(AvPair.MSV_AV_FLAGS, io.sessionmoniker.activation.orpc.rpc.Bytes.fromHex("02000000")));
        }
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        blob.writeBytes(NtlmVectorsTest.hex("0101000000000000 2a00000000000000 aaaaaaaaaaaaaaaa 00000000"));
        blob.writeBytes(AvPair.encode(pairs));
        blob.writeBytes(new byte[4]);
        byte[] v2 = NtlmCrypto.ntowfv2(NtHash.fromPassword(password).octets(), "alice", "");
        byte[] proof = NtlmCrypto.hmacMd5(v2, c.serverChallenge().toArray(), blob.toByteArray());
        byte[] nt = new byte[16 + blob.size()];
        System.arraycopy(proof, 0, nt, 0, 16);
        System.arraycopy(blob.toByteArray(), 0, nt, 16, blob.size());
        byte[] key = NtlmCrypto.rc4k(NtlmCrypto.hmacMd5(v2, proof), exported);
        byte[] user = "alice".getBytes(StandardCharsets.UTF_16LE);
        int at = 88;
        byte[] m = new byte[at + user.length + 24 + nt.length + 16];
        System.arraycopy(NtlmMessages.SIGNATURE, 0, m, 0, 8);
        NtlmCrypto.putInt(m, 8, 3);
        NtlmMessages.putField(m, 28, at, 0);
        NtlmMessages.putField(m, 36, at, user.length);
        System.arraycopy(user, 0, m, at, user.length);
        at += user.length;
        NtlmMessages.putField(m, 44, at, 0);
        NtlmMessages.putField(m, 12, at, 24);
        at += 24;
        NtlmMessages.putField(m, 20, at, nt.length);
        System.arraycopy(nt, 0, m, at, nt.length);
        at += nt.length;
        NtlmMessages.putField(m, 52, at, 16);
        System.arraycopy(key, 0, m, at, 16);
        NtlmCrypto.putInt(m, 60, c.flags() & ~NtlmFlags.TARGET_TYPE_SERVER);
        if (mic) {
            byte[] value = NtlmCrypto.hmacMd5(exported, negotiate, challengeMessage, m);
            System.arraycopy(value, 0, m, AuthenticateMessage.MIC_OFFSET, 16);
        }
        return m;
    }

    @Test
    void theChallengeEchoesWhatIsOfferedAndAnnouncesTheServer() throws SecurityFailure {
        NtlmServerContext ctx = provider.newContext(PRIVACY);
        ChallengeMessage c = ChallengeMessage.decode(ctx.accept(NEGOTIATE));
        assertEquals(NtlmFlags.describe(0xe28a8235), NtlmFlags.describe(c.flags()));
        assertEquals(ChallengeMessage.SERVER_VERSION, c.version());
        assertEquals(List.of(2, 1, 4, 3, 7), c.targetInfo().stream().map(AvPair::id).toList());
        assertEquals(42, c.targetInfo().get(4).number());
        assertFalse(ctx.established());

        NtlmServerContext plain = NtlmSecurityProvider.create(provider.options().withExtendedSessionSecurity(false))
                .newContext(PRIVACY);
        int flags = ChallengeMessage.decode(plain.accept(NEGOTIATE)).flags();
        assertFalse(NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY));
        int oem = ChallengeMessage.decode(provider.newContext(PRIVACY).accept(
                NtlmVectorsTest.hex("4e544c4d535350000100000006020000"))).flags();
        assertTrue(NtlmFlags.has(oem, NtlmFlags.NEGOTIATE_OEM) && !NtlmFlags.has(oem, NtlmFlags.NEGOTIATE_UNICODE));
    }

    @Test
    void legsOutOfOrderFailTheContext() throws SecurityFailure {
        NtlmServerContext first = provider.newContext(PRIVACY);
        SecurityFailure f = assertThrows(SecurityFailure.class, () -> first.accept(NtlmVectorsTest.hex(
                NtlmVectorsTest.NtlmV2.AUTHENTICATE)));
        assertEquals(Pdu.BindNak.REASON_NOT_SPECIFIED, f.status());
        assertTrue(f.getMessage().contains("out of order"), f.getMessage());
        assertThrows(SecurityFailure.class, () -> first.accept(NEGOTIATE), "a failed context stays failed");

        NtlmServerContext twice = provider.newContext(PRIVACY);
        twice.accept(NEGOTIATE);
        assertThrows(SecurityFailure.class, () -> twice.accept(NEGOTIATE));
        assertThrows(SecurityFailure.class, () -> provider.newContext(AuthVerifier.RPC_C_AUTHN_LEVEL_NONE));
    }

    @Test
    void aMicIsCheckedWhenTheClientSaysItSentOne() throws SecurityFailure {
        byte[] exported = NtlmVectorsTest.hex("00112233445566778899aabbccddeeff");
        NtlmServerContext ok = provider.newContext(PRIVACY);
        byte[] challenge = ok.accept(NEGOTIATE);
        ok.accept(authenticate(NEGOTIATE, challenge, exported, true, "secret"));
        assertTrue(ok.established());
        assertArrayEquals(exported, ok.exportedSessionKey());
        assertEquals("FAKEHOST\\alice", ok.principal().orElseThrow().qualifiedName());

        NtlmServerContext bad = provider.newContext(PRIVACY);
        byte[] m = authenticate(NEGOTIATE, bad.accept(NEGOTIATE), exported, true, "secret");
        m[AuthenticateMessage.MIC_OFFSET] ^= 1;
        SecurityFailure f = assertThrows(SecurityFailure.class, () -> bad.accept(m));
        assertTrue(f.getMessage().contains("MIC"), f.getMessage());
        assertFalse(bad.established());

        NtlmServerContext wrong = provider.newContext(PRIVACY);
        byte[] w = authenticate(NEGOTIATE, wrong.accept(NEGOTIATE), exported, false, "Secret");
        assertThrows(SecurityFailure.class, () -> wrong.accept(w));
    }

    @Test
    void signaturesVerifyInOrderAndTamperingOrReplayIsRefused() throws SecurityFailure {
        byte[] exported = NtlmVectorsTest.hex("00112233445566778899aabbccddeeff");
        NtlmServerContext ctx = provider.newContext(PRIVACY);
        ctx.accept(authenticate(NEGOTIATE, ctx.accept(NEGOTIATE), exported, false, "secret"));
        NtlmSessionSecurity client = NtlmSessionSecurity.forClient(ctx.negotiatedFlags().orElseThrow(), exported);
        byte[] clear = fragment(48);
        byte[] first = clear.clone();
        client.protect(layout(first, PRIVACY));
        assertFalse(Arrays.equals(clear, first), "sealed");
        byte[] replay = first.clone();
        ctx.verify(layout(first, PRIVACY));
        assertArrayEquals(body(clear), body(first), "unsealed in place");

        assertThrows(SecurityFailure.class, () -> ctx.verify(layout(replay.clone(), PRIVACY)), "sequence number 0 again");

        NtlmServerContext fresh = provider.newContext(AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY);
        fresh.accept(authenticate(NEGOTIATE, fresh.accept(NEGOTIATE), exported, false, "secret"));
        NtlmSessionSecurity c2 = NtlmSessionSecurity.forClient(fresh.negotiatedFlags().orElseThrow(), exported);
        byte[] signed = clear.clone();
        c2.protect(layout(signed, AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY));
        signed[30] ^= 1;
        SecurityFailure f = assertThrows(SecurityFailure.class,
                () -> fresh.verify(layout(signed, AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY)));
        assertTrue(f.getMessage().contains("does not verify"), f.getMessage());

        // the server's responses verify on the client's side, in order
        byte[] out = clear.clone();
        ctx.protect(layout(out, PRIVACY));
        client.verify(layout(out, PRIVACY));
        assertArrayEquals(body(clear), body(out));
    }

    @Test
    void withoutExtendedSessionSecurityOneKeyStreamServesBothDirections() throws SecurityFailure {
        int flags = NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.NEGOTIATE_NTLM | NtlmFlags.NEGOTIATE_SIGN
                | NtlmFlags.NEGOTIATE_SEAL | NtlmFlags.NEGOTIATE_KEY_EXCH | NtlmFlags.NEGOTIATE_128;
        byte[] key = NtlmVectorsTest.hex("00112233445566778899aabbccddeeff");
        NtlmSessionSecurity server = NtlmSessionSecurity.forServer(flags, key);
        NtlmSessionSecurity client = NtlmSessionSecurity.forClient(flags, key);
        byte[] clear = fragment(40);
        for (int i = 0; i < 3; i++) {
            byte[] request = clear.clone();
            client.protect(layout(request, PRIVACY));
            server.verify(layout(request, PRIVACY));
            assertArrayEquals(body(clear), body(request));
            byte[] response = clear.clone();
            server.protect(layout(response, PRIVACY));
            assertEquals(0, NtlmCrypto.getInt(response, response.length - 12), "RandomPad is sent as zero");
            client.verify(layout(response, PRIVACY));
            assertArrayEquals(body(clear), body(response));
        }
    }

    @Test
    void theAuthorityWithAnAccountStoreThatHasNoSuchUser() {
        LocalNtlmAuthority nobody = LocalNtlmAuthority.create(CaptureReplayTest.NAMES, NtlmCredentialStore.of(Map.of()));
        assertTrue(nobody.toString().contains("anonymous refused"));
    }

    /** A request fragment of 24 header octets, a stub, an 8-octet sec_trailer and a zero 16-octet token. */
    static byte[] fragment(int stub) {
        byte[] b = new byte[24 + stub + 8 + 16];
        b[0] = 5;
        NtlmCrypto.putShort(b, 8, b.length);
        NtlmCrypto.putShort(b, 10, 16);
        for (int i = 24; i < 24 + stub; i++) {
            b[i] = (byte) i;
        }
        b[24 + stub] = 10;
        b[24 + stub + 1] = 6;
        return b;
    }

    /** The fragment without its token. */
    static byte[] body(byte[] b) {
        return Arrays.copyOf(b, b.length - 16);
    }

    static ProtectedFragment layout(byte[] b, int level) {
        return new ProtectedFragment(b, b.length, 24, b.length - 24, level);
    }
}
