package io.sessionmoniker.activation.windows;

import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.activation.orpc.runtime.ComInterfaceInfo;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * A typed view of a Windows object: a {@link Proxy} of a {@link ComInterface} type (and {@link ComObject}) whose
 * methods call the object by name through {@code IDispatch}, using the IDispatch names {@link ComInterfaceInfo}
 * gives (the method name, or {@code @ComMethod(name)}), so the object's vtable layout need not match the Java
 * interface's order.
 *
 * <p>Parameters: {@code int}, {@code long}, {@code double}, {@code boolean}, {@code String}. Results: those,
 * {@code void}, and {@code @ComInterface} types (the returned {@code IDispatch} wrapped the same way, without a
 * {@code QueryInterface} check). {@code byte[]}, {@code ObjRef} and interface pointers as arguments fail with
 * {@code E_NOTIMPL}. Default methods run locally; {@code close()} releases the reference.
 */
final class WindowsTypedProxy implements InvocationHandler {

    private final Class<?> iface;
    private final ComInterfaceInfo info;
    private final WindowsLateBound target;

    private WindowsTypedProxy(Class<?> iface, WindowsLateBound target) {
        this.iface = iface;
        this.info = ComInterfaceInfo.of(iface);
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Makes the proxy; it owns {@code target}. */
    static <T> T create(Class<T> iface, WindowsLateBound target) {
        WindowsTypedProxy handler = new WindowsTypedProxy(iface, target);
        Class<?>[] types = ComObject.class.isAssignableFrom(iface) ? new Class<?>[] {iface}
                : new Class<?>[] {iface, ComObject.class};
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), types, handler));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "WindowsProxy[" + iface.getName() + ", " + target.reference() + "]";
            }
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        ComInterfaceInfo.MethodInfo m = info.of(method).orElse(null);
        if (m == null) {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                target.close();
                return null;
            }
            throw new ComException(HResult.E_NOTIMPL, method + " is not a method of " + iface.getName());
        }
        Object[] actual = args == null ? new Object[0] : args;
        for (int i = 0; i < actual.length; i++) {
            Class<?> p = method.getParameterTypes()[i];
            if (!(p.isPrimitive() || p == String.class)) {
                throw new ComException(HResult.E_NOTIMPL, iface.getSimpleName() + "." + m.name() + ": parameter "
                        + (i + 1) + " is a " + p.getSimpleName() + "; the Windows backend passes int, long, double,"
                        + " boolean and String");
            }
        }
        return convert(m, target.invoke(m.name(), actual));
    }

    private Object convert(ComInterfaceInfo.MethodInfo m, Object result) {
        Class<?> r = m.method().getReturnType();
        if (r == void.class) {
            closeIfObject(result);
            return null;
        }
        if (r.isAnnotationPresent(ComInterface.class) && r.isInterface()) {
            if (result == null) {
                return null;
            }
            if (result instanceof WindowsLateBound lb) {
                return create(r, lb);
            }
            throw mismatch(m, result);
        }
        if (r == String.class) {
            if (result == null || result instanceof String) {
                return result;
            }
            throw mismatch(m, result);
        }
        if (r == boolean.class) {
            if (result instanceof Boolean) {
                return result;
            }
            if (result instanceof Number n && !(result instanceof Double || result instanceof Float)) {
                return n.longValue() != 0;
            }
            throw mismatch(m, result);
        }
        if (r == int.class || r == long.class) {
            if (result instanceof Byte || result instanceof Short || result instanceof Integer
                    || result instanceof Long) {
                long v = ((Number) result).longValue();
                if (r == long.class) {
                    return v;
                }
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    return (int) v;
                }
            }
            throw mismatch(m, result);
        }
        if (r == double.class) {
            if (result instanceof Number n) {
                return n.doubleValue();
            }
            throw mismatch(m, result);
        }
        closeIfObject(result);
        throw new ComException(HResult.E_NOTIMPL, iface.getSimpleName() + "." + m.name() + " returns a "
                + r.getSimpleName() + ", which the Windows backend cannot return");
    }

    private ComException mismatch(ComInterfaceInfo.MethodInfo m, Object result) {
        closeIfObject(result);
        return new ComException(HResult.DISP_E_TYPEMISMATCH, iface.getSimpleName() + "." + m.name() + " returned "
                + (result == null ? "nothing" : "a " + result.getClass().getSimpleName() + " (" + result + ")")
                + ", not the declared " + m.method().getReturnType().getSimpleName());
    }

    private static void closeIfObject(Object result) {
        if (result instanceof WindowsLateBound lb) {
            lb.close();
        }
    }
}
