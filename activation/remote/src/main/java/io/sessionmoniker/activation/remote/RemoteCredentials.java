package io.sessionmoniker.activation.remote;

import io.sessionmoniker.activation.dcom.ntlm.NtHash;
import io.sessionmoniker.activation.dcom.ntlm.NtlmCredentials;
import java.util.Arrays;
import java.util.Objects;

/**
 * The account the remote backend logs on to a host with: a domain (possibly empty), a user, and the password held
 * only as its NT hash (MD4 of the UTF-16LE password, what NTLM needs). A password given as {@code char[]} is hashed
 * at once and the caller's array wiped; no {@code String} of it is ever made. {@link #toString()} shows the names
 * only, so the object may appear in logs and in {@link io.sessionmoniker.activation.ActivatorSettings#toString()}.
 *
 * <pre>{@code
 * char[] password = System.console().readPassword("password: ");
 * RemoteCredentials who = RemoteCredentials.password("LAB", "alice", password);   // password is now all zeros
 * RemoteCredentials.parseUser("LAB\\alice", password);                            // the same
 * }</pre>
 */
public final class RemoteCredentials {

    private final NtlmCredentials ntlm;

    private RemoteCredentials(NtlmCredentials ntlm) {
        this.ntlm = ntlm;
    }

    /**
     * Makes credentials from a password, which this method wipes (fills with zeros) before it returns.
     *
     * @param domain the domain, empty for a local account of the host
     * @param user the user name, not empty
     * @param password the password; wiped
     * @return the credentials
     * @throws IllegalArgumentException for an empty user name
     */
    public static RemoteCredentials password(String domain, String user, char[] password) {
        Objects.requireNonNull(password, "password");
        try {
            return new RemoteCredentials(NtlmCredentials.password(Objects.requireNonNull(domain, "domain"),
                    Objects.requireNonNull(user, "user"), password));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Makes credentials from {@code [DOMAIN\]USER} and a password, which this method wipes.
     *
     * @param user {@code USER} or {@code DOMAIN\USER}
     * @param password the password; wiped
     * @return the credentials
     * @throws IllegalArgumentException for an empty user or domain part
     */
    public static RemoteCredentials parseUser(String user, char[] password) {
        Objects.requireNonNull(user, "user");
        int slash = user.indexOf('\\');
        if (slash == 0 || slash == user.length() - 1 || user.indexOf('\\', slash + 1) >= 0) {
            Arrays.fill(password, '\0');
            throw new IllegalArgumentException("expected USER or DOMAIN\\USER, got \"" + user + "\"");
        }
        return slash < 0 ? password("", user, password)
                : password(user.substring(0, slash), user.substring(slash + 1), password);
    }

    /**
     * Makes credentials from an account's NT hash (16 octets), for a caller that never holds the password.
     *
     * @param domain the domain, possibly empty
     * @param user the user name
     * @param ntHash the hash; copied
     * @return the credentials
     */
    public static RemoteCredentials ntHash(String domain, String user, byte[] ntHash) {
        return new RemoteCredentials(NtlmCredentials.of(domain, user, NtHash.of(ntHash)));
    }

    /**
     * Returns the domain as it is sent.
     *
     * @return the domain, possibly empty
     */
    public String domain() {
        return ntlm.domain();
    }

    /**
     * Returns the user name.
     *
     * @return the user
     */
    public String user() {
        return ntlm.user();
    }

    /** The NTLM initiator's view. */
    NtlmCredentials ntlm() {
        return ntlm;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteCredentials c && c.ntlm.equals(ntlm);
    }

    @Override
    public int hashCode() {
        return ntlm.hashCode();
    }

    /**
     * Shows the account, never the secret.
     *
     * @return for example {@code RemoteCredentials[LAB\alice]}
     */
    @Override
    public String toString() {
        return "RemoteCredentials[" + (domain().isEmpty() ? "" : domain() + "\\") + user() + "]";
    }
}
