package io.sessionmoniker.activation;

/**
 * A late-bound ({@code IDispatch}) view of an object: members called by name with Java values, as scripting
 * clients do. Every backend can give one: ask {@link Activator#bind} for {@code LateBound.class}.
 *
 * <pre>{@code
 * try (Activation<LateBound> a = activator.bind("Session:2!new:10000013-0000-0000-0000-000000000001",
 *         LateBound.class, ActivationOptions.defaults())) {
 *     Object id = a.object().invoke("SessionId");   // Integer 2
 * }
 * }</pre>
 *
 * <p>Arguments and results are {@code null}, {@link Boolean}, {@link Byte}, {@link Short}, {@link Integer},
 * {@link Long}, {@link Float}, {@link Double} and {@link String}; an object-valued result is another
 * {@code LateBound}. A member that fails throws {@link io.sessionmoniker.moniker.ComException} with its HRESULT.
 */
public interface LateBound extends ComObject {

    /**
     * Calls a method ({@code DISPATCH_METHOD}).
     *
     * @param name the member name, case-insensitive
     * @param args the arguments, in call order
     * @return the result as a Java value, or null for none
     */
    Object invoke(String name, Object... args);

    /**
     * Reads a property ({@code DISPATCH_PROPERTYGET}).
     *
     * @param name the member name
     * @return the value
     */
    Object get(String name);

    /**
     * Sets a property ({@code DISPATCH_PROPERTYPUT}).
     *
     * @param name the member name
     * @param value the value
     */
    void put(String name, Object value);

    /** Releases the reference. Idempotent. */
    @Override
    void close();
}
