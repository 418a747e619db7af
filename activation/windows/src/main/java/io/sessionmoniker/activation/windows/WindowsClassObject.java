package io.sessionmoniker.activation.windows;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.windows.internal.AutomationNatives;
import io.sessionmoniker.activation.windows.internal.NativeGuid;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.util.Objects;

/**
 * A class object ({@code Session:N!clsid:…}) bound by the Windows backend, as the API's {@link ClassObject}:
 * {@link #createInstance} calls {@code IClassFactory::CreateInstance} for {@code IDispatch} and gives the instance's
 * late-bound or typed view (typed views call by name through {@code IDispatch}, as every typed proxy of this
 * backend does); {@link #lockServer} calls {@code IClassFactory::LockServer}.
 */
final class WindowsClassObject implements ClassObject {

    private final ComReference factory;
    private final WindowsMonikerBinder binder;
    private final AutomationNatives natives;
    private final String displayName;

    WindowsClassObject(ComReference factory, WindowsMonikerBinder binder, AutomationNatives natives,
            String displayName) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.binder = Objects.requireNonNull(binder, "binder");
        this.natives = Objects.requireNonNull(natives, "natives");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
    }

    @Override
    public <T> T createInstance(Class<T> iface) {
        if (iface != LateBound.class && !(iface.isInterface() && iface.isAnnotationPresent(ComInterface.class))) {
            throw new IllegalArgumentException("a class object creates instances as a @ComInterface type or"
                    + " LateBound, not " + iface.getName());
        }
        WindowsLateBound instance = new WindowsLateBound(createDispatch(), binder, natives);
        return iface == LateBound.class ? iface.cast(instance) : WindowsTypedProxy.create(iface, instance);
    }

    /** {@code IClassFactory::CreateInstance(NULL, IID_IDispatch)} on the COM thread. */
    ComReference createDispatch() {
        Guid iid = WindowsMonikerBinder.IID_IDISPATCH;
        String what = "IClassFactory::CreateInstance(IID_IDispatch) for \"" + displayName + "\"";
        try {
            return binder.onComThread(what, () -> {
                PointerByReference out = new PointerByReference();
                int hr = natives.createInstance(factory.pointer(), NativeGuid.allocate(iid), out);
                Pointer p = out.getValue();
                if (HResult.failed(hr)) {
                    if (p != null) {
                        binder.releaseOnComThread(p);
                    }
                    throw WindowsHResults.exception(hr, what);
                }
                return binder.adoptReturned(p, iid, "IClassFactory::CreateInstance");
            });
        } catch (IllegalStateException e) {
            throw new ComException(HResult.RPC_E_DISCONNECTED, "the class object was released (" + e.getMessage()
                    + ")", e);
        }
    }

    @Override
    public void lockServer(boolean lock) {
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
