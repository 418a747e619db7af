package io.sessionmoniker.activation.windows.internal;

import io.sessionmoniker.policy.Sid;
import java.util.Optional;

/**
 * Finds the SID of the user logged on to a session. The Windows implementation asks {@code LookupAccountNameW}
 * for {@code DOMAIN\}{@code user} and, when that fails, reads the user SID from the session's token
 * ({@code WTSQueryUserToken}, LocalSystem only); tests supply a table.
 *
 * <pre>{@code
 * AccountResolver table = (session, domain, user) -> Optional.ofNullable(sids.get(domain + "\\" + user));
 * }</pre>
 */
@FunctionalInterface
public interface AccountResolver {

    /**
     * Resolves a session's user.
     *
     * @param sessionId the session the user is logged on to
     * @param domain the domain WTS reported, possibly empty
     * @param user the user name WTS reported, not blank
     * @return the user's SID, or empty when it cannot be found
     */
    Optional<Sid> resolve(long sessionId, String domain, String user);
}
