package io.sessionmoniker.activation.dcom.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.ProtectedFragment;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays every captured run that authenticates through this package's acceptor: each NEGOTIATE gets a CHALLENGE
 * (with the captured server challenge and timestamp) that must equal the captured one octet for octet (but for the
 * VERSION field when VERSION is not negotiated, which the capturing server filled anyway); each AUTHENTICATE is
 * verified by {@link LocalNtlmAuthority} for alice/secret; then, in log order per context, each captured signed or
 * sealed request must verify and unseal to the captured clear stub, and each captured response's plaintext must
 * protect to exactly the captured PDU.
 */
class CaptureReplayTest {

    static final NtlmServerNames NAMES = NtlmServerNames.of("FAKEHOST", "FAKEDOM");
    static final NtlmCredentialStore ALICE = NtlmCredentialStore.of(Map.of("alice", NtHash.fromPassword("secret")));
    /** j-Interop sends the domain WORKGROUP when given none. */
    static final LocalNtlmAuthority AUTHORITY = LocalNtlmAuthority.create(NAMES, ALICE)
            .withAcceptedDomains(Set.of("WORKGROUP"));

    /** What a replay saw. */
    static final class Replay {
        final String run;
        final NtlmAuthority authority;
        final Map<String, NtlmServerContext> contexts = new HashMap<>();
        final Map<Integer, byte[]> pendingNegotiate = new HashMap<>();
        final List<SecurityFailure> refusals = new ArrayList<>();
        final List<String> principals = new ArrayList<>();
        int established;
        int verified;
        int unsealed;
        int matchedStubFiles;
        int protectedResponses;
        int maxContextsOnOneConnection;

        Replay(String run, NtlmAuthority authority) {
            this.run = run;
            this.authority = authority;
        }

        Replay run() throws SecurityFailure {
            List<CaptureLog.Block> blocks = CaptureLog.read(run);
            CaptureLog.Block lastRequest = null;
            byte[] plaintext = null;
            for (CaptureLog.Block b : blocks) {
                int c = b.connection();
                if ((b.received("bind") || b.received("alter_context")) && b.authLength() > 0) {
                    pendingNegotiate.put(c, b.token());
                } else if ((b.sent("bind_ack") || b.sent("alter_context_resp")) && b.authLength() > 0) {
                    challenge(b);
                } else if (b.received("auth3")) {
                    authenticate(b);
                } else if (b.received("request")) {
                    lastRequest = b.authLength() > 0 && b.authLevel() >= 5 ? request(b) : null;
                } else if (b.header().contains("decrypted stub") && lastRequest != null) {
                    // the capturing server's view of the clear stub and padding
                    assertArrayEquals(b.bytes(), Arrays.copyOfRange(lastRequest.bytes(), lastRequest.stubOffset(),
                            lastRequest.trailer() - lastRequest.padLength()),
                            run + ": the stub unseals to what the capturing server saw");
                } else if (b.header().contains("plaintext stub of that fragment")) {
                    plaintext = b.bytes();
                } else if (b.sent("response") && b.authLength() > 0 && b.authLevel() >= 5) {
                    response(b, plaintext);
                    plaintext = null;
                }
            }
            return this;
        }

        void challenge(CaptureLog.Block b) throws SecurityFailure {
            byte[] captured = b.token();
            byte[] serverChallenge = Arrays.copyOfRange(captured, 24, 32);
            long time = CaptureLog.pair(captured, AvPair.MSV_AV_TIMESTAMP).orElseThrow().number();
            boolean ess = NtlmFlags.has(NtlmCrypto.getInt(captured, 20), NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY)
                    || !NtlmFlags.has(NtlmCrypto.getInt(pendingNegotiate.get(b.connection()), 12),
                            NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY);
            NtlmSecurityProvider provider = NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(NAMES, authority)
                    .withChallenges(ChallengeSource.fixed(serverChallenge, time)).withExtendedSessionSecurity(ess));
            NtlmServerContext ctx = provider.newContext(b.authLevel());
            byte[] ours = ctx.accept(pendingNegotiate.remove(b.connection()));
            byte[] expected = captured.clone();
            if (!NtlmFlags.has(NtlmCrypto.getInt(captured, 20), NtlmFlags.NEGOTIATE_VERSION)) {
                Arrays.fill(expected, 48, 56, (byte) 0);
            }
            assertEquals(NtlmFlags.describe(NtlmCrypto.getInt(expected, 20)), NtlmFlags.describe(NtlmCrypto.getInt(ours, 20)),
                    run + ": CHALLENGE flags");
            assertArrayEquals(expected, ours, run + ": the CHALLENGE is the captured one");
            contexts.put(b.connection() + "/" + b.contextId(), ctx);
            long onConnection = contexts.keySet().stream().filter(k -> k.startsWith(b.connection() + "/")).count();
            maxContextsOnOneConnection = Math.max(maxContextsOnOneConnection, (int) onConnection);
        }

