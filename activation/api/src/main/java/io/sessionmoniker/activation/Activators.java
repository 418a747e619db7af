package io.sessionmoniker.activation;

import io.sessionmoniker.activation.spi.ActivatorProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Opens {@link Activator}s: the backend the settings name, or the platform's choice (Windows on Windows, the embedded
 * host elsewhere), found through {@link ServiceLoader}.
 *
 * <pre>{@code
 * try (Activator a = Activators.open(ActivatorSettings.defaults())) {
 *     a.backend();   // "windows" on Windows, "embedded" elsewhere
 * }
 * }</pre>
 */
public final class Activators {

    private Activators() {
    }

    /**
     * Lists the backends on the module or class path, highest priority first.
     *
     * @return the providers
     */
    public static List<ActivatorProvider> providers() {
        List<ActivatorProvider> all = new ArrayList<>();
        ServiceLoader.load(ActivatorProvider.class, Activators.class.getClassLoader()).forEach(all::add);
        if (Activators.class.getModule().isNamed()) {
            // in a module layer the module's own `uses` finds them; the class-path loader above may not
            ServiceLoader.load(Activators.class.getModule().getLayer(), ActivatorProvider.class).forEach(p -> {
                if (all.stream().noneMatch(q -> q.getClass() == p.getClass())) {
                    all.add(p);
                }
            });
        }
        all.sort(Comparator.comparingInt(ActivatorProvider::priority).reversed()
                .thenComparing(ActivatorProvider::name));
        return all;
    }

    /**
     * Chooses the provider for some settings, without opening it: the backend named, else the daemon client when
     * a host socket is given, else a backend that {@linkplain ActivatorProvider#claims claims} the settings (the
     * remote backend when they name a remote host), else the supported one of highest priority.
     *
     * @param settings the settings
     * @return the provider
     * @throws IllegalArgumentException if the named backend is unknown or unsupported here, naming the choices
     */
    public static ActivatorProvider choose(ActivatorSettings settings) {
        List<ActivatorProvider> all = providers();
        String wanted = settings.backend().map(b -> b.toLowerCase(Locale.ROOT))
                .orElse(settings.hostSocket().isPresent() ? "daemon" : all.stream().filter(p -> p.claims(settings))
                        .map(ActivatorProvider::name).findFirst().orElse(null));
        if (wanted != null) {
            ActivatorProvider p = all.stream().filter(q -> q.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no activation backend is named \"" + wanted
                            + "\"; the backends here are " + names(all)));
            if (!p.isSupported()) {
                throw new IllegalArgumentException("the " + p.name() + " backend cannot run here: "
                        + p.unsupportedReason());
            }
            return p;
        }
        return all.stream().filter(p -> p.priority() >= 0 && p.isSupported()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no activation backend can run here; found "
                        + names(all)));
    }

    /**
     * Opens an activator.
     *
     * @param settings which backend, and what it needs
     * @return the activator; close it when done
     * @throws IOException if the backend cannot start or connect
     * @throws IllegalArgumentException if the backend is unknown or unsupported, or the settings do not fit it
     */
    public static Activator open(ActivatorSettings settings) throws IOException {
        return choose(settings).open(settings);
    }

    private static String names(List<ActivatorProvider> all) {
        return all.isEmpty() ? "none" : all.stream().map(p -> p.name() + (p.isSupported() ? "" : " (unsupported)"))
                .collect(Collectors.joining(", "));
    }
}
