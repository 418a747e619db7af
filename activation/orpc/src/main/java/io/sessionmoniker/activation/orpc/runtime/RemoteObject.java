package io.sessionmoniker.activation.orpc.runtime;

import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.activation.orpc.objref.ObjRef;

/**
 * What every proxy also implements: IUnknown's QueryInterface and Release, the late-bound view, and the
 * reference it holds. Closing releases the proxy's references; later calls fail with
 * {@code RPC_E_DISCONNECTED}.
 *
 * <pre>{@code
 * ISessionInfo info = client.proxy(ref, ISessionInfo.class);
 * try (RemoteObject com = (RemoteObject) info) {
 *     ICounter counter = com.queryInterface(ICounter.class);   // E_NOINTERFACE if the object has none
 *     com.dispatch().invoke("Echo", "hi");
 * }
 * }</pre>
 */
public interface RemoteObject extends ComObject {

    /**
     * Asks the object for another of its interfaces ({@code IRemUnknown::RemQueryInterface}).
     *
     * @param <T> the interface type
     * @param iface a {@code @ComInterface}
     * @return a new proxy, which must be closed on its own
     * @throws io.sessionmoniker.moniker.ComException {@code E_NOINTERFACE} if the object does not implement it
     */
    <T> T queryInterface(Class<T> iface);

    /**
     * Returns the object's late-bound {@code IDispatch} view.
     *
     * @return a new handle, which must be closed on its own
     */
    Dispatch dispatch();

    /**
     * Returns the reference this proxy was made from.
     *
     * @return the OBJREF
     */
    ObjRef objRef();

    /**
     * Returns an OBJREF to hand to another party, with references of its own ({@code RemAddRef}).
     *
     * @return a standard OBJREF carrying public references for its receiver
     */
    ObjRef marshalForTransfer();

    /**
     * Returns a stage that completes when the connection to the object's process is lost or closed (the process
     * ended, or dropped the connection): from then on, the proxy is disconnected.
     *
     * @return the stage
     * @throws io.sessionmoniker.moniker.ComException {@code RPC_E_DISCONNECTED} if the process cannot be reached
     */
    java.util.concurrent.CompletionStage<Void> whenDisconnected();

    /** Releases the proxy's references ({@code RemRelease}). Idempotent. */
    @Override
    void close();
}