        void authenticate(CaptureLog.Block b) {
            NtlmServerContext ctx = contexts.get(b.connection() + "/" + b.contextId());
            assertNotNull(ctx, run + ": auth3 for a context with a CHALLENGE");
            try {
                ctx.accept(b.token());
                assertTrue(ctx.established());
                established++;
                principals.add(ctx.principal().orElseThrow().toString());
            } catch (SecurityFailure e) {
                refusals.add(e);
                assertFalse(ctx.established());
            }
        }

        CaptureLog.Block request(CaptureLog.Block b) throws SecurityFailure {
            NtlmServerContext ctx = contexts.get(b.connection() + "/" + b.contextId());
            if (ctx == null || !ctx.established()) {
                return null; // refused at auth3: the capturing server faulted these
            }
            byte[] copy = b.bytes().clone();
            ctx.verify(new ProtectedFragment(copy, copy.length, b.stubOffset(), b.trailer(), b.authLevel()));
            verified++;
            if (b.authLevel() == AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY) {
                unsealed++;
            }
            byte[] stub = Arrays.copyOfRange(copy, b.stubOffset(), b.trailer() - b.padLength());
            List<byte[]> files = CaptureLog.requestStubs(run, b.connection(), b.opnum());
            if (!files.isEmpty()) {
                assertTrue(files.stream().anyMatch(f -> Arrays.equals(f, stub)), run + ": the clear stub of a c"
                        + b.connection() + " opnum " + b.opnum() + " request is one of its stubs/*.req files");
                matchedStubFiles++;
            }
            return new CaptureLog.Block(b.connection(), b.header(), copy);
        }

