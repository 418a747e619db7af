package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BindOptionsEncoderTest {

    @ParameterizedTest(name = "now {0} + {1} ms = tick {2}")
    @CsvSource({
        "0,           30000,      30000",
        "1000,        1,          1001",
        "2147483647,  1,          -2147483648",   // crosses 2^31: plain 32-bit arithmetic
        "-1,          2,          1",             // 0xFFFFFFFF + 2 wraps past 2^32
        "-10,         10,         1",             // would be exactly 0, which means "no deadline"
        "5,           2147483647, -2147483644"})  // the longest deadline
    void deadlineWrapsLikeGetTickCount(int now, long millis, int expected) {
        assertEquals(expected, BindOptionsEncoder.deadlineTick(now, Optional.of(Duration.ofMillis(millis))));
    }

    @Test
    void noDeadlineIsZero() {
        assertEquals(0, BindOptionsEncoder.deadlineTick(12345, Optional.empty()));
    }

    @Test
    void partialMillisecondsRoundUp() {
        assertEquals(101, BindOptionsEncoder.deadlineTick(100, Optional.of(Duration.ofNanos(1))));
        assertEquals(102, BindOptionsEncoder.deadlineTick(100, Optional.of(Duration.ofNanos(1_000_001))));
    }

    @Test
    void rejectsDeadlinesThatCannotBeExpressed() {
        assertThrows(IllegalArgumentException.class, () -> BindOptionsEncoder.checkedMillis(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> BindOptionsEncoder.checkedMillis(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> BindOptionsEncoder.checkedMillis(Duration.ofMillis(Integer.MAX_VALUE + 1L)));
        assertEquals(Integer.MAX_VALUE, BindOptionsEncoder.checkedMillis(BindOptionsEncoder.MAX_DEADLINE));
    }

    @Test
    void applyKeepsWhatTheBindContextHad() {
        BIND_OPTS3 read = new BIND_OPTS3();
        read.cbStruct = 16;                 // as if GetBindOptions filled only BIND_OPTS
        read.grfFlags = 1;
        read.grfMode = 0x12;
        read.locale = 0x0407;
        BindOptionsEncoder.apply(read, BIND_OPTS3.CLSCTX_LOCAL_SERVER, Optional.of(Duration.ofSeconds(2)), 500);
        assertEquals(48, read.cbStruct);
        assertEquals(1, read.grfFlags);
        assertEquals(0x12, read.grfMode);
        assertEquals(0x0407, read.locale);
        assertEquals(4, read.dwClassContext);
        assertEquals(2500, read.dwTickCountDeadline);
    }

    @Test
    void freshOptionsForCoGetObject() {
        BIND_OPTS3 o = BindOptionsEncoder.fresh(0x14, Optional.empty(), 777, 0x0409);
        assertEquals(48, o.cbStruct);
        assertEquals(0, o.grfFlags);
        assertEquals(BIND_OPTS3.STGM_READWRITE, o.grfMode);
        assertEquals(0, o.dwTickCountDeadline);
        assertEquals(0, o.dwTrackFlags);
        assertEquals(0x14, o.dwClassContext);
        assertEquals(0x0409, o.locale);
        assertNull(o.pServerInfo);
        assertNull(o.hwnd);
    }
}
