package io.sessionmoniker.activation.dcom.ntlm;

import java.util.Objects;

/**
 * A local account an {@link NtlmCredentialStore} knows: its name as the store spells it (the principal's user name)
 * and its NT hash.
 *
 * @param name the account name
 * @param hash the NT hash
 */
public record NtlmAccount(String name, NtHash hash) {

    /**
     * Checks the components.
     *
     * @param name not empty
     * @param hash not null
     */
    public NtlmAccount {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an account needs a name");
        }
        Objects.requireNonNull(hash, "hash");
    }
}
