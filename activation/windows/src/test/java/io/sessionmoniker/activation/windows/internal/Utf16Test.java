package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;

class Utf16Test {

    @Test
    void roundTripsIncludingSurrogatePairs() {
        for (String s : new String[] {"", "Console", "RDP-Tcp#12", "\u00e9\u4e2d\ud83d\ude00 PC\\al\u00ef ce"}) {
            assertEquals(s, Utf16.read(Utf16.allocate(s)));
        }
    }

    @Test
    void writesLittleEndianTwoBytesPerUnit() {
        assertArrayEquals(new byte[] {'P', 0, 'C', 0, 0, 0}, Utf16.allocate("PC").getByteArray(0, 6));
    }

    @Test
    void missingTerminatorIsAnError() {
        Memory m = new Memory(2L * Utf16.MAX_CHARS);
        for (long i = 0; i < Utf16.MAX_CHARS; i++) {
            m.setShort(2 * i, (short) 'x');
        }
        assertThrows(IllegalArgumentException.class, () -> Utf16.read(m));
    }
}
