package io.sessionmoniker.activation.orpc.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The transports installed, found through {@link ServiceLoader} ({@link TransportProvider}) and looked up by
 * protocol sequence, tower id or endpoint, so that no layer names a transport class.
 *
 * <pre>{@code
 * Transport local = Transports.forProtocolSequence("ncalrpc");
 * Transports.forTowerId(0x10);                     // the same
 * Transports.forEndpoint(Endpoint.unix(socket));   // the same
 * }</pre>
 */
public final class Transports {

    private static final class Loaded {
        static final List<Transport> ALL = load();

        private static List<Transport> load() {
            List<Transport> all = new ArrayList<>();
            for (TransportProvider p : ServiceLoader.load(TransportProvider.class,
                    Transports.class.getClassLoader())) {
                Transport t = p.transport();
                if (all.stream().noneMatch(o -> o.protocolSequence().equals(t.protocolSequence()))) {
                    all.add(t);
                }
            }
            if (all.stream().noneMatch(t -> t.protocolSequence().equals(UnixSocketTransport.PROTOCOL_SEQUENCE))) {
                // this module's own transport is always there, even where service files were stripped
                all.add(UnixSocketTransport.create());
            }
            return List.copyOf(all);
        }
    }

    private Transports() {
    }

    /**
     * Returns every installed transport.
     *
     * @return the transports, {@code ncalrpc} among them
     */
    public static List<Transport> all() {
        return Loaded.ALL;
    }

    /**
     * Finds the transport of a protocol sequence.
     *
     * @param protocolSequence for example {@code "ncalrpc"}
     * @return the transport
     * @throws IllegalArgumentException naming the installed protocol sequences, when none carries it
     */
    public static Transport forProtocolSequence(String protocolSequence) {
        return all().stream().filter(t -> t.protocolSequence().equals(protocolSequence)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no transport carries protocol sequence \""
                        + protocolSequence + "\"; installed: " + installed()));
    }

    /**
     * Finds the transport of a string binding's tower id.
     *
     * @param towerId the tower id
     * @return the transport, or empty
     */
    public static Optional<Transport> forTowerId(int towerId) {
        return all().stream().filter(t -> t.towerId() == towerId).findFirst();
    }

    /**
     * Finds the transport that serves an endpoint.
     *
     * @param endpoint the endpoint
     * @return the transport, or empty
     */
    public static Optional<Transport> forEndpoint(Endpoint endpoint) {
        return all().stream().filter(t -> t.name().equals(endpoint.transport())).findFirst();
    }

    private static String installed() {
        return all().stream().map(Transport::protocolSequence).collect(Collectors.joining(", "));
    }
}
