package io.sessionmoniker.activation.orpc;

import io.sessionmoniker.activation.orpc.RemUnknownMessages.RemInterfaceRef;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.util.List;
import java.util.UUID;
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
    final Guid ipid;
    final Guid remUnknown;
    private final int refs;
    private final AtomicBoolean released = new AtomicBoolean();

    ProxyState(ComClient client, ObjRef ref, Endpoint endpoint, int refs) {
        this.client = client;
        this.ref = ref;
        this.endpoint = endpoint;
        this.ipid = ref.std().ipid();
        this.remUnknown = ObjectExporter.remUnknownIpid(ref.std().oxid());
        this.refs = refs;
    }

    /** Calls an operation on this IPID. */
    Bytes call(Guid iid, int opnum, Bytes stub) {
        if (released.get()) {
            throw new RpcException(HResult.RPC_E_DISCONNECTED, "the proxy for " + ipid + " was released");
        }
        return client.connection(endpoint).call(SyntaxId.of(iid), ipid, opnum, stub, client.callTimeout());
    }

    /** Calls an IRemUnknown operation on the exporter. */
    Bytes callRemUnknown(int opnum, Bytes stub) {
        return client.connection(endpoint).call(SyntaxId.of(Iids.IREMUNKNOWN), remUnknown, opnum, stub,
                client.callTimeout());
    }

    boolean isReleased() {
        return released.get();
    }

    /** Releases the references once; failures (a dead server) are logged, not thrown. */
    void release() {
        if (!released.compareAndSet(false, true) || refs == 0) {
            return;
        }
        try {
            NdrWriter w = new NdrWriter();
            new RemUnknownMessages.RemReleaseRequest(OrpcThis.of(Guid.fromUuid(UUID.randomUUID())),
                    List.of(new RemInterfaceRef(ipid, refs, 0))).encode(w);
            client.connection(endpoint).call(SyntaxId.of(Iids.IREMUNKNOWN), remUnknown,
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