        void response(CaptureLog.Block b, byte[] plaintext) {
            NtlmServerContext ctx = contexts.get(b.connection() + "/" + b.contextId());
            assertNotNull(ctx, run + ": a protected response on a known context");
            if (!ctx.established()) {
                return; // this replay refused what the capturing server accepted (anonymous)
            }
            assertNotNull(plaintext, run + ": the log has the response's plaintext");
            byte[] pdu = b.bytes().clone();
            Arrays.fill(pdu, b.stubOffset(), pdu.length, (byte) 0);
            System.arraycopy(plaintext, 0, pdu, b.stubOffset(), plaintext.length);
            System.arraycopy(b.bytes(), b.trailer(), pdu, b.trailer(), 8); // the sec_trailer is not protected
            ctx.protect(new ProtectedFragment(pdu, pdu.length, 24, b.trailer(), b.authLevel()));
            assertArrayEquals(b.bytes(), pdu, run + ": the protected response is the captured one");
            protectedResponses++;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"impacket-default", "impacket-hint2", "impacket-full-probe",
        "impacket-specialproperties-console", "impacket-specialproperties-session3", "impacket-unknownclsid",
        "jinterop208-default", "jinterop208-noess", "jinterop208-ntlmv2-sessionsecurity",
        "jinterop208-ping-after-4min", "jinterop208-sessionsecurity", "jinterop208-unknownclsid",
        "jinteropng340-default", "jinteropng340-sessionsecurity"})
    void everyCapturedContextAuthenticatesAndEveryProtectedPduReplays(String run) throws SecurityFailure {
        Replay r = new Replay(run, AUTHORITY).run();
        assertTrue(r.refusals.isEmpty(), () -> run + ": refused " + r.refusals.get(0).getMessage());
        assertTrue(r.established > 0, run);
        assertTrue(r.principals.stream().allMatch("FAKEHOST\\alice"::equals), r.principals::toString);
    }

    @Test
    void privacyWithNtlmV2AndKeyExchange() throws SecurityFailure {
        Replay r = new Replay("impacket-default", AUTHORITY).run();
        assertEquals(2, r.established);
        assertEquals(7, r.unsealed);
        assertEquals(7, r.matchedStubFiles);
        assertEquals(7, r.protectedResponses);
    }

    @Test
    void integrityOnTheExporterConnection() throws SecurityFailure {
        Replay r = new Replay("impacket-hint2", AUTHORITY).run();
        assertTrue(r.verified > r.unsealed, "INTEGRITY requests verified: " + (r.verified - r.unsealed));
        assertEquals(r.verified, r.protectedResponses);
    }

    @Test
    void severalContextsOnOneConnectionEachKeepTheirOwnKeysAndSequenceNumbers() throws SecurityFailure {
        Replay r = new Replay("impacket-full-probe", AUTHORITY).run();
        assertEquals(3, r.maxContextsOnOneConnection, "alter_context re-authenticates with 79232, then 79233");
        assertEquals(9, r.established);
        assertEquals(r.verified, r.protectedResponses);
        assertEquals(11, r.matchedStubFiles);
    }

    @Test
    void jInteropSessionSecurityWithNtlmV1AndExtendedSessionSecurity() throws SecurityFailure {
        for (String run : List.of("jinterop208-sessionsecurity", "jinteropng340-sessionsecurity",
                "jinterop208-ntlmv2-sessionsecurity")) {
            Replay r = new Replay(run, AUTHORITY).run();
            assertEquals(3, r.established, run);
            assertTrue(r.unsealed > 0 && r.unsealed == r.protectedResponses, run + ": " + r.unsealed);
            if (java.nio.file.Files.isDirectory(CaptureLog.dir(run).resolve("stubs"))) { // not every run kept them
                assertEquals(r.unsealed, r.matchedStubFiles, run);
            }
        }
    }

    @Test
    void plainNtlmV1WhenTheServerClearsExtendedSessionSecurity() throws SecurityFailure {
        Replay r = new Replay("jinterop208-noess", AUTHORITY).run();
        assertEquals(3, r.established);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"impacket-wrongpw", "jinterop208-wrongpw"})
    void aWrongPasswordIsRefused(String run) throws SecurityFailure {
        Replay r = new Replay(run, AUTHORITY).run();
        assertEquals(0, r.established);
        assertEquals(1, r.refusals.size());
        assertEquals(RpcStatus.WIN32_ACCESS_DENIED, r.refusals.get(0).status());
        assertTrue(r.refusals.get(0).getMessage().contains("does not verify"), r.refusals.get(0).getMessage());
    }

    @Test
    void anonymousIsRefusedByDefault() throws SecurityFailure {
        Replay r = new Replay("impacket-anonymous", AUTHORITY).run();
        assertEquals(0, r.established);
        assertEquals(2, r.refusals.size());
        assertTrue(r.refusals.get(0).getMessage().contains("anonymous"), r.refusals.get(0).getMessage());
    }

    @Test
    void anonymousWhenAllowedUsesTheAllZeroKeyExchangeKey() throws SecurityFailure {
        Replay r = new Replay("impacket-anonymous", AUTHORITY.withAnonymous(true)).run();
        assertEquals(2, r.established);
        assertEquals(List.of("anonymous", "anonymous"), r.principals);
        assertTrue(r.unsealed > 0 && r.unsealed == r.protectedResponses, "unsealed " + r.unsealed);
    }

    @Test
    void theAuthorityAloneAnswersFromTheCapturedMessages() throws SecurityFailure {
        List<CaptureLog.Block> blocks = CaptureLog.read("jinterop208-ntlmv2-sessionsecurity");
        byte[] challenge = blocks.stream().filter(b -> b.sent("bind_ack") && b.authLength() > 0).findFirst()
                .orElseThrow().token();
        byte[] authenticate = blocks.stream().filter(b -> b.received("auth3")).findFirst().orElseThrow().token();
        NtlmLogon who = AUTHORITY.logon(challenge, authenticate);
        assertEquals("FAKEHOST\\alice", who.principal().qualifiedName());
        assertEquals(16, who.sessionBaseKey().length);
        SecurityFailure refused = assertThrows(SecurityFailure.class,
                () -> LocalNtlmAuthority.create(NAMES, ALICE).logon(challenge, authenticate));
        assertTrue(refused.getMessage().contains("WORKGROUP"), refused.getMessage());
        SecurityFailure unknown = assertThrows(SecurityFailure.class, () -> LocalNtlmAuthority.create(NAMES,
                NtlmCredentialStore.of(Map.of("bob", NtHash.fromPassword("secret")))).withAcceptedDomains(
                        Set.of("workgroup")).logon(challenge, authenticate));
        assertTrue(unknown.getMessage().contains("not an account"), unknown.getMessage());
        if (who.isAnonymous()) {
            fail("alice is not anonymous");
        }
    }
}
