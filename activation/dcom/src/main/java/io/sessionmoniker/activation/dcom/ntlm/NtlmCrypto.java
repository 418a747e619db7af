package io.sessionmoniker.activation.dcom.ntlm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptographic operations of MS-NLMP section 6 and the one-way functions of 3.3: MD4, MD5, HMAC_MD5, DES and
 * DESL, RC4 handles, CRC32, NTOWFv1 and NTOWFv2. Each is a pure function of its inputs except {@link Rc4}, whose
 * key stream carries across calls as NTLM sealing needs.
 */
final class NtlmCrypto {

    private NtlmCrypto() {
    }

    /**
     * Encodes a string as the UTF-16LE octets of an RPC_UNICODE_STRING (MS-DTYP 2.3.10), as NTLM hashes it.
     *
     * @param s the string
     * @return its octets
     */
    static byte[] unicode(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    /**
     * Upper-cases a string one UTF-16 unit at a time with the locale-independent simple mapping, as Windows does
     * for NTOWFv2's user name: the length never changes (unlike {@code String.toUpperCase}, which maps "ß" to "SS").
     *
     * @param s the string
     * @return the upper-cased string
     */
    static String upcase(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Character.toUpperCase(c[i]);
        }
        return new String(c);
    }

    /**
     * Returns MD4 of the octets (RFC 1320).
     *
     * @param data the data
     * @return 16 octets
     */
    static byte[] md4(byte[] data) {
        return Md4.digest(data);
    }

    /**
     * Returns MD5 of the concatenated octets.
     *
     * @param parts the data
     * @return 16 octets
     */
    static byte[] md5(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no MD5", e);
        }
    }

    /**
     * Returns HMAC_MD5 (RFC 2104) of the concatenated octets.
     *
     * @param key the key
     * @param parts the data
     * @return 16 octets
     */
    static byte[] hmacMd5(byte[] key, byte[]... parts) {
        Mac mac = hmac(key);
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }

    /**
     * Returns an HMAC_MD5 ready for updates.
     *
     * @param key the key
     * @return the MAC
     */
    static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no HmacMD5", e);
        }
    }

    /**
     * NTOWFv1 (MS-NLMP 3.3.1): MD4(UNICODE(password)).
     *
     * @param password the password
     * @return the NT hash
     */
    static byte[] ntowfv1(String password) {
        byte[] p = unicode(password);
        try {
            return md4(p);
        } finally {
            Arrays.fill(p, (byte) 0);
        }
    }

    /**
     * NTOWFv2 (MS-NLMP 3.3.2): HMAC_MD5(NTOWFv1, UNICODE(Uppercase(user) ‖ userDom)).
     *
     * @param ntHash NTOWFv1 of the password
     * @param user the user name as the client sent it
     * @param domain the domain name as the client sent it
     * @return the response key
     */
    static byte[] ntowfv2(byte[] ntHash, String user, String domain) {
        return hmacMd5(ntHash, unicode(upcase(user) + domain));
    }

    /**
     * DES (MS-NLMP 6): encrypts one 8-octet block with a 7-octet key, spread to 8 octets with parity bits.
     *
     * @param key7 the key, 7 octets from {@code offset}
     * @param offset where the key starts
     * @param block 8 octets
     * @return the cipher block
     */
    static byte[] des(byte[] key7, int offset, byte[] block) {
        byte[] k = new byte[8];
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = bits << 8 | (key7[offset + i] & 0xFF);
        }
        for (int i = 0; i < 8; i++) {
            int seven = (int) (bits >>> (49 - 7 * i)) & 0x7F;
            int b = seven << 1;
            k[i] = (byte) (Integer.bitCount(b) % 2 == 0 ? b | 1 : b); // odd parity, which DES ignores anyway
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "DES"));
            return des.doFinal(block, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no DES", e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * DESL (MS-NLMP 6): DES of the 8-octet data under each 7-octet third of the 16-octet key padded with 5 zeros.
     *
     * @param key16 the key
     * @param data 8 octets
     * @return 24 octets
     */
    static byte[] desl(byte[] key16, byte[] data) {
        byte[] k = Arrays.copyOf(key16, 21);
        byte[] out = new byte[24];
        System.arraycopy(des(k, 0, data), 0, out, 0, 8);
        System.arraycopy(des(k, 7, data), 0, out, 8, 8);
        System.arraycopy(des(k, 14, data), 0, out, 16, 8);
        Arrays.fill(k, (byte) 0);
        return out;
    }

    /**
     * Returns CRC32 (the ISO 3309 / ITU-T V.42 polynomial, as {@code java.util.zip.CRC32}) of a range.
     *
     * @param data the data
     * @param from the first index
     * @param to the index after the last
     * @return the checksum
     */
    static int crc32(byte[] data, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(data, from, to - from);
        return (int) crc.getValue();
    }

    /**
     * RC4K (MS-NLMP 6): RC4 of the data with a fresh handle on the key.
     *
     * @param key the key
     * @param data the data
     * @return the transformed data
     */
    static byte[] rc4k(byte[] key, byte[] data) {
        byte[] out = data.clone();
        new Rc4(key).apply(out, 0, out.length);
        return out;
    }

    /**
     * Compares secrets in time that depends only on their lengths.
     *
     * @param a one
     * @param b the other
     * @return true when equal
     */
    static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** Writes a little-endian 32-bit number. */
    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    /** Reads a little-endian 32-bit number. */
    static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    /** Reads a little-endian 16-bit number. */
    static int getShort(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    /** Writes a little-endian 16-bit number. */
    static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    /**
     * An RC4 handle (MS-NLMP 6, RC4Init / RC4): a key stream whose position carries from one call to the next, as
     * the sealing handles of a session need. Not thread-safe; the session serializes its use.
     */
    static final class Rc4 {
        private final Cipher cipher;

        /**
         * Initializes a handle.
         *
         * @param key the key, 5 to 16 octets for NTLM
         */
        Rc4(byte[] key) {
            try {
                cipher = Cipher.getInstance("ARCFOUR");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK offers no ARCFOUR", e);
            }
        }

        /**
         * Encrypts (or decrypts: they are the same) a range in place, advancing the key stream.
         *
         * @param data the data
         * @param from the first index
         * @param length the octets
         */
        void apply(byte[] data, int from, int length) {
            if (length == 0) {
                return;
            }
            try {
                int n = cipher.update(data, from, length, data, from);
                if (n != length) {
                    throw new IllegalStateException("ARCFOUR returned " + n + " of " + length + " octets");
                }
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
