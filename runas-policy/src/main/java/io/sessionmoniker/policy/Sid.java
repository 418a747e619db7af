package io.sessionmoniker.policy;

import io.sessionmoniker.policy.internal.BinaryReader;
import io.sessionmoniker.policy.internal.SidAliases;
import io.sessionmoniker.policy.internal.SidText;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A Windows security identifier (SID): an identifier authority and up to 15 sub-authorities.
 *
 * <p>Immutable. {@link #toString()} is the standard string form of [MS-DTYP] 2.4.2.1 ({@code S-1-5-32-544});
 * {@link #parse(String)} reads it back, so {@code Sid.parse(s.toString()).equals(s)} always holds.
 * {@link #toBytes()} and {@link #fromBytes(byte[])} use the binary layout of [MS-DTYP] 2.4.2.2: revision (1),
 * sub-authority count, the 48-bit authority as six big-endian bytes, then each sub-authority as a little-endian
 * 32-bit value.
 *
 * <pre>{@code
 * Sid admins = Sid.parse("S-1-5-32-544");
 * admins.equals(Sid.BUILTIN_ADMINISTRATORS);       // true
 * admins.sddlAlias();                              // Optional[BA]
 * Sid.fromSddl("IU");                              // S-1-5-4
 * Sid user = Sid.MACHINE_DOMAIN.append(1001);      // S-1-5-21-3623811015-3361044348-30300820-1001
 * Sid.fromBytes(user.toBytes()).equals(user);      // true
 * }</pre>
 *
 * <p>Invariants: the authority is in {@code 0..2^48-1}; there are at most {@link #MAX_SUB_AUTHORITIES}
 * sub-authorities, each in {@code 0..4294967295}. Sub-authorities are returned as non-negative {@code long}s.
 */
public final class Sid implements Comparable<Sid> {

    /** The most sub-authorities a SID can have ({@code SID_MAX_SUB_AUTHORITIES}). */
    public static final int MAX_SUB_AUTHORITIES = 15;

    /** The largest identifier authority: 48 bits. */
    public static final long MAX_AUTHORITY = (1L << 48) - 1;

    /** The largest sub-authority: an unsigned 32-bit value. */
    public static final long MAX_SUB_AUTHORITY = 0xFFFF_FFFFL;

    /** Nobody, {@code S-1-0-0} (the NULL SID). */
    public static final Sid NULL = of(0, 0);
    /** Everyone, {@code S-1-1-0} (SDDL {@code WD}). */
    public static final Sid EVERYONE = of(1, 0);
    /** LOCAL, {@code S-1-2-0}: users logged on to terminals physically connected to the system. */
    public static final Sid LOCAL = of(2, 0);
    /** CREATOR OWNER, {@code S-1-3-0} (SDDL {@code CO}): a placeholder in inheritable ACEs. */
    public static final Sid CREATOR_OWNER = of(3, 0);
    /** CREATOR GROUP, {@code S-1-3-1} (SDDL {@code CG}). */
    public static final Sid CREATOR_GROUP = of(3, 1);
    /** NT AUTHORITY\NETWORK, {@code S-1-5-2} (SDDL {@code NU}): in the token of a network logon. */
    public static final Sid NETWORK = of(5, 2);
    /** NT AUTHORITY\BATCH, {@code S-1-5-3}: in the token of a batch logon. */
    public static final Sid BATCH = of(5, 3);
    /** NT AUTHORITY\INTERACTIVE, {@code S-1-5-4} (SDDL {@code IU}): in the token of an interactive logon. */
    public static final Sid INTERACTIVE = of(5, 4);
    /** NT AUTHORITY\SERVICE, {@code S-1-5-6} (SDDL {@code SU}): in the token of a service logon. */
    public static final Sid SERVICE = of(5, 6);
    /** NT AUTHORITY\ANONYMOUS LOGON, {@code S-1-5-7} (SDDL {@code AN}). */
    public static final Sid ANONYMOUS = of(5, 7);
    /** NT AUTHORITY\SELF, {@code S-1-5-10} (SDDL {@code PS}): a placeholder for the principal itself. */
    public static final Sid PRINCIPAL_SELF = of(5, 10);
    /** NT AUTHORITY\Authenticated Users, {@code S-1-5-11} (SDDL {@code AU}). */
    public static final Sid AUTHENTICATED_USERS = of(5, 11);
    /** NT AUTHORITY\SYSTEM, {@code S-1-5-18} (SDDL {@code SY}): the LocalSystem account. */
    public static final Sid LOCAL_SYSTEM = of(5, 18);
    /** NT AUTHORITY\LOCAL SERVICE, {@code S-1-5-19} (SDDL {@code LS}). */
    public static final Sid LOCAL_SERVICE = of(5, 19);
    /** NT AUTHORITY\NETWORK SERVICE, {@code S-1-5-20} (SDDL {@code NS}). */
    public static final Sid NETWORK_SERVICE = of(5, 20);
    /** BUILTIN\Administrators, {@code S-1-5-32-544} (SDDL {@code BA}). */
    public static final Sid BUILTIN_ADMINISTRATORS = of(5, 32, 544);
    /** BUILTIN\Users, {@code S-1-5-32-545} (SDDL {@code BU}). */
    public static final Sid BUILTIN_USERS = of(5, 32, 545);
    /** BUILTIN\Guests, {@code S-1-5-32-546} (SDDL {@code BG}). */
    public static final Sid BUILTIN_GUESTS = of(5, 32, 546);
    /** BUILTIN\Distributed COM Users, {@code S-1-5-32-562} (no SDDL alias). */
    public static final Sid DISTRIBUTED_COM_USERS = of(5, 32, 562);
    /** APPLICATION PACKAGE AUTHORITY\ALL APPLICATION PACKAGES, {@code S-1-15-2-1} (SDDL {@code AC}). */
    public static final Sid ALL_APP_PACKAGES = of(15, 2, 1);
    /** Low mandatory level, {@code S-1-16-4096} (SDDL {@code LW}). */
    public static final Sid LOW_INTEGRITY = of(16, 4096);
    /** Medium mandatory level, {@code S-1-16-8192} (SDDL {@code ME}). */
    public static final Sid MEDIUM_INTEGRITY = of(16, 8192);
    /** High mandatory level, {@code S-1-16-12288} (SDDL {@code HI}). */
    public static final Sid HIGH_INTEGRITY = of(16, 12288);
    /** System mandatory level, {@code S-1-16-16384} (SDDL {@code SI}). */
    public static final Sid SYSTEM_INTEGRITY = of(16, 16384);

    /**
     * The account domain of the modelled machine, {@code S-1-5-21-3623811015-3361044348-30300820}.
     *
     * <p>A fixed value, so that logical users get the same SIDs on every run: the host appends a RID per user,
     * from 1000 upward in scenario order, with {@link #machineAccount}.
     */
    public static final Sid MACHINE_DOMAIN = of(5, 21, 3623811015L, 3361044348L, 30300820L);

    private final long authority;
    private final int[] subAuthorities;

    private Sid(long authority, int[] subAuthorities) {
        this.authority = authority;
        this.subAuthorities = subAuthorities;
    }

    /**
     * Creates a SID from its parts.
     *
     * <pre>{@code
     * Sid.of(5, 32, 544);   // S-1-5-32-544
     * }</pre>
     *
     * @param authority the identifier authority, {@code 0..2^48-1}
     * @param subAuthorities up to 15 values, each {@code 0..4294967295}
     * @return the SID
     * @throws IllegalArgumentException if a value is out of range or there are too many sub-authorities
     */
    public static Sid of(long authority, long... subAuthorities) {
        if (authority < 0 || authority > MAX_AUTHORITY) {
            throw new IllegalArgumentException("SID authority " + authority + " is outside 0..2^48-1");
        }
        if (subAuthorities.length > MAX_SUB_AUTHORITIES) {
            throw new IllegalArgumentException(
                    "a SID has at most 15 sub-authorities, not " + subAuthorities.length);
        }
        int[] subs = new int[subAuthorities.length];
        for (int i = 0; i < subs.length; i++) {
            long value = subAuthorities[i];
            if (value < 0 || value > MAX_SUB_AUTHORITY) {
                throw new IllegalArgumentException("SID sub-authority " + value + " is outside 0..4294967295");
            }
            subs[i] = (int) value;
        }
        return new Sid(authority, subs);
    }

    /**
     * Creates the SID of a local account of the modelled machine: {@link #MACHINE_DOMAIN} followed by the RID.
     *
     * <pre>{@code
     * Sid.machineAccount(1000);   // S-1-5-21-3623811015-3361044348-30300820-1000
     * }</pre>
     *
     * @param rid the relative identifier, {@code 0..4294967295}
     * @return the account's SID
     */
    public static Sid machineAccount(long rid) {
        return MACHINE_DOMAIN.append(rid);
    }

    /**
     * Parses a SID as Windows' {@code ConvertStringSidToSid} does: the standard string form
     * {@code S-1-}<i>authority</i>{@code -}<i>sub</i>…, or a machine-independent SDDL alias such as {@code BA}.
     *
     * <p>Microsoft's "ConvertStringSidToSid" page says the string may use "the standard S-R-I-S-S… format for
     * SID strings, or the SID string constant format, such as "BA" for built-in administrators", so aliases are
     * accepted (ASCII case ignored); domain-relative aliases such as {@code DA} are refused, since they need a
     * domain (see {@link SecurityDescriptor#parse(String, Sid)}). The numbers are read as Windows reads them:
     * decimal (leading zeros allowed) or {@code 0x} hexadecimal, an authority up to 2^48-1 in either base,
     * blanks after each {@code -}; see {@code SidText}. {@code S} and {@code x} may be lower case. Whatever was
     * read, {@link #toString()} prints the standard form.
     *
     * <pre>{@code
     * Sid.parse("S-1-5-32-544");            // S-1-5-32-544
     * Sid.parse("BA");                      // S-1-5-32-544
     * Sid.parse("S-1-21474836480-32-579");  // S-1-0x500000000-32-579
     * }</pre>
     *
     * @param text for example {@code "S-1-5-21-1-2-3-1001"} or {@code "SY"}
     * @return the SID
     * @throws SecurityDescriptorFormatException naming the character position of the first error
     */
    public static Sid parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() == 2 && !SidText.startsWithSid(text, 0)) {
            return SidAliases.resolve(text, 0, null);
        }
        SidText.Result result = SidText.parse(text, 0);
        if (result.end() != text.length()) {
            throw SecurityDescriptorFormatException.text(text, result.end(),
                    "expected the end of the SID but was '" + text.charAt(result.end()) + "'");
        }
        return result.sid();
    }

    /**
     * Parses like {@link #parse(String)} but returns empty instead of throwing.
     *
     * @param text the string form
     * @return the SID, or empty if {@code text} is not a valid SID string
     */
    public static Optional<Sid> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (SecurityDescriptorFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses a SID as SDDL writes it: a two-letter alias ({@code SY}, {@code BA}, {@code IU}, …, matched
     * ignoring ASCII case) or the standard string form.
     *
     * <pre>{@code
     * Sid.fromSddl("SY");             // S-1-5-18
     * Sid.fromSddl("S-1-5-32-545");   // S-1-5-32-545
     * }</pre>
     *
     * @param text an alias or a SID string
     * @return the SID
     * @throws SecurityDescriptorFormatException if {@code text} is neither; domain-relative aliases such as
     *     {@code DA} are rejected because they need a domain (see {@link SecurityDescriptor#parse(String, Sid)})
     */
    public static Sid fromSddl(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() == 2 && !SidText.startsWithSid(text, 0)) {
            return SidAliases.resolve(text, 0, null);
        }
        return parse(text);
    }

    /**
     * Reads a SID that fills the whole buffer.
     *
     * @param bytes the binary SID
     * @return the SID
     * @throws SecurityDescriptorFormatException if the buffer is truncated, has a bad revision or
     *     sub-authority count, or has bytes after the SID
     */
    public static Sid fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        BinaryReader reader = new BinaryReader(bytes);
        Sid sid = reader.sid(0, bytes.length, "SID");
        if (sid.byteSize() != bytes.length) {
            throw SecurityDescriptorFormatException.binary(sid.byteSize(),
                    "expected the end of the " + sid.byteSize() + "-byte SID but the buffer has "
                            + bytes.length + " bytes");
        }
        return sid;
    }

    /**
     * Reads the SID that starts at {@code offset}; bytes after it are ignored.
     *
     * @param bytes a buffer holding a binary SID
     * @param offset where the SID starts
     * @return the SID
     * @throws SecurityDescriptorFormatException if the SID is malformed or runs past the end of the buffer
     * @throws IndexOutOfBoundsException if {@code offset} is outside the buffer (a caller error)
     */
    public static Sid fromBytes(byte[] bytes, int offset) {
        Objects.requireNonNull(bytes, "bytes");
        if (offset < 0 || offset > bytes.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside a " + bytes.length + "-byte buffer");
        }
        return new BinaryReader(bytes).sid(offset, bytes.length, "SID");
    }

    /**
     * Returns a SID with one more sub-authority, for example a domain SID plus a RID.
     *
     * @param subAuthority the value to append, {@code 0..4294967295}
     * @return the longer SID
     * @throws IllegalArgumentException if this SID already has 15 sub-authorities or the value is out of range
     */
    public Sid append(long subAuthority) {
        long[] subs = new long[subAuthorities.length + 1];
        for (int i = 0; i < subAuthorities.length; i++) {
            subs[i] = subAuthority(i);
        }
        subs[subAuthorities.length] = subAuthority;
        return of(authority, subs);
    }

    /**
     * Returns the identifier authority, for example 5 for {@code NT AUTHORITY}.
     *
     * @return the authority, {@code 0..2^48-1}
     */
    public long authority() {
        return authority;
    }

    /**
     * Returns how many sub-authorities this SID has.
     *
     * @return {@code 0..15}
     */
    public int subAuthorityCount() {
        return subAuthorities.length;
    }

    /**
     * Returns one sub-authority.
     *
     * @param index {@code 0..subAuthorityCount()-1}
     * @return the value, {@code 0..4294967295}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public long subAuthority(int index) {
        return Integer.toUnsignedLong(subAuthorities[index]);
    }

    /**
     * Returns the last sub-authority, the relative identifier of an account SID.
     *
     * @return the RID, or empty for a SID without sub-authorities
     */
    public Optional<Long> rid() {
        return subAuthorities.length == 0
                ? Optional.empty()
                : Optional.of(subAuthority(subAuthorities.length - 1));
    }

    /**
     * Returns whether this SID starts with every part of {@code prefix}: the same authority and the same
     * leading sub-authorities. A domain SID is a prefix of its accounts' SIDs.
     *
     * @param prefix the shorter SID
     * @return true if this SID is {@code prefix} or extends it
     */
    public boolean startsWith(Sid prefix) {
        if (prefix.authority != authority || prefix.subAuthorities.length > subAuthorities.length) {
            return false;
        }
        for (int i = 0; i < prefix.subAuthorities.length; i++) {
            if (prefix.subAuthorities[i] != subAuthorities[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the size of the binary form: 8 bytes plus 4 per sub-authority.
     *
     * @return {@code 8..68}
     */
    public int byteSize() {
        return 8 + 4 * subAuthorities.length;
    }

    /**
     * Returns the binary form ([MS-DTYP] 2.4.2.2).
     *
     * @return a new array of {@link #byteSize()} bytes
     */
    public byte[] toBytes() {
        byte[] out = new byte[byteSize()];
        writeTo(out, 0);
        return out;
    }

    /**
     * Writes the binary form into {@code out} at {@code offset}.
     *
     * @param out the destination
     * @param offset where to start; {@link #byteSize()} bytes are written
     * @return the offset after the SID
     */
    public int writeTo(byte[] out, int offset) {
        out[offset] = 1;
        out[offset + 1] = (byte) subAuthorities.length;
        for (int i = 0; i < 6; i++) {
            out[offset + 2 + i] = (byte) (authority >>> (8 * (5 - i)));
        }
        int at = offset + 8;
        for (int sub : subAuthorities) {
            out[at] = (byte) sub;
            out[at + 1] = (byte) (sub >>> 8);
            out[at + 2] = (byte) (sub >>> 16);
            out[at + 3] = (byte) (sub >>> 24);
            at += 4;
        }
        return at;
    }

    /**
     * Returns the SDDL alias of this SID, if it has one that does not depend on a domain.
     *
     * @return for example {@code "BA"} for {@code S-1-5-32-544}, or empty
     */
    public Optional<String> sddlAlias() {
        return SidAliases.aliasOf(this);
    }

    /**
     * Returns the SID as SDDL writes it: its alias when it has one, else the standard string form. This is what
     * {@code ConvertSecurityDescriptorToStringSecurityDescriptor} does for the machine-independent aliases.
     *
     * @return for example {@code "SY"} or {@code "S-1-5-32-562"}
     */
    public String toSddl() {
        return sddlAlias().orElseGet(this::toString);
    }

    /**
     * Returns the account name Windows shows for a well-known SID.
     *
     * @return for example {@code "BUILTIN\\Administrators"}, or empty for other SIDs
     */
    public Optional<String> wellKnownName() {
        return SidAliases.nameOf(this);
    }

    /**
     * Returns a description for traces: the well-known name and the SID, or the SID alone.
     *
     * @return for example {@code "NT AUTHORITY\\INTERACTIVE (S-1-5-4)"}
     */
    public String describe() {
        return wellKnownName().map(name -> name + " (" + this + ")").orElseGet(this::toString);
    }

    /**
     * Orders SIDs by authority, then sub-authorities (unsigned) position by position, shorter first on a tie.
     *
     * @param other the SID to compare with
     * @return negative, zero or positive
     */
    @Override
    public int compareTo(Sid other) {
        int c = Long.compare(authority, other.authority);
        if (c != 0) {
            return c;
        }
        int n = Math.min(subAuthorities.length, other.subAuthorities.length);
        for (int i = 0; i < n; i++) {
            c = Integer.compareUnsigned(subAuthorities[i], other.subAuthorities[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(subAuthorities.length, other.subAuthorities.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sid other
                && authority == other.authority
                && Arrays.equals(subAuthorities, other.subAuthorities);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(authority) + Arrays.hashCode(subAuthorities);
    }

    /**
     * Returns the standard string form: decimal authority below 2^32, else {@code 0x} and the authority in
     * upper-case hexadecimal without leading zeros, as {@code ConvertSidToStringSid} prints it
     * ({@code S-1-0x500000000-32-579}).
     *
     * @return for example {@code "S-1-5-32-544"}
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(16 + 11 * subAuthorities.length).append("S-1-");
        if (authority < (1L << 32)) {
            out.append(authority);
        } else {
            out.append("0x").append(Long.toHexString(authority).toUpperCase(Locale.ROOT));
        }
        for (int sub : subAuthorities) {
            out.append('-').append(Integer.toUnsignedString(sub));
        }
        return out.toString();
    }
}
