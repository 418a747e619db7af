package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.AuthenticatedPrincipal;
import java.util.Arrays;
import java.util.Objects;

/**
 * What an {@link NtlmAuthority} answers for a verified AUTHENTICATE: whom it proved (the account's domain and name,
 * or anonymous) and the session base key of MS-NLMP 3.3 (16 octets; all zero for anonymous), from which the server
 * process derives the key exchange key and the session keys itself. Everything in it is plain strings and octets,
 * so an authority in another process can send it over a wire. {@link #toString()} never shows the key.
 *
 * <pre>{@code
 * NtlmLogon ok = NtlmLogon.of("HOST", "alice", sessionBaseKey);
 * ok.principal();   // HOST\alice
 * }</pre>
 */
public final class NtlmLogon {

    private static final byte[] ZERO = new byte[16];

    private final String domain;
    private final String user;
    private final byte[] sessionBaseKey;
    private final boolean anonymous;

    private NtlmLogon(String domain, String user, byte[] sessionBaseKey, boolean anonymous) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.user = Objects.requireNonNull(user, "user");
        if (sessionBaseKey.length != 16) {
            throw new IllegalArgumentException("a session base key is 16 octets, got " + sessionBaseKey.length);
        }
        this.sessionBaseKey = sessionBaseKey.clone();
        this.anonymous = anonymous;
    }

    /**
     * Makes the answer for an account.
     *
     * @param domain the account's domain (for a local account, the server's NetBIOS computer name)
     * @param user the account name, not empty
     * @param sessionBaseKey 16 octets (copied)
     * @return the logon
     */
    public static NtlmLogon of(String domain, String user, byte[] sessionBaseKey) {
        if (user.isEmpty()) {
            throw new IllegalArgumentException("an account logon needs a user name; use anonymous()");
        }
        return new NtlmLogon(domain, user, sessionBaseKey, false);
    }

    /**
     * Makes the answer for an anonymous AUTHENTICATE: no account, an all-zero session base key.
     *
     * @return the logon
     */
    public static NtlmLogon anonymous() {
        return new NtlmLogon("", "", ZERO, true);
    }

    /**
     * Returns the account's domain.
     *
     * @return the domain, empty for anonymous
     */
    public String domain() {
        return domain;
    }

    /**
     * Returns the account name.
     *
     * @return the name, empty for anonymous
     */
    public String user() {
        return user;
    }

    /**
     * Returns the session base key.
     *
     * @return a copy of the 16 octets
     */
    public byte[] sessionBaseKey() {
        return sessionBaseKey.clone();
    }

    /**
     * Tells whether the logon is anonymous.
     *
     * @return true for anonymous
     */
    public boolean isAnonymous() {
        return anonymous;
    }

    /**
     * Returns the principal the context established.
     *
     * @return the principal (auth_type 10)
     */
    public AuthenticatedPrincipal principal() {
        return new AuthenticatedPrincipal(AuthVerifier.RPC_C_AUTHN_WINNT, domain, user);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NtlmLogon l && l.anonymous == anonymous && l.domain.equals(domain) && l.user.equals(user)
                && NtlmCrypto.equal(l.sessionBaseKey, sessionBaseKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, user, anonymous, Arrays.hashCode(sessionBaseKey));
    }

    /**
     * Names the principal, never the key.
     *
     * @return for example {@code "NtlmLogon[HOST\alice]"}
     */
    @Override
    public String toString() {
        return "NtlmLogon[" + principal() + "]";
    }
}
