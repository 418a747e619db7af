package io.sessionmoniker.activation.remote.internal;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.remote.RemoteActivator;
import io.sessionmoniker.activation.remote.RemoteSettings;
import io.sessionmoniker.activation.spi.ActivatorProvider;

/**
 * The {@code remote} backend's provider: chosen by name, or when the settings give {@link RemoteSettings#HOST}.
 */
public final class RemoteActivatorProvider implements ActivatorProvider {

    /** Makes the provider (for {@link java.util.ServiceLoader}). */
    public RemoteActivatorProvider() {
    }

    @Override
    public String name() {
        return "remote";
    }

    @Override
    public int priority() {
        return -1;   // only when asked for: by name, or by a remote host in the settings
    }

    @Override
    public boolean claims(ActivatorSettings settings) {
        return settings.get(RemoteSettings.HOST).isPresent();
    }

    @Override
    public Activator open(ActivatorSettings settings) {
        return RemoteActivator.open(settings);
    }
}
