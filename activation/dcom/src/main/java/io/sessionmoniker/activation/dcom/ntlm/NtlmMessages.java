package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.nio.charset.StandardCharsets;

/** What the three message codecs share: the signature, the field layout, bounds checks and string decoding. */
final class NtlmMessages {

    /** "NTLMSSP\0". */
    static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    static final int NEGOTIATE = 1;
    static final int CHALLENGE = 2;
    static final int AUTHENTICATE = 3;
    /** The VERSION structure's length (MS-NLMP 2.2.2.10). */
    static final int VERSION_LENGTH = 8;

    private NtlmMessages() {
    }

    /**
     * Makes the refusal for bytes that are not a well-formed NTLM message.
     *
     * @param what what is wrong
     * @return the failure
     */
    static SecurityFailure malformed(String what) {
        return new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "malformed NTLM message: " + what);
    }

    /**
     * Checks the signature and the message type.
     *
     * @param m the message
     * @param type the expected MessageType
     * @param name the message's name for errors
     * @param minimum the fixed part's length
     * @throws SecurityFailure if the message is shorter, has another signature or another type
     */
    static void header(byte[] m, int type, String name, int minimum) throws SecurityFailure {
        if (m.length < 12) {
            throw malformed(name + " of " + m.length + " octets is shorter than the 12-octet header");
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (m[i] != SIGNATURE[i]) {
                throw malformed("expected the signature \"NTLMSSP\\0\" at index 0 of the " + name);
            }
        }
        int t = NtlmCrypto.getInt(m, 8);
        if (t != type) {
            throw malformed("expected MessageType " + type + " (" + name + ") but was " + Integer.toUnsignedString(t));
        }
        if (m.length < minimum) {
            throw malformed(name + " of " + m.length + " octets is shorter than its " + minimum
                    + "-octet fixed part");
        }
    }

    /**
     * Reads a {@code Len, MaxLen, BufferOffset} field and checks that the range it names lies inside the message.
     * An empty field may name any offset.
     *
     * @param m the message
     * @param at where the field starts
     * @param name the field's name for errors
     * @return {offset, length}
     * @throws SecurityFailure if the range runs past the message
     */
    static int[] field(byte[] m, int at, String name) throws SecurityFailure {
        int len = NtlmCrypto.getShort(m, at);
        long off = Integer.toUnsignedLong(NtlmCrypto.getInt(m, at + 4));
        if (len == 0) {
            return new int[] {0, 0};
        }
        if (off + len > m.length) {
            throw malformed(name + " of " + len + " octets at offset " + off + " runs past the message's "
                    + m.length + " octets");
        }
        return new int[] {(int) off, len};
    }

    /**
     * Decodes a string field in the character set the flags chose.
     *
     * @param m the message
     * @param f {offset, length}
     * @param unicode UTF-16LE when true, else OEM (read as ISO-8859-1)
     * @param name the field's name for errors
     * @return the text
     * @throws SecurityFailure if a Unicode field has an odd length
     */
    static String text(byte[] m, int[] f, boolean unicode, String name) throws SecurityFailure {
        if (unicode && (f[1] & 1) != 0) {
            throw malformed(name + " is Unicode but has an odd length of " + f[1] + " octets");
        }
        return new String(m, f[0], f[1], unicode ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
    }

    /** Writes a {@code Len, MaxLen, BufferOffset} field. */
    static void putField(byte[] m, int at, int offset, int length) {
        NtlmCrypto.putShort(m, at, length);
        NtlmCrypto.putShort(m, at + 2, length);
        NtlmCrypto.putInt(m, at + 4, offset);
    }
}
