package io.sessionmoniker.activation.windows;

import io.sessionmoniker.activation.IClassFactory;
import io.sessionmoniker.activation.orpc.ObjRef;
import io.sessionmoniker.activation.windows.internal.AutomationNatives;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.util.Objects;

/**
 * A class object ({@code Session:N!clsid:…}) bound by the Windows backend, as the API's {@link IClassFactory}.
 * {@link #LockServer} calls {@code IClassFactory::LockServer}. {@link #CreateInstance} cannot be offered: the API's
 * {@code CreateInstance} returns an {@link ObjRef} of this project's object RPC, and Windows hands back a native
 * interface pointer, so it fails with {@code E_NOTIMPL} and says what to do instead (bind {@code new:}, or ask for
 * {@link io.sessionmoniker.activation.LateBound}, which creates the instance from the class object).
 */
final class WindowsClassObject implements IClassFactory, AutoCloseable {

    private final ComReference factory;
    private final WindowsMonikerBinder binder;
    private final AutomationNatives natives;

    WindowsClassObject(ComReference factory, WindowsMonikerBinder binder, AutomationNatives natives) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.binder = Objects.requireNonNull(binder, "binder");
        this.natives = Objects.requireNonNull(natives, "natives");
    }

    @Override
    public ObjRef CreateInstance(Guid iid) {
        throw new ComException(HResult.E_NOTIMPL, "the Windows backend cannot return an instance as an ObjRef: bind"
                + " the name with new: instead of clsid:, or ask for LateBound, which creates the instance from the"
                + " class object");
    }

    @Override
    public void LockServer(boolean lock) {
        try {
            binder.onComThread("IClassFactory::LockServer(" + lock + ")", () -> {
                WindowsHResults.check(natives.lockServer(factory.pointer(), lock),
                        "IClassFactory::LockServer(" + lock + ")");
                return null;
            });
        } catch (IllegalStateException e) {
            throw new ComException(HResult.RPC_E_DISCONNECTED, "the class object was released (" + e.getMessage()
                    + ")", e);
        }
    }

    @Override
    public void close() {
        factory.close();
    }

    @Override
    public String toString() {
        return "WindowsClassObject[" + factory + "]";
    }
}
