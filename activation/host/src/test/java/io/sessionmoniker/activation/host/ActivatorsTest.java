package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.Activators;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.spi.ActivatorProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The backends found through {@link java.util.ServiceLoader}, and the choice among them. */
class ActivatorsTest {

    private static ActivatorProvider provider(String name) {
        return Activators.providers().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no provider " + name));
    }

    @Test
    void theEmbeddedAndWindowsBackendsAreRegistered() {
        List<ActivatorProvider> all = Activators.providers();
        List<String> names = all.stream().map(ActivatorProvider::name).toList();
        assertTrue(names.contains("embedded") && names.contains("windows"), names.toString());
        assertEquals(names.size(), names.stream().distinct().count(), "each provider once: " + names);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).priority() >= all.get(i).priority(), "highest priority first: " + names);
        }
        assertEquals(100, provider("windows").priority());
        assertEquals(0, provider("embedded").priority());
        assertTrue(provider("embedded").isSupported());
        assertEquals("", provider("embedded").unsupportedReason());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void offWindowsTheEmbeddedHostIsChosen() {
        assertEquals("embedded", Activators.choose(ActivatorSettings.defaults()).name());
        ActivatorProvider windows = provider("windows");
        assertFalse(windows.isSupported());
        assertTrue(windows.unsupportedReason().contains("runs only on Windows"), windows.unsupportedReason());
        assertTrue(windows.unsupportedReason().contains("--backend embedded"), windows.unsupportedReason());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void askingForWindowsOffWindowsSaysWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activators.choose(ActivatorSettings.defaults().withBackend("Windows")));
        assertEquals("the windows backend cannot run here: " + provider("windows").unsupportedReason(), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Activators.open(ActivatorSettings.defaults().withBackend("windows")));
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void onWindowsWindowsIsChosen() {
        assertEquals("windows", Activators.choose(ActivatorSettings.defaults()).name());
        assertTrue(provider("windows").isSupported());
    }

    @Test
    void anUnknownBackendNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activators.choose(ActivatorSettings.defaults().withBackend("dcom")));
        assertTrue(e.getMessage().startsWith("no activation backend is named \"dcom\"; the backends here are "),
                e.getMessage());
        assertTrue(e.getMessage().contains("embedded"), e.getMessage());
        assertTrue(e.getMessage().contains("windows"), e.getMessage());
    }

    @Test
    void theEmbeddedBackendIsChosenByName() {
        assertEquals("embedded", Activators.choose(ActivatorSettings.defaults().withBackend("EMBEDDED")).name());
    }

    @Test
    void theWindowsProviderRefusesScenariosAndSockets() {
        ActivatorProvider windows = provider("windows");
        IllegalArgumentException scenario = assertThrows(IllegalArgumentException.class,
                () -> windows.open(ActivatorSettings.defaults().withScenario(Path.of("lab.json"))));
        assertTrue(scenario.getMessage().contains("a scenario (lab.json) is for the embedded backend"),
                scenario.getMessage());
        IllegalArgumentException socket = assertThrows(IllegalArgumentException.class,
                () -> windows.open(ActivatorSettings.defaults().withHostSocket(Path.of("host.sock"))));
        assertTrue(socket.getMessage().contains("a host socket (host.sock) is for the daemon backend"),
                socket.getMessage());
    }
}
