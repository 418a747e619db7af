package io.sessionmoniker.activation.dcom.tcp;

import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.TransportProvider;

/** Supplies the {@code ncacn_ip_tcp} transport to {@link io.sessionmoniker.activation.orpc.transport.Transports}. */
public final class TcpTransportProvider implements TransportProvider {

    /** Makes the provider; {@link java.util.ServiceLoader} calls it. */
    public TcpTransportProvider() {
    }

    @Override
    public Transport transport() {
        return TcpTransport.INSTANCE;
    }
}
