package io.sessionmoniker.activation.spi;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import java.io.IOException;

/**
 * A backend, found through {@link java.util.ServiceLoader}. {@link io.sessionmoniker.activation.Activators#open}
 * uses the provider the settings name, or else the supported one of highest {@link #priority()}: the Windows
 * backend on Windows, the embedded host elsewhere.
 */
public interface ActivatorProvider {

    /**
     * Names the backend ({@code embedded}, {@code daemon}, {@code windows}, or a third party's).
     *
     * @return the name, lower case
     */
    String name();

    /**
     * Ranks the provider for the choice by platform; higher wins. Providers that only make sense when asked for by
     * name (the daemon client) answer a negative number.
     *
     * @return the priority
     */
    int priority();

    /**
     * Tells whether the backend can run here.
     *
     * @return true if {@link #open} can succeed on this platform; by default true, for a backend that runs
     *     everywhere
     */
    default boolean isSupported() {
        return true;
    }

    /**
     * Says why the backend cannot run here, for the error a user sees.
     *
     * @return the reason, or an empty string when supported (the default)
     */
    default String unsupportedReason() {
        return "";
    }

    /**
     * Tells whether the settings give what only this backend reads (the remote backend's host), so that
     * {@link io.sessionmoniker.activation.Activators} chooses it when no backend is named. By default no backend
     * claims any settings.
     *
     * @param settings the settings
     * @return true if this backend, and no other, is meant
     */
    default boolean claims(ActivatorSettings settings) {
        return false;
    }

    /**
     * Opens an activator.
     *
     * @param settings what it needs (a scenario, a socket)
     * @return the activator; the caller closes it
     * @throws IOException if it cannot start or connect
     * @throws IllegalArgumentException if the settings do not fit this backend
     */
    Activator open(ActivatorSettings settings) throws IOException;
}
