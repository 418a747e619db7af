package io.sessionmoniker.activation;

import io.sessionmoniker.policy.Decision;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The result of an activation: the proxy, and what the backend knows of where it runs.
 *
 * <pre>{@code
 * try (Activation<ISessionInfo> a = activator.bind("Session:2!new:10000013-0000-0000-0000-000000000001",
 *         ISessionInfo.class, ActivationOptions.defaults())) {
 *     a.object().SessionId();   // 2, reported by the server process itself
 *     a.pid();                  // the server process, when the backend knows it
 *     a.launched();             // true when this activation started the server
 * }
 * }</pre>
 *
 * <p>The embedded host and its daemon know everything: the policy decision (session, identity, window station,
 * desktop, fallback and the trace), the server's pid, and whether this activation launched it. The Windows backend
 * hands the name to Windows, which reports none of this: its activations carry no decision and no pid.
 *
 * @param <T> the interface type
 * @param object the proxy; close it (or this activation) when done
 * @param decision the allowed decision the activation followed, when the backend decides itself
 * @param pid the server process's id, when known
 * @param launched whether this activation launched the server (false when it bound to a running one, or when the
 *     backend cannot tell)
 */
public record Activation<T>(T object, Optional<Decision> decision, OptionalLong pid, boolean launched)
        implements AutoCloseable {

    /**
     * Validates the components.
     *
     * @param object not null
     * @param decision not null; when present, an allowed decision
     * @param pid not null
     * @param launched any
     */
    public Activation {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(pid, "pid");
        decision.ifPresent(d -> {
            if (!d.isAllowed()) {
                throw new IllegalArgumentException("an activation follows an allowed decision, not " + d.outcome());
            }
        });
    }

    /**
     * Makes the result of an activation the backend decided itself.
     *
     * @param <T> the interface type
     * @param object the proxy
     * @param decision the allowed decision
     * @param pid the server process
     * @param launched whether this activation started it
     * @return the activation
     */
    public static <T> Activation<T> of(T object, Decision decision, long pid, boolean launched) {
        return new Activation<>(object, Optional.of(decision), OptionalLong.of(pid), launched);
    }

    /**
     * Releases the proxy (closes it when it is {@link AutoCloseable}). Idempotent, as proxies' {@code close} is.
     */
    @Override
    public void close() {
        if (object instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing the proxy failed: " + e.getMessage(), e);
            }
        }
    }
}
