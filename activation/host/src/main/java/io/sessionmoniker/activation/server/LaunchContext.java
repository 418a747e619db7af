package io.sessionmoniker.activation.server;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the session host tells a server process it launches, through its environment: the session, window
 * station, desktop and user it runs for, where to reach the host, the one-time launch token that proves to
 * the host that this process is the one it started, and the key the host signs its callers' tickets with for this
 * server (so the server can verify who each call comes from).
 *
 * <pre>{@code
 * LaunchContext ctx = LaunchContext.fromEnvironment().orElseThrow();
 * ctx.sessionId();   // 2
 * ctx.user();        // "bob"
 * }</pre>
 *
 * @param sessionId the session the server runs in
 * @param user the user the server runs as
 * @param windowStation the window station
 * @param desktop the desktop
 * @param registrar the host's registrar, an OBJREF in hexadecimal
 * @param token the one-time launch token
 * @param socketDirectory the owner-only directory for the server's own socket
 * @param accessPermission the SDDL of the security descriptor calls into the server are checked against (its
 *     AppID's {@code AccessPermission}, or the defaults)
 * @param ticketKey the key of this server's caller tickets, 64 hexadecimal digits; never logged
 */
public record LaunchContext(long sessionId, String user, String windowStation, String desktop, String registrar,
        String token, String socketDirectory, String accessPermission, String ticketKey) {

    /** Environment variable names. */
    public static final String SESSION = "SESSMON_SESSION";
    /** The user. */
    public static final String USER = "SESSMON_USER";
    /** The window station. */
    public static final String WINDOW_STATION = "SESSMON_WINDOW_STATION";
    /** The desktop. */
    public static final String DESKTOP = "SESSMON_DESKTOP";
    /** The registrar OBJREF. */
    public static final String REGISTRAR = "SESSMON_REGISTRAR";
    /** The launch token. */
    public static final String TOKEN = "SESSMON_LAUNCH_TOKEN";
    /** The socket directory. */
    public static final String SOCKET_DIRECTORY = "SESSMON_SOCKET_DIR";
    /** The access permission, in SDDL. */
    public static final String ACCESS_PERMISSION = "SESSMON_ACCESS_PERMISSION";
    /** The caller tickets' key. */
    public static final String TICKET_KEY = "SESSMON_TICKET_KEY";

    /**
     * Validates the components.
     *
     * @param sessionId the session
     * @param user not null
     * @param windowStation not null
     * @param desktop not null
     * @param registrar not null
     * @param token not null
     * @param socketDirectory not null
     * @param accessPermission not null
     * @param ticketKey not null
     */
    public LaunchContext {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(windowStation, "windowStation");
        Objects.requireNonNull(desktop, "desktop");
        Objects.requireNonNull(registrar, "registrar");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(socketDirectory, "socketDirectory");
        Objects.requireNonNull(accessPermission, "accessPermission");
        Objects.requireNonNull(ticketKey, "ticketKey");
    }

    /**
     * Reads the context of this process.
     *
     * @return the context, or empty when the process was not launched by a session host
     */
    public static Optional<LaunchContext> fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * Reads a context from environment variables.
     *
     * @param env the variables
     * @return the context, or empty if any is missing or malformed
     */
    public static Optional<LaunchContext> from(Map<String, String> env) {
        for (String name : new String[] {SESSION, USER, WINDOW_STATION, DESKTOP, REGISTRAR, TOKEN, SOCKET_DIRECTORY,
            ACCESS_PERMISSION, TICKET_KEY}) {
            if (env.get(name) == null || env.get(name).isEmpty()) {
                return Optional.empty();
            }
        }
        long session;
        try {
            session = Long.parseLong(env.get(SESSION));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new LaunchContext(session, env.get(USER), env.get(WINDOW_STATION), env.get(DESKTOP),
                env.get(REGISTRAR), env.get(TOKEN), env.get(SOCKET_DIRECTORY), env.get(ACCESS_PERMISSION),
                env.get(TICKET_KEY)));
    }

    /**
     * Writes the context into a launched process's environment.
     *
     * @param env the environment to fill
     */
    public void writeTo(Map<String, String> env) {
        env.put(SESSION, Long.toString(sessionId));
        env.put(USER, user);
        env.put(WINDOW_STATION, windowStation);
        env.put(DESKTOP, desktop);
        env.put(REGISTRAR, registrar);
        env.put(TOKEN, token);
        env.put(SOCKET_DIRECTORY, socketDirectory);
        env.put(ACCESS_PERMISSION, accessPermission);
        env.put(TICKET_KEY, ticketKey);
    }

    @Override
    public String toString() {
        // the token and the key are secrets: never in a log line
        return "LaunchContext[session=" + sessionId + ", user=" + user + ", " + windowStation + "\\" + desktop
                + ", socketDirectory=" + socketDirectory + "]";
    }
}
