package io.sessionmoniker.activation.orpc.runtime;

import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;

/**
 * Converts between VARIANTs and the Java types {@code @ComInterface} methods use, as IDispatch's argument
 * coercion does for the common cases: integers widen, numbers and booleans become strings, {@code VT_EMPTY} and
 * {@code VT_NULL} are null references, {@code VT_DISPATCH}/{@code VT_UNKNOWN} become proxies.
 */
final class VariantConversions {

    /** What {@link #toJava} returns when a VARIANT cannot become the type (DISP_E_TYPEMISMATCH). */
    static final Object MISMATCH = new Object();

    /** Exports a local object as an interface pointer. */
    @FunctionalInterface
    interface Exporter {
        InterfacePointer export(Object value, Class<?> type);
    }

    private VariantConversions() {
    }

    /**
     * Converts an argument.
     *
     * @return the value (possibly null), or {@link #MISMATCH}
     */
    static Object toJava(Variant v, Class<?> type, ComClient client) {
        Object x = v.toJava();
        if (type == int.class) {
            if (x instanceof Integer || x instanceof Short) {
                return ((Number) x).intValue();
            }
            return x instanceof Long l && l == l.intValue() ? (Object) l.intValue() : MISMATCH;
        }
        if (type == long.class) {
            return x instanceof Integer || x instanceof Short || x instanceof Long ? (Object) ((Number) x).longValue()
                    : MISMATCH;
        }
        if (type == double.class) {
            return x instanceof Number n ? (Object) n.doubleValue() : MISMATCH;
        }
        if (type == boolean.class) {
            return x instanceof Boolean ? x : MISMATCH;
        }
        boolean nothing = v instanceof Variant.Empty || v instanceof Variant.Null;
        if (type == String.class) {
            if (nothing || x instanceof String) {
                return nothing ? null : x;
            }
            return x instanceof Number || x instanceof Boolean ? String.valueOf(x) : MISMATCH;
        }
        if (type == byte[].class) {
            return nothing ? null : v instanceof Variant.UI1Array a ? a.data().toArray() : MISMATCH;
        }
        if (nothing) {
            return null;
        }
        InterfacePointer p = v instanceof Variant.Dispatch d ? d.pointer()
                : v instanceof Variant.Unknown u ? u.pointer() : null;
        if (p == null) {
            return MISMATCH;
        }
        try {
            return client.proxy(p.objRef(), type);
        } catch (WireFormatException e) {
            return MISMATCH;
        }
    }

    /** Converts a result. */
    static Variant toVariant(Object value, Class<?> type, Exporter exporter) {
        if (type == void.class || value == null) {
            return new Variant.Empty();
        }
        if (type.isInterface() && type.isAnnotationPresent(ComInterface.class)) {
            return new Variant.Dispatch(exporter.export(value, type));
        }
        return Variant.of(value);
    }
}
