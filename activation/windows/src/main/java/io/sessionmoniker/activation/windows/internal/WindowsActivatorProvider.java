package io.sessionmoniker.activation.windows.internal;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.spi.ActivatorProvider;
import io.sessionmoniker.activation.windows.WindowsActivator;
import io.sessionmoniker.activation.windows.WindowsBackend;

/**
 * The {@code windows} backend: Windows' own COM and Remote Desktop sessions, through
 * {@link WindowsActivator}. Priority 100, so it is the platform's choice on Windows; elsewhere it is listed but
 * unsupported. Asking for it loads nothing native until {@link #open} runs on Windows.
 */
public final class WindowsActivatorProvider implements ActivatorProvider {

    /** The priority: above the embedded host's 0. */
    public static final int PRIORITY = 100;

    /** Makes the provider (for {@link java.util.ServiceLoader}). */
    public WindowsActivatorProvider() {
    }

    @Override
    public String name() {
        return "windows";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean isSupported() {
        return WindowsBackend.isSupported();
    }

    @Override
    public String unsupportedReason() {
        return isSupported() ? "" : "it runs only on Windows (this JVM runs on " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + "); " + WindowsLibraries.USE_EMBEDDED;
    }

    /**
     * Opens a {@link WindowsActivator}.
     *
     * @param settings must name no scenario and no host socket (those are for the embedded and daemon backends)
     * @return the activator
     * @throws IllegalArgumentException if the settings name a scenario or a host socket
     * @throws io.sessionmoniker.moniker.ComException {@code E_NOTIMPL} when not on Windows
     */
    @Override
    public Activator open(ActivatorSettings settings) {
        if (settings.scenario().isPresent()) {
            throw new IllegalArgumentException("the windows backend uses this machine's real sessions and registry;"
                    + " a scenario (" + settings.scenario().get() + ") is for the embedded backend");
        }
        if (settings.hostSocket().isPresent()) {
            throw new IllegalArgumentException("the windows backend uses Windows' own COM; a host socket ("
                    + settings.hostSocket().get() + ") is for the daemon backend");
        }
        return WindowsActivator.open();
    }
}
