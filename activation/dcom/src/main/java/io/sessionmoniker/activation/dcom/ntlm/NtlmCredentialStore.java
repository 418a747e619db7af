package io.sessionmoniker.activation.dcom.ntlm;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a {@link LocalNtlmAuthority} finds accounts: user name to NT hash. Only the host process holds one; server
 * processes ask the host through an {@link NtlmAuthority}. User names match case-insensitively (Windows account
 * names do), folded with {@link Locale#ROOT}.
 *
 * <pre>{@code
 * NtlmCredentialStore store = NtlmCredentialStore.of(Map.of("alice", NtHash.fromPassword("secret")));
 * store.find("ALICE").map(NtlmAccount::name);   // Optional["alice"]
 * }</pre>
 */
@FunctionalInterface
public interface NtlmCredentialStore {

    /**
     * Finds an account.
     *
     * @param user the user name the client sent
     * @return the account, or empty when there is none (or it may not log on over the network)
     */
    Optional<NtlmAccount> find(String user);

    /**
     * Makes a store over a fixed map, matching names case-insensitively.
     *
     * @param accounts name to hash (copied); two names that differ only in case are refused
     * @return the store
     */
    static NtlmCredentialStore of(Map<String, NtHash> accounts) {
        Map<String, NtlmAccount> byName = new HashMap<>();
        for (Map.Entry<String, NtHash> e : accounts.entrySet()) {
            NtlmAccount a = new NtlmAccount(e.getKey(), e.getValue());
            if (byName.put(e.getKey().toUpperCase(Locale.ROOT), a) != null) {
                throw new IllegalArgumentException("two accounts differ only in case: " + e.getKey());
            }
        }
        Map<String, NtlmAccount> frozen = Map.copyOf(byName);
        return user -> Optional.ofNullable(frozen.get(user.toUpperCase(Locale.ROOT)));
    }
}
