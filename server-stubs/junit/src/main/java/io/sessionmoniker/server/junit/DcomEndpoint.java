package io.sessionmoniker.server.junit;

import io.sessionmoniker.activation.host.Scenario;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link SessionHostTest}'s host serves DCOM on TCP, and who may log on there: what a DCOM client under test
 * is configured with.
 *
 * <pre>{@code
 * DcomEndpoint.Credentials bob = host.user("bob");
 * JISession session = JISession.createSession(bob.domain(), bob.user(), bob.password());
 * new JIComServer(JIClsid.valueOf(CLSID), host.host(), session);   // j-Interop always dials port 135
 * }</pre>
 */
public final class DcomEndpoint {

    /** The port DCOM's SCM and OXID resolver have on Windows, which most DCOM clients insist on. */
    public static final int WELL_KNOWN_PORT = 135;

    private final InetSocketAddress address;
    private final String computerName;
    private final String domain;
    private final List<Scenario.UserSpec> users;
    private final Optional<String> fallbackReason;

    DcomEndpoint(InetSocketAddress address, String computerName, String domain, List<Scenario.UserSpec> users,
            Optional<String> fallbackReason) {
        Objects.requireNonNull(address, "address");
        // the host reports the address as written; a client connects to it resolved
        this.address = address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort())
                : address;
        this.computerName = computerName;
        this.domain = domain;
        this.users = List.copyOf(users);
        this.fallbackReason = fallbackReason;
    }

    /**
     * A user's network logon.
     *
     * @param domain the NTLM domain (the host's NetBIOS domain; the host also accepts an empty one)
     * @param user the account name
     * @param password the password
     */
    public record Credentials(String domain, String user, String password) {
        /**
         * Checks the components.
         *
         * @param domain not null
         * @param user not null
         * @param password not null
         */
        public Credentials {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credentials[" + domain + "\\" + user + "]"; // the password never in a log line
        }
    }

    /**
     * Returns the address the SCM and the OXID resolver listen on.
     *
     * @return the address with its actual port
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Returns the host as a client's address string.
     *
     * @return the IP address, for example {@code 127.0.0.1}
     */
    public String host() {
        return address.getAddress().getHostAddress();
    }

    /**
     * Returns the port.
     *
     * @return 135, or the port the system picked
     */
    public int port() {
        return address.getPort();
    }

    /**
     * Tells whether the endpoint is on port 135, where clients that cannot be given a port look.
     *
     * @return whether {@link #port()} is 135
     */
    public boolean isWellKnownPort() {
        return port() == WELL_KNOWN_PORT;
    }

    /**
     * Returns why the endpoint is not on port 135 although {@link SessionHostTest.Port135#PREFERRED} asked for it.
     *
     * @return the reason (the bind error and how to allow it), or empty when on 135 or when 135 was not asked for
     */
    public Optional<String> fallbackReason() {
        return fallbackReason;
    }

    /**
     * Returns the NetBIOS computer name the host's NTLM CHALLENGE gives.
     *
     * @return the name, by default {@code SESSMON}
     */
    public String computerName() {
        return computerName;
    }

    /**
     * Returns the NetBIOS domain name.
     *
     * @return the domain, by default the computer name
     */
    public String domain() {
        return domain;
    }

    /**
     * Returns a scenario user's network logon.
     *
     * @param name the user, as the scenario names it (ASCII case ignored)
     * @return the credentials, in the host's domain
     * @throws IllegalArgumentException if the scenario has no such user, or gives the user no password (an NT hash
     *     only, or nothing: then no client can log on as them with a password)
     */
    public Credentials user(String name) {
        for (Scenario.UserSpec u : users) {
            if (u.name().equalsIgnoreCase(name)) {
                return new Credentials(domain, u.name(), u.password().orElseThrow(() -> new IllegalArgumentException(
                        "the scenario gives user \"" + u.name() + "\" no password"
                                + (u.ntHash().isPresent() ? " (only an ntHash)" : "")
                                + "; give one in its \"password\" field")));
            }
        }
        throw new IllegalArgumentException("the scenario has no user \"" + name + "\"; it has "
                + users.stream().map(Scenario.UserSpec::name).toList());
    }

    @Override
    public String toString() {
        return "DcomEndpoint[" + host() + ":" + port() + ", " + domain + "\\" + computerName + "]";
    }
}
