package io.sessionmoniker.activation.orpc.runtime;

import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.Transports;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where to reach the object exporter an OBJREF names. {@link #stringBindings()} reads the OBJREF's own
 * resolver address, as a local client does; a network client adds an OXID resolver (MS-DCOM {@code ResolveOxid2})
 * for references whose bindings it cannot reach as given.
 *
 * <pre>{@code
 * List<Endpoint> where = EndpointResolver.stringBindings().resolve(ref);   // [unix:/run/sessmon/server-41.sock]
 * }</pre>
 */
@FunctionalInterface
public interface EndpointResolver {

    /**
     * Returns the endpoints of the reference's exporter, in the order to try them.
     *
     * @param ref the reference
     * @return the endpoints; empty when none can be reached from here
     */
    List<Endpoint> resolve(ObjRef ref);

    /**
     * Returns the IPID of the {@code IRemUnknown} of the reference's exporter, which releases and adds references
     * and answers QueryInterface. By default the one our exporters use ({@link ObjectExporter#remUnknownIpid}); a
     * network client answers what the activation reply or {@code ResolveOxid2} named.
     *
     * @param ref the reference
     * @return the IPID
     */
    default io.sessionmoniker.activation.orpc.objref.Ipid remUnknown(ObjRef ref) {
        return ObjectExporter.remUnknownIpid(ref.std().oxid());
    }

    /**
     * Returns the resolver that reads the OBJREF's string bindings with the installed transports, in the order
     * the bindings are listed.
     *
     * @return the resolver
     */
    static EndpointResolver stringBindings() {
        return ref -> {
            List<Endpoint> out = new ArrayList<>();
            for (StringBinding b : ref.resolverAddress().stringBindings()) {
                Transports.forTowerId(b.towerId()).flatMap(t -> t.endpoint(b.networkAddress()))
                        .filter(e -> !out.contains(e)).ifPresent(out::add);
            }
            return List.copyOf(out);
        };
    }
}
