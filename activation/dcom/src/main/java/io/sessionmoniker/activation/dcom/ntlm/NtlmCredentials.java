package io.sessionmoniker.activation.dcom.ntlm;

import java.util.Arrays;
import java.util.Objects;

/**
 * Whom an NTLM initiator logs on as: a domain (empty for a server's local accounts, as Impacket sends it), a user
 * name, and the account's NT hash (NTOWFv1, MS-NLMP 3.3.1), which is all NTLMv2 needs of the password. Immutable and
 * thread-safe. {@link #toString()} shows the names only, never the hash; {@link #equals(Object)} compares the hashes
 * in time independent of where they differ.
 *
 * <pre>{@code
 * char[] password = readPassword();
 * NtlmCredentials alice = NtlmCredentials.password("", "alice", password);   // the caller may now wipe password
 * alice.toString();   // "NtlmCredentials[alice]"
 * NtlmCredentials same = NtlmCredentials.of("", "alice", NtHash.parseHex("..."));
 * }</pre>
 */
public final class NtlmCredentials {

    private final String domain;
    private final String user;
    private final NtHash hash;

    private NtlmCredentials(String domain, String user, NtHash hash) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.user = Objects.requireNonNull(user, "user");
        this.hash = Objects.requireNonNull(hash, "hash");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("NTLM credentials need a user name (anonymous logons are not offered)");
        }
    }

    /**
     * Makes credentials from an NT hash.
     *
     * @param domain the domain as it is to be sent (empty, {@code "."}, the server's name, or a domain)
     * @param user the user name, not empty
     * @param hash the account's NT hash
     * @return the credentials
     */
    public static NtlmCredentials of(String domain, String user, NtHash hash) {
        return new NtlmCredentials(domain, user, hash);
    }

    /**
     * Makes credentials from a password, keeping only its NT hash: the UTF-16LE octets the hash is computed from are
     * wiped before this returns; the caller may wipe {@code password}.
     *
     * @param domain the domain as it is to be sent
     * @param user the user name, not empty
     * @param password the password
     * @return the credentials
     */
    public static NtlmCredentials password(String domain, String user, char[] password) {
        byte[] octets = new byte[2 * password.length];
        for (int i = 0; i < password.length; i++) {
            octets[2 * i] = (byte) password[i];
            octets[2 * i + 1] = (byte) (password[i] >>> 8);
        }
        byte[] md4 = Md4.digest(octets);
        Arrays.fill(octets, (byte) 0);
        try {
            return new NtlmCredentials(domain, user, NtHash.of(md4));
        } finally {
            Arrays.fill(md4, (byte) 0);
        }
    }

    /**
     * Returns the domain as it is sent.
     *
     * @return the domain, possibly empty
     */
    public String domain() {
        return domain;
    }

    /**
     * Returns the user name as it is sent.
     *
     * @return the user name
     */
    public String user() {
        return user;
    }

    /**
     * Returns the NT hash.
     *
     * @return the hash
     */
    public NtHash hash() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NtlmCredentials c && domain.equals(c.domain) && user.equals(c.user) && hash.equals(c.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, user);
    }

    /**
     * Shows the names, never the hash.
     *
     * @return for example {@code "NtlmCredentials[WORKGROUP\\alice]"} or {@code "NtlmCredentials[alice]"}
     */
    @Override
    public String toString() {
        return "NtlmCredentials[" + (domain.isEmpty() ? "" : domain + "\\") + user + "]";
    }
}
