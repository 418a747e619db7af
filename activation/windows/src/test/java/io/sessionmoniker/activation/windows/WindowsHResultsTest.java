package io.sessionmoniker.activation.windows;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping logic, on every OS; Windows' message texts are stood in for (FormatMessage itself is not tested). */
class WindowsHResultsTest {

    private static final IntFunction<Optional<String>> NO_TEXT = hr -> Optional.empty();

    private static int hr(String hex) {
        return Integer.parseUnsignedInt(hex.substring(2), 16);
    }

    /** docs/windows.md §3.3 (moniker codes) and §6.3 (activation and RPC codes), plus the §4.3 candidates. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // §3.3
        "0x800401E0, MK_E_CONNECTMANUALLY,                  MK_E_CONNECTMANUALLY",
        "0x800401E1, MK_E_EXCEEDEDDEADLINE,                 MK_E_EXCEEDEDDEADLINE",
        "0x800401E2, MK_E_NEEDGENERIC,                      MK_E_NEEDGENERIC",
        "0x800401E3, MK_E_UNAVAILABLE,                      MK_E_UNAVAILABLE",
        "0x800401E4, MK_E_SYNTAX,                           MK_E_SYNTAX",
        "0x800401E5, MK_E_NOOBJECT,                         MK_E_NOOBJECT",
        "0x800401E6, MK_E_INVALIDEXTENSION,                 MK_E_INVALIDEXTENSION",
        "0x800401E7, MK_E_INTERMEDIATEINTERFACENOTSUPPORTED, MK_E_INTERMEDIATEINTERFACENOTSUPPORTED",
        "0x800401E8, MK_E_NOTBINDABLE,                      MK_E_NOTBINDABLE",
        "0x800401EA, MK_E_CANTOPENFILE,                     MK_E_CANTOPENFILE",
        "0x800401EC, MK_E_NOINVERSE,                        MK_E_NOINVERSE",
        "0x800401ED, MK_E_NOSTORAGE,                        MK_E_NOSTORAGE",
        "0x800401EE, MK_E_NOPREFIX,                         MK_E_NOPREFIX",
        "0x80030005, STG_E_ACCESSDENIED,                    STG_E_ACCESSDENIED",
        // §6.3
        "0x80080005, CO_E_SERVER_EXEC_FAILURE,              CO_E_SERVER_EXEC_FAILURE",
        "0x8000401E, CO_E_SERVER_START_TIMEOUT,             CO_E_SERVER_START_TIMEOUT",
        "0x8000402A, CO_E_SERVER_INIT_TIMEOUT,              CO_E_SERVER_INIT_TIMEOUT",
        "0x80040154, REGDB_E_CLASSNOTREG,                   REGDB_E_CLASSNOTREG",
        "0x8000401A, CO_E_RUNAS_LOGON_FAILURE,              CO_E_RUNAS_LOGON_FAILURE",
        "0x8000401B, CO_E_LAUNCH_PERMSSION_DENIED,          CO_E_LAUNCH_PERMSSION_DENIED",
        "0x80004015, CO_E_WRONG_SERVER_IDENTITY,            CO_E_WRONG_SERVER_IDENTITY",
        "0x80080016, CO_E_RUNAS_VALUE_MUST_BE_AAA,          CO_E_RUNAS_VALUE_MUST_BE_AAA",
        "0x80080008, CO_E_SERVER_STOPPING,                  CO_E_SERVER_STOPPING",
        "0x800401FE, CO_E_APPDIDNTREG,                      CO_E_APPDIDNTREG",
        "0x800401FD, CO_E_OBJNOTCONNECTED,                  CO_E_OBJNOTCONNECTED",
        "0x80010108, RPC_E_DISCONNECTED,                    RPC_E_DISCONNECTED",
        "0x80010007, RPC_E_SERVER_DIED,                     RPC_E_SERVER_DIED",
        "0x80070005, E_ACCESSDENIED,                        E_ACCESSDENIED",
        "0x800706BA, RPC_S_SERVER_UNAVAILABLE,              RPC_S_SERVER_UNAVAILABLE",
        "0x80080004, CO_E_BAD_PATH,                         CO_E_BAD_PATH",
        // §4.3 candidates for an empty or missing target session
        "0x800703F0, ERROR_NO_TOKEN,                        ERROR_NO_TOKEN",
        "0x80071B6E, ERROR_CTX_WINSTATION_NOT_FOUND,        ERROR_CTX_WINSTATION_NOT_FOUND"})
    void mapsToComExceptionWithTheSymbolicName(String hex, String windowsName, String errorName) {
        int code = hr(hex);
        ComException withText = WindowsHResults.exception(code, "binding X", h -> Optional.of("Text for "
                + HResult.format(h) + ".\r\n"));
        assertEquals(code, withText.hresult());
        assertEquals(errorName, withText.errorName(), "ComException.errorName() uses HResult's table");
        assertEquals(hex.toUpperCase(java.util.Locale.ROOT).replace("0X", "0x"), withText.hresultHex());
        assertEquals(Optional.of(windowsName), WindowsHResults.name(code));
        assertTrue(withText.getMessage().startsWith("binding X failed: Text for " + HResult.format(code)),
                withText.getMessage());
        assertFalse(withText.getMessage().contains("\r") || withText.getMessage().contains("\n"));

        ComException withoutText = WindowsHResults.exception(code, "binding X", NO_TEXT);
        assertTrue(withoutText.getMessage().startsWith("binding X failed: " + windowsName),
                withoutText.getMessage());
    }

    @Nested
    class Messages {
        @Test
        void systemTextThenHint() {
            ComException e = WindowsHResults.exception(HResult.REGDB_E_CLASSNOTREG, "CoGetObject(\"Session:1!…\")",
                    h -> Optional.of("Class not registered\r\n"));
            assertEquals("CoGetObject(\"Session:1!…\") failed: Class not registered; the CLSID has no registration"
                    + " on this machine; register the server (CLSID\\{…}\\LocalServer32 and an AppID with"
                    + " RunAs=\"Interactive User\" for cross-session activation), in the registry view (32- or"
                    + " 64-bit) the server uses", e.getMessage());
        }

        @Test
        void codesOfTheWindowsBackendAreNamedByHResult() {
            ComException e = WindowsHResults.exception(HResult.ERROR_PRIVILEGE_NOT_HELD, "WTSQueryUserToken",
                    h -> Optional.of("A required privilege is not held by the client."));
            assertEquals("WTSQueryUserToken failed: A required privilege is not held by the client; this call needs"
                    + " SE_TCB_NAME; run it as LocalSystem (a service)", e.getMessage());
            assertEquals("ERROR_PRIVILEGE_NOT_HELD", e.errorName());
            for (int code : new int[] {HResult.E_ABORT, HResult.STG_E_ACCESSDENIED, HResult.CO_E_NOTINITIALIZED,
                HResult.RPC_E_CHANGED_MODE, HResult.ERROR_FILE_NOT_FOUND, HResult.RPC_S_INVALID_BINDING}) {
                ComException c = WindowsHResults.exception(code, "op", NO_TEXT);
                assertEquals(HResult.nameOf(code), c.errorName());
                assertEquals(WindowsHResults.name(code).orElseThrow(), c.errorName());
                assertEquals("op failed: " + c.errorName(), c.getMessage().split(";")[0]);
            }
        }

        @Test
        void theHexFormOfACodeHResultLacksFollowsTheSystemText() {
            ComException e = WindowsHResults.exception(0x8BADF00D, "Something", h -> Optional.of("Bad food."));
            assertEquals("Something failed: Bad food (0x8BADF00D)", e.getMessage());
            assertEquals("0x8BADF00D", e.errorName());
        }

        @Test
        void unknownCodesUseTheHexForm() {
            ComException e = WindowsHResults.exception(0x8BADF00D, "Something", NO_TEXT);
            assertEquals("Something failed: 0x8BADF00D", e.getMessage());
            assertEquals(Optional.empty(), WindowsHResults.name(0x8BADF00D));
            assertEquals(Optional.empty(), WindowsHResults.hint(0x8BADF00D));
        }

        @Test
        void aFailingOrBlankTextSourceFallsBackToTheName() {
            IntFunction<Optional<String>> broken = h -> {
                throw new IllegalStateException("FormatMessageW failed");
            };
            assertTrue(WindowsHResults.exception(HResult.MK_E_SYNTAX, "op", broken).getMessage()
                    .startsWith("op failed: MK_E_SYNTAX; "));
            assertTrue(WindowsHResults.exception(HResult.MK_E_SYNTAX, "op", h -> Optional.of(" .\r\n")).getMessage()
                    .startsWith("op failed: MK_E_SYNTAX; "));
        }

        @Test
        @DisabledOnOs(OS.WINDOWS)
        void offWindowsThereIsNoSystemText() {
            assertEquals("IMoniker::BindToObject failed: E_NOINTERFACE; the object does not implement the requested"
                    + " interface", WindowsHResults.exception(HResult.E_NOINTERFACE, "IMoniker::BindToObject")
                    .getMessage());
        }

        @Test
        void keyActivationCodesHaveAHint() {
            for (int code : new int[] {HResult.REGDB_E_CLASSNOTREG, HResult.CO_E_SERVER_EXEC_FAILURE,
                HResult.E_ACCESSDENIED, HResult.CO_E_LAUNCH_PERMSSION_DENIED, HResult.ERROR_NO_TOKEN,
                HResult.ERROR_CTX_WINSTATION_NOT_FOUND, HResult.MK_E_SYNTAX, HResult.MK_E_EXCEEDEDDEADLINE,
                HResult.CO_E_SERVER_START_TIMEOUT, HResult.RPC_S_SERVER_UNAVAILABLE,
                HResult.RPC_S_INVALID_BINDING}) {
                assertTrue(WindowsHResults.hint(code).isPresent(), HResult.format(code));
            }
        }
    }

    @Nested
    class Checks {
        @Test
        void successCodesPass() {
            assertDoesNotThrow(() -> WindowsHResults.check(HResult.S_OK, "x"));
            assertDoesNotThrow(() -> WindowsHResults.check(1, "x"));              // S_FALSE
            assertDoesNotThrow(() -> WindowsHResults.check(0x00080012, "x"));     // CO_S_NOTALLINTERFACES
        }

        @Test
        void failureCodesThrow() {
            ComException e = assertThrows(ComException.class,
                    () -> WindowsHResults.check(HResult.CO_E_SERVER_EXEC_FAILURE, "IMoniker::BindToObject"));
            assertEquals(HResult.CO_E_SERVER_EXEC_FAILURE, e.hresult());
            assertTrue(e.getMessage().startsWith("IMoniker::BindToObject failed: "));
        }

        @Test
        void aSuccessCodeIsNotAnException() {
            assertThrows(IllegalArgumentException.class, () -> WindowsHResults.exception(HResult.S_OK, "x", NO_TEXT));
        }

        @Test
        void win32ErrorsBecomeHresultFromWin32() {
            assertEquals(HResult.ERROR_NO_TOKEN, WindowsHResults.win32Error(1008, "WTSQueryUserToken").hresult());
            assertEquals(HResult.ERROR_CTX_WINSTATION_NOT_FOUND, WindowsHResults.win32Error(7022, "x").hresult());
            assertEquals(HResult.RPC_S_INVALID_BINDING, WindowsHResults.win32Error(1702, "x").hresult());
            assertEquals(HResult.E_ACCESSDENIED, WindowsHResults.win32Error(5, "x").hresult());
            assertEquals(HResult.E_FAIL, WindowsHResults.win32Error(0, "x").hresult(), "no error code recorded");
        }

        @Test
        void theMessageIsNotTheCause() {
            ComException e = WindowsHResults.exception(HResult.E_FAIL, "x", NO_TEXT);
            assertSame(null, e.getCause());
        }
    }
}
