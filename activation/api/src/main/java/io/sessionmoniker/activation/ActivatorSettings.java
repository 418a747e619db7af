package io.sessionmoniker.activation;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Activators#open} opens: which backend, and the typed settings the backends read. A backend declares
 * its own {@link Key}s (as {@link #SCENARIO} and {@link #HOST_SOCKET} are the embedded host's and the daemon's), so a
 * backend that needs a host name and credentials adds keys of its own without changing this class or the others.
 * Immutable; every {@code with…} returns a copy.
 *
 * <pre>{@code
 * ActivatorSettings.defaults();                                    // Windows on Windows, else an embedded demo host
 * ActivatorSettings.defaults().withScenario(Path.of("lab.json"));  // an embedded host of that scenario
 * ActivatorSettings.defaults().withHostSocket(Path.of(sock));      // a running host daemon
 * ActivatorSettings.defaults().withBackend("embedded");            // force a backend
 * ActivatorSettings.defaults().with(MyBackend.ENDPOINT, "lab-7:135");
 * }</pre>
 */
public final class ActivatorSettings {

    /**
     * A typed setting: a name unique among the backends' keys, and the type of its value.
     *
     * @param <T> the value's type
     * @param name the key's name, for messages, such as {@code "scenario"}
     * @param type the value's type
     */
    public record Key<T>(String name, Class<T> type) {
        /**
         * Checks the components.
         *
         * @param name a non-empty name
         * @param type not null
         */
        public Key {
            Objects.requireNonNull(type, "type");
            if (Objects.requireNonNull(name, "name").isEmpty()) {
                throw new IllegalArgumentException("a settings key needs a name");
            }
        }

        /**
         * Makes a key.
         *
         * @param <T> the type
         * @param name the name
         * @param type the type
         * @return the key
         */
        public static <T> Key<T> of(String name, Class<T> type) {
            return new Key<>(name, type);
        }
    }

    /** The scenario file of an embedded host ({@code embedded}); without it, the built-in demo scenario. */
    public static final Key<Path> SCENARIO = Key.of("scenario", Path.class);

    /** The socket of a running host daemon ({@code daemon}). */
    public static final Key<Path> HOST_SOCKET = Key.of("hostSocket", Path.class);

    private static final ActivatorSettings DEFAULTS = new ActivatorSettings(Optional.empty(), Map.of());

    private final Optional<String> backend;
    private final Map<Key<?>, Object> values;

    private ActivatorSettings(Optional<String> backend, Map<Key<?>, Object> values) {
        this.backend = backend;
        this.values = values;
    }

    /**
     * Returns the settings that choose by platform.
     *
     * @return no backend named and no setting given
     */
    public static ActivatorSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the backend named, if any: else {@link Activators} chooses the supported provider of highest
     * priority, or {@code daemon} when a host socket is given.
     *
     * @return the backend's name
     */
    public Optional<String> backend() {
        return backend;
    }

    /**
     * Returns a copy naming the backend.
     *
     * @param name {@code embedded}, {@code daemon}, {@code windows}, or another provider's
     * @return the copy
     */
    public ActivatorSettings withBackend(String name) {
        return new ActivatorSettings(Optional.of(Objects.requireNonNull(name, "name")), values);
    }

    /**
     * Returns a setting.
     *
     * @param <T> its type
     * @param key the key
     * @return the value, or empty when not given
     */
    public <T> Optional<T> get(Key<T> key) {
        return Optional.ofNullable(key.type().cast(values.get(Objects.requireNonNull(key, "key"))));
    }

    /**
     * Returns a copy with a setting.
     *
     * @param <T> its type
     * @param key the key
     * @param value the value, of the key's type
     * @return the copy
     */
    public <T> ActivatorSettings with(Key<T> key, T value) {
        Map<Key<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(Objects.requireNonNull(key, "key"), key.type().cast(Objects.requireNonNull(value, "value")));
        return new ActivatorSettings(backend, Collections.unmodifiableMap(copy));
    }

    /**
     * Returns the keys given, for a backend that refuses settings meant for another.
     *
     * @return the keys, in the order they were first given
     */
    public java.util.Set<Key<?>> keys() {
        return values.keySet();
    }

    /**
     * Returns a copy with a scenario file for an embedded host ({@link #SCENARIO}).
     *
     * @param file the scenario
     * @return the copy
     */
    public ActivatorSettings withScenario(Path file) {
        return with(SCENARIO, file);
    }

    /**
     * Returns the scenario file of an embedded host ({@link #SCENARIO}).
     *
     * @return the file, or empty for the built-in demo scenario
     */
    public Optional<Path> scenario() {
        return get(SCENARIO);
    }

    /**
     * Returns a copy that uses the host daemon listening on a socket ({@link #HOST_SOCKET}).
     *
     * @param socket the daemon's socket
     * @return the copy
     */
    public ActivatorSettings withHostSocket(Path socket) {
        return with(HOST_SOCKET, socket);
    }

    /**
     * Returns the socket of a running host daemon ({@link #HOST_SOCKET}).
     *
     * @return the socket, or empty
     */
    public Optional<Path> hostSocket() {
        return get(HOST_SOCKET);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivatorSettings s && s.backend.equals(backend) && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backend, values);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ActivatorSettings[backend=").append(backend.orElse("(by platform)"));
        values.forEach((k, v) -> b.append(", ").append(k.name()).append('=').append(v));
        return b.append(']').toString();
    }
}
