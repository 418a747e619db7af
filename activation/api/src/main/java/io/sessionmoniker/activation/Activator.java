package io.sessionmoniker.activation;

import io.sessionmoniker.activation.internal.AsyncActivations;
import io.sessionmoniker.moniker.Guid;
import java.util.concurrent.CompletableFuture;

/**
 * Activates objects by display name — {@code Session:3!new:…}, {@code Session:Console!clsid:…}, {@code @ProgID} —
 * in the session and identity the RunAs policy decides, and returns proxies. One interface, several backends:
 *
 * <ul>
 *   <li>{@code embedded}: a session host in this process ({@code io.sessionmoniker.activation.host.SessionHost});
 *   <li>{@code daemon}: a session host in another process, reached through its socket ({@code sessmon host start});
 *   <li>{@code windows}: the real thing, through {@code MkParseDisplayName} / {@code BindToObject};
 *   <li>{@code remote}: another host over MS-DCOM, into the session the name names
 *       ({@code io.sessionmoniker.activation.remote.RemoteActivator}).
 * </ul>
 *
 * <pre>{@code
 * try (Activator activator = Activators.open(ActivatorSettings.defaults());
 *      Activation<ISessionInfo> a = activator.bind("Session:Console!new:10000013-0000-0000-0000-000000000001",
 *              ISessionInfo.class, ActivationOptions.defaults())) {
 *     a.object().UserName();
 * }
 * }</pre>
 *
 * <p>Binding follows Windows: {@code clsid:} names give the class object (ask for
 * {@link ClassObject}, or an interface the class object has), {@code new:} names an instance. Asking for
 * {@link LateBound} always gives an instance's late-bound view (a {@code clsid:} class is instantiated), as
 * scripting clients do. Errors are {@link io.sessionmoniker.moniker.ComException}s carrying the HRESULT of the
 * failing step; a policy denial is an {@link io.sessionmoniker.policy.ActivationDeniedException} with the
 * decision's trace.
 *
 * <p>Implementations are thread-safe: any number of activations may run at once.
 */
public interface Activator extends AutoCloseable {

    /**
     * Names the backend: {@code embedded}, {@code daemon}, {@code windows} or {@code remote}.
     *
     * @return the name
     */
    String backend();

    /**
     * Returns the sessions this activator activates into.
     *
     * @return the sessions, live
     */
    SessionProvider sessions();

    /**
     * Binds a display name.
     *
     * @param <T> the interface type
     * @param displayName the display name
     * @param iface the interface wanted: a {@code @ComInterface} (or {@link ClassObject} for a class object),
     *     or {@link LateBound}
     * @param options deadline, caller and class context
     * @return the activation; close it, or its object, when done
     * @throws io.sessionmoniker.moniker.ComException with the failing step's HRESULT: {@code MK_E_SYNTAX},
     *     {@code REGDB_E_CLASSNOTREG}, the policy's denial, {@code MK_E_EXCEEDEDDEADLINE},
     *     {@code CO_E_SERVER_EXEC_FAILURE}, {@code E_NOINTERFACE} …
     */
    <T> Activation<T> bind(String displayName, Class<T> iface, ActivationOptions options);

    /**
     * Binds a display name with the default options.
     *
     * @param <T> the interface type
     * @param displayName the display name
     * @param iface the interface wanted
     * @return the activation
     */
    default <T> Activation<T> bind(String displayName, Class<T> iface) {
        return bind(displayName, iface, ActivationOptions.defaults());
    }

    /**
     * Creates an instance of a class, as {@code CoCreateInstance} does: the name {@code new:CLSID} with no session
     * moniker, so the policy places it (an Interactive User class runs in the console session).
     *
     * @param <T> the interface type
     * @param clsid the class
     * @param iface the interface wanted
     * @param options deadline, caller and class context
     * @return the activation
     */
    default <T> Activation<T> createInstance(Guid clsid, Class<T> iface, ActivationOptions options) {
        return bind("new:" + clsid.toString(), iface, options);
    }

    /**
     * Binds without blocking the calling thread. The activation runs on a shared pool; if the future is cancelled
     * or completed before the activation finishes, the proxy it produced is released, so nothing leaks.
     *
     * @param <T> the interface type
     * @param displayName the display name
     * @param iface the interface wanted
     * @param options deadline, caller and class context
     * @return the future activation; it fails with the {@code ComException} {@link #bind} would throw
     */
    default <T> CompletableFuture<Activation<T>> bindAsync(String displayName, Class<T> iface,
            ActivationOptions options) {
        return AsyncActivations.run(() -> bind(displayName, iface, options));
    }

    /**
     * Releases what this activator holds: an embedded host ends every server it started; a daemon client closes its
     * connection (the daemon keeps running); the Windows backend uninitializes COM on its thread. Proxies already
     * handed out stay the caller's to close.
     */
    @Override
    void close();
}
