package io.sessionmoniker.activation.orpc.runtime;

import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.moniker.Guid;

/**
 * A class object, as {@code clsid:} binds to it: COM's {@code IClassFactory} with the operations it has on the
 * wire ({@code RemoteCreateInstance} at opnum 3, {@code RemoteLockServer} at opnum 4).
 *
 * <pre>{@code
 * IClassFactory factory = host.activate("Session:2!clsid:10000013-0000-0000-0000-000000000001", caller,
 *         IClassFactory.class).object();
 * ObjRef instance = factory.CreateInstance(ISessionInfo.IID);
 * }</pre>
 */
@ComInterface(iid = "00000001-0000-0000-C000-000000000046")
public interface IClassFactory {

    /**
     * Creates an instance and returns it as the interface asked for.
     *
     * @param iid the interface wanted ({@code IUnknown} gives the object's first interface)
     * @return the interface pointer
     * @throws io.sessionmoniker.moniker.ComException {@code E_NOINTERFACE} if the instance does not implement it
     */
    ObjRef CreateInstance(Guid iid);

    /**
     * Keeps the server running without objects ({@code true}) or lets it go ({@code false}).
     *
     * @param lock whether to lock
     */
    void LockServer(boolean lock);
}
