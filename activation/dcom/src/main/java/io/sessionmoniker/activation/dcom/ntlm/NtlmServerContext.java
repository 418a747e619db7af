package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.AuthenticatedPrincipal;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.Pdu;
import io.sessionmoniker.activation.orpc.rpc.ProtectedFragment;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import io.sessionmoniker.activation.orpc.rpc.ServerSecurityContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The acceptor's side of one NTLM security context (one {@code auth_context_id}): a small state machine,
 * NEGOTIATE → CHALLENGE → AUTHENTICATE → established, whose any other order, or any refusal, leaves it failed.
 *
 * <ol>
 *   <li>NEGOTIATE: the CHALLENGE's flags are the client's ∩ {@link NtlmFlags#OFFERED} (without
 *       EXTENDED_SESSIONSECURITY when the options clear it), plus TARGET_INFO and TARGET_TYPE_SERVER, plus OEM for a
 *       client without UNICODE; TargetName is the NetBIOS computer name (when REQUEST_TARGET); TargetInfo carries
 *       AvIds 2, 1, 4, 3 (the DNS pairs only when named) and 7, then EOL.</li>
 *   <li>AUTHENTICATE: the {@link NtlmAuthority} verifies it against the CHALLENGE sent; the negotiated flags are
 *       those both messages carry. KXKEY (3.4.5.1): the session base key for NTLMv2 and plain NTLMv1,
 *       HMAC_MD5(SessionBaseKey, ServerChallenge ‖ LmChallengeResponse[0..7]) for NTLMv1 with extended session
 *       security, 16 zero octets for anonymous (what Impacket uses). With KEY_EXCH and SIGN or SEAL the exported
 *       session key is RC4K(KXKEY, EncryptedRandomSessionKey), else KXKEY. When an NTLMv2 response's
 *       MsvAvFlags says a MIC is present, the MIC must equal HMAC_MD5(ExportedSessionKey, NEGOTIATE ‖ CHALLENGE ‖
 *       AUTHENTICATE with the MIC zeroed).</li>
 *   <li>Established: {@link #verify} and {@link #protect} per MS-NLMP 3.4 (see the session's rules: sequence
 *       numbers per direction from 0, signatures over the whole fragment through the sec_trailer).</li>
 * </ol>
 *
 * <p>Threads: {@link #accept} runs on the connection's reader thread; {@link #verify} runs there too, in arrival
 * order, and {@link #protect} under the connection's write lock, in send order, as {@link ServerSecurityContext}
 * promises; the inbound and outbound states have separate locks (one shared lock without extended session
 * security, whose two directions share a key stream), and the established state is published safely to both.
 */
public final class NtlmServerContext implements ServerSecurityContext {

    private static final System.Logger LOG = System.getLogger(NtlmServerContext.class.getName());

    private enum State { NEW, CHALLENGED, ESTABLISHED, FAILED }

    private final NtlmSecurityProvider.Options options;
    private final int level;
    private State state = State.NEW;
    private byte[] negotiate;
    private byte[] challenge;
    private int negotiated;
    private volatile Established established;

    /** What the exchange produced, published once. */
    private record Established(AuthenticatedPrincipal principal, int flags, NtlmSessionSecurity session,
            byte[] exportedSessionKey) {
    }

    NtlmServerContext(NtlmSecurityProvider.Options options, int level) {
        this.options = options;
        this.level = level;
    }

    /**
     * Returns the level the context was started at.
     *
     * @return the {@code auth_level}
     */
    public int level() {
        return level;
    }

    /**
     * Returns the flags the exchange settled on: those both the CHALLENGE and the AUTHENTICATE carry.
     *
     * @return the flags, present once established
     */
    public Optional<Integer> negotiatedFlags() {
        Established e = established;
        return e == null ? Optional.empty() : Optional.of(e.flags);
    }

    @Override
    public synchronized byte[] accept(byte[] token) throws SecurityFailure {
        try {
            switch (state) {
                case NEW:
                    return challenge(token);
                case CHALLENGED:
                    authenticate(token);
                    return new byte[0];
                default:
                    throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "an NTLM token arrived for a context that"
                            + " is " + (state == State.FAILED ? "failed" : "already established"));
            }
        } catch (SecurityFailure e) {
            state = State.FAILED;
            throw e;
        }
    }

    private byte[] challenge(byte[] token) throws SecurityFailure {
        NegotiateMessage n;
        try {
            n = NegotiateMessage.decode(token);
        } catch (SecurityFailure e) {
            throw new SecurityFailure(Pdu.BindNak.REASON_NOT_SPECIFIED, e.getMessage()
                    + (token.length >= 12 && NtlmCrypto.getInt(token, 8) == NtlmMessages.AUTHENTICATE
                            ? " (an AUTHENTICATE before any CHALLENGE: out of order)" : ""));
        }
        int offered = NtlmFlags.OFFERED;
        if (!options.extendedSessionSecurity()) {
            offered &= ~NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY;
        }
        int flags = (n.flags() & offered) | NtlmFlags.NEGOTIATE_TARGET_INFO | NtlmFlags.TARGET_TYPE_SERVER;
        if (!NtlmFlags.has(n.flags(), NtlmFlags.NEGOTIATE_UNICODE) && NtlmFlags.has(n.flags(), NtlmFlags.NEGOTIATE_OEM)) {
            flags |= NtlmFlags.NEGOTIATE_OEM;
        }
        NtlmServerNames names = options.names();
        List<AvPair> info = new ArrayList<>();
        info.add(AvPair.text(AvPair.MSV_AV_NB_DOMAIN_NAME, names.netbiosDomain()));
        info.add(AvPair.text(AvPair.MSV_AV_NB_COMPUTER_NAME, names.netbiosComputer()));
        if (!names.dnsDomain().isEmpty()) {
            info.add(AvPair.text(AvPair.MSV_AV_DNS_DOMAIN_NAME, names.dnsDomain()));
        }
        if (!names.dnsComputer().isEmpty()) {
            info.add(AvPair.text(AvPair.MSV_AV_DNS_COMPUTER_NAME, names.dnsComputer()));
        }
        info.add(AvPair.timestamp(options.challenges().filetime()));
        ChallengeMessage c = new ChallengeMessage(flags, Bytes.copyOf(options.challenges().serverChallenge()),
                NtlmFlags.has(flags, NtlmFlags.REQUEST_TARGET) ? names.netbiosComputer() : "", info,
                NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_VERSION) ? ChallengeMessage.SERVER_VERSION : Bytes.EMPTY);
        negotiate = token.clone();
        challenge = c.encode();
        state = State.CHALLENGED;
        return challenge.clone();
    }

    private void authenticate(byte[] token) throws SecurityFailure {
        AuthenticateMessage a = AuthenticateMessage.decode(token);
        NtlmLogon logon = options.authority().logon(challenge, token);
        int challengeFlags = NtlmCrypto.getInt(challenge, 20);
        int flags = challengeFlags & a.flags();
        ResponseKind kind = ResponseKind.of(a, flags);
        byte[] base = logon.sessionBaseKey();
        byte[] kxkey = switch (kind) {
            case ANONYMOUS -> new byte[16];
            case NTLMV1_ESS -> NtlmCrypto.hmacMd5(base, Arrays.copyOfRange(challenge, 24, 32),
                    a.lmResponse().slice(0, 8).toArray());
            case NTLMV1, NTLMV2 -> base;
        };
        byte[] exported;
        if (NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_KEY_EXCH)
                && (flags & (NtlmFlags.NEGOTIATE_SIGN | NtlmFlags.NEGOTIATE_SEAL)) != 0) {
            if (a.encryptedRandomSessionKey().length() != 16) {
                throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "KEY_EXCH is negotiated but the AUTHENTICATE"
                        + " carries no 16-octet EncryptedRandomSessionKey");
            }
            exported = NtlmCrypto.rc4k(kxkey, a.encryptedRandomSessionKey().toArray());
        } else {
            exported = kxkey;
        }
        if (kind == ResponseKind.NTLMV2) {
            checkMic(a, token, exported);
        }
        Arrays.fill(base, (byte) 0);
        established = new Established(logon.principal(), flags, NtlmSessionSecurity.forServer(flags, exported),
                exported);
        state = State.ESTABLISHED;
        LOG.log(System.Logger.Level.DEBUG, () -> "NTLM " + kind + " context established for " + logon.principal()
                + " with " + NtlmFlags.describe(flags));
    }

    /** MS-NLMP 3.2.5.1.2: with MsvAvFlags bit 0x2 the MIC must match. */
    private void checkMic(AuthenticateMessage a, byte[] token, byte[] exported) throws SecurityFailure {
        byte[] nt = a.ntResponse().toArray();
        List<AvPair> pairs = AvPair.decode(nt, 16 + 28, nt.length);
        long avFlags = AvPair.find(pairs, AvPair.MSV_AV_FLAGS).map(AvPair::number).orElse(0L);
        if ((avFlags & AvPair.FLAG_MIC_PRESENT) == 0) {
            return;
        }
        if (a.mic().isEmpty()) {
            throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "MsvAvFlags says the AUTHENTICATE carries a MIC"
                    + " but its payload leaves no room for one");
        }
        byte[] zeroed = token.clone();
        Arrays.fill(zeroed, AuthenticateMessage.MIC_OFFSET, AuthenticateMessage.MIC_OFFSET + AuthenticateMessage.MIC_LENGTH,
                (byte) 0);
        byte[] mic = NtlmCrypto.hmacMd5(exported, negotiate, challenge, zeroed);
        if (!NtlmCrypto.equal(Arrays.copyOf(mic, 16), a.mic().toArray())) {
            throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "the AUTHENTICATE's MIC does not verify");
        }
    }

    @Override
    public boolean established() {
        return established != null;
    }

    @Override
    public Optional<AuthenticatedPrincipal> principal() {
        Established e = established;
        return e == null ? Optional.empty() : Optional.of(e.principal);
    }

    @Override
    public int signatureLength() {
        return NtlmSessionSecurity.SIGNATURE_LENGTH;
    }

    @Override
    public void verify(ProtectedFragment fragment) throws SecurityFailure {
        Established e = established;
        if (e == null) {
            throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "the NTLM context is not established");
        }
        e.session.verify(fragment);
    }

    @Override
    public void protect(ProtectedFragment fragment) {
        Established e = established;
        if (e == null) {
            throw new IllegalStateException("the NTLM context is not established");
        }
        e.session.protect(fragment);
    }

    /** The exported session key, for tests that play the client's side. */
    byte[] exportedSessionKey() {
        return established.exportedSessionKey.clone();
    }

    @Override
    public String toString() {
        Established e = established;
        return "NtlmServerContext[level " + level + ", " + (e != null ? e.principal : state) + "]";
    }
}
