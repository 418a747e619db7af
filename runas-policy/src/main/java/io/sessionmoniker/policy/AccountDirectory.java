package io.sessionmoniker.policy;

import java.util.Optional;

/**
 * Looks accounts up by name, for AppIDs that run as a named account ({@code This User}).
 *
 * <pre>{@code
 * AccountDirectory accounts = name -> name.equalsIgnoreCase("svc") ? Optional.of(svc) : Optional.empty();
 * AccountDirectory.NONE.lookup("anyone");   // empty
 * }</pre>
 */
@FunctionalInterface
public interface AccountDirectory {

    /** A directory that knows no accounts. */
    AccountDirectory NONE = name -> Optional.empty();

    /**
     * Looks an account up.
     *
     * @param name {@code user} or {@code domain\\user}, as written in {@code RunAs}
     * @return the account, or empty if unknown
     */
    Optional<Principal> lookup(String name);
}
