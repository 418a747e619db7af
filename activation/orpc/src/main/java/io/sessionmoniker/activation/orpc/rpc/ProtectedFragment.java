package io.sessionmoniker.activation.orpc.rpc;

import java.util.Objects;

/**
 * One encoded request or response fragment with a verifier, as a security provider signs, seals, verifies and
 * unseals it (MS-RPCE 2.2.2.11–2.2.2.12): the whole PDU from its first header octet, the stub with its
 * authentication padding ({@code [stubOffset, trailerOffset)}, what {@code PKT_PRIVACY} encrypts), the 8-octet
 * {@code sec_trailer} at {@code trailerOffset}, and the provider's token (the signature) at {@code tokenOffset} up to
 * {@code length}. A provider protects or unprotects the bytes in place.
 *
 * @param pdu the bytes; the fragment starts at index 0
 * @param length the fragment's length ({@code frag_length})
 * @param stubOffset where the stub starts (after the request's or response's header)
 * @param trailerOffset where the {@code sec_trailer} starts
 * @param authLevel the level the fragment is protected at
 */
public record ProtectedFragment(byte[] pdu, int length, int stubOffset, int trailerOffset, int authLevel) {

    /** The {@code sec_trailer}'s length. */
    public static final int TRAILER_LENGTH = 8;

    /**
     * Checks the layout.
     *
     * @param pdu the bytes
     * @param length the length
     * @param stubOffset the stub's offset
     * @param trailerOffset the trailer's offset
     * @param authLevel the level
     */
    public ProtectedFragment {
        Objects.requireNonNull(pdu, "pdu");
        if (length > pdu.length || stubOffset < Pdu.COMMON_HEADER_LENGTH || trailerOffset < stubOffset
                || trailerOffset + TRAILER_LENGTH > length) {
            throw new IllegalArgumentException("not a fragment layout: length " + length + ", stub at " + stubOffset
                    + ", trailer at " + trailerOffset + " in " + pdu.length + " octets");
        }
    }

    /**
     * Returns where the provider's token (the signature) starts.
     *
     * @return the offset
     */
    public int tokenOffset() {
        return trailerOffset + TRAILER_LENGTH;
    }

    /**
     * Returns the token's length ({@code auth_length}).
     *
     * @return the length
     */
    public int tokenLength() {
        return length - tokenOffset();
    }
}
