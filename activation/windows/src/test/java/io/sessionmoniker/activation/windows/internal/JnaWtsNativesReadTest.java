package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads a {@code WTS_SESSION_INFOW[]} laid out by hand at the Windows x64 offsets, as Windows returns it. */
class JnaWtsNativesReadTest {

    @Test
    void readsTheArrayWindowsReturns() {
        assumeTrue(Native.POINTER_SIZE == 8, "the array is laid out with x64 offsets");
        Memory console = wide("Console");
        Memory rdp = wide("RDP-Tcp#7 \u00e9\u4e2d");          // not ASCII: proves UTF-16 is read
        Memory array = new Memory(3 * 24);
        array.clear();
        put(array, 0, 1, console, 0);
        put(array, 1, 0xFFFF_FFFE, rdp, 4);                   // DWORD above 2^31
        put(array, 2, 65536, null, 6);
        List<RawWtsSession> sessions = JnaWtsNatives.readSessionInfos(array, 3);
        assertEquals(List.of(
                new RawWtsSession(1, "Console", 0, "", ""),
                new RawWtsSession(0xFFFF_FFFEL, "RDP-Tcp#7 \u00e9\u4e2d", 4, "", ""),
                new RawWtsSession(65536, "", 6, "", "")), sessions);
    }

    @Test
    void emptyAndNegativeCounts() {
        assertEquals(List.of(), JnaWtsNatives.readSessionInfos(null, 0));
        assertThrows(IllegalArgumentException.class, () -> JnaWtsNatives.readSessionInfos(null, -1));
    }

    private static void put(Memory array, int index, long id, Memory name, int state) {
        long base = index * 24L;
        array.setInt(base, (int) id);                        // SessionId at 0
        array.setPointer(base + 8, name);                    // pWinStationName at 8
        array.setInt(base + 16, state);                      // State at 16
    }

    private static Memory wide(String s) {
        return Utf16.allocate(s);
    }
}
