package io.sessionmoniker.moniker;

import io.sessionmoniker.moniker.internal.GuidScanner;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A COM GUID (CLSID, IID, AppID): an immutable 128-bit value whose {@link #toString()} is the canonical
 * uppercase text without braces, the form Windows' {@code IMoniker::GetDisplayName} writes in a class moniker.
 *
 * <p>{@link #parse(CharSequence)} accepts exactly two forms, in either case: 36 characters
 * {@code XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, or the same in braces (38 characters). Anything else — a wrong
 * length, a non-hexadecimal or non-ASCII digit (fullwidth digits included), a misplaced dash, a stray
 * character — is a {@link MonikerSyntaxException} with {@link HResult#CO_E_CLASSSTRING} and the index of
 * the offending character.
 *
 * <p>This is not {@code CLSIDFromString}: that function takes only the braced form
 * ({@code {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}}, per its documentation) or a ProgID, and refuses a bare GUID.
 * Accepting the bare form as well is this project's choice: class monikers, {@code new:} and the session-moniker
 * documentation write GUIDs without braces, and {@code UuidFromString}, which Windows' class-moniker parser uses,
 * takes the bare form. The HRESULT is the one {@code CLSIDFromString} returns for malformed text.
 *
 * <pre>{@code
 * Guid a = Guid.parse("{10000013-0000-0000-0000-00000000000a}");
 * Guid b = Guid.parse("10000013-0000-0000-0000-00000000000A");
 * a.equals(b);           // true
 * a.toString();          // "10000013-0000-0000-0000-00000000000A"
 * a.toBracedString();    // "{10000013-0000-0000-0000-00000000000A}"
 * }</pre>
 *
 * <p>The 128 bits are held in text order (the first sixteen hexadecimal digits in {@link #mostSignificantBits()}),
 * like {@link UUID}; {@link #toBytes()} gives the little-endian memory layout Windows and NDR use.
 */
public final class Guid implements Comparable<Guid> {

    /** {@code GUID_NULL}, all zeros. */
    public static final Guid NULL = new Guid(0L, 0L);

    private final long msb;
    private final long lsb;

    private Guid(long msb, long lsb) {
        this.msb = msb;
        this.lsb = lsb;
    }

    /**
     * Returns the GUID with the given bits.
     *
     * @param mostSignificantBits the first sixteen hexadecimal digits of the text form
     * @param leastSignificantBits the last sixteen hexadecimal digits of the text form
     * @return the GUID
     */
    public static Guid of(long mostSignificantBits, long leastSignificantBits) {
        return new Guid(mostSignificantBits, leastSignificantBits);
    }

    /**
     * Returns the GUID whose text is the same as the UUID's.
     *
     * @param uuid the UUID
     * @return the GUID
     */
    public static Guid fromUuid(UUID uuid) {
        return new Guid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /**
     * Parses a braced or bare GUID in either case (unlike {@code CLSIDFromString}, which refuses the bare form; see
     * the class description).
     *
     * @param text the GUID text, 36 or 38 characters
     * @return the GUID
     * @throws MonikerSyntaxException with {@link HResult#CO_E_CLASSSTRING} when the text is not a GUID
     * @throws NullPointerException if {@code text} is null
     */
    public static Guid parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        String input = text.toString();
        if (input.length() == GuidScanner.BARE_LENGTH || input.length() == GuidScanner.BRACED_LENGTH) {
            Guid fast = GuidScanner.parseAt(input, 0);
            if (fast != null) {
                return fast;
            }
        }
        GuidScanner scanner = new GuidScanner();
        if (!scanner.scan(input, 0, input.length())) {
            int at = scanner.errorIndex();
            throw error(input, at, GuidScanner.expectedAt(at, scanner.braced()));
        }
        if (scanner.end() != input.length()) {
            throw error(input, scanner.end(), "the end of the GUID");
        }
        return new Guid(scanner.msb(), scanner.lsb());
    }

    /**
     * Parses a GUID like {@link #parse(CharSequence)}, returning empty instead of throwing.
     *
     * @param text the GUID text, or {@code null}
     * @return the GUID, or empty if {@code text} is null or not a GUID
     */
    public static Optional<Guid> tryParse(CharSequence text) {
        if (text == null) {
            return Optional.empty();
        }
        GuidScanner scanner = new GuidScanner();
        if (!scanner.scan(text, 0, text.length()) || scanner.end() != text.length()) {
            return Optional.empty();
        }
        return Optional.of(new Guid(scanner.msb(), scanner.lsb()));
    }

    private static MonikerSyntaxException error(String input, int at, String expected) {
        return new MonikerSyntaxException(HResult.CO_E_CLASSSTRING, input, at,
                Messages.expected(expected, input, at) + "; a GUID is XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX,"
                        + " optionally in braces");
    }

    /**
     * Reads a GUID from its 16-byte little-endian memory layout (Windows' {@code GUID} structure:
     * {@code Data1} as a little-endian 32-bit value, {@code Data2} and {@code Data3} as little-endian 16-bit
     * values, then the eight bytes of {@code Data4}).
     *
     * @param bytes the buffer
     * @param offset where the 16 bytes start
     * @return the GUID
     * @throws IndexOutOfBoundsException if fewer than 16 bytes follow {@code offset}
     */
    public static Guid fromBytes(byte[] bytes, int offset) {
        Objects.checkFromIndexSize(offset, 16, bytes.length);
        long data1 = (bytes[offset] & 0xFFL) | (bytes[offset + 1] & 0xFFL) << 8
                | (bytes[offset + 2] & 0xFFL) << 16 | (bytes[offset + 3] & 0xFFL) << 24;
        long data2 = (bytes[offset + 4] & 0xFFL) | (bytes[offset + 5] & 0xFFL) << 8;
        long data3 = (bytes[offset + 6] & 0xFFL) | (bytes[offset + 7] & 0xFFL) << 8;
        long low = 0;
        for (int i = 8; i < 16; i++) {
            low = (low << 8) | (bytes[offset + i] & 0xFFL);
        }
        return new Guid(data1 << 32 | data2 << 16 | data3, low);
    }

    /**
     * Returns the 16-byte little-endian memory layout of the GUID (see {@link #fromBytes(byte[], int)}).
     *
     * @return a new array
     */
    public byte[] toBytes() {
        byte[] out = new byte[16];
        long data1 = msb >>> 32;
        long data2 = (msb >>> 16) & 0xFFFF;
        long data3 = msb & 0xFFFF;
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) (data1 >>> (8 * i));
        }
        out[4] = (byte) data2;
        out[5] = (byte) (data2 >>> 8);
        out[6] = (byte) data3;
        out[7] = (byte) (data3 >>> 8);
        for (int i = 0; i < 8; i++) {
            out[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return out;
    }

    /**
     * Returns the UUID with the same text.
     *
     * @return the UUID
     */
    public UUID toUuid() {
        return new UUID(msb, lsb);
    }

    /**
     * Returns the first sixteen hexadecimal digits of the text form as a number.
     *
     * @return the high bits
     */
    public long mostSignificantBits() {
        return msb;
    }

    /**
     * Returns the last sixteen hexadecimal digits of the text form as a number.
     *
     * @return the low bits
     */
    public long leastSignificantBits() {
        return lsb;
    }

    /**
     * Returns the canonical text in braces, as the registry and {@code StringFromCLSID} write it.
     *
     * @return for example {@code "{10000013-0000-0000-0000-000000000001}"}
     */
    public String toBracedString() {
        return '{' + toString() + '}';
    }

    /**
     * Returns the canonical text: 36 uppercase characters without braces.
     *
     * @return for example {@code "10000013-0000-0000-0000-000000000001"}
     */
    @Override
    public String toString() {
        return GuidScanner.format(msb, lsb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Guid other && other.msb == msb && other.lsb == lsb;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(msb ^ lsb);
    }

    /** Orders GUIDs by their canonical text. */
    @Override
    public int compareTo(Guid o) {
        int c = Long.compareUnsigned(msb, o.msb);
        return c != 0 ? c : Long.compareUnsigned(lsb, o.lsb);
    }
}
