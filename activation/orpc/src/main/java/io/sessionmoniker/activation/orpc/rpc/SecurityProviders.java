package io.sessionmoniker.activation.orpc.rpc;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The security providers a server offers, by {@code auth_type}. {@link #none()} offers none: the server takes
 * unauthenticated binds and calls, and refuses a verifier of any kind ({@code bind_nak} with
 * {@code authentication_type_not_recognized}), which is what every local endpoint does; the callers of a local
 * endpoint are known from their transport credentials. Immutable.
 *
 * <pre>{@code
 * SecurityProviders.none().find(AuthVerifier.RPC_C_AUTHN_WINNT);   // empty
 * SecurityProviders.of(ntlm).find(AuthVerifier.RPC_C_AUTHN_WINNT); // Optional[ntlm]
 * }</pre>
 */
public final class SecurityProviders {

    private static final SecurityProviders NONE = new SecurityProviders(Map.of());

    private final Map<Integer, SecurityProvider> byType;

    private SecurityProviders(Map<Integer, SecurityProvider> byType) {
        this.byType = byType;
    }

    /**
     * Returns the registry that offers no provider.
     *
     * @return the empty registry
     */
    public static SecurityProviders none() {
        return NONE;
    }

    /**
     * Returns a registry of providers.
     *
     * @param providers each answering a different {@code auth_type}
     * @return the registry
     * @throws IllegalArgumentException if two answer the same {@code auth_type}
     */
    public static SecurityProviders of(SecurityProvider... providers) {
        Map<Integer, SecurityProvider> m = new TreeMap<>();
        for (SecurityProvider p : providers) {
            if (m.putIfAbsent(p.authType(), p) != null) {
                throw new IllegalArgumentException("two security providers for auth_type " + p.authType());
            }
        }
        return new SecurityProviders(Map.copyOf(m));
    }

    /**
     * Finds the provider of an {@code auth_type}.
     *
     * @param authType the type
     * @return the provider, or empty
     */
    public Optional<SecurityProvider> find(int authType) {
        return Optional.ofNullable(byType.get(authType));
    }

    @Override
    public String toString() {
        return byType.isEmpty() ? "no security providers" : byType.values().stream().map(SecurityProvider::name)
                .toList().toString();
    }
}
