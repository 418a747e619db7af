package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute/value pair of MS-NLMP 2.2.2.1 ({@code AV_PAIR}), as a CHALLENGE's TargetInfo and an NTLMv2
 * response's client challenge carry them: a 16-bit {@code AvId} and its value. A list ends with
 * {@code MsvAvEOL}, which {@link #encode(List)} appends and {@link #decode(byte[], int, int)} removes.
 *
 * <pre>{@code
 * byte[] info = AvPair.encode(List.of(AvPair.text(AvPair.MSV_AV_NB_COMPUTER_NAME, "HOST"),
 *         AvPair.timestamp(filetime)));
 * AvPair.decode(info, 0, info.length).get(0).text();   // "HOST"
 * }</pre>
 *
 * @param id the {@code AvId}
 * @param value the value's octets (text values are UTF-16LE)
 */
public record AvPair(int id, Bytes value) {

    /** The end of the list. */
    public static final int MSV_AV_EOL = 0;
    /** The server's NetBIOS computer name. */
    public static final int MSV_AV_NB_COMPUTER_NAME = 1;
    /** The server's NetBIOS domain name. */
    public static final int MSV_AV_NB_DOMAIN_NAME = 2;
    /** The server's DNS computer name. */
    public static final int MSV_AV_DNS_COMPUTER_NAME = 3;
    /** The server's DNS domain name. */
    public static final int MSV_AV_DNS_DOMAIN_NAME = 4;
    /** The DNS forest name. */
    public static final int MSV_AV_DNS_TREE_NAME = 5;
    /** A 32-bit flags value; bit {@code 0x2} says the AUTHENTICATE carries a MIC. */
    public static final int MSV_AV_FLAGS = 6;
    /** A FILETIME: the server's local time. */
    public static final int MSV_AV_TIMESTAMP = 7;
    /** A Single_Host_Data structure. */
    public static final int MSV_AV_SINGLE_HOST = 8;
    /** The SPN of the target server. */
    public static final int MSV_AV_TARGET_NAME = 9;
    /** The channel bindings hash. */
    public static final int MSV_AV_CHANNEL_BINDINGS = 10;

    /** The {@code MsvAvFlags} bit saying the AUTHENTICATE_MESSAGE carries a MIC. */
    public static final int FLAG_MIC_PRESENT = 0x00000002;

    /**
     * Checks the components.
     *
     * @param id 0 to 65535
     * @param value at most 65535 octets
     */
    public AvPair {
        if ((id & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("an AvId is 16 bits: " + id);
        }
        Objects.requireNonNull(value, "value");
        if (value.length() > 0xFFFF) {
            throw new IllegalArgumentException("an AV_PAIR value is at most 65535 octets, got " + value.length());
        }
    }

    /**
     * Makes a text pair (UTF-16LE, no terminator).
     *
     * @param id the {@code AvId}
     * @param text the text
     * @return the pair
     */
    public static AvPair text(int id, String text) {
        return new AvPair(id, Bytes.copyOf(NtlmCrypto.unicode(text)));
    }

    /**
     * Makes an {@code MsvAvTimestamp} pair.
     *
     * @param filetime 100-nanosecond ticks since 1601-01-01 UTC
     * @return the pair
     */
    public static AvPair timestamp(long filetime) {
        byte[] b = new byte[8];
        NtlmCrypto.putInt(b, 0, (int) filetime);
        NtlmCrypto.putInt(b, 4, (int) (filetime >>> 32));
        return new AvPair(MSV_AV_TIMESTAMP, Bytes.copyOf(b));
    }

    /**
     * Reads the value as UTF-16LE text.
     *
     * @return the text
     */
    public String text() {
        return new String(value.toArray(), StandardCharsets.UTF_16LE);
    }

    /**
     * Reads the value as a little-endian number (a FILETIME, the flags).
     *
     * @return the number, 0 for an empty value
     */
    public long number() {
        long n = 0;
        for (int i = Math.min(8, value.length()) - 1; i >= 0; i--) {
            n = n << 8 | value.get(i);
        }
        return n;
    }

    /**
     * Encodes pairs followed by {@code MsvAvEOL}.
     *
     * @param pairs the pairs, none of them EOL
     * @return the octets
     */
    public static byte[] encode(List<AvPair> pairs) {
        int n = 4;
        for (AvPair p : pairs) {
            if (p.id == MSV_AV_EOL) {
                throw new IllegalArgumentException("MsvAvEOL ends the list; do not pass it");
            }
            n += 4 + p.value.length();
        }
        byte[] b = new byte[n];
        int at = 0;
        for (AvPair p : pairs) {
            NtlmCrypto.putShort(b, at, p.id);
            NtlmCrypto.putShort(b, at + 2, p.value.length());
            p.value.copyTo(b, at + 4);
            at += 4 + p.value.length();
        }
        return b; // the last four octets are already the EOL pair
    }

    /**
     * Decodes pairs up to {@code MsvAvEOL}; octets after it are ignored (NTLMv2 clients pad the list). A range that
     * ends without EOL is accepted if it ends exactly after a pair.
     *
     * @param b the octets
     * @param from where the list starts
     * @param to where the range ends
     * @return the pairs, without EOL
     * @throws SecurityFailure if a pair's header or value runs past the range
     */
    public static List<AvPair> decode(byte[] b, int from, int to) throws SecurityFailure {
        List<AvPair> pairs = new ArrayList<>();
        int at = from;
        while (at < to) {
            if (to - at < 4) {
                throw NtlmMessages.malformed("AV_PAIR at offset " + at + " has " + (to - at)
                        + " octets left, fewer than its 4-octet header");
            }
            int id = NtlmCrypto.getShort(b, at);
            int len = NtlmCrypto.getShort(b, at + 2);
            if (id == MSV_AV_EOL) {
                return pairs;
            }
            if (len > to - at - 4) {
                throw NtlmMessages.malformed("AV_PAIR " + id + " at offset " + at + " claims " + len
                        + " octets but only " + (to - at - 4) + " remain");
            }
            pairs.add(new AvPair(id, Bytes.copyOf(b, at + 4, len)));
            at += 4 + len;
        }
        return pairs;
    }

    /**
     * Finds the first pair with an id.
     *
     * @param pairs the pairs
     * @param id the {@code AvId}
     * @return the pair
     */
    public static Optional<AvPair> find(List<AvPair> pairs, int id) {
        for (AvPair p : pairs) {
            if (p.id == id) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
