package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

class WindowsLibrariesTest {

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void everyLibraryRefusesOffWindowsWithoutTouchingNativeCode() {
        for (Runnable r : new Runnable[] {
            WindowsLibraries::kernel32, WindowsLibraries::wtsapi32, WindowsLibraries::ole32,
            WindowsLibraries::user32, JnaWtsNatives::new, JnaComNatives::new}) {
            ComException e = assertThrows(ComException.class, r::run);
            assertEquals(HResult.E_NOTIMPL, e.hresult());
            assertTrue(e.getMessage().contains("--backend embedded"), e.getMessage());
        }
    }

    @Test
    void refusalNamesThePlatform() {
        ComException e = WindowsLibraries.notOnWindows("Linux", "amd64");
        assertEquals("the Windows backend runs only on Windows (this JVM runs on Linux amd64); use the embedded"
                + " session host (--backend embedded)", e.getMessage());
        assertEquals("E_NOTIMPL", e.errorName());
    }
}
