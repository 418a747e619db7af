package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The acceptor's answer, CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2): the negotiated flags, the 8-octet server challenge,
 * the target name, the TargetInfo AV pairs and, when VERSION is negotiated, the server's VERSION. The fixed part
 * always reserves the 8 VERSION octets, zero when VERSION is not negotiated, so the payload starts at offset 56.
 *
 * <pre>{@code
 * ChallengeMessage c = new ChallengeMessage(flags, Bytes.copyOf(challenge), "HOST",
 *         List.of(AvPair.text(AvPair.MSV_AV_NB_COMPUTER_NAME, "HOST")), Bytes.EMPTY);
 * byte[] token = c.encode();
 * ChallengeMessage.decode(token).equals(c);   // true
 * }</pre>
 *
 * @param flags the negotiated flags
 * @param serverChallenge 8 octets
 * @param targetName the TargetName (the server's NetBIOS computer name when TARGET_TYPE_SERVER)
 * @param targetInfo the AV pairs without the closing {@code MsvAvEOL}; encoded only with TARGET_INFO
 * @param version the 8-octet VERSION, or empty
 */
public record ChallengeMessage(int flags, Bytes serverChallenge, String targetName, List<AvPair> targetInfo,
        Bytes version) {

    /** Where the payload starts: the fixed part and the VERSION field. */
    static final int PAYLOAD = 56;

    /**
     * The VERSION this acceptor writes when VERSION is negotiated: 6.1 build 7601 (the numbers both captured
     * clients accepted), NTLMSSP_REVISION_W2K3 (15).
     */
    public static final Bytes SERVER_VERSION = Bytes.fromHex("0601b11d0000000f");

    /**
     * Checks the components.
     *
     * @param flags the flags
     * @param serverChallenge 8 octets
     * @param targetName not null
     * @param targetInfo not null (copied)
     * @param version empty or 8 octets
     */
    public ChallengeMessage {
        if (serverChallenge.length() != 8) {
            throw new IllegalArgumentException("a server challenge is 8 octets, got " + serverChallenge.length());
        }
        Objects.requireNonNull(targetName, "targetName");
        targetInfo = List.copyOf(targetInfo);
        if (version.length() != 0 && version.length() != NtlmMessages.VERSION_LENGTH) {
            throw new IllegalArgumentException("a VERSION is 8 octets, got " + version.length());
        }
    }

    /**
     * Encodes the message: TargetName in Unicode when UNICODE is negotiated (else OEM), then TargetInfo.
     *
     * @return the octets
     */
    public byte[] encode() {
        byte[] name = targetName.getBytes(NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_UNICODE)
                ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
        byte[] info = NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_TARGET_INFO) ? AvPair.encode(targetInfo) : new byte[0];
        byte[] m = new byte[PAYLOAD + name.length + info.length];
        System.arraycopy(NtlmMessages.SIGNATURE, 0, m, 0, 8);
        NtlmCrypto.putInt(m, 8, NtlmMessages.CHALLENGE);
        NtlmMessages.putField(m, 12, PAYLOAD, name.length);
        NtlmCrypto.putInt(m, 20, flags);
        serverChallenge.copyTo(m, 24);
        NtlmMessages.putField(m, 40, PAYLOAD + name.length, info.length);
        version.copyTo(m, 48);
        System.arraycopy(name, 0, m, PAYLOAD, name.length);
        System.arraycopy(info, 0, m, PAYLOAD + name.length, info.length);
        return m;
    }

    /**
     * Decodes a CHALLENGE_MESSAGE, as an authority does with the challenge a server process sent.
     *
     * @param m the octets
     * @return the message
     * @throws SecurityFailure if the octets are not a CHALLENGE_MESSAGE or a field runs past them
     */
    public static ChallengeMessage decode(byte[] m) throws SecurityFailure {
        NtlmMessages.header(m, NtlmMessages.CHALLENGE, "CHALLENGE_MESSAGE", 48);
        int flags = NtlmCrypto.getInt(m, 20);
        boolean unicode = NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_UNICODE);
        String name = NtlmMessages.text(m, NtlmMessages.field(m, 12, "TargetName"), unicode, "TargetName");
        int[] info = NtlmMessages.field(m, 40, "TargetInfo");
        List<AvPair> pairs = AvPair.decode(m, info[0], info[0] + info[1]);
        Bytes version = NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_VERSION) && m.length >= PAYLOAD
                ? Bytes.copyOf(m, 48, NtlmMessages.VERSION_LENGTH) : Bytes.EMPTY;
        return new ChallengeMessage(flags, Bytes.copyOf(m, 24, 8), name, pairs, version);
    }
}
