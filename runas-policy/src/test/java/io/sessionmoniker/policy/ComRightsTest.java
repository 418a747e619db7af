package io.sessionmoniker.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComRightsTest {

    @Test
    void valuesAreMicrosofts() {
        assertEquals(1, ComRights.EXECUTE);
        assertEquals(2, ComRights.EXECUTE_LOCAL);
        assertEquals(4, ComRights.EXECUTE_REMOTE);
        assertEquals(8, ComRights.ACTIVATE_LOCAL);
        assertEquals(16, ComRights.ACTIVATE_REMOTE);
        assertEquals(0x1F, ComRights.ALL);
    }

    @Test
    void desiredMasks() {
        assertEquals(0xB, ComRights.launch(false));
        assertEquals(0x15, ComRights.launch(true));
        assertEquals(0x9, ComRights.activate(false));
        assertEquals(0x11, ComRights.activate(true));
        assertEquals(0x3, ComRights.call(false));
        assertEquals(0x5, ComRights.call(true));
    }

    @ParameterizedTest(name = "0x{0}: legacy={1}, granular rights 0x{2}, {3}")
    @CsvSource(delimiter = ';', textBlock = """
            1   ; true  ; 1E ; EXECUTE
            3   ; false ; 2  ; EXECUTE|EXECUTE_LOCAL
            1F  ; false ; 1E ; EXECUTE|EXECUTE_LOCAL|EXECUTE_REMOTE|ACTIVATE_LOCAL|ACTIVATE_REMOTE
            0   ; false ; 0  ; none
            101 ; true  ; 1E ; EXECUTE|0x100
            8   ; false ; 8  ; ACTIVATE_LOCAL
            """)
    void formats(String hex, boolean legacy, String granular, String names) {
        int mask = Integer.parseInt(hex, 16);
        assertEquals(legacy, ComRights.isLegacy(mask));
        assertEquals(Integer.parseInt(granular, 16), ComRights.granularRights(mask));
        assertEquals(names, ComRights.describe(mask));
        assertEquals((mask & 0x1E) != 0, ComRights.isGranular(mask));
        assertFalse(ComRights.isGranular(ComRights.EXECUTE));
        assertTrue(ComRights.isGranular(ComRights.EXECUTE_LOCAL));
    }
}
