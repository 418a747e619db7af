package io.sessionmoniker.activation.remote;

import java.util.Objects;

/**
 * Where the remote backend reaches a host's SCM and OXID resolver: a name or address and a TCP port, by default
 * MS-DCOM's well-known {@value #DEFAULT_PORT}.
 *
 * <pre>{@code
 * RemoteHost.parse("lab-7");            // lab-7:135
 * RemoteHost.parse("10.0.0.5:49712");   // a host listening elsewhere (our embedded host on an ephemeral port)
 * RemoteHost.parse("[fe80::1]:135");    // IPv6 in brackets
 * }</pre>
 *
 * @param host a DNS name or an IP address (IPv6 without brackets)
 * @param port the TCP port, 1 to 65535
 */
public record RemoteHost(String host, int port) {

    /** The port of the SCM and OXID resolver (MS-RPCE's endpoint mapper port). */
    public static final int DEFAULT_PORT = 135;

    /**
     * Checks the components.
     *
     * @param host not empty, without spaces, slashes or brackets
     * @param port 1 to 65535
     */
    public RemoteHost {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '[' || c == ']' || c == '@')) {
            throw new IllegalArgumentException("expected a host name or address, got \"" + host + "\"");
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("a TCP port is 1 to 65535, got " + port);
        }
    }

    /**
     * Parses {@code HOST[:PORT]} ({@code [IPv6][:PORT]} for IPv6).
     *
     * @param text the text
     * @return the host
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RemoteHost parse(String text) {
        String t = Objects.requireNonNull(text, "text").trim();
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 address in brackets lacks its ']': \"" + text + "\"");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected [IPv6]:PORT, got \"" + text + "\"");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = t.indexOf(':');
            if (colon >= 0 && t.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("write an IPv6 address in brackets, as [::1]:135; got \"" + text
                        + "\"");
            }
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected HOST[:PORT] with a numeric port, got \"" + text + "\"");
            }
        }
        return new RemoteHost(host, p);
    }

    /**
     * Shows {@code HOST:PORT} ({@code [IPv6]:PORT}).
     *
     * @return the text {@link #parse} reads back
     */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
