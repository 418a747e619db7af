package io.sessionmoniker.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings are immutable copies; a backend's own typed keys sit beside the built-in ones. */
class ActivatorSettingsTest {

    /** A key a further backend would declare in its own module. */
    static final ActivatorSettings.Key<String> ENDPOINT = ActivatorSettings.Key.of("endpoint", String.class);

    @Test
    void typedKeysOfAnyBackend() {
        ActivatorSettings base = ActivatorSettings.defaults();
        ActivatorSettings s = base.withBackend("remote").with(ENDPOINT, "lab-7:135").withScenario(Path.of("lab.json"));
        assertEquals(Optional.of("remote"), s.backend());
        assertEquals(Optional.of("lab-7:135"), s.get(ENDPOINT));
        assertEquals(Optional.of(Path.of("lab.json")), s.scenario());
        assertEquals(Optional.of(Path.of("lab.json")), s.get(ActivatorSettings.SCENARIO));
        assertTrue(s.hostSocket().isEmpty());
        assertEquals(List.of(ENDPOINT, ActivatorSettings.SCENARIO), List.copyOf(s.keys()));
        // the copies leave the original alone
        assertTrue(base.backend().isEmpty());
        assertTrue(base.keys().isEmpty());
        assertEquals(s, base.withBackend("remote").with(ENDPOINT, "lab-7:135").withScenario(Path.of("lab.json")));
        assertNotEquals(s, s.with(ENDPOINT, "lab-8:135"));
        assertTrue(s.toString().contains("endpoint=lab-7:135"), s.toString());
    }

    @Test
    void valuesMustHaveTheKeysType() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        ActivatorSettings.Key<Object> lying = (ActivatorSettings.Key) ENDPOINT;
        assertThrows(ClassCastException.class, () -> ActivatorSettings.defaults().with(lying, 42));
        assertThrows(NullPointerException.class, () -> ActivatorSettings.defaults().with(ENDPOINT, null));
        assertThrows(IllegalArgumentException.class, () -> ActivatorSettings.Key.of("", String.class));
    }
}
