package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.ClientSecurityContext;
import io.sessionmoniker.activation.orpc.rpc.ProtectedFragment;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The initiator's side of one NTLM security context: NEGOTIATE, then CHALLENGE → AUTHENTICATE with an NTLMv2
 * response (MS-NLMP 3.1.5.1, 3.3.2), then the session security of 3.4 from the client's side (client-to-server keys
 * for what it sends, server-to-client keys for what it receives, each direction's sequence numbers from 0).
 *
 * <ol>
 *   <li>NEGOTIATE: {@link #NEGOTIATE_FLAGS} (Impacket's {@code 0xE0888235}), plus VERSION when the options give one;
 *       no domain or workstation.</li>
 *   <li>CHALLENGE: it must choose UNICODE; at PKT_INTEGRITY it must keep SIGN, at PKT_PRIVACY SEAL too, and at either
 *       128-bit keys (the client requires 128-bit encryption, as ClientRequire128bitEncryption does). The
 *       AUTHENTICATE's flags are the NEGOTIATE's less the capabilities the CHALLENGE dropped (SIGN, SEAL, ALWAYS_SIGN,
 *       ESS, TARGET_INFO, 128, 56, KEY_EXCH, VERSION, NTLM); REQUEST_TARGET, a request rather than a capability, is
 *       kept, as the MS-NLMP 4.2.4 example keeps it.</li>
 *   <li>The NTLMv2 response: the blob's time is the CHALLENGE's {@code MsvAvTimestamp} (else the entropy source's
 *       clock), its AV pairs the CHALLENGE's TargetInfo in order, then {@code MsvAvFlags} with the MIC bit (when a
 *       MIC is sent; set in place when the server sent the pair), then {@code MsvAvTargetName} (when the options name
 *       a service class; replaced in place when present), then EOL and four zero octets. NTProofStr =
 *       HMAC_MD5(NTOWFv2(UPPER(user) ‖ domain), ServerChallenge ‖ blob); KXKEY = the session base key =
 *       HMAC_MD5(NTOWFv2, NTProofStr); with KEY_EXCH the exported key is the entropy's random key, sent as
 *       RC4K(KXKEY, key). LmChallengeResponse: LMv2 without a timestamp, Z(24) with one (unless the options ask for
 *       LMv2, as Impacket sends it).</li>
 *   <li>The MIC (when the CHALLENGE carries {@code MsvAvTimestamp} and the options keep it): HMAC_MD5(
 *       ExportedSessionKey, NEGOTIATE ‖ CHALLENGE ‖ AUTHENTICATE with the MIC zeroed), in an 88-octet fixed part
 *       whose VERSION field is zero when VERSION is not negotiated.</li>
 * </ol>
 *
 * <p>Threads: {@link #initialToken} and {@link #accept} are synchronized; once established, {@link #protect} and
 * {@link #verify} use separate per-direction locks, so a writer and a reader may run at once, each in wire order, as
 * {@link ClientSecurityContext} promises. Secrets (the hash, the keys) never reach {@link #toString()} or a log.
 *
 * <pre>{@code
 * NtlmClientContext ctx = NtlmClientSecurity.of(credentials, AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY).newContext();
 * byte[] negotiate = ctx.initialToken();
 * byte[] authenticate = ctx.accept(challenge);
 * ctx.negotiatedFlags();   // Optional[0xe0888235]
 * }</pre>
 */
public final class NtlmClientContext implements ClientSecurityContext {

    /**
     * The flags of the NEGOTIATE: UNICODE, REQUEST_TARGET, SIGN, SEAL, NTLM, ALWAYS_SIGN, EXTENDED_SESSIONSECURITY,
     * TARGET_INFO, 128, KEY_EXCH, 56 ({@code 0xE0888235}, what Impacket sends).
     */
    public static final int NEGOTIATE_FLAGS = NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.REQUEST_TARGET
            | NtlmFlags.NEGOTIATE_SIGN | NtlmFlags.NEGOTIATE_SEAL | NtlmFlags.NEGOTIATE_NTLM
            | NtlmFlags.NEGOTIATE_ALWAYS_SIGN | NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY
            | NtlmFlags.NEGOTIATE_TARGET_INFO | NtlmFlags.NEGOTIATE_128 | NtlmFlags.NEGOTIATE_KEY_EXCH
            | NtlmFlags.NEGOTIATE_56;

    /** The capabilities a CHALLENGE may drop, which the AUTHENTICATE then drops too. */
    static final int CAPABILITIES = NtlmFlags.NEGOTIATE_SIGN | NtlmFlags.NEGOTIATE_SEAL
            | NtlmFlags.NEGOTIATE_ALWAYS_SIGN | NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY
            | NtlmFlags.NEGOTIATE_TARGET_INFO | NtlmFlags.NEGOTIATE_128 | NtlmFlags.NEGOTIATE_56
            | NtlmFlags.NEGOTIATE_KEY_EXCH | NtlmFlags.NEGOTIATE_VERSION | NtlmFlags.NEGOTIATE_NTLM;

    private enum State { NEW, NEGOTIATED, ESTABLISHED, FAILED }

    private final NtlmCredentials credentials;
    private final int level;
    private final NtlmClientSecurity.Options options;
    private State state = State.NEW;
    private byte[] negotiate;
    private volatile Established established;

    /** What the exchange produced, published once. */
    private record Established(int flags, NtlmSessionSecurity session, byte[] exportedSessionKey) {
    }

    NtlmClientContext(NtlmCredentials credentials, int level, NtlmClientSecurity.Options options) {
        this.credentials = credentials;
        this.level = level;
        this.options = options;
    }

    /**
     * Returns the level the context is negotiated for.
     *
     * @return the {@code auth_level}
     */
    public int level() {
        return level;
    }

    /**
     * Returns the flags the AUTHENTICATE carried, which both sides then use.
     *
     * @return the flags, present once established
     */
    public Optional<Integer> negotiatedFlags() {
        Established e = established;
        return e == null ? Optional.empty() : Optional.of(e.flags);
    }

    @Override
    public synchronized byte[] initialToken() {
        if (state != State.NEW) {
            throw new IllegalStateException("the NEGOTIATE was already made (state " + state + ")");
        }
        int flags = NEGOTIATE_FLAGS | (options.version().isEmpty() ? 0 : NtlmFlags.NEGOTIATE_VERSION);
        negotiate = new NegotiateMessage(flags, "", "", options.version()).encode();
        state = State.NEGOTIATED;
        return negotiate.clone();
    }

    @Override
    public synchronized byte[] accept(byte[] serverToken) throws SecurityFailure {
        if (state != State.NEGOTIATED) {
            String when = state == State.NEW ? "before the NEGOTIATE was made" : "after the exchange was over";
            state = State.FAILED;
            throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "an NTLM CHALLENGE arrived " + when);
        }
        try {
            return authenticate(serverToken.clone());
        } catch (SecurityFailure | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    private byte[] authenticate(byte[] token) throws SecurityFailure {
        ChallengeMessage c = ChallengeMessage.decode(token);
        int offered = NtlmCrypto.getInt(negotiate, 12);
        int flags = offered & ~(CAPABILITIES & ~c.flags());
        require(c.flags(), NtlmFlags.NEGOTIATE_UNICODE, "UNICODE (this client writes Unicode only)");
        if (level >= AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY) {
            require(c.flags(), NtlmFlags.NEGOTIATE_SIGN, "SIGN, which PKT_INTEGRITY needs");
            require(c.flags(), NtlmFlags.NEGOTIATE_128, "128-bit keys");
        }
        if (level >= AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY) {
            require(c.flags(), NtlmFlags.NEGOTIATE_SEAL, "SEAL, which PKT_PRIVACY needs");
        }
        byte[] serverChallenge = c.serverChallenge().toArray();
        Optional<AvPair> timestamp = AvPair.find(c.targetInfo(), AvPair.MSV_AV_TIMESTAMP);
        boolean mic = options.mic() && timestamp.isPresent();
        long time = timestamp.map(AvPair::number).orElseGet(() -> options.entropy().filetime());
        byte[] clientChallenge = options.entropy().clientChallenge();

        List<AvPair> pairs = new ArrayList<>(c.targetInfo());
        if (mic) {
            set(pairs, flagsPair(pairs));
        }
        if (!options.spnServiceClass().isEmpty() && !c.targetInfo().isEmpty()) {
            String host = AvPair.find(c.targetInfo(), AvPair.MSV_AV_NB_COMPUTER_NAME).map(AvPair::text)
                    .orElse(c.targetName());
            set(pairs, AvPair.text(AvPair.MSV_AV_TARGET_NAME, options.spnServiceClass() + "/" + host));
        }
        byte[] info = AvPair.encode(pairs);
        byte[] blob = new byte[28 + info.length + 4];
        blob[0] = 1;
        blob[1] = 1;
        NtlmCrypto.putInt(blob, 8, (int) time);
        NtlmCrypto.putInt(blob, 12, (int) (time >>> 32));
        System.arraycopy(clientChallenge, 0, blob, 16, 8);
        System.arraycopy(info, 0, blob, 28, info.length);

        byte[] v2 = NtlmCrypto.ntowfv2(credentials.hash().unsafeOctets(), credentials.user(), credentials.domain());
        byte[] proof = NtlmCrypto.hmacMd5(v2, serverChallenge, blob);
        byte[] nt = new byte[16 + blob.length];
        System.arraycopy(proof, 0, nt, 0, 16);
        System.arraycopy(blob, 0, nt, 16, blob.length);
        byte[] lm = new byte[24];
        if (timestamp.isEmpty() || options.lmResponseWithTimestamp()) {
            System.arraycopy(NtlmCrypto.hmacMd5(v2, serverChallenge, clientChallenge), 0, lm, 0, 16);
            System.arraycopy(clientChallenge, 0, lm, 16, 8);
        }
        byte[] kxkey = NtlmCrypto.hmacMd5(v2, proof); // NTLMv2: KXKEY is the session base key (3.4.5.1)
        Arrays.fill(v2, (byte) 0);
        byte[] exported;
        Bytes encrypted;
        if (NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_KEY_EXCH)
                && (flags & (NtlmFlags.NEGOTIATE_SIGN | NtlmFlags.NEGOTIATE_SEAL)) != 0) {
            exported = options.entropy().randomSessionKey();
            encrypted = Bytes.copyOf(NtlmCrypto.rc4k(kxkey, exported));
            Arrays.fill(kxkey, (byte) 0);
        } else {
            exported = kxkey;
            encrypted = Bytes.EMPTY;
        }
        Bytes version = NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_VERSION) ? options.version() : Bytes.EMPTY;
        AuthenticateMessage a = new AuthenticateMessage(flags, Bytes.copyOf(lm), Bytes.copyOf(nt),
                credentials.domain(), credentials.user(), options.workstation(), encrypted, version,
                mic ? Bytes.copyOf(new byte[AuthenticateMessage.MIC_LENGTH]) : Bytes.EMPTY);
        byte[] message = a.encode();
        if (mic) {
            byte[] code = NtlmCrypto.hmacMd5(exported, negotiate, token, message);
            System.arraycopy(code, 0, message, AuthenticateMessage.MIC_OFFSET, AuthenticateMessage.MIC_LENGTH);
        }
        established = new Established(flags, NtlmSessionSecurity.forClient(flags, exported), exported);
        state = State.ESTABLISHED;
        return message;
    }

    private static void require(int challengeFlags, int flag, String what) throws SecurityFailure {
        if (!NtlmFlags.has(challengeFlags, flag)) {
            throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "the server's CHALLENGE does not offer " + what
                    + ": " + NtlmFlags.describe(challengeFlags));
        }
    }

    /** The {@code MsvAvFlags} pair with the MIC bit set: the server's value kept, or a new pair. */
    private static AvPair flagsPair(List<AvPair> pairs) {
        long v = AvPair.find(pairs, AvPair.MSV_AV_FLAGS).map(AvPair::number).orElse(0L) | AvPair.FLAG_MIC_PRESENT;
        byte[] b = new byte[4];
        NtlmCrypto.putInt(b, 0, (int) v);
        return new AvPair(AvPair.MSV_AV_FLAGS, Bytes.copyOf(b));
    }

    /** Replaces the pair with the same id in place, or appends it. */
    private static void set(List<AvPair> pairs, AvPair p) {
        for (int i = 0; i < pairs.size(); i++) {
            if (pairs.get(i).id() == p.id()) {
                pairs.set(i, p);
                return;
            }
        }
        pairs.add(p);
    }

    @Override
    public boolean established() {
        return established != null;
    }

    @Override
    public int signatureLength() {
        return NtlmSessionSecurity.SIGNATURE_LENGTH;
    }

    @Override
    public void protect(ProtectedFragment fragment) {
        Established e = established;
        if (e == null) {
            throw new IllegalStateException("the NTLM context is not established");
        }
        e.session.protect(fragment);
    }

    @Override
    public void verify(ProtectedFragment fragment) throws SecurityFailure {
        Established e = established;
        if (e == null) {
            throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "the NTLM context is not established");
        }
        e.session.verify(fragment);
    }

    /** The exported session key, for tests that compare the two sides. */
    byte[] exportedSessionKey() {
        return established.exportedSessionKey.clone();
    }

    @Override
    public String toString() {
        Established e = established;
        return "NtlmClientContext[" + credentials + ", level " + level + ", "
                + (e != null ? NtlmFlags.describe(e.flags) : synchronizedState()) + "]";
    }

    private synchronized State synchronizedState() {
        return state;
    }
}
