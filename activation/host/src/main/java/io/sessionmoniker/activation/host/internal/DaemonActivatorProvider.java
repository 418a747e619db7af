package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.host.HostClient;
import io.sessionmoniker.activation.spi.ActivatorProvider;
import java.io.IOException;

/** The {@code daemon} backend: a client of a host daemon, chosen when the settings name its socket. */
public final class DaemonActivatorProvider implements ActivatorProvider {

    /** Makes the provider (for {@link java.util.ServiceLoader}). */
    public DaemonActivatorProvider() {
    }

    @Override
    public String name() {
        return "daemon";
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public Activator open(ActivatorSettings settings) throws IOException {
        if (settings.hostSocket().isEmpty()) {
            throw new IllegalArgumentException("the daemon backend needs the socket of a running host daemon");
        }
        if (settings.scenario().isPresent()) {
            throw new IllegalArgumentException("a host daemon has its own scenario; " + settings.scenario().get()
                    + " applies to an embedded host (give it to sessmon host start instead)");
        }
        return HostClient.connect(settings.hostSocket().get());
    }
}
