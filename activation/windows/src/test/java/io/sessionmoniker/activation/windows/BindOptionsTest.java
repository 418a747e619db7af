package io.sessionmoniker.activation.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BindOptionsTest {

    @Test
    void defaultsAreLocalServerWithoutDeadline() {
        assertEquals(new BindOptions(0x4, Optional.empty()), BindOptions.defaults());
    }

    @Test
    void copies() {
        BindOptions o = BindOptions.defaults().withDeadline(Duration.ofSeconds(30)).withClassContext(0x14);
        assertEquals(0x14, o.classContext());
        assertEquals(Optional.of(Duration.ofSeconds(30)), o.deadline());
        assertEquals(Optional.empty(), o.withoutDeadline().deadline());
    }

    @Test
    void rejectsWhatBindOpts3CannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> BindOptions.defaults().withClassContext(0));
        assertThrows(IllegalArgumentException.class, () -> BindOptions.defaults().withDeadline(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> BindOptions.defaults().withDeadline(Duration.ofDays(25)));
        assertEquals(BindOptions.MAX_DEADLINE, BindOptions.defaults().withDeadline(BindOptions.MAX_DEADLINE)
                .deadline().orElseThrow());
    }
}
