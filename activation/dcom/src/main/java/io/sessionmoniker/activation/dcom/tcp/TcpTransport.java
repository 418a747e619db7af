package io.sessionmoniker.activation.dcom.tcp;

import io.sessionmoniker.activation.orpc.transport.ChannelLink;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.PeerCredentials;
import io.sessionmoniker.activation.orpc.transport.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * TCP as an RPC transport: the protocol sequence {@code ncacn_ip_tcp}, tower id 7 (MS-DCOM 2.2.19.3). An endpoint is
 * written {@code tcp:HOST:PORT} ({@code tcp:[::1]:135} for IPv6), a string binding's network address
 * {@code HOST[PORT]}; an address without a port names the OXID resolver's well-known port 135.
 *
 * <p>A TCP peer has no operating-system credentials: {@link Link#peer()} is {@link PeerCredentials#UNKNOWN}, and
 * whoever calls is known only from the security context its calls arrive under (NTLM). {@link Link#remoteAddress()}
 * gives its address for logs and per-client limits. Accepted links have {@code TCP_NODELAY} set, as RPC's small
 * request/response PDUs need.
 *
 * <pre>{@code
 * Transport tcp = Transports.forProtocolSequence("ncacn_ip_tcp");
 * try (Transport.Listener l = tcp.listen(TcpTransport.endpoint("127.0.0.1", 0))) {
 *     l.endpoint();   // tcp:127.0.0.1:41234, the port the system chose
 * }
 * }</pre>
 */
public final class TcpTransport implements Transport {

    /** The transport's name, the {@link Endpoint#transport()} of its endpoints. */
    public static final String NAME = "tcp";

    /** The protocol sequence. */
    public static final String PROTOCOL_SEQUENCE = "ncacn_ip_tcp";

    /** The tower id of {@code ncacn_ip_tcp}. */
    public static final int TOWER_ID = 0x07;

    /** The largest fragment offered on TCP, as Windows offers: four 1460-octet Ethernet segments. */
    public static final int MAX_FRAGMENT = 5840;

    /** The OXID resolver's and the SCM's well-known port. */
    public static final int RESOLVER_PORT = 135;

    static final TcpTransport INSTANCE = new TcpTransport();

    private TcpTransport() {
    }

    /**
     * Returns the transport.
     *
     * @return the shared, stateless instance
     */
    public static TcpTransport get() {
        return INSTANCE;
    }

    /**
     * Makes an endpoint.
     *
     * @param host an IP literal or a host name
     * @param port 0 to 65535 (0 when listening: a port the system chooses)
     * @return the endpoint
     */
    public static Endpoint endpoint(String host, int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("a TCP port is 0 to 65535, got " + port);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("a TCP endpoint needs a host");
        }
        return new Endpoint(NAME, (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port);
    }

    /**
     * Parses {@code [HOST:]PORT} as given on a command line or in a scenario ({@code 127.0.0.1:135},
     * {@code [::1]:135}, {@code 135} for all of this machine's addresses, {@code 127.0.0.1} or {@code [::1]} alone for
     * the well-known port 135).
     *
     * @param text the text
     * @return the endpoint
     * @throws IllegalArgumentException with a message naming the expected form
     */
    public static Endpoint parseListen(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t + ":" + RESOLVER_PORT;
        }
        int colon = t.lastIndexOf(':');
        String host;
        String port;
        if (colon < 0) {
            boolean digits = !t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9');
            host = digits ? "0.0.0.0" : t;
            port = digits ? t : Integer.toString(RESOLVER_PORT);
        } else {
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("write an IPv6 address in brackets, as [::1]:135; got \"" + text + "\"");
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected [ADDRESS:]PORT, as 127.0.0.1:135 or 135; got \"" + text + "\"");
        }
        if (host.isEmpty() || p < 0 || p > 0xFFFF) {
            throw new IllegalArgumentException("expected [ADDRESS:]PORT with a port from 0 to 65535; got \"" + text + "\"");
        }
        return endpoint(host, p);
    }

    /**
     * Reads the socket address of a TCP endpoint (the host is not resolved).
     *
     * @param endpoint a {@code tcp:} endpoint
     * @return the address
     * @throws IllegalArgumentException if the endpoint is not TCP or has no port
     */
    public static InetSocketAddress socketAddress(Endpoint endpoint) {
        if (!NAME.equals(endpoint.transport())) {
            throw new IllegalArgumentException("not a TCP endpoint: " + endpoint);
        }
        String a = endpoint.address();
        int colon = a.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a TCP endpoint is tcp:HOST:PORT, got " + endpoint);
        }
        String host = a.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(a.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a TCP endpoint is tcp:HOST:PORT, got " + endpoint);
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("a TCP port is 0 to 65535, got " + endpoint);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * Returns the endpoint of a socket address, with the address as an IP literal.
     *
     * @param address a resolved address
     * @return the endpoint
     */
    public static Endpoint endpoint(InetSocketAddress address) {
        return endpoint(literal(address), address.getPort());
    }

    /**
     * Writes a socket address's IP as a literal (IPv6 in RFC 5952's short form, without brackets or scope).
     *
     * @param address a resolved or unresolved address
     * @return for example {@code 127.0.0.1}
     */
    public static String literal(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return address.getHostString();
        }
        if (ip instanceof java.net.Inet6Address) {
            return ipv6(ip.getAddress());
        }
        return ip.getHostAddress();
    }

    /** An IPv6 address in RFC 5952's text form: lower-case hex, the longest run of two or more zero groups as "::". */
    private static String ipv6(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String protocolSequence() {
        return PROTOCOL_SEQUENCE;
    }

    @Override
    public int towerId() {
        return TOWER_ID;
    }

    @Override
    public String bindingAddress(Endpoint endpoint) {
        InetSocketAddress a = socketAddress(endpoint);
        return a.getHostString() + "[" + a.getPort() + "]";
    }

    @Override
    public Optional<Endpoint> endpoint(String bindingAddress) {
        String host = bindingAddress;
        int port = RESOLVER_PORT;
        int open = bindingAddress.indexOf('[');
        if (open >= 0) {
            if (!bindingAddress.endsWith("]") || open == 0) {
                return Optional.empty();
            }
            host = bindingAddress.substring(0, open);
            try {
                port = Integer.parseInt(bindingAddress.substring(open + 1, bindingAddress.length() - 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (port <= 0 || port > 0xFFFF) {
                return Optional.empty();
            }
        }
        if (host.isEmpty() || host.indexOf('/') >= 0 || host.indexOf(' ') >= 0) {
            return Optional.empty();
        }
        return Optional.of(endpoint(host, port));
    }

    @Override
    public Listener listen(Endpoint endpoint) throws IOException {
        InetSocketAddress wanted = socketAddress(endpoint);
        InetSocketAddress bindTo = new InetSocketAddress(wanted.getHostString(), wanted.getPort());
        if (bindTo.isUnresolved()) {
            throw new IOException("cannot resolve the address to listen on: " + wanted.getHostString());
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bindTo, 128);
        } catch (IOException e) {
            server.close();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (bindTo.getPort() != 0 && bindTo.getPort() < 1024 && reason.toLowerCase(Locale.ROOT).contains("permission")) {
                reason += " (a port below 1024 needs root or CAP_NET_BIND_SERVICE; inside `unshare -rn` any account may bind it)";
            }
            throw new IOException("cannot listen on TCP " + bindingAddress(endpoint) + ": " + reason, e);
        }
        InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
        return new TcpListener(server, endpoint(bound));
    }

    @Override
    public Link connect(Endpoint endpoint, Duration timeout) throws IOException {
        InetSocketAddress target = socketAddress(endpoint);
        InetSocketAddress resolved = new InetSocketAddress(target.getHostString(), target.getPort());
        if (resolved.isUnresolved()) {
            throw new IOException("cannot resolve " + target.getHostString());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = 1_000_000L;
        while (true) {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                // bounded: a host that drops the SYN must not hold the caller past its deadline
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
                channel.socket().connect(resolved, (int) Math.min(Integer.MAX_VALUE, Math.max(left, 1_000L)));
                return new TcpLink(channel);
            } catch (ConnectException e) {
                channel.close();
                if (System.nanoTime() - deadline >= 0) {
                    throw new ConnectException("nothing listens on TCP " + bindingAddress(endpoint) + ": " + e.getMessage());
                }
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, 50_000_000L);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    private static final class TcpListener implements Listener {
        private final ServerSocketChannel server;
        private final Endpoint endpoint;

        TcpListener(ServerSocketChannel server, Endpoint endpoint) {
            this.server = server;
            this.endpoint = endpoint;
        }

        @Override
        public Link accept() throws IOException {
            SocketChannel channel = server.accept();
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return new TcpLink(channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public Endpoint endpoint() {
            return endpoint;
        }

        @Override
        public String secondaryAddress() {
            return Integer.toString(socketAddress(endpoint).getPort());
        }

        @Override
        public int maxFragment() {
            return MAX_FRAGMENT;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        @Override
        public String toString() {
            return endpoint.toString();
        }
    }

    private static final class TcpLink extends ChannelLink {
        private final InetSocketAddress remote;
        private final InetSocketAddress local;

        TcpLink(SocketChannel channel) throws IOException {
            super(channel);
            this.remote = (InetSocketAddress) channel.getRemoteAddress();
            this.local = (InetSocketAddress) channel.getLocalAddress();
            if (remote == null || local == null) {
                throw new SocketTimeoutException("the connection closed before it was set up");
            }
        }

        @Override
        public PeerCredentials peer() {
            return PeerCredentials.UNKNOWN;
        }

        @Override
        public Optional<InetSocketAddress> remoteAddress() {
            return Optional.of(remote);
        }

        @Override
        public Optional<InetSocketAddress> localAddress() {
            return Optional.of(local);
        }

        @Override
        public String describe() {
            return "tcp:" + literal(local) + ":" + local.getPort() + " (peer " + literal(remote) + ":" + remote.getPort() + ")";
        }
    }
}
