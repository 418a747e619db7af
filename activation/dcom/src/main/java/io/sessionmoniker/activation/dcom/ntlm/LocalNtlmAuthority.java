package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link NtlmAuthority} that verifies against local accounts, as a stand-alone Windows server does (MS-NLMP
 * 3.2.5.1.2 and 3.3): NTLMv2, NTLMv1 with extended session security (the "NTLM2 session response"), plain NTLMv1,
 * and anonymous when allowed. Immutable and thread-safe.
 *
 * <ul>
 *   <li><b>Domains.</b> The DomainName the client sent must be empty, {@code "."}, the server's NetBIOS computer
 *       name or its NetBIOS domain name, or one added with {@link #withAcceptedDomains(Collection)}, compared
 *       case-insensitively (j-Interop sends {@code WORKGROUP} when given no domain: add it to serve j-Interop
 *       clients). The principal's domain is always the server's NetBIOS computer name, since the accounts are the
 *       server's own.</li>
 *   <li><b>NTLMv2.</b> NTProofStr = HMAC_MD5(NTOWFv2(UPPER(user) ‖ domain as sent), ServerChallenge ‖ blob as
 *       received); if that fails and a domain was sent, it is retried with an empty domain, as 3.2.5.1.2 retries
 *       with a NIL domain. A matching LMv2 response alone is <em>not</em> accepted: only NTProofStr covers the
 *       blob (its MsvAvFlags, target name and timestamp), so accepting the LM response would let the blob be
 *       altered. The blob's timestamp is not checked against a window: this server issued the challenge, it is
 *       random and used by one context only, so a replayed response cannot verify; MS-NLMP leaves any lifetime
 *       limit to the implementation (MaxLifetime, 3.1.1.1).</li>
 *   <li><b>NTLMv1.</b> Only the NT response is checked (the store holds NT hashes, never LM hashes).</li>
 *   <li><b>Anonymous</b> (no user, no NT response, LM empty or one zero octet) is refused unless
 *       {@link #withAnonymous(boolean)} allows it.</li>
 * </ul>
 *
 * <pre>{@code
 * NtlmAuthority a = LocalNtlmAuthority.create(NtlmServerNames.of("HOST", "WORKGROUP"),
 *         NtlmCredentialStore.of(Map.of("alice", NtHash.fromPassword("secret"))));
 * NtlmLogon who = a.logon(challengeMessage, authenticateMessage);   // HOST\alice
 * }</pre>
 */
public final class LocalNtlmAuthority implements NtlmAuthority {

    private static final System.Logger LOG = System.getLogger(LocalNtlmAuthority.class.getName());

    private final NtlmServerNames names;
    private final NtlmCredentialStore store;
    private final Set<String> domains;
    private final boolean anonymous;

    private LocalNtlmAuthority(NtlmServerNames names, NtlmCredentialStore store, Set<String> domains,
            boolean anonymous) {
        this.names = names;
        this.store = store;
        this.domains = Set.copyOf(domains);
        this.anonymous = anonymous;
    }

    /**
     * Makes an authority that accepts the default domain names and refuses anonymous logons.
     *
     * @param names the server's names
     * @param store the accounts
     * @return the authority
     */
    public static LocalNtlmAuthority create(NtlmServerNames names, NtlmCredentialStore store) {
        Set<String> d = new LinkedHashSet<>();
        for (String s : new String[] {"", ".", names.netbiosComputer(), names.netbiosDomain()}) {
            d.add(fold(s));
        }
        return new LocalNtlmAuthority(names, Objects.requireNonNull(store, "store"), d, false);
    }

    /**
     * Returns a copy that also accepts these domain names.
     *
     * @param more the names
     * @return the copy
     */
    public LocalNtlmAuthority withAcceptedDomains(Collection<String> more) {
        Set<String> d = new LinkedHashSet<>(domains);
        for (String s : more) {
            d.add(fold(s));
        }
        return new LocalNtlmAuthority(names, store, d, anonymous);
    }

    /**
     * Returns a copy that allows or refuses anonymous logons.
     *
     * @param allowed true to answer anonymous AUTHENTICATEs with {@link NtlmLogon#anonymous()}
     * @return the copy
     */
    public LocalNtlmAuthority withAnonymous(boolean allowed) {
        return new LocalNtlmAuthority(names, store, domains, allowed);
    }

    @Override
    public NtlmLogon logon(byte[] challengeMessage, byte[] authenticateMessage) throws SecurityFailure {
        ChallengeMessage c = ChallengeMessage.decode(challengeMessage);
        AuthenticateMessage a = AuthenticateMessage.decode(authenticateMessage);
        int negotiated = c.flags() & a.flags();
        ResponseKind kind = ResponseKind.of(a, negotiated);
        if (kind == ResponseKind.ANONYMOUS) {
            if (!anonymous) {
                throw denied("anonymous NTLM logons are not allowed");
            }
            return NtlmLogon.anonymous();
        }
        if (!domains.contains(fold(a.domain()))) {
            throw denied("\"" + a.domain() + "\\" + a.user() + "\": the domain is not this server's (accepted: "
                    + domains + ")");
        }
        Optional<NtlmAccount> found = store.find(a.user());
        if (found.isEmpty()) {
            throw denied("\"" + a.user() + "\" is not an account of this server");
        }
        NtlmAccount account = found.get();
        byte[] nt = account.hash().unsafeOctets();
        byte[] challenge = c.serverChallenge().toArray();
        byte[] key = switch (kind) {
            case NTLMV1 -> ntlmv1(nt, challenge, a);
            case NTLMV1_ESS -> ntlmv1(nt, Arrays.copyOf(NtlmCrypto.md5(challenge,
                    a.lmResponse().slice(0, 8).toArray()), 8), a);
            case NTLMV2 -> ntlmv2(nt, challenge, a);
            case ANONYMOUS -> throw new AssertionError();
        };
        if (key == null) {
            throw denied("the " + kind + " response of \"" + a.domain() + "\\" + a.user()
                    + "\" does not verify (wrong password)");
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "NTLM " + kind + " logon of " + account.name() + " from "
                + a.workstation());
        return NtlmLogon.of(names.netbiosComputer(), account.name(), key);
    }

    /** DESL(NTOWFv1, challenge); SessionBaseKey = MD4(NTOWFv1). */
    private static byte[] ntlmv1(byte[] nt, byte[] challenge, AuthenticateMessage a) {
        byte[] expected = NtlmCrypto.desl(nt, challenge);
        return NtlmCrypto.equal(expected, a.ntResponse().toArray()) ? NtlmCrypto.md4(nt) : null;
    }

    /** NTProofStr over challenge ‖ blob; SessionBaseKey = HMAC_MD5(NTOWFv2, NTProofStr). */
    private static byte[] ntlmv2(byte[] nt, byte[] challenge, AuthenticateMessage a) throws SecurityFailure {
        byte[] response = a.ntResponse().toArray();
        if (response[16] != 1 || response[17] != 1) {
            throw NtlmMessages.malformed("the NTLMv2_CLIENT_CHALLENGE has RespType " + response[16]
                    + " and HiRespType " + response[17] + ", not 1 and 1");
        }
        byte[] proof = Arrays.copyOf(response, 16);
        byte[] blob = Arrays.copyOfRange(response, 16, response.length);
        for (String domain : a.domain().isEmpty() ? new String[] {""} : new String[] {a.domain(), ""}) {
            byte[] v2 = NtlmCrypto.ntowfv2(nt, a.user(), domain);
            if (NtlmCrypto.equal(NtlmCrypto.hmacMd5(v2, challenge, blob), proof)) {
                return NtlmCrypto.hmacMd5(v2, proof);
            }
        }
        return null;
    }

    private static SecurityFailure denied(String why) {
        return new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "NTLM logon refused: " + why);
    }

    private static String fold(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "LocalNtlmAuthority[" + names.netbiosComputer() + ", domains " + domains + ", anonymous "
                + (anonymous ? "allowed" : "refused") + "]";
    }
}
