package io.sessionmoniker.activation.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.Executable;

class WindowsBackendTest {

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void refusesClearlyOffWindows() {
        assertFalse(WindowsBackend.isSupported());
        Executable[] factories = {
            WindowsBackend::requireSupported,
            WindowsBackend::sessionProvider,
            WindowsBackend::monikerBinder,
            WtsSessionProvider::open,
            () -> WindowsMonikerBinder.builder().build()};
        String expected = "the Windows backend runs only on Windows (this JVM runs on " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + "); use the embedded session host (--backend embedded)";
        for (Executable f : factories) {
            ComException e = assertThrows(ComException.class, f);
            assertEquals(HResult.E_NOTIMPL, e.hresult());
            assertEquals("E_NOTIMPL", e.errorName());
            assertEquals(expected, e.getMessage());
        }
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void supportedOnWindows() {
        assertTrue(WindowsBackend.isSupported());
        WindowsBackend.requireSupported();
    }
}
