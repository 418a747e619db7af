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
 * @param network how the server serves DCOM clients on TCP, when the host has a network side
 */
public record LaunchContext(long sessionId, String user, String windowStation, String desktop, String registrar,
        String token, String socketDirectory, String accessPermission, String ticketKey, Optional<Network> network) {

    /**
     * The network side of a launched server: its exporter also listens on TCP for the host's DCOM clients, who
     * authenticate with NTLM. The server verifies their logons through the host (it never sees a password or a
     * hash) and refuses security contexts below the host's minimum level.
     *
     * @param address the IP address to listen on (the host's own listening address)
     * @param computerName the NetBIOS computer name its NTLM CHALLENGE gives
     * @param domain the NetBIOS domain name
     * @param minimumAuthnLevel the lowest authentication level a client's security context may have, 2 to 6
     */
    public record Network(String address, String computerName, String domain, int minimumAuthnLevel) {
        /**
         * Checks the components.
         *
         * @param address not empty
         * @param computerName not empty
         * @param domain not empty
         * @param minimumAuthnLevel 2 to 6
         */
        public Network {
            if (Objects.requireNonNull(address, "address").isEmpty()
                    || Objects.requireNonNull(computerName, "computerName").isEmpty()
                    || Objects.requireNonNull(domain, "domain").isEmpty()) {
                throw new IllegalArgumentException("a network side needs an address and NetBIOS names");
            }
            if (minimumAuthnLevel < 2 || minimumAuthnLevel > 6) {
                throw new IllegalArgumentException("an authentication level is 2 to 6, not " + minimumAuthnLevel);
            }
        }
    }

    /** The network side's address (absent: no network side). */
    public static final String DCOM_ADDRESS = "SESSMON_DCOM_ADDRESS";
    /** The NetBIOS computer name. */
    public static final String DCOM_COMPUTER = "SESSMON_DCOM_COMPUTER";
    /** The NetBIOS domain name. */
    public static final String DCOM_DOMAIN = "SESSMON_DCOM_DOMAIN";
    /** The minimum authentication level. */
    public static final String DCOM_MIN_LEVEL = "SESSMON_DCOM_MIN_LEVEL";

    /**
     * Makes a context without a network side.
     *
     * @param sessionId the session
     * @param user the user
     * @param windowStation the window station
     * @param desktop the desktop
     * @param registrar the registrar OBJREF
     * @param token the launch token
     * @param socketDirectory the socket directory
     * @param accessPermission the access permission SDDL
     * @param ticketKey the ticket key
     */
    public LaunchContext(long sessionId, String user, String windowStation, String desktop, String registrar,
            String token, String socketDirectory, String accessPermission, String ticketKey) {
        this(sessionId, user, windowStation, desktop, registrar, token, socketDirectory, accessPermission, ticketKey,
                Optional.empty());
    }

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
     * How long an instance the server hands out waits for its client's first call (an ISO-8601 duration such as
     * {@code PT6M}); absent, {@code ObjectExporter.DEFAULT_UNCLAIMED_LIFETIME}.
     */
    public static final String UNCLAIMED_LIFETIME = "SESSMON_UNCLAIMED_LIFETIME";

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
        Objects.requireNonNull(network, "network");
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
        Optional<Network> network = Optional.empty();
        String address = env.get(DCOM_ADDRESS);
        if (address != null && !address.isEmpty()) {
            try {
                network = Optional.of(new Network(address, env.getOrDefault(DCOM_COMPUTER, ""),
                        env.getOrDefault(DCOM_DOMAIN, ""), Integer.parseInt(env.getOrDefault(DCOM_MIN_LEVEL, ""))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new LaunchContext(session, env.get(USER), env.get(WINDOW_STATION), env.get(DESKTOP),
                env.get(REGISTRAR), env.get(TOKEN), env.get(SOCKET_DIRECTORY), env.get(ACCESS_PERMISSION),
                env.get(TICKET_KEY), network));
    }

    /**
     * Reads how long the instances a server hands out wait for their clients to claim them.
     *
     * @param env the variables
     * @return the lifetime {@link #UNCLAIMED_LIFETIME} gives, or empty when it is absent, malformed or not positive
     */
    public static Optional<java.time.Duration> unclaimedLifetime(Map<String, String> env) {
        String v = env.get(UNCLAIMED_LIFETIME);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        try {
            java.time.Duration d = java.time.Duration.parse(v);
            return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
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
        network.ifPresent(n -> {
            env.put(DCOM_ADDRESS, n.address());
            env.put(DCOM_COMPUTER, n.computerName());
            env.put(DCOM_DOMAIN, n.domain());
            env.put(DCOM_MIN_LEVEL, Integer.toString(n.minimumAuthnLevel()));
        });
    }

    @Override
    public String toString() {
        // the token and the key are secrets: never in a log line
        return "LaunchContext[session=" + sessionId + ", user=" + user + ", " + windowStation + "\\" + desktop
                + ", socketDirectory=" + socketDirectory
                + network.map(n -> ", network " + n.address() + " from " + n.domain() + "\\" + n.computerName()
                        + " at level " + n.minimumAuthnLevel() + " or above").orElse("") + "]";
    }
}
