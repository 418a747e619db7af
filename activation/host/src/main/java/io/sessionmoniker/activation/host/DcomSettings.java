package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.internal.Ascii;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a host serves DCOM on TCP: the scenario's {@code "dcom"} section, which {@code sessmon host start --dcom} and
 * {@code --dcom-min-level} override.
 *
 * <pre>{@code
 * "dcom": {"listen": "127.0.0.1:135", "minimumAuthnLevel": "integrity", "computerName": "LAB1", "domain": "LAB"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code listen}: {@code [ADDRESS:]PORT} of the SCM and OXID resolver (port 135 for real clients, 0 for a port
 *       the system picks); absent, the host does not listen on the network.</li>
 *   <li>{@code minimumAuthnLevel}: the lowest authentication level an activation may come at, as Windows' DCOM
 *       hardening (KB5004442) sets it: {@code integrity} by default ({@code RPC_C_AUTHN_LEVEL_PKT_INTEGRITY});
 *       {@code connect} lets j-Interop, which always activates at CONNECT, in; {@code privacy} refuses even
 *       integrity.</li>
 *   <li>{@code computerName}, {@code domain}: the NetBIOS names the NTLM CHALLENGE gives (by default
 *       {@code SESSMON}, and the computer name as the domain, as a workgroup machine answers).</li>
 *   <li>{@code allowAnonymous}: whether anonymous NTLM logons may activate (by default not).</li>
 *   <li>{@code pingPeriodMillis}: the OXID resolver's ping period (MS-DCOM: 120 s); references whose ping set
 *       misses three periods are released. Lower it only for tests.</li>
 * </ul>
 *
 * @param listen where to listen, as written; empty for no network side
 * @param minimumAuthnLevel the lowest level of an activation, {@code 2} (connect) to {@code 6} (privacy)
 * @param computerName the NetBIOS computer name
 * @param domain the NetBIOS domain name
 * @param allowAnonymous whether anonymous logons are accepted
 * @param pingPeriod the ping period
 */
public record DcomSettings(Optional<String> listen, int minimumAuthnLevel, String computerName, String domain,
        boolean allowAnonymous, Duration pingPeriod) {

    /** {@code RPC_C_AUTHN_LEVEL_CONNECT}. */
    public static final int CONNECT = 2;
    /** {@code RPC_C_AUTHN_LEVEL_PKT_INTEGRITY}. */
    public static final int INTEGRITY = 5;
    /** {@code RPC_C_AUTHN_LEVEL_PKT_PRIVACY}. */
    public static final int PRIVACY = 6;

    /** The ping period of MS-DCOM 2.2.31 ({@code PingPeriod}, 120 seconds). */
    public static final Duration DEFAULT_PING_PERIOD = Duration.ofSeconds(120);

    /** The default computer name. */
    public static final String DEFAULT_COMPUTER_NAME = "SESSMON";

    /** No network side, the integrity minimum, the default names, anonymous refused, the 120 s ping period. */
    public static final DcomSettings DEFAULTS = new DcomSettings(Optional.empty(), INTEGRITY, DEFAULT_COMPUTER_NAME,
            DEFAULT_COMPUTER_NAME, false, DEFAULT_PING_PERIOD);

    /**
     * Checks the components.
     *
     * @param listen not null
     * @param minimumAuthnLevel 2, 5 or 6 (3 and 4 are taken as Windows takes them, as 5)
     * @param computerName 1 to 15 characters
     * @param domain 1 to 15 characters
     * @param allowAnonymous any
     * @param pingPeriod positive, at most an hour
     */
    public DcomSettings {
        Objects.requireNonNull(listen, "listen");
        if (minimumAuthnLevel < CONNECT || minimumAuthnLevel > PRIVACY) {
            throw new IllegalArgumentException("the minimum authentication level is connect (2), integrity (5) or"
                    + " privacy (6), not " + minimumAuthnLevel);
        }
        computerName = netBiosName(computerName, "computerName");
        domain = netBiosName(domain, "domain");
        Objects.requireNonNull(pingPeriod, "pingPeriod");
        if (pingPeriod.isNegative() || pingPeriod.isZero() || pingPeriod.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the ping period is more than 0 and at most an hour, not " + pingPeriod);
        }
    }

    private static String netBiosName(String name, String field) {
        Objects.requireNonNull(name, field);
        if (name.isEmpty() || name.length() > 15 || name.chars().anyMatch(c -> c < 0x21 || c > 0x7E
                || "\"/\\[]:|<>+=;,?*".indexOf(c) >= 0)) {
            throw new IllegalArgumentException(field + " is a NetBIOS name: 1 to 15 printable ASCII characters"
                    + " without spaces or any of \" / \\ [ ] : | < > + = ; , ? *; got \"" + name + "\"");
        }
        return name.toUpperCase(Locale.ROOT);
    }

    /**
     * Reads a level's name.
     *
     * @param text {@code connect}, {@code integrity} or {@code privacy} (any case)
     * @return the level
     * @throws IllegalArgumentException naming the choices
     */
    public static int parseLevel(String text) {
        return switch (Ascii.toLowerCase(Objects.requireNonNull(text, "text").strip())) {
            case "connect" -> CONNECT;
            case "integrity", "pkt_integrity" -> INTEGRITY;
            case "privacy", "pkt_privacy" -> PRIVACY;
            default -> throw new IllegalArgumentException("expected connect, integrity or privacy, not \"" + text
                    + "\"");
        };
    }

    /**
     * Writes a level's name.
     *
     * @param level 2 to 6
     * @return {@code connect}, {@code integrity} or {@code privacy}
     */
    public static String levelName(int level) {
        return level <= CONNECT ? "connect" : level < PRIVACY ? "integrity" : "privacy";
    }

    /**
     * Checks a listening address as {@code --dcom} and {@code "listen"} take it.
     *
     * @param address {@code [ADDRESS:]PORT}, for example {@code 127.0.0.1:135}, {@code [::1]:135} or {@code 135}
     * @return the address, unchanged
     * @throws IllegalArgumentException naming the expected form
     */
    public static String checkListen(String address) {
        io.sessionmoniker.activation.dcom.tcp.TcpTransport.parseListen(address);
        return address;
    }

    /**
     * Writes a socket address as a log line or a message shows it.
     *
     * @param address the address
     * @return for example {@code 127.0.0.1:135} or {@code [::1]:135}
     */
    public static String format(java.net.InetSocketAddress address) {
        String ip = io.sessionmoniker.activation.dcom.tcp.TcpTransport.literal(address);
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }

    /**
     * Returns a copy that listens there.
     *
     * @param address {@code [ADDRESS:]PORT}
     * @return the copy
     */
    public DcomSettings withListen(String address) {
        return new DcomSettings(Optional.of(address), minimumAuthnLevel, computerName, domain, allowAnonymous,
                pingPeriod);
    }

    /**
     * Returns a copy with another minimum level.
     *
     * @param level 2 to 6
     * @return the copy
     */
    public DcomSettings withMinimumAuthnLevel(int level) {
        return new DcomSettings(listen, level, computerName, domain, allowAnonymous, pingPeriod);
    }

    /**
     * Returns a copy with another ping period.
     *
     * @param period the period
     * @return the copy
     */
    public DcomSettings withPingPeriod(Duration period) {
        return new DcomSettings(listen, minimumAuthnLevel, computerName, domain, allowAnonymous, period);
    }

    @Override
    public String toString() {
        return "dcom " + listen.orElse("(not listening)") + ", minimum level " + levelName(minimumAuthnLevel)
                + ", " + domain.toUpperCase(Locale.ROOT) + "\\" + computerName;
    }
}
