package io.sessionmoniker.activation.host;

import io.sessionmoniker.policy.Decision;

/**
 * The result of an activation: the proxy, the policy decision it followed, and which server process serves it.
 *
 * <pre>{@code
 * Activation<ISessionInfo> a = host.activate("Session:2!new:10000013-0000-0000-0000-000000000001", caller,
 *         ISessionInfo.class);
 * a.pid();        // the server process
 * a.launched();   // true when this activation started it
 * }</pre>
 *
 * @param <T> the interface type
 * @param object the proxy (also a {@link io.sessionmoniker.activation.orpc.ComObject}; close it when done)
 * @param decision the decision, allowed
 * @param pid the server process's id
 * @param launched whether this activation launched the server (rather than binding to a running one)
 */
public record Activation<T>(T object, Decision decision, long pid, boolean launched) {
}
