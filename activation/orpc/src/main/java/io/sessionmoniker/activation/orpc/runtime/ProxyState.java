package io.sessionmoniker.activation.orpc.runtime;

import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ComVersion;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcClient;
import io.sessionmoniker.activation.orpc.rpc.RpcException;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages.RemInterfaceRef;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a proxy holds: the reference (IPID, OXID, endpoint) and its count of public references. Kept apart from
 * the proxy object so that a {@link java.lang.ref.Cleaner} can release the references of a proxy that became
 * unreachable without being closed.
 */
final class ProxyState implements Runnable {

    private static final System.Logger LOG = System.getLogger(ProxyState.class.getName());

    final ComClient client;
    final ObjRef ref;
    final Endpoint endpoint;
    final Ipid ipid;
    final Ipid remUnknown;
    private final int refs;
    /** The ORPCTHIS extensions every call of this proxy carries (the caller's identity). */
    final List<OrpcExtent> extents;
    private final AtomicBoolean released = new AtomicBoolean();
    /** The observer told of this proxy's references, once they are held. */
    private volatile ComClient.ReferenceObserver observer;
    /** The connection this proxy's references live on, from its first call; they end with it. */
    private volatile RpcClient bound;

    ProxyState(ComClient client, ObjRef ref, Endpoint endpoint, int refs, List<OrpcExtent> extents) {
        this.extents = List.copyOf(extents);
        this.client = client;
        this.ref = ref;
        this.endpoint = endpoint;
        this.ipid = ref.std().ipid();
        this.remUnknown = client.resolver().remUnknown(ref);
        this.refs = refs;
    }

    /** A new ORPCTHIS for one call: a fresh causality id, and this proxy's extensions. */
    OrpcThis orpcThis() {
        return new OrpcThis(ComVersion.V5_7, OrpcThis.ORPCF_NULL, OrpcThis.newCausalityId(), extents);
    }

    /** Calls an operation on this IPID. */
    Bytes call(Guid iid, int opnum, Bytes stub) {
        if (released.get()) {
            throw new RpcException(HResult.RPC_E_DISCONNECTED, "the proxy for " + ipid + " was released");
        }
        return connection().call(SyntaxId.of(iid), ipid.guid(), opnum, stub, client.callTimeout());
    }

    /**
     * The connection to the server. The exporter charges a proxy's references to the connection that first used
     * them and drops them when it closes, so once that connection is gone the proxy is disconnected for good, as a
     * DCOM proxy whose server went away is: a new connection would name an IPID the server no longer honours.
     */
    private RpcClient connection() {
        RpcClient c = bound;
        if (c != null) {
            if (c.isOpen()) {
                return c;
            }
            throw new RpcException(HResult.RPC_E_DISCONNECTED, "the object " + ipid + " is disconnected: the"
                    + " connection to its server (" + endpoint + ") closed, and its references with it");
        }
        try {
            c = client.connection(endpoint);
        } catch (RpcException e) {
            if (e.hresult() != HResult.RPC_S_SERVER_UNAVAILABLE) {
                throw e;
            }
            // every exporter has a socket of its own, gone with its process: the object is gone too
            throw new RpcException(HResult.RPC_E_DISCONNECTED, "the object " + ipid + " is disconnected: its server"
                    + " is gone (" + e.getMessage() + ")", e);
        }
        bound = c;
        return c;
    }

    /** Completes when the connection this proxy's references live on closes (connecting first if need be). */
    java.util.concurrent.CompletionStage<Void> whenDisconnected() {
        return connection().whenClosed().thenApply(reason -> null);
    }

    /** Calls an IRemUnknown operation on the exporter. */
    Bytes callRemUnknown(int opnum, Bytes stub) {
        return connection().call(SyntaxId.of(Iids.IREMUNKNOWN), remUnknown.guid(), opnum, stub, client.callTimeout());
    }

    boolean isReleased() {
        return released.get();
    }

    /** Tells the client's observer that this proxy holds its references. */
    void observe() {
        ComClient.ReferenceObserver o = client.referenceObserver();
        observer = o;
        o.held(ref);
    }

    /** Releases the references once; failures (a dead server) are logged, not thrown. */
    void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        client.forget(this);
        ComClient.ReferenceObserver o = observer;
        if (o != null) {
            o.released(ref);
        }
        if (refs == 0) {
            return;
        }
        try {
            NdrWriter w = new NdrWriter();
            new RemUnknownMessages.RemReleaseRequest(orpcThis(),
                    List.of(new RemInterfaceRef(ipid, refs, 0))).encode(w);
            RpcClient c = bound;
            if (c != null && !c.isOpen()) {
                return; // the server dropped our references with the connection
            }
            connection().call(SyntaxId.of(Iids.IREMUNKNOWN), remUnknown.guid(),
                    RemUnknownMessages.OPNUM_REM_RELEASE, w.toBytes(), client.callTimeout());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "releasing " + ipid + " failed (the server may be gone): " + e);
        }
    }

    /** The cleaner's action for a proxy that was never closed. */
    @Override
    public void run() {
        release();
    }
}
