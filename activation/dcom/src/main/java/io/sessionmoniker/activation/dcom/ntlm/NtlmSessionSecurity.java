package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.ProtectedFragment;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The session security of MS-NLMP 3.4 for one established context, from one side's point of view: the signing and
 * sealing keys of 3.4.5, the RC4 handles, the sequence numbers, and MAC / SEAL (3.4.3, 3.4.4) applied to DCE/RPC
 * fragments. The message a signature covers is the whole fragment from its first octet through the 8-octet
 * sec_trailer, in clear; at PKT_PRIVACY the stub and its padding are sealed.
 *
 * <p><b>With extended session security</b> (3.4.4.2) each direction has its own signing key, sealing handle and
 * sequence number from 0: checksum = HMAC_MD5(SigningKey, SeqNum ‖ Message)[0..7], RC4'd with that direction's
 * sealing handle when KEY_EXCH is negotiated, after the sealed data. <b>Without it</b> (3.4.4.1) there is no
 * signing key and one RC4 handle on the sealing key serves both directions ("half-duplex", 3.4): the checksum is
 * CRC32 of the message, and the random pad, the checksum and the sequence number are RC4'd in that order; the pad is
 * sent as zero. Sequence numbers still count per direction from 0.
 *
 * <p>Threads: the inbound direction is guarded by one lock and the outbound by another (both by the same lock
 * without extended session security, since they share a key stream), so the connection's reader may verify while a
 * worker protects under the write lock. Each direction must be used in wire order.
 */
final class NtlmSessionSecurity {

    static final int SIGNATURE_LENGTH = 16;

    private static final byte[] CLIENT_SIGN = magic("session key to client-to-server signing key magic constant");
    private static final byte[] SERVER_SIGN = magic("session key to server-to-client signing key magic constant");
    private static final byte[] CLIENT_SEAL = magic("session key to client-to-server sealing key magic constant");
    private static final byte[] SERVER_SEAL = magic("session key to server-to-client sealing key magic constant");

    private final boolean ess;
    private final boolean keyExchange;
    private final Direction in;
    private final Direction out;

    /** One direction's keys and state. */
    private static final class Direction {
        final Object lock;
        final byte[] signKey;
        final NtlmCrypto.Rc4 seal;
        int seq;

        Direction(Object lock, byte[] signKey, NtlmCrypto.Rc4 seal) {
            this.lock = lock;
            this.signKey = signKey;
            this.seal = seal;
        }
    }

