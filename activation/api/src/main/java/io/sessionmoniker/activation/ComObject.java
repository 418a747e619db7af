package io.sessionmoniker.activation;

/**
 * The lifecycle every object an {@link Activator} hands out also has, whatever the backend: the proxy of a typed
 * {@code @ComInterface}, a {@link LateBound} view, a {@link ClassObject}. Closing releases the references the proxy
 * holds ({@code IUnknown::Release}); later calls fail with {@code RPC_E_DISCONNECTED}.
 *
 * <pre>{@code
 * ISessionInfo info = activator.bind("Session:2!new:10000013-0000-0000-0000-000000000001",
 *         ISessionInfo.class).object();
 * try (ComObject com = (ComObject) info) {
 *     info.Describe();
 * }
 * }</pre>
 *
 * <p>Wire details (the object reference, marshalling it for another party) are not part of this view; they belong
 * to the backend that made the proxy.
 */
public interface ComObject extends AutoCloseable {

    /** Releases the proxy's references. Idempotent. */
    @Override
    void close();
}
