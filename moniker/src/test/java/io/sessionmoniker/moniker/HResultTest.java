package io.sessionmoniker.moniker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HResultTest {

    @ParameterizedTest(name = "{1} = {0}")
    @CsvSource(textBlock = """
            0x800401E4, MK_E_SYNTAX
            0x80070057, E_INVALIDARG
            0x80040154, REGDB_E_CLASSNOTREG
            0x80080005, CO_E_SERVER_EXEC_FAILURE
            0x8000401B, CO_E_LAUNCH_PERMSSION_DENIED
            0x80010108, RPC_E_DISCONNECTED
            0x800401F3, CO_E_CLASSSTRING
            0x00000000, S_OK
            0x800703F0, ERROR_NO_TOKEN
            0x80071B6E, ERROR_CTX_WINSTATION_NOT_FOUND
            """)
    void namesAndFormatting(String hex, String name) {
        int value = Integer.parseUnsignedInt(hex.substring(2), 16);
        assertEquals(name, HResult.nameOf(value));
        assertEquals(hex, HResult.format(value));
        assertEquals(name, HResult.knownName(value).orElseThrow());
    }

    @ParameterizedTest(name = "Win32 {0} → {1}")
    @CsvSource(textBlock = """
            1008, 0x800703F0
            7022, 0x80071B6E
            5,    0x80070005
            0,    0x00000000
            """)
    void fromWin32(int code, String hex) {
        assertEquals(hex, HResult.format(HResult.fromWin32(code)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0x80071B6F", "0x12345678"})
    void unknownValuesAreNamedByTheirHex(String hex) {
        int value = Integer.parseUnsignedInt(hex.substring(2), 16);
        assertEquals(hex, HResult.nameOf(value));
        assertTrue(HResult.knownName(value).isEmpty());
    }

    @org.junit.jupiter.api.Test
    void severity() {
        assertTrue(HResult.failed(HResult.E_FAIL));
        assertFalse(HResult.failed(HResult.S_OK));
    }
}
