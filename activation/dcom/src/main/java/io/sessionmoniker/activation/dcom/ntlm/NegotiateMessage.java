package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The client's first message, NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1): the flags it asks for and, optionally, its OEM
 * domain and workstation names and its VERSION.
 *
 * <pre>{@code
 * NegotiateMessage n = NegotiateMessage.decode(token);
 * NtlmFlags.has(n.flags(), NtlmFlags.NEGOTIATE_KEY_EXCH);
 * }</pre>
 *
 * @param flags the NegotiateFlags
 * @param domain the OEM domain name, empty when not supplied
 * @param workstation the OEM workstation name, empty when not supplied
 * @param version the 8-octet VERSION, empty when absent
 */
public record NegotiateMessage(int flags, String domain, String workstation, Bytes version) {

    /** The shortest NEGOTIATE_MESSAGE: signature, type and flags. */
    static final int MINIMUM = 16;

    /**
     * Checks the components.
     *
     * @param flags the flags
     * @param domain not null
     * @param workstation not null
     * @param version empty or 8 octets
     */
    public NegotiateMessage {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(workstation, "workstation");
        if (version.length() != 0 && version.length() != NtlmMessages.VERSION_LENGTH) {
            throw new IllegalArgumentException("a VERSION is 8 octets, got " + version.length());
        }
    }

    /**
     * Encodes the message: the 32-octet fixed part, then the VERSION when present (which then also needs
     * {@link NtlmFlags#NEGOTIATE_VERSION} in the flags), then the OEM domain and workstation names when given (which
     * need the OEM_DOMAIN_SUPPLIED and OEM_WORKSTATION_SUPPLIED flags to be read).
     *
     * @return the octets; with no names and no VERSION, the 32 octets Impacket sends
     */
    public byte[] encode() {
        byte[] d = domain.getBytes(StandardCharsets.ISO_8859_1);
        byte[] w = workstation.getBytes(StandardCharsets.ISO_8859_1);
        int fixed = 32 + version.length();
        byte[] m = new byte[fixed + d.length + w.length];
        System.arraycopy(NtlmMessages.SIGNATURE, 0, m, 0, 8);
        NtlmCrypto.putInt(m, 8, NtlmMessages.NEGOTIATE);
        NtlmCrypto.putInt(m, 12, flags);
        NtlmMessages.putField(m, 16, d.length == 0 ? 0 : fixed, d.length);
        NtlmMessages.putField(m, 24, w.length == 0 ? 0 : fixed + d.length, w.length);
        version.copyTo(m, 32);
        System.arraycopy(d, 0, m, fixed, d.length);
        System.arraycopy(w, 0, m, fixed + d.length, w.length);
        return m;
    }

    /**
     * Decodes a NEGOTIATE_MESSAGE. Old clients send only the first 16 octets; the domain and workstation fields are
     * read when present and bounds-checked.
     *
     * @param m the octets
     * @return the message
     * @throws SecurityFailure if the octets are not a NEGOTIATE_MESSAGE or a field runs past them
     */
    public static NegotiateMessage decode(byte[] m) throws SecurityFailure {
        NtlmMessages.header(m, NtlmMessages.NEGOTIATE, "NEGOTIATE_MESSAGE", MINIMUM);
        int flags = NtlmCrypto.getInt(m, 12);
        String domain = "";
        String workstation = "";
        Bytes version = Bytes.EMPTY;
        if (m.length >= 32) {
            domain = NtlmMessages.text(m, NtlmMessages.field(m, 16, "DomainName"), false, "DomainName");
            workstation = NtlmMessages.text(m, NtlmMessages.field(m, 24, "Workstation"), false, "Workstation");
            if (NtlmFlags.has(flags, NtlmFlags.NEGOTIATE_VERSION) && m.length >= 40) {
                version = Bytes.copyOf(m, 32, NtlmMessages.VERSION_LENGTH);
            }
        }
        return new NegotiateMessage(flags, domain, workstation, version);
    }
}
