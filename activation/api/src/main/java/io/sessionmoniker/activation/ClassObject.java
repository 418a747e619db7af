package io.sessionmoniker.activation;

/**
 * A class object, as a {@code clsid:} name binds to it (COM's {@code IClassFactory}): it creates instances of its
 * class in the server process it lives in, and can keep that server running without objects.
 *
 * <pre>{@code
 * try (Activation<ClassObject> a = activator.bind("Session:2!clsid:10000013-0000-0000-0000-000000000001",
 *         ClassObject.class)) {
 *     ISessionInfo first = a.object().createInstance(ISessionInfo.class);   // both run in the same process
 *     ISessionInfo second = a.object().createInstance(ISessionInfo.class);
 * }
 * }</pre>
 */
public interface ClassObject extends ComObject {

    /**
     * Creates an instance and returns it as the interface asked for ({@code IClassFactory::CreateInstance}).
     *
     * @param <T> the interface type
     * @param iface a {@code @ComInterface}, or {@link LateBound} for the instance's {@code IDispatch}
     * @return a new proxy, to be closed on its own
     * @throws io.sessionmoniker.moniker.ComException {@code E_NOINTERFACE} if the instance does not implement it
     */
    <T> T createInstance(Class<T> iface);

    /**
     * Keeps the server running without objects ({@code true}) or lets it go again ({@code false})
     * ({@code IClassFactory::LockServer}).
     *
     * @param lock whether to lock
     */
    void lockServer(boolean lock);
}
