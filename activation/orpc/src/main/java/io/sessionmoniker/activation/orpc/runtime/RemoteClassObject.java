package io.sessionmoniker.activation.orpc.runtime;

import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import java.util.List;
import java.util.Objects;

/**
 * The API's {@link ClassObject} over a proxy of a server's {@link IClassFactory}: instances it creates are proxies
 * whose calls carry the same ORPCTHIS extensions (the caller's ticket) as the class object's own.
 */
final class RemoteClassObject implements ClassObject {

    private final ComClient client;
    private final IClassFactory factory;
    private final List<OrpcExtent> extents;

    RemoteClassObject(ComClient client, IClassFactory factory, List<OrpcExtent> extents) {
        this.client = Objects.requireNonNull(client, "client");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.extents = List.copyOf(extents);
    }

    @Override
    public <T> T createInstance(Class<T> iface) {
        if (iface == LateBound.class) {
            return iface.cast(client.dispatch(factory.CreateInstance(Iids.IUNKNOWN), extents));
        }
        if (!iface.isInterface() || !iface.isAnnotationPresent(ComInterface.class)) {
            throw new IllegalArgumentException("a class object creates instances as a @ComInterface type or"
                    + " LateBound, not " + iface.getName());
        }
        ObjRef instance = factory.CreateInstance(ComInterfaceInfo.of(iface).iid());
        return client.proxy(instance, iface, extents);
    }

    @Override
    public void lockServer(boolean lock) {
        factory.LockServer(lock);
    }

    /**
     * Returns the class factory's proxy, for the host's own use (its references, its connection).
     *
     * @return the proxy; it also implements {@link RemoteObject}
     */
    IClassFactory factory() {
        return factory;
    }

    @Override
    public void close() {
        ((RemoteObject) factory).close();
    }

    @Override
    public String toString() {
        return "ClassObject[" + factory + "]";
    }
}
