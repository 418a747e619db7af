package io.sessionmoniker.activation.windows;

import io.sessionmoniker.activation.windows.internal.WindowsLibraries;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;

/**
 * Entry point of the Windows backend: tells whether it can run here and opens its parts.
 *
 * <p>The backend runs only on Windows. Elsewhere every factory here throws a {@link ComException} with
 * {@link HResult#E_NOTIMPL} whose message names the platform and the alternative, the embedded session host
 * ({@code --backend embedded}). Nothing native is loaded until a part is used.
 *
 * <pre>{@code
 * if (WindowsBackend.isSupported()) {
 *     try (WtsSessionProvider sessions = WindowsBackend.sessionProvider();
 *          WindowsMonikerBinder binder = WindowsBackend.monikerBinder()) {
 *         long console = sessions.consoleSessionId().id();   // IllegalStateException while it is NO_CONSOLE
 *         try (ComReference factory = binder.bind("Session:" + console + "!clsid:10000013-0000-0000-0000-000000000001",
 *                 WindowsMonikerBinder.IID_ICLASSFACTORY)) {
 *             …
 *         }
 *     }
 * }
 * }</pre>
 */
public final class WindowsBackend {

    private WindowsBackend() {
    }

    /**
     * Tells whether the Windows backend can run in this JVM.
     *
     * @return {@code true} on Windows
     */
    public static boolean isSupported() {
        return WindowsLibraries.isWindows();
    }

    /**
     * Fails unless the Windows backend can run in this JVM.
     *
     * @throws ComException {@link HResult#E_NOTIMPL}: "the Windows backend runs only on Windows (this JVM runs on
     *     Linux amd64); use the embedded session host (--backend embedded)"
     */
    public static void requireSupported() {
        WindowsLibraries.requireWindows();
    }

    /**
     * Opens the session provider over the WTS API.
     *
     * @return a new provider; close it to stop its notification threads
     * @throws ComException {@link HResult#E_NOTIMPL} when not on Windows
     */
    public static WtsSessionProvider sessionProvider() {
        return WtsSessionProvider.open();
    }

    /**
     * Opens a moniker binder with the default settings: the standard display-name parser without ProgIDs, class
     * context {@code CLSCTX_LOCAL_SERVER}, no bind deadline.
     *
     * @return a new binder with its own COM thread; close it to release everything it bound
     * @throws ComException {@link HResult#E_NOTIMPL} when not on Windows, or the HRESULT of {@code CoInitializeEx}
     */
    public static WindowsMonikerBinder monikerBinder() {
        return WindowsMonikerBinder.builder().build();
    }
}
