package io.sessionmoniker.activation.orpc.transport;

import java.util.Objects;

/**
 * Who is at the other end of a connection, as the operating system reports it ({@code SO_PEERCRED} on a Unix
 * domain socket): the user and group names of the peer process. The access check of every call receives it.
 *
 * <pre>{@code
 * PeerCredentials peer = link.peer();
 * peer.user();   // "alice"
 * }</pre>
 *
 * @param user the peer process's user name, or {@code ""} when the transport cannot tell
 * @param group the peer process's group name, or {@code ""} when the transport cannot tell
 */
public record PeerCredentials(String user, String group) {

    /** Credentials a transport could not read. */
    public static final PeerCredentials UNKNOWN = new PeerCredentials("", "");

    /**
     * Validates the components.
     *
     * @param user not null
     * @param group not null
     */
    public PeerCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
    }

    /**
     * Tells whether the transport reported the peer.
     *
     * @return {@code false} for {@link #UNKNOWN}
     */
    public boolean known() {
        return !user.isEmpty();
    }
}
