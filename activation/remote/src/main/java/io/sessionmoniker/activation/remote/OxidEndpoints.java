package io.sessionmoniker.activation.remote;

import io.sessionmoniker.activation.dcom.tcp.TcpTransport;
import io.sessionmoniker.activation.dcom.wire.DcomIids;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages;
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.runtime.EndpointResolver;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where the remote backend reaches an object exporter (an OXID) of the host. A host names its exporters' TCP
 * endpoints in string bindings, which a client may not be able to dial as given: the host's own name, an unspecified
 * address ({@code 0.0.0.0}), or an address of another network. For each OXID, in order, the first that accepts a TCP
 * connection wins and is kept:
 *
 * <ol>
 *   <li>the bindings as given (the activation reply's, else the OBJREF's), skipping unspecified addresses;
 *   <li>the bindings the host's OXID resolver answers to {@code ResolveOxid2} on the address dialled;
 *   <li>the address the SCM was reached on, with each binding's port.
 * </ol>
 */
final class OxidEndpoints implements EndpointResolver {

    private static final System.Logger LOG = System.getLogger(OxidEndpoints.class.getName());

    /** What is known of one exporter. */
    private record Exporter(DualStringArray bindings, Ipid remUnknown, Endpoint reachable) {
    }

    private final Transport tcp = TcpTransport.get();
    private final InetSocketAddress scm;
    /** Calls the host's OXID resolver: (opnum, stub) to the response stub. */
    private final Function<ObjectExporterMessages.ResolveOxidRequest, ObjectExporterMessages.ResolveOxid2Response>
            resolveOxid2;
    private final Map<Oxid, Exporter> known = new ConcurrentHashMap<>();

    OxidEndpoints(InetSocketAddress scm, Function<ObjectExporterMessages.ResolveOxidRequest,
            ObjectExporterMessages.ResolveOxid2Response> resolveOxid2) {
        this.scm = scm;
        this.resolveOxid2 = resolveOxid2;
    }

    /** Records what an activation reply said of an exporter. */
    void learn(Oxid oxid, DualStringArray bindings, Ipid remUnknown) {
        known.merge(oxid, new Exporter(bindings, remUnknown, null),
                (old, now) -> old.reachable != null ? old : now);
    }

    @Override
    public Ipid remUnknown(ObjRef ref) {
        Exporter e = known.get(ref.std().oxid());
        if (e == null) {
            resolve(ref);
            e = known.get(ref.std().oxid());
        }
        return e != null && e.remUnknown != null ? e.remUnknown : ObjectExporter.remUnknownIpid(ref.std().oxid());
    }

    @Override
    public List<Endpoint> resolve(ObjRef ref) {
        Oxid oxid = ref.std().oxid();
        Exporter e = known.get(oxid);
        if (e != null && e.reachable != null) {
            return List.of(e.reachable);
        }
        DualStringArray given = e != null ? e.bindings : ref.resolverAddress();
        Ipid remUnknown = e != null ? e.remUnknown : null;
        List<Endpoint> tried = new ArrayList<>();
        Optional<Endpoint> found = firstReachable(asGiven(given), tried);
        DualStringArray resolved = null;
        if (found.isEmpty()) {
            ObjectExporterMessages.ResolveOxid2Response r = resolveOxid2.apply(
                    new ObjectExporterMessages.ResolveOxidRequest(oxid, List.of(TcpTransport.TOWER_ID)));
            if (r != null && r.status() == 0) {
                resolved = r.bindings();
                remUnknown = r.remUnknown();
                found = firstReachable(asGiven(resolved), tried);
            }
        }
        if (found.isEmpty()) {
            List<Endpoint> sameHost = new ArrayList<>();
            for (DualStringArray d : resolved == null ? List.of(given) : List.of(given, resolved)) {
                for (StringBinding b : tcpBindings(d)) {
                    tcp.endpoint(b.networkAddress()).map(TcpTransport::socketAddress)
                            .map(a -> TcpTransport.endpoint(scm.getHostString(), a.getPort()))
                            .filter(x -> !sameHost.contains(x)).ifPresent(sameHost::add);
                }
            }
            found = firstReachable(sameHost, tried);
        }
        if (found.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "no endpoint of exporter " + oxid + " answers; tried " + tried);
            return List.of();
        }
        known.put(oxid, new Exporter(resolved != null ? resolved : given, remUnknown, found.get()));
        return List.of(found.get());
    }

    private static List<StringBinding> tcpBindings(DualStringArray d) {
        List<StringBinding> out = new ArrayList<>();
        for (StringBinding b : d.stringBindings()) {
            if (b.towerId() == TcpTransport.TOWER_ID) {
                out.add(b);
            }
        }
        return out;
    }

    private List<Endpoint> asGiven(DualStringArray d) {
        List<Endpoint> out = new ArrayList<>();
        for (StringBinding b : tcpBindings(d)) {
            tcp.endpoint(b.networkAddress()).filter(x -> !unspecified(x)).filter(x -> !out.contains(x))
                    .ifPresent(out::add);
        }
        return out;
    }

    private static boolean unspecified(Endpoint e) {
        String h = TcpTransport.socketAddress(e).getHostString();
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
    }

    private Optional<Endpoint> firstReachable(List<Endpoint> candidates, List<Endpoint> tried) {
        for (Endpoint c : candidates) {
            if (tried.contains(c)) {
                continue;
            }
            tried.add(c);
            try {
                tcp.connect(c, Duration.ZERO).close();
                return Optional.of(c);
            } catch (IOException | RuntimeException x) {
                LOG.log(System.Logger.Level.DEBUG, c + " is not reachable: " + x.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Decodes a ResolveOxid2 answer, for the activator's call. */
    static ObjectExporterMessages.ResolveOxid2Response decode(io.sessionmoniker.activation.orpc.rpc.Bytes stub) {
        try {
            return ObjectExporterMessages.ResolveOxid2Response.decode(stub);
        } catch (WireFormatException e) {
            LOG.log(System.Logger.Level.DEBUG, "bad ResolveOxid2 answer: " + e.getMessage());
            return null;
        }
    }

    /** The resolver interface's syntax, for the activator's call. */
    static io.sessionmoniker.activation.orpc.rpc.SyntaxId syntax() {
        return DcomIids.IOBJECTEXPORTER_SYNTAX;
    }
}
