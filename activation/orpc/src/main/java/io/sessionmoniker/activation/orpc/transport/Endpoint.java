package io.sessionmoniker.activation.orpc.transport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an RPC server listens: a transport name and an address in that transport's syntax, written
 * {@code transport:address}.
 *
 * <pre>{@code
 * Endpoint e = Endpoint.unix(Path.of("/run/sessmon/host.sock"));
 * e.toString();                                  // "unix:/run/sessmon/host.sock"
 * Endpoint.parse("unix:/run/sessmon/host.sock"); // the same
 * }</pre>
 *
 * @param transport the transport's name, e.g. {@code unix} (later {@code tcp})
 * @param address the address, e.g. a socket path
 */
public record Endpoint(String transport, String address) {

    /** The name of the Unix-domain-socket transport. */
    public static final String UNIX = "unix";

    /**
     * Validates the components.
     *
     * @param transport a non-empty name without {@code :}
     * @param address a non-empty address
     */
    public Endpoint {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        if (transport.isEmpty() || transport.indexOf(':') >= 0 || address.isEmpty()) {
            throw new IllegalArgumentException("an endpoint is transport:address, got \"" + transport + ":" + address + "\"");
        }
    }

    /**
     * Returns the endpoint of a Unix domain socket.
     *
     * @param socket the socket file
     * @return the endpoint
     */
    public static Endpoint unix(Path socket) {
        return new Endpoint(UNIX, socket.toAbsolutePath().normalize().toString());
    }

    /**
     * Parses {@code transport:address}.
     *
     * @param text the text
     * @return the endpoint
     * @throws IllegalArgumentException if there is no transport name
     */
    public static Endpoint parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("an endpoint is transport:address, e.g. unix:/run/host.sock; got \"" + text + "\"");
        }
        return new Endpoint(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return transport + ":" + address;
    }
}
