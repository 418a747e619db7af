package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.IClassFactory;
import java.util.List;

/**
 * Turns what an activation handed out into the view the caller asked for: the same steps for the embedded host and
 * for a daemon's client, so both backends give the same objects.
 */
final class Unmarshal {

    private Unmarshal() {
    }

    /**
     * Makes the proxy.
     *
     * @param <T> the view's type
     * @param client the client that owns the proxy
     * @param ref the reference; its public references are consumed
     * @param instance whether it is an instance (else a class object)
     * @param ticket the ticket every call carries
     * @param iface {@link LateBound}, {@link ClassObject}, {@link IClassFactory} or a {@code @ComInterface}
     * @return the proxy
     */
    static <T> T view(ComClient client, ObjRef ref, boolean instance, OrpcExtent ticket, Class<T> iface) {
        T view = client.view(ref, instance, List.of(ticket), iface);
        // an instance's references wait at its server for the client the SCM handed them to: claimed at once, they
        // are this client's however late its first call comes (else the server releases them after its unclaimed
        // lifetime, as for a client that died before calling)
        if (instance && (iface != LateBound.class || ref.iid().equals(Iids.IDISPATCH))) {
            claimOrRelease(client, view);
        }
        return view;
    }

    private static void claimOrRelease(ComClient client, Object proxy) {
        try {
            client.claim(proxy);
        } catch (RuntimeException e) {
            if (proxy instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the claim's failure is the one to report
                }
            }
            throw e;
        }
    }
}
