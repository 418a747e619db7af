package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Pdu;
import io.sessionmoniker.activation.orpc.rpc.RpcServer;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import io.sessionmoniker.activation.orpc.rpc.SecurityProvider;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * NTLM (MS-NLMP) as the DCE/RPC security provider for {@code auth_type} 10 ({@link AuthVerifier#RPC_C_AUTHN_WINNT}):
 * each security context a client starts on a connection gets an {@link NtlmServerContext}, which answers the
 * NEGOTIATE with a CHALLENGE, has the AUTHENTICATE verified by the configured {@link NtlmAuthority}, derives the
 * session keys, and signs and seals the context's PDUs.
 *
 * <pre>{@code
 * NtlmSecurityProvider ntlm = NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(
 *         NtlmServerNames.of("HOST", "WORKGROUP"),
 *         LocalNtlmAuthority.create(names, store)));
 * RpcServer.Options options = RpcServer.Options.DEFAULT.withSecurity(SecurityProviders.of(ntlm));
 * }</pre>
 */
public final class NtlmSecurityProvider implements SecurityProvider {

    /**
     * The provider's configuration.
     *
     * @param names the names the CHALLENGE announces
     * @param authority who verifies AUTHENTICATE messages
     * @param challenges where server challenges and timestamps come from
     * @param levels the {@code auth_level}s offered (a context asking for another is refused)
     * @param extendedSessionSecurity whether the CHALLENGE may keep EXTENDED_SESSIONSECURITY; false forces plain
     *     NTLMv1 on v1 clients (j-Interop then sends plain NTLMv1 responses)
     */
    public record Options(NtlmServerNames names, NtlmAuthority authority, ChallengeSource challenges,
            Set<Integer> levels, boolean extendedSessionSecurity) {

        /** CONNECT, PKT_INTEGRITY and PKT_PRIVACY. */
        public static final Set<Integer> DEFAULT_LEVELS = Set.of(AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT,
                AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY, AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY);

        /**
         * Checks the components.
         *
         * @param names not null
         * @param authority not null
         * @param challenges not null
         * @param levels levels from CONNECT (2) to PKT_PRIVACY (6), copied
         * @param extendedSessionSecurity the ESS choice
         */
        public Options {
            Objects.requireNonNull(names, "names");
            Objects.requireNonNull(authority, "authority");
            Objects.requireNonNull(challenges, "challenges");
            levels = Set.copyOf(levels);
            for (int l : levels) {
                if (l < AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT || l > AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY) {
                    throw new IllegalArgumentException("an NTLM context's auth_level is 2 to 6, got " + l);
                }
            }
        }

        /**
         * Makes options with the defaults: {@link ChallengeSource#secure()}, {@link #DEFAULT_LEVELS}, and extended
         * session security kept when the client asks for it.
         *
         * @param names the server's names
         * @param authority the authority
         * @return the options
         */
        public static Options of(NtlmServerNames names, NtlmAuthority authority) {
            return new Options(names, authority, ChallengeSource.secure(), DEFAULT_LEVELS, true);
        }

        /**
         * Returns a copy with another challenge source.
         *
         * @param source the source
         * @return the copy
         */
        public Options withChallenges(ChallengeSource source) {
            return new Options(names, authority, source, levels, extendedSessionSecurity);
        }

        /**
         * Returns a copy offering other levels.
         *
         * @param offered the levels
         * @return the copy
         */
        public Options withLevels(Set<Integer> offered) {
            return new Options(names, authority, challenges, offered, extendedSessionSecurity);
        }

        /**
         * Returns a copy that keeps or clears EXTENDED_SESSIONSECURITY in its CHALLENGEs.
         *
         * @param ess false to force plain NTLMv1 session security
         * @return the copy
         */
        public Options withExtendedSessionSecurity(boolean ess) {
            return new Options(names, authority, challenges, levels, ess);
        }
    }

    private final Options options;

    private NtlmSecurityProvider(Options options) {
        this.options = options;
    }

    /**
     * Makes a provider.
     *
     * @param options the configuration
     * @return the provider
     */
    public static NtlmSecurityProvider create(Options options) {
        return new NtlmSecurityProvider(Objects.requireNonNull(options, "options"));
    }

    /**
     * Returns the configuration.
     *
     * @return the options
     */
    public Options options() {
        return options;
    }

    @Override
    public int authType() {
        return AuthVerifier.RPC_C_AUTHN_WINNT;
    }

    @Override
    public String name() {
        return "NTLM";
    }

    @Override
    public NtlmServerContext newContext(RpcServer.Connection connection, int authLevel) throws SecurityFailure {
        return newContext(authLevel);
    }

    /**
     * Starts a context outside an {@link RpcServer} (the host's own tests, a replay).
     *
     * @param authLevel the level the client asks for
     * @return the context, waiting for the NEGOTIATE
     * @throws SecurityFailure if the level is not offered
     */
    public NtlmServerContext newContext(int authLevel) throws SecurityFailure {
        if (!options.levels().contains(authLevel)) {
            throw new SecurityFailure(Pdu.BindNak.REASON_NOT_SPECIFIED, "NTLM is offered at auth_level "
                    + new TreeSet<>(options.levels()) + ", not " + authLevel);
        }
        return new NtlmServerContext(options, authLevel);
    }

    @Override
    public String toString() {
        return "NTLM[" + options.names().netbiosComputer() + ", levels " + new TreeSet<>(options.levels())
                + (options.extendedSessionSecurity() ? "" : ", no ESS") + "]";
    }
}
