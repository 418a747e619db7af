package io.sessionmoniker.activation.windows.internal;

import java.util.Objects;

/**
 * One session as the WTS API reports it, before any interpretation: the fields of {@code WTS_SESSION_INFOW} plus
 * the {@code WTSUserName} and {@code WTSDomainName} answers of {@code WTSQuerySessionInformationW}.
 * {@link WtsSessionMapper} turns it into a {@code SessionView}.
 *
 * <pre>{@code
 * new RawWtsSession(1, "Console", 0, "alice", "DESKTOP-1");
 * new RawWtsSession(65536, "RDP-Tcp", 6, "", "");    // a listener: no user
 * }</pre>
 *
 * @param sessionId the session id, {@code 0..0xFFFFFFFF} (the DWORD read unsigned)
 * @param winStationName the WinStation name; empty if Windows gave none
 * @param state the raw {@code WTS_CONNECTSTATE_CLASS} value (0..9 today)
 * @param userName the user name, empty when no user is logged on or the query failed
 * @param domainName the user's domain (the machine name for local accounts), empty when unknown
 */
public record RawWtsSession(long sessionId, String winStationName, int state, String userName, String domainName) {

    /**
     * Validates the components.
     *
     * @param sessionId {@code 0..0xFFFFFFFF}
     * @param winStationName not null
     * @param state any value; unknown ones are dropped by the mapper
     * @param userName not null
     * @param domainName not null
     */
    public RawWtsSession {
        if (sessionId < 0 || sessionId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("session id " + sessionId + " is not a DWORD");
        }
        Objects.requireNonNull(winStationName, "winStationName");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(domainName, "domainName");
    }

    /**
     * Tells whether Windows named a user for the session.
     *
     * @return {@code true} if {@link #userName()} is not blank
     */
    public boolean hasUserName() {
        return !userName.isBlank();
    }

    /**
     * Returns the user as {@code DOMAIN\}{@code user}, or the bare user name when the domain is empty.
     *
     * @return the qualified name; empty string when there is no user
     */
    public String qualifiedUserName() {
        return qualify(domainName, userName);
    }

    /**
     * Joins a domain and a user name the way Windows writes a down-level logon name.
     *
     * @param domain the domain, possibly empty
     * @param user the user, possibly empty
     * @return {@code DOMAIN\}{@code user}, {@code user}, or the empty string when {@code user} is blank
     */
    public static String qualify(String domain, String user) {
        if (user == null || user.isBlank()) {
            return "";
        }
        return domain == null || domain.isBlank() ? user : domain + "\\" + user;
    }
}
