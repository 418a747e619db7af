package io.sessionmoniker.policy;

import io.sessionmoniker.moniker.Guid;
import java.util.Objects;

/**
 * The key under which a running server's class objects are found: a multiple-use class object registered for
 * the same class, identity, session, window station and desktop serves every activation with this key.
 *
 * <pre>{@code
 * decision.serverKey();   // {10000013-…}|InteractiveUser|S-1-5-21-…-1000|session 1|WinSta0\Default
 * }</pre>
 *
 * @param clsid the class
 * @param identity how the identity was chosen
 * @param user the SID the server runs as
 * @param sessionId the session the server runs in
 * @param windowStation the window station
 * @param desktop the desktop
 */
public record ServerKey(Guid clsid, IdentityKind identity, Sid user, long sessionId, String windowStation,
        String desktop) {

    /**
     * Validates the components.
     *
     * @param clsid not null
     * @param identity not null
     * @param user not null
     * @param sessionId the session
     * @param windowStation not null
     * @param desktop not null
     */
    public ServerKey {
        Objects.requireNonNull(clsid, "clsid");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(windowStation, "windowStation");
        Objects.requireNonNull(desktop, "desktop");
    }

    @Override
    public String toString() {
        return clsid.toBracedString() + "|" + identity.label() + "|" + user + "|session " + sessionId + "|"
                + windowStation + "\\" + desktop;
    }
}
