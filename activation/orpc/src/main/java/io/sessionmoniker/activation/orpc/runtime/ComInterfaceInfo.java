package io.sessionmoniker.activation.orpc.runtime;

import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.ComMethod;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.runtime.internal.ClassFileMethodOrder;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.internal.Ascii;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a {@link ComInterface} looks like on the wire: its IID and, for each method, the operation number (3, 4,
 * … in declaration order, or {@link ComMethod#opnum()}), the IDispatch DISPID (1, 2, … in the same order) and
 * name. Built once per interface and cached.
 *
 * <pre>{@code
 * ComInterfaceInfo info = ComInterfaceInfo.of(ISessionInfo.class);
 * info.iid();                          // 10000013-…-0000000000F1
 * info.byOpnum(3).orElseThrow().name(); // "SessionId"
 * info.byName("sessionid");             // found: IDispatch names ignore case
 * }</pre>
 */
public final class ComInterfaceInfo {

    /** The first opnum of a method after IUnknown's QueryInterface, AddRef and Release. */
    public static final int FIRST_OPNUM = 3;

    private static final Map<Class<?>, ComInterfaceInfo> CACHE = new ConcurrentHashMap<>();

    /**
     * One method.
     *
     * @param method the Java method
     * @param opnum its operation number
     * @param dispId its IDispatch DISPID
     * @param name its IDispatch name
     */
    public record MethodInfo(Method method, int opnum, int dispId, String name) {
    }

    private final Class<?> type;
    private final Guid iid;
    private final List<MethodInfo> methods;
    private final Map<Integer, MethodInfo> byOpnum;
    private final Map<String, MethodInfo> byName;
    private final Map<Method, MethodInfo> byMethod;

    private ComInterfaceInfo(Class<?> type, Guid iid, List<MethodInfo> methods) {
        this.type = type;
        this.iid = iid;
        this.methods = Collections.unmodifiableList(methods);
        Map<Integer, MethodInfo> o = new HashMap<>();
        Map<String, MethodInfo> n = new HashMap<>();
        Map<Method, MethodInfo> m = new HashMap<>();
        for (MethodInfo mi : methods) {
            if (o.put(mi.opnum(), mi) != null) {
                throw new IllegalArgumentException(type.getName() + ": two methods have opnum " + mi.opnum());
            }
            if (n.put(Ascii.toLowerCase(mi.name()), mi) != null) {
                throw new IllegalArgumentException(type.getName() + ": two methods are named \"" + mi.name()
                        + "\" (IDispatch names ignore case and cannot be overloaded)");
            }
            m.put(mi.method(), mi);
        }
        this.byOpnum = Map.copyOf(o);
        this.byName = Map.copyOf(n);
        this.byMethod = Map.copyOf(m);
    }

    /**
     * Returns the description of an interface.
     *
     * @param type a Java interface annotated with {@link ComInterface}
     * @return the description
     * @throws IllegalArgumentException if it is not a COM interface, its IID is malformed, its methods clash, or
     *     a method uses an unsupported type
     */
    public static ComInterfaceInfo of(Class<?> type) {
        return CACHE.computeIfAbsent(type, ComInterfaceInfo::build);
    }

    private static ComInterfaceInfo build(Class<?> type) {
        ComInterface annotation = type.getAnnotation(ComInterface.class);
        if (!type.isInterface() || annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not an interface annotated with @ComInterface");
        }
        Guid iid = Guid.tryParse(annotation.iid()).orElseThrow(() -> new IllegalArgumentException(
                type.getName() + ": @ComInterface(iid = \"" + annotation.iid() + "\") is not a GUID"));
        List<String> order;
        try {
            order = ClassFileMethodOrder.of(type);
        } catch (IOException e) {
            throw new IllegalArgumentException(type.getName() + ": cannot read its declaration order: " + e.getMessage(), e);
        }
        Map<String, Method> bySignature = new HashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && !m.isDefault() && !m.isSynthetic()) {
                bySignature.put(m.getName() + ClassFileMethodOrder.descriptor(m), m);
            }
        }
        List<MethodInfo> methods = new ArrayList<>();
        int index = 0;
        for (String signature : order) {
            Method m = bySignature.get(signature);
            if (m == null) {
                continue;
            }
            ComMethod cm = m.getAnnotation(ComMethod.class);
            int opnum = cm != null && cm.opnum() >= 0 ? cm.opnum() : FIRST_OPNUM + index;
            if (opnum < FIRST_OPNUM) {
                throw new IllegalArgumentException(type.getName() + "." + m.getName() + ": opnum " + opnum
                        + " belongs to IUnknown");
            }
            String name = cm != null && !cm.name().isEmpty() ? cm.name() : m.getName();
            checkTypes(type, m);
            methods.add(new MethodInfo(m, opnum, index + 1, name));
            index++;
        }
        return new ComInterfaceInfo(type, iid, methods);
    }

    private static void checkTypes(Class<?> type, Method m) {
        for (Class<?> p : m.getParameterTypes()) {
            if (!supported(p) || p == void.class) {
                throw new IllegalArgumentException(type.getName() + "." + m.getName() + ": parameter type "
                        + p.getName() + " is not supported (int, long, double, boolean, String, byte[], @ComInterface)");
            }
        }
        if (!supported(m.getReturnType())) {
            throw new IllegalArgumentException(type.getName() + "." + m.getName() + ": return type "
                    + m.getReturnType().getName() + " is not supported");
        }
    }

    static boolean supported(Class<?> c) {
        return c == int.class || c == long.class || c == double.class || c == boolean.class || c == String.class
                || c == byte[].class || c == void.class || c == ObjRef.class || c == Guid.class || (c.isInterface() && c.isAnnotationPresent(ComInterface.class));
    }

    /**
     * Returns the Java interface.
     *
     * @return the type
     */
    public Class<?> type() {
        return type;
    }

    /**
     * Returns the IID.
     *
     * @return the interface identifier
     */
    public Guid iid() {
        return iid;
    }

    /**
     * Returns the methods in declaration order.
     *
     * @return an unmodifiable list
     */
    public List<MethodInfo> methods() {
        return methods;
    }

    /**
     * Finds a method by operation number.
     *
     * @param opnum the operation number
     * @return the method, or empty
     */
    public Optional<MethodInfo> byOpnum(int opnum) {
        return Optional.ofNullable(byOpnum.get(opnum));
    }

    /**
     * Finds a method by IDispatch name, ASCII case-insensitively.
     *
     * @param name the name
     * @return the method, or empty
     */
    public Optional<MethodInfo> byName(String name) {
        return Optional.ofNullable(byName.get(Ascii.toLowerCase(Objects.requireNonNull(name, "name"))));
    }

    /**
     * Finds a method by DISPID.
     *
     * @param dispId the DISPID
     * @return the method, or empty
     */
    public Optional<MethodInfo> byDispId(int dispId) {
        return dispId >= 1 && dispId <= methods.size() ? Optional.of(methods.get(dispId - 1)) : Optional.empty();
    }

    /**
     * Returns the description of a Java method of this interface.
     *
     * @param method the method
     * @return the description, or empty for a method that is not part of it (e.g. a default method)
     */
    public Optional<MethodInfo> of(Method method) {
        return Optional.ofNullable(byMethod.get(method));
    }

    @Override
    public String toString() {
        return type.getSimpleName() + " " + iid.toBracedString();
    }
}