    private NtlmSessionSecurity(int flags, byte[] exportedSessionKey, boolean server) {
        ess = NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY);
        keyExchange = NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_KEY_EXCH);
        if (ess) {
            Direction c2s = new Direction(new Object(), signKey(exportedSessionKey, true),
                    new NtlmCrypto.Rc4(sealKey(flags, exportedSessionKey, true)));
            Direction s2c = new Direction(new Object(), signKey(exportedSessionKey, false),
                    new NtlmCrypto.Rc4(sealKey(flags, exportedSessionKey, false)));
            in = server ? c2s : s2c;
            out = server ? s2c : c2s;
        } else {
            Object shared = new Object();
            NtlmCrypto.Rc4 handle = new NtlmCrypto.Rc4(sealKey(flags, exportedSessionKey, server));
            in = new Direction(shared, null, handle);
            out = new Direction(shared, null, handle);
        }
    }

    /**
     * Makes the acceptor's side: it verifies client-to-server and protects server-to-client.
     *
     * @param flags the negotiated flags
     * @param exportedSessionKey the exported session key
     * @return the session
     */
    static NtlmSessionSecurity forServer(int flags, byte[] exportedSessionKey) {
        return new NtlmSessionSecurity(flags, exportedSessionKey, true);
    }

    /**
     * Makes the initiator's side: it protects client-to-server and verifies server-to-client.
     *
     * @param flags the negotiated flags
     * @param exportedSessionKey the exported session key
     * @return the session
     */
    static NtlmSessionSecurity forClient(int flags, byte[] exportedSessionKey) {
        return new NtlmSessionSecurity(flags, exportedSessionKey, false);
    }

    private static byte[] magic(String s) {
        return (s + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * SIGNKEY (3.4.5.2), with extended session security.
     *
     * @param exportedSessionKey the key
     * @param client the client-to-server key when true
     * @return 16 octets
     */
    static byte[] signKey(byte[] exportedSessionKey, boolean client) {
        return NtlmCrypto.md5(exportedSessionKey, client ? CLIENT_SIGN : SERVER_SIGN);
    }

    /**
     * SEALKEY (3.4.5.3).
     *
     * @param flags the negotiated flags
     * @param exportedSessionKey the key
     * @param client the client-to-server key when true (ignored without extended session security)
     * @return the key for RC4
     */
    static byte[] sealKey(int flags, byte[] exportedSessionKey, boolean client) {
        if (NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY)) {
            int n = NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_128) ? 16
                    : NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_56) ? 7 : 5;
            return NtlmCrypto.md5(Arrays.copyOf(exportedSessionKey, n), client ? CLIENT_SEAL : SERVER_SEAL);
        }
        if (NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_LM_KEY)) {
            byte[] k = Arrays.copyOf(exportedSessionKey, 8);
            if (NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_56)) {
                k[7] = (byte) 0xA0;
            } else {
                k[5] = (byte) 0xE5;
                k[6] = (byte) 0x38;
                k[7] = (byte) 0xB0;
            }
            return k;
        }
        return exportedSessionKey.clone();
    }

    /**
     * Signs an outgoing fragment and, at PKT_PRIVACY, seals its stub and padding.
     *
     * @param f the fragment, its token zero-filled
     */
    void protect(ProtectedFragment f) {
        if (f.tokenLength() != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("an NTLM signature is 16 octets, the fragment has room for "
                    + f.tokenLength());
        }
        boolean privacy = f.authLevel() >= AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY;
        sign(f.pdu(), 0, f.tokenOffset(), f.stubOffset(), privacy ? f.trailerOffset() : f.stubOffset(), f.pdu(),
                f.tokenOffset());
    }

    /**
     * Verifies an incoming fragment and, at PKT_PRIVACY, unseals its stub and padding in place.
     *
     * @param f the fragment
     * @throws SecurityFailure if the signature or the sequence number is not what this side expects
     */
    void verify(ProtectedFragment f) throws SecurityFailure {
        if (f.tokenLength() != SIGNATURE_LENGTH) {
            throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "an NTLM signature is 16 octets, got "
                    + f.tokenLength());
        }
        boolean privacy = f.authLevel() >= AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY;
        check(f.pdu(), 0, f.tokenOffset(), f.stubOffset(), privacy ? f.trailerOffset() : f.stubOffset(), f.pdu(),
                f.tokenOffset());
    }

    /**
     * SEAL and MAC of the outbound direction: seals {@code [sealFrom, sealTo)} in place and writes the signature of
     * the clear message {@code [from, to)}.
     */
    void sign(byte[] b, int from, int to, int sealFrom, int sealTo, byte[] sig, int sigAt) {
        synchronized (out.lock) {
            int seq = out.seq++;
            byte[] s = new byte[SIGNATURE_LENGTH];
            NtlmCrypto.putInt(s, 0, 1);
            if (ess) {
                byte[] mac = mac(out.signKey, seq, b, from, to);
                out.seal.apply(b, sealFrom, sealTo - sealFrom);
                if (keyExchange) {
                    out.seal.apply(mac, 0, 8);
                }
                System.arraycopy(mac, 0, s, 4, 8);
                NtlmCrypto.putInt(s, 12, seq);
            } else {
                int crc = NtlmCrypto.crc32(b, from, to);
                out.seal.apply(b, sealFrom, sealTo - sealFrom);
                out.seal.apply(s, 4, 4); // RandomPad: the key stream advances, the field is sent as zero
                Arrays.fill(s, 4, 8, (byte) 0);
                NtlmCrypto.putInt(s, 8, crc);
                out.seal.apply(s, 8, 4);
                out.seal.apply(s, 12, 4);
                NtlmCrypto.putInt(s, 12, NtlmCrypto.getInt(s, 12) ^ seq);
            }
            System.arraycopy(s, 0, sig, sigAt, SIGNATURE_LENGTH);
        }
    }

    /** The inbound counterpart of {@link #sign}: unseals, then checks the signature against the clear message. */
    void check(byte[] b, int from, int to, int sealFrom, int sealTo, byte[] sig, int sigAt) throws SecurityFailure {
        synchronized (in.lock) {
            int seq = in.seq++;
            byte[] s = Arrays.copyOfRange(sig, sigAt, sigAt + SIGNATURE_LENGTH);
            if (NtlmCrypto.getInt(s, 0) != 1) {
                in.seal.apply(b, sealFrom, sealTo - sealFrom);
                throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "the NTLM signature's version is "
                        + NtlmCrypto.getInt(s, 0) + ", not 1");
            }
            boolean ok;
            int got;
            if (ess) {
                in.seal.apply(b, sealFrom, sealTo - sealFrom);
                byte[] mac = mac(in.signKey, seq, b, from, to);
                if (keyExchange) {
                    in.seal.apply(mac, 0, 8);
                }
                got = NtlmCrypto.getInt(s, 12);
                ok = NtlmCrypto.equal(Arrays.copyOf(mac, 8), Arrays.copyOfRange(s, 4, 12));
            } else {
                in.seal.apply(b, sealFrom, sealTo - sealFrom);
                int crc = NtlmCrypto.crc32(b, from, to);
                in.seal.apply(s, 4, 12);
                got = NtlmCrypto.getInt(s, 12);
                ok = NtlmCrypto.getInt(s, 8) == crc;
            }
            if (got != seq) {
                throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "the NTLM signature carries sequence number "
                        + Integer.toUnsignedString(got) + " where " + Integer.toUnsignedString(seq) + " was expected");
            }
            if (!ok) {
                throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "the NTLM signature of message " + seq
                        + " does not verify");
            }
        }
    }

    private static byte[] mac(byte[] key, int seq, byte[] b, int from, int to) {
        javax.crypto.Mac m = NtlmCrypto.hmac(key);
        byte[] s = new byte[4];
        NtlmCrypto.putInt(s, 0, seq);
        m.update(s);
        m.update(b, from, to - from);
        return m.doFinal();
    }
}
