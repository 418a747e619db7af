package io.sessionmoniker.activation.orpc.rpc;

import java.util.Objects;

/**
 * Who a security provider proved the client to be: the account its authentication exchange established, never what
 * the client wrote about itself.
 *
 * <pre>{@code
 * AuthenticatedPrincipal p = new AuthenticatedPrincipal(AuthVerifier.RPC_C_AUTHN_WINNT, "LAB", "bob");
 * p.qualifiedName();   // "LAB\bob"
 * }</pre>
 *
 * @param authType the provider that proved it ({@link AuthVerifier#RPC_C_AUTHN_WINNT} …)
 * @param domain the account's domain (or computer) name, empty when the provider has none
 * @param user the account name; empty only for an anonymous principal
 */
public record AuthenticatedPrincipal(int authType, String domain, String user) {

    /**
     * Checks the components.
     *
     * @param authType an octet
     * @param domain not null
     * @param user not null
     */
    public AuthenticatedPrincipal {
        if ((authType & ~0xFF) != 0) {
            throw new IllegalArgumentException("auth_type is an octet: " + authType);
        }
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(user, "user");
    }

    /**
     * Tells whether the provider established an anonymous context (no account).
     *
     * @return true for anonymous
     */
    public boolean isAnonymous() {
        return user.isEmpty();
    }

    /**
     * Returns the domain and the user joined by a backslash, or the user alone without a domain.
     *
     * @return the name
     */
    public String qualifiedName() {
        return domain.isEmpty() ? user : domain + "\\" + user;
    }

    @Override
    public String toString() {
        return isAnonymous() ? "anonymous" : qualifiedName();
    }
}
