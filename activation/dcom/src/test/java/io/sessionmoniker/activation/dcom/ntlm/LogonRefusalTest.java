package io.sessionmoniker.activation.dcom.ntlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the acceptor refuses of an otherwise well-formed three-leg exchange, played between our own initiator and
 * acceptor in one process: a domain that is not the server's, a right LMv2 response beside a wrong NTLMv2 proof, and
 * an AUTHENTICATE that carries only an LM response.
 * Each refusal is ERROR_ACCESS_DENIED, the context never becomes established, and it names what was wrong.
 */
class LogonRefusalTest {

    static final int PRIVACY = AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY;

    static NtlmSecurityProvider provider(LocalNtlmAuthority authority) {
        return NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(CaptureReplayTest.NAMES, authority));
    }

    /** NEGOTIATE and CHALLENGE between a fresh client and server context; returns the client's AUTHENTICATE. */
    static byte[] authenticate(NtlmClientContext client, NtlmServerContext server) throws SecurityFailure {
        byte[] challenge = server.accept(client.initialToken());
        return client.accept(challenge);
    }

    static NtlmClientContext client(String domain) {
        return client(domain, NtlmClientSecurity.Options.DEFAULT);
    }

    static NtlmClientContext client(String domain, NtlmClientSecurity.Options options) {
        return NtlmClientSecurity.of(NtlmCredentials.of(domain, "alice", NtHash.fromPassword("secret")), PRIVACY,
                options).newContext();
    }

    @Test
    void aDomainThatIsNotTheServersIsRefusedWithTheRightPassword() throws SecurityFailure {
        NtlmServerContext server = provider(CaptureReplayTest.AUTHORITY).newContext(PRIVACY);
        byte[] auth = authenticate(client("OTHER"), server);
        SecurityFailure refused = assertThrows(SecurityFailure.class, () -> server.accept(auth));
        assertEquals(RpcStatus.WIN32_ACCESS_DENIED, refused.status());
        assertTrue(refused.getMessage().contains("OTHER\\alice"), refused.getMessage());
        assertTrue(refused.getMessage().contains("not this server's"), refused.getMessage());
        assertFalse(server.established());
        assertTrue(server.principal().isEmpty());
    }

    @Test
    void theSameDomainIsAcceptedOnceTheAuthorityIsToldOfIt() throws SecurityFailure {
        NtlmServerContext server = provider(CaptureReplayTest.AUTHORITY.withAcceptedDomains(Set.of("other")))
                .newContext(PRIVACY);
        NtlmClientContext client = client("OTHER");
        server.accept(authenticate(client, server));
        assertTrue(server.established());
        assertTrue(server.principal().orElseThrow().toString().contains("alice"), server.principal().toString());
    }

    @Test
    void theServersOwnNamesAndNoDomainAreAccepted() throws SecurityFailure {
        for (String domain : new String[] {"", ".", "FAKEHOST", "fakedom", "WORKGROUP"}) {
            NtlmServerContext server = provider(CaptureReplayTest.AUTHORITY).newContext(PRIVACY);
            server.accept(authenticate(client(domain), server));
            assertTrue(server.established(), domain);
        }
    }

    @Test
    void anAuthenticateWithOnlyAnLmResponseIsRefused() throws SecurityFailure {
        NtlmServerContext server = provider(CaptureReplayTest.AUTHORITY).newContext(PRIVACY);
        byte[] auth = authenticate(client(""), server);
        // NtChallengeResponseFields (MS-NLMP 2.2.1.3, offset 20): Len and MaxLen set to 0, the LM response kept.
        assertTrue(NtlmCrypto.getShort(auth, 12) > 0, "the client sent an LM response");
        auth[20] = 0;
        auth[21] = 0;
        auth[22] = 0;
        auth[23] = 0;
        SecurityFailure refused = assertThrows(SecurityFailure.class, () -> server.accept(auth));
        assertEquals(RpcStatus.WIN32_ACCESS_DENIED, refused.status());
        assertTrue(refused.getMessage().contains("LM-only"), refused.getMessage());
        assertFalse(server.established());
    }

    @Test
    void aRightLmv2ResponseDoesNotStandInForAWrongNtlmv2Proof() throws SecurityFailure {
        NtlmServerContext server = provider(CaptureReplayTest.AUTHORITY).newContext(PRIVACY);
        // the LMv2 response is sent even though the CHALLENGE carries a timestamp, as Impacket sends it
        byte[] auth = authenticate(client("", NtlmClientSecurity.Options.DEFAULT.withLmResponseWithTimestamp(true)),
                server);
        assertEquals(24, NtlmCrypto.getShort(auth, 12));
        int nt = NtlmCrypto.getInt(auth, 24);
        auth[nt] ^= 0x01; // the first octet of NTProofStr
        SecurityFailure refused = assertThrows(SecurityFailure.class, () -> server.accept(auth));
        assertEquals(RpcStatus.WIN32_ACCESS_DENIED, refused.status());
        assertTrue(refused.getMessage().contains("does not verify"), refused.getMessage());
        assertFalse(server.established());
    }
}
