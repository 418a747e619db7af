package io.sessionmoniker.policy;

import java.util.Optional;

/**
 * How a principal's token was logged on, which decides the logon-type group SID Windows puts in it.
 *
 * <p>Source: "Well-known SIDs" and "SID Strings" (MicrosoftDocs/win32 {@code desktop-src/SecAuthZ/}): the
 * INTERACTIVE, NETWORK, BATCH and SERVICE groups are "added to the token of a process" logged on that way.
 *
 * <pre>{@code
 * LogonType.INTERACTIVE.groupSid();   // Optional[S-1-5-4]
 * LogonType.NONE.groupSid();          // Optional.empty
 * }</pre>
 */
public enum LogonType {
    /** No logon-type group: an identity as configured, not as currently logged on. */
    NONE(null),
    /** An interactive logon (a desktop session): adds {@link Sid#INTERACTIVE}. */
    INTERACTIVE(Sid.INTERACTIVE),
    /** A network logon (a remote caller): adds {@link Sid#NETWORK}. */
    NETWORK(Sid.NETWORK),
    /** A batch logon (a "This User" server's own logon): adds {@link Sid#BATCH}. */
    BATCH(Sid.BATCH),
    /** A service logon: adds {@link Sid#SERVICE}. */
    SERVICE(Sid.SERVICE);

    private final Sid groupSid;

    LogonType(Sid groupSid) {
        this.groupSid = groupSid;
    }

    /**
     * Returns the group SID this logon type adds to a token.
     *
     * @return the SID, or empty for {@link #NONE}
     */
    public Optional<Sid> groupSid() {
        return Optional.ofNullable(groupSid);
    }
}
