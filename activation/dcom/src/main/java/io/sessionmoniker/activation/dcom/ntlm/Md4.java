package io.sessionmoniker.activation.dcom.ntlm;

import java.util.Arrays;

/**
 * The MD4 message digest of RFC 1320, which NTLM needs for the NT one-way function (NTOWFv1, MS-NLMP 3.3.1) and
 * which the JDK does not offer through {@code MessageDigest} on Java 17. One-shot only; NTLM hashes short inputs.
 */
final class Md4 {

    private static final int S11 = 3;
    private static final int S12 = 7;
    private static final int S13 = 11;
    private static final int S14 = 19;
    private static final int S21 = 3;
    private static final int S22 = 5;
    private static final int S23 = 9;
    private static final int S24 = 13;
    private static final int S31 = 3;
    private static final int S32 = 9;
    private static final int S33 = 11;
    private static final int S34 = 15;

    private Md4() {
    }

    /**
     * Returns MD4 of the octets.
     *
     * @param message the message
     * @return the 16-octet digest
     */
    static byte[] digest(byte[] message) {
        // RFC 1320 3.1-3.2: append 0x80, zeros to 56 mod 64, then the bit length as a little-endian 64-bit number
        long bits = (long) message.length << 3;
        int padded = ((message.length + 8) / 64 + 1) * 64;
        byte[] m = Arrays.copyOf(message, padded);
        m[message.length] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            m[padded - 8 + i] = (byte) (bits >>> (8 * i));
        }
        int a = 0x67452301;
        int b = 0xefcdab89;
        int c = 0x98badcfe;
        int d = 0x10325476;
        int[] x = new int[16];
        for (int block = 0; block < padded; block += 64) {
            for (int i = 0; i < 16; i++) {
                int p = block + 4 * i;
                x[i] = (m[p] & 0xFF) | (m[p + 1] & 0xFF) << 8 | (m[p + 2] & 0xFF) << 16 | (m[p + 3] & 0xFF) << 24;
            }
            int aa = a;
            int bb = b;
            int cc = c;
            int dd = d;
            // round 1: F(x, y, z) = (x & y) | (~x & z)
            for (int i = 0; i < 16; i += 4) {
                a = Integer.rotateLeft(a + ((b & c) | (~b & d)) + x[i], S11);
                d = Integer.rotateLeft(d + ((a & b) | (~a & c)) + x[i + 1], S12);
                c = Integer.rotateLeft(c + ((d & a) | (~d & b)) + x[i + 2], S13);
                b = Integer.rotateLeft(b + ((c & d) | (~c & a)) + x[i + 3], S14);
            }
            // round 2: G(x, y, z) = (x & y) | (x & z) | (y & z), plus 0x5A827999, words by column
            for (int i = 0; i < 4; i++) {
                a = Integer.rotateLeft(a + ((b & c) | (b & d) | (c & d)) + x[i] + 0x5A827999, S21);
                d = Integer.rotateLeft(d + ((a & b) | (a & c) | (b & c)) + x[i + 4] + 0x5A827999, S22);
                c = Integer.rotateLeft(c + ((d & a) | (d & b) | (a & b)) + x[i + 8] + 0x5A827999, S23);
                b = Integer.rotateLeft(b + ((c & d) | (c & a) | (d & a)) + x[i + 12] + 0x5A827999, S24);
            }
            // round 3: H(x, y, z) = x ^ y ^ z, plus 0x6ED9EBA1, words in bit-reversed order
            int[] order = {0, 2, 1, 3};
            for (int i : order) {
                a = Integer.rotateLeft(a + (b ^ c ^ d) + x[i] + 0x6ED9EBA1, S31);
                d = Integer.rotateLeft(d + (a ^ b ^ c) + x[i + 8] + 0x6ED9EBA1, S32);
                c = Integer.rotateLeft(c + (d ^ a ^ b) + x[i + 4] + 0x6ED9EBA1, S33);
                b = Integer.rotateLeft(b + (c ^ d ^ a) + x[i + 12] + 0x6ED9EBA1, S34);
            }
            a += aa;
            b += bb;
            c += cc;
            d += dd;
        }
        Arrays.fill(x, 0);
        Arrays.fill(m, (byte) 0);
        byte[] out = new byte[16];
        int[] state = {a, b, c, d};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                out[4 * i + j] = (byte) (state[i] >>> (8 * j));
            }
        }
        return out;
    }
}
