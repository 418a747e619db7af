package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.util.Objects;

/**
 * The client's last message, AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3): its responses to the challenge, the names it
 * gives, the encrypted random session key (with KEY_EXCH), its flags, and optionally its VERSION and a MIC.
 * {@link #decode(byte[])} checks every field's offset and length against the message; what the fields claim about
 * the client is not yet proved (an {@link NtlmAuthority} proves it).
 *
 * <pre>{@code
 * AuthenticateMessage a = AuthenticateMessage.decode(token);
 * a.user();                 // "alice"
 * a.ntResponse().length();  // 24 for NTLMv1, more for NTLMv2, 0 for anonymous
 * }</pre>
 *
 * @param flags the NegotiateFlags the client settled on
 * @param lmResponse LmChallengeResponse
 * @param ntResponse NtChallengeResponse
 * @param domain DomainName as sent
 * @param user UserName as sent
 * @param workstation Workstation as sent
 * @param encryptedRandomSessionKey EncryptedRandomSessionKey, empty without KEY_EXCH
 * @param version the 8-octet VERSION, empty when absent
 * @param mic the 16-octet MIC field when the fixed part is long enough to hold one (payload at or after offset
 *     88), else empty; whether the client filled it is said by the NTLMv2 response's {@code MsvAvFlags}
 */
