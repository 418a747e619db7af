package io.sessionmoniker.activation.orpc.transport;

/**
 * A service that supplies a {@link Transport}, found through {@link java.util.ServiceLoader} by
 * {@link Transports}. The object RPC module provides {@code ncalrpc} (Unix domain sockets); a module that adds a
 * protocol sequence (such as {@code ncacn_ip_tcp}) provides its own.
 *
 * <pre>{@code
 * // module-info.java of a module adding a transport
 * provides io.sessionmoniker.activation.orpc.transport.TransportProvider with my.TcpTransportProvider;
 * }</pre>
 */
public interface TransportProvider {

    /**
     * Returns the transport this provider supplies.
     *
     * @return the transport; thread-safe
     */
    Transport transport();
}
