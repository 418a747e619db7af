package io.sessionmoniker.activation.windows;

import com.sun.jna.Pointer;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.windows.internal.AutomationNatives;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Windows backend's {@link LateBound}: an {@code IDispatch} reference called by name on the binder's COM thread.
 * DISPIDs are looked up once per name ({@code GetIDsOfNames}, names compared ignoring ASCII case) and cached. A
 * {@code VT_DISPATCH} result becomes another {@code WindowsLateBound}. After {@link #close()}, or after the
 * activator closed, calls fail with {@code RPC_E_DISCONNECTED}.
 */
final class WindowsLateBound implements LateBound {

    private final ComReference dispatch;
    private final WindowsMonikerBinder binder;
    private final AutomationNatives natives;
    private final Map<String, Integer> dispIds = new ConcurrentHashMap<>();

    WindowsLateBound(ComReference dispatch, WindowsMonikerBinder binder, AutomationNatives natives) {
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
        this.binder = Objects.requireNonNull(binder, "binder");
        this.natives = Objects.requireNonNull(natives, "natives");
    }

    @Override
    public Object invoke(String name, Object... args) {
        return call(name, AutomationNatives.DISPATCH_METHOD | AutomationNatives.DISPATCH_PROPERTYGET,
                args == null ? new Object[0] : args.clone());
    }

    @Override
    public Object get(String name) {
        return call(name, AutomationNatives.DISPATCH_PROPERTYGET, new Object[0]);
    }

    @Override
    public void put(String name, Object value) {
        call(name, AutomationNatives.DISPATCH_PROPERTYPUT, new Object[] {value});
    }

    @Override
    public void close() {
        dispatch.close();
    }

    /** The reference, for the typed proxy's {@code toString}. */
    ComReference reference() {
        return dispatch;
    }

    private Object call(String name, int flags, Object[] args) {
        Objects.requireNonNull(name, "name");
        try {
            return binder.onComThread("IDispatch::Invoke(\"" + name + "\")", () -> {
                Pointer p = livePointer(name);
                int dispId = dispIds.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> natives.getIdOfName(p, name));
                Object result = natives.invoke(p, dispId, flags, args);
                if (result instanceof Pointer q) {
                    return new WindowsLateBound(binder.adoptReturned(q, WindowsMonikerBinder.IID_IDISPATCH,
                            "IDispatch::Invoke(\"" + name + "\")"), binder, natives);
                }
                return result;
            });
        } catch (IllegalStateException e) {
            throw disconnected(name, e);
        }
    }

    private Pointer livePointer(String name) {
        try {
            return dispatch.pointer();
        } catch (IllegalStateException e) {
            throw disconnected(name, e);
        }
    }

    private static ComException disconnected(String name, IllegalStateException cause) {
        return new ComException(HResult.RPC_E_DISCONNECTED, "cannot call " + name + ": the reference was released ("
                + cause.getMessage() + ")", cause);
    }
}
