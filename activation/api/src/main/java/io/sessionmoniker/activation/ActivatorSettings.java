package io.sessionmoniker.activation;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Activators#open} opens: which backend, and what it needs.
 *
 * <pre>{@code
 * ActivatorSettings.defaults();                                    // Windows on Windows, else an embedded demo host
 * ActivatorSettings.defaults().withScenario(Path.of("lab.json"));  // an embedded host of that scenario
 * ActivatorSettings.defaults().withHostSocket(Path.of(sock));      // a running host daemon
 * ActivatorSettings.defaults().withBackend("embedded");            // force a backend
 * }</pre>
 *
 * @param backend the backend's name ({@code embedded}, {@code daemon}, {@code windows}), or empty to choose by
 *     platform: the supported provider of highest priority, or {@code daemon} when a host socket is given
 * @param scenario the scenario file of an embedded host, or empty for the built-in demo scenario
 * @param hostSocket the socket of a running host daemon, for the {@code daemon} backend
 */
public record ActivatorSettings(Optional<String> backend, Optional<Path> scenario, Optional<Path> hostSocket) {

    /**
     * Validates the components.
     *
     * @param backend not null
     * @param scenario not null
     * @param hostSocket not null
     */
    public ActivatorSettings {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(hostSocket, "hostSocket");
    }

    /**
     * Returns the settings that choose by platform.
     *
     * @return no backend, scenario or socket named
     */
    public static ActivatorSettings defaults() {
        return new ActivatorSettings(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Returns a copy naming the backend.
     *
     * @param name {@code embedded}, {@code daemon} or {@code windows}
     * @return the copy
     */
    public ActivatorSettings withBackend(String name) {
        return new ActivatorSettings(Optional.of(name), scenario, hostSocket);
    }

    /**
     * Returns a copy with a scenario file for an embedded host.
     *
     * @param file the scenario
     * @return the copy
     */
    public ActivatorSettings withScenario(Path file) {
        return new ActivatorSettings(backend, Optional.of(file), hostSocket);
    }

    /**
     * Returns a copy that uses the host daemon listening on a socket.
     *
     * @param socket the daemon's socket
     * @return the copy
     */
    public ActivatorSettings withHostSocket(Path socket) {
        return new ActivatorSettings(backend, scenario, Optional.of(socket));
    }
}
