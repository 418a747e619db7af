package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.spi.ActivatorProvider;
import java.io.IOException;

/** The {@code embedded} backend: a session host in this process, of the settings' scenario or the demo. */
public final class EmbeddedActivatorProvider implements ActivatorProvider {

    /** Makes the provider (for {@link java.util.ServiceLoader}). */
    public EmbeddedActivatorProvider() {
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Activator open(ActivatorSettings settings) throws IOException {
        if (settings.hostSocket().isPresent()) {
            throw new IllegalArgumentException("the embedded backend runs its own host; a host socket ("
                    + settings.hostSocket().get() + ") is for the daemon backend");
        }
        Scenario scenario = settings.scenario().isPresent() ? Scenario.load(settings.scenario().get())
                : Scenario.demo();
        return SessionHost.start(scenario, SessionHost.Options.defaults());
    }
}
