package io.sessionmoniker.activation.orpc.transport;

/** Supplies {@code ncalrpc} over Unix domain sockets in owner-only directories ({@link UnixSocketTransport}). */
public final class UnixTransportProvider implements TransportProvider {

    /** Makes the provider; {@link java.util.ServiceLoader} calls this. */
    public UnixTransportProvider() {
    }

    @Override
    public Transport transport() {
        return UnixSocketTransport.create();
    }
}
