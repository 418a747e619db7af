package io.sessionmoniker.activation.dcom.ntlm;

import java.util.Arrays;
import java.util.Locale;

/**
 * An account's NT hash, NTOWFv1 of MS-NLMP 3.3.1: MD4 of the password's UTF-16LE octets, the one secret an NTLM
 * acceptor needs to verify NTLMv1 and NTLMv2 responses. It is 16 octets; {@link #toString()} never shows them, and
 * {@link #equals(Object)} compares in time independent of where the octets differ.
 *
 * <pre>{@code
 * NtHash h = NtHash.fromPassword("Password");
 * NtHash same = NtHash.parseHex("a4f49c406510bdcab6824ee7c30fd852");
 * h.equals(same);   // true
 * h.toString();     // "NtHash[redacted]"
 * }</pre>
 */
public final class NtHash {

    /** The hash's length in octets. */
    public static final int LENGTH = 16;

    private final byte[] octets;

    private NtHash(byte[] octets) {
        this.octets = octets;
    }

    /**
     * Computes the hash of a password.
     *
     * @param password the password (any length; NTLM has no limit on it)
     * @return the hash
     */
    public static NtHash fromPassword(String password) {
        return new NtHash(NtlmCrypto.ntowfv1(password));
    }

    /**
     * Wraps 16 octets (copied).
     *
     * @param octets the hash
     * @return the hash
     * @throws IllegalArgumentException if there are not 16 octets
     */
    public static NtHash of(byte[] octets) {
        if (octets.length != LENGTH) {
            throw new IllegalArgumentException("an NT hash is 16 octets, got " + octets.length);
        }
        return new NtHash(octets.clone());
    }

    /**
     * Parses 32 hexadecimal digits, as tools print NT hashes ({@code a4f49c406510bdcab6824ee7c30fd852}); upper and
     * lower case are both accepted, nothing else (no separators, no {@code 0x}).
     *
     * @param hex the digits
     * @return the hash
     * @throws IllegalArgumentException naming the index of the first character that is not a digit, or the length
     */
    public static NtHash parseHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("an NT hash is 32 hexadecimal digits, got " + hex.length()
                    + " characters");
        }
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < hex.length(); i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0 || hex.charAt(i) > 'f') {
                throw new IllegalArgumentException("expected a hexadecimal digit at index " + i + " of the NT hash"
                        + " but was '" + String.format(Locale.ROOT, "\\u%04x", (int) hex.charAt(i)) + "'");
            }
            b[i / 2] = (byte) (b[i / 2] << 4 | d);
        }
        return new NtHash(b);
    }

    /**
     * Returns a copy of the octets, for the verification computations (and a store that persists them).
     *
     * @return 16 octets
     */
    public byte[] octets() {
        return octets.clone();
    }

    byte[] unsafeOctets() {
        return octets;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NtHash h && NtlmCrypto.equal(octets, h.octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    /**
     * Never shows the octets.
     *
     * @return {@code "NtHash[redacted]"}
     */
    @Override
    public String toString() {
        return "NtHash[redacted]";
    }
}