public record AuthenticateMessage(int flags, Bytes lmResponse, Bytes ntResponse, String domain, String user,
        String workstation, Bytes encryptedRandomSessionKey, Bytes version, Bytes mic) {

    /** The fixed part without VERSION and MIC. */
    static final int FIXED = 64;
    /** Where the MIC field sits when present. */
    public static final int MIC_OFFSET = 72;
    /** The MIC's length. */
    public static final int MIC_LENGTH = 16;

    /**
     * Checks the components.
     *
     * @param flags the flags
     * @param lmResponse not null
     * @param ntResponse not null
     * @param domain not null
     * @param user not null
     * @param workstation not null
     * @param encryptedRandomSessionKey not null
     * @param version not null
     * @param mic not null
     */
    public AuthenticateMessage {
        Objects.requireNonNull(lmResponse, "lmResponse");
        Objects.requireNonNull(ntResponse, "ntResponse");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(workstation, "workstation");
        Objects.requireNonNull(encryptedRandomSessionKey, "encryptedRandomSessionKey");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mic, "mic");
    }

    /**
     * Decodes an AUTHENTICATE_MESSAGE with strict bounds checks: each field's range must lie inside the message;
     * Unicode names must have an even length; the EncryptedRandomSessionKey, when present, must be 16 octets.
     *
     * @param m the octets
     * @return the message
     * @throws SecurityFailure naming the field and the offending offset or length
     */
    public static AuthenticateMessage decode(byte[] m) throws SecurityFailure {
        NtlmMessages.header(m, NtlmMessages.AUTHENTICATE, "AUTHENTICATE_MESSAGE", FIXED);
        int[] lm = NtlmMessages.field(m, 12, "LmChallengeResponse");
        int[] nt = NtlmMessages.field(m, 20, "NtChallengeResponse");
        int[] dom = NtlmMessages.field(m, 28, "DomainName");
        int[] usr = NtlmMessages.field(m, 36, "UserName");
        int[] ws = NtlmMessages.field(m, 44, "Workstation");
        int[] key = NtlmMessages.field(m, 52, "EncryptedRandomSessionKey");
        int flags = NtlmCrypto.getInt(m, 60);
        boolean unicode = NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_UNICODE);
        if (key[1] != 0 && key[1] != 16) {
            throw NtlmMessages.malformed("EncryptedRandomSessionKey is " + key[1] + " octets, not 16");
        }
        int payload = m.length;
        for (int[] f : new int[][] {lm, nt, dom, usr, ws, key}) {
            if (f[1] > 0) {
                if (f[0] < FIXED) {
                    throw NtlmMessages.malformed("a field at offset " + f[0] + " overlaps the 64-octet fixed part");
                }
                payload = Math.min(payload, f[0]);
            }
        }
        Bytes version = NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_VERSION) && payload >= MIC_OFFSET
                ? Bytes.copyOf(m, FIXED, NtlmMessages.VERSION_LENGTH) : Bytes.EMPTY;
        Bytes mic = payload >= MIC_OFFSET + MIC_LENGTH ? Bytes.copyOf(m, MIC_OFFSET, MIC_LENGTH) : Bytes.EMPTY;
        return new AuthenticateMessage(flags, Bytes.copyOf(m, lm[0], lm[1]), Bytes.copyOf(m, nt[0], nt[1]),
                NtlmMessages.text(m, dom, unicode, "DomainName"), NtlmMessages.text(m, usr, unicode, "UserName"),
                NtlmMessages.text(m, ws, unicode, "Workstation"), Bytes.copyOf(m, key[0], key[1]), version, mic);
    }

    /**
     * Encodes the message. The fixed part is 88 octets when {@link #mic()} is present (the VERSION field then written
     * from {@link #version()}, or zero), else 72 with a VERSION, else 64; the payload follows in the order of the
     * MS-NLMP 4.2 examples (and of Impacket): DomainName, UserName, Workstation, LmChallengeResponse,
     * NtChallengeResponse, EncryptedRandomSessionKey. Names are UTF-16LE (this codec writes Unicode only).
     *
     * @return the octets
     * @throws IllegalArgumentException if UNICODE is not in the flags, or the MIC is not 16 octets
     */
    public byte[] encode() {
        if (!NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_UNICODE)) {
            throw new IllegalArgumentException("only Unicode AUTHENTICATE messages are encoded");
        }
        if (!mic.isEmpty() && mic.length() != MIC_LENGTH) {
            throw new IllegalArgumentException("a MIC is 16 octets, got " + mic.length());
        }
        int fixed = !mic.isEmpty() ? MIC_OFFSET + MIC_LENGTH : !version.isEmpty() ? MIC_OFFSET : FIXED;
        byte[][] payload = {NtlmCrypto.unicode(domain), NtlmCrypto.unicode(user), NtlmCrypto.unicode(workstation),
            lmResponse.toArray(), ntResponse.toArray(), encryptedRandomSessionKey.toArray()};
        int total = fixed;
        for (byte[] p : payload) {
            total += p.length;
        }
        byte[] m = new byte[total];
        System.arraycopy(NtlmMessages.SIGNATURE, 0, m, 0, 8);
        NtlmCrypto.putInt(m, 8, NtlmMessages.AUTHENTICATE);
        int[] fieldAt = {28, 36, 44, 12, 20, 52};
        int at = fixed;
        for (int i = 0; i < payload.length; i++) {
            NtlmMessages.putField(m, fieldAt[i], at, payload[i].length);
            System.arraycopy(payload[i], 0, m, at, payload[i].length);
            at += payload[i].length;
        }
        NtlmCrypto.putInt(m, 60, flags);
        if (fixed > FIXED) {
            version.copyTo(m, FIXED);
        }
        mic.copyTo(m, MIC_OFFSET);
        return m;
    }

    /**
     * Tells whether this is an anonymous AUTHENTICATE (MS-NLMP 3.2.5.1.2): no user name, an empty NT response and
     * an LM response that is empty or one zero octet.
     *
     * @return true for anonymous
     */
    public boolean isAnonymous() {
        return user.isEmpty() && ntResponse.isEmpty()
                && (lmResponse.isEmpty() || (lmResponse.length() == 1 && lmResponse.get(0) == 0));
    }

    /**
     * Never shows the responses or the key.
     *
     * @return the names and sizes
     */
    @Override
    public String toString() {
        return "AUTHENTICATE_MESSAGE[user=" + user + ", domain=" + domain + ", workstation=" + workstation + ", lm="
                + lmResponse.length() + ", nt=" + ntResponse.length() + ", key=" + encryptedRandomSessionKey.length()
                + ", flags=" + NtlmFlags.describe(flags) + "]";
    }
}
