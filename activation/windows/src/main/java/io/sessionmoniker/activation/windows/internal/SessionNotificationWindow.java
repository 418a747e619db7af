package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef.HINSTANCE;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.LRESULT;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import com.sun.jna.platform.win32.WinUser;
import com.sun.jna.platform.win32.Wtsapi32;
import io.sessionmoniker.activation.windows.WindowsHResults;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hidden message-only window, on a thread of its own, registered for {@code WM_WTSSESSION_CHANGE} of all
 * sessions. Windows only; the logic it feeds ({@link SessionEventTranslator}) is tested elsewhere.
 *
 * <p>The thread, named {@code sessionmoniker-wts-notify-N}, does everything that Windows requires to happen on the
 * window's own thread:
 * <ol>
 *   <li>{@code RegisterClassExW} (a class name unique to this instance), {@code CreateWindowExW} with parent
 *       {@code HWND_MESSAGE} (a message-only window: never shown, receives no broadcasts),
 *       {@code WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_ALL_SESSIONS)};</li>
 *   <li>a {@code GetMessageW} / {@code TranslateMessage} / {@code DispatchMessageW} loop; the window procedure
 *       hands {@code WM_WTSSESSION_CHANGE}'s {@code wParam} and {@code lParam} to the sink;</li>
 *   <li>to stop, {@link #close()} posts a private message ({@code WM_APP + 1}); the window procedure then calls
 *       {@code WTSUnRegisterSessionNotification} (which Windows requires before the window is destroyed) and
 *       {@code DestroyWindow}; {@code WM_DESTROY} calls {@code PostQuitMessage}, {@code GetMessageW} returns 0, and
 *       the thread unregisters the class and ends. {@link #close()} waits for it (up to five seconds). If the
 *       private message cannot be posted, {@code WM_QUIT} is posted to the thread instead and the thread cleans up
 *       after its loop.</li>
 * </ol>
 *
 * <p>Windows says services should receive session changes through {@code HandlerEx}
 * ({@code SERVICE_CONTROL_SESSIONCHANGE}) rather than a window; whether a window in session 0 receives them is
 * not confirmed by this project. Early in boot {@code WTSRegisterSessionNotification} may fail with
 * {@code RPC_S_INVALID_BINDING} until Remote Desktop Services are up.
 *
 * <pre>{@code
 * try (WtsNatives.NotificationHandle h = SessionNotificationWindow.start((reason, session) -> …)) {
 *     …
 * }
 * }</pre>
 */
public final class SessionNotificationWindow implements WtsNatives.NotificationHandle {

    private static final System.Logger LOG = System.getLogger(SessionNotificationWindow.class.getName());
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration START_WAIT = Duration.ofSeconds(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** The private message that asks the window to unregister and destroy itself. */
    static final int WM_STOP = User32Ext.WM_APP + 1;

    private final WtsNatives.SessionChangeSink sink;
    private final String className;
    private final Thread thread;
    private final CompletableFuture<HWND> ready = new CompletableFuture<>();
    // The window procedure must stay strongly reachable while the window exists: JNA frees the native callback
    // stub when the Java object is collected.
    private final WinUser.WindowProc procedure = this::windowProc;
    private volatile HWND hwnd;
    private volatile int nativeThreadId;
    private volatile boolean registered;
    private volatile boolean destroyed;
    private volatile boolean closed;

    private SessionNotificationWindow(WtsNatives.SessionChangeSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        int n = COUNTER.incrementAndGet();
        this.className = "sessionmoniker.WtsNotify." + ProcessHandle.current().pid() + "." + n;
        this.thread = new Thread(this::run, "sessionmoniker-wts-notify-" + n);
        this.thread.setDaemon(true);
    }

    /**
     * Creates the window on a new thread and registers it; returns once it is registered.
     *
     * @param sink receives each notification on the window's thread
     * @return the running window
     * @throws ComException when a step fails (with the Win32 error), or the thread does not report within ten
     *     seconds
     */
    public static SessionNotificationWindow start(WtsNatives.SessionChangeSink sink) {
        WindowsLibraries.requireWindows();
        SessionNotificationWindow w = new SessionNotificationWindow(sink);
        w.thread.start();
        try {
            w.ready.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return w;
        } catch (ExecutionException e) {
            w.close();
            if (e.getCause() instanceof ComException ce) {
                throw ce;
            }
            throw new ComException(HResult.E_FAIL, "cannot start WTS session notifications: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            w.close();
            throw new ComException(HResult.E_FAIL, "the WTS notification thread did not start within "
                    + START_WAIT + "; try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.close();
            throw new ComException(HResult.E_ABORT, "interrupted while starting WTS session notifications",
                    e);
        }
    }

    private void run() {
        HINSTANCE instance = null;
        boolean classRegistered = false;
        try {
            nativeThreadId = Kernel32.INSTANCE.GetCurrentThreadId();
            instance = Kernel32.INSTANCE.GetModuleHandle(null);      // HMODULE is an HINSTANCE
            WinUser.WNDCLASSEX wc = new WinUser.WNDCLASSEX();
            wc.lpfnWndProc = procedure;
            wc.hInstance = instance;
            wc.lpszClassName = className;
            if (User32.INSTANCE.RegisterClassEx(wc) == null) {
                throw WindowsHResults.win32Error(Native.getLastError(), "RegisterClassExW");
            }
            classRegistered = true;
            HWND window = User32.INSTANCE.CreateWindowEx(0, className, "sessionmoniker WTS notifications", 0,
                    0, 0, 0, 0, WinUser.HWND_MESSAGE, null, instance, null);
            if (window == null) {
                throw WindowsHResults.win32Error(Native.getLastError(), "CreateWindowExW(HWND_MESSAGE)");
            }
            hwnd = window;
            if (!Wtsapi32.INSTANCE.WTSRegisterSessionNotification(window, Wtsapi32.NOTIFY_FOR_ALL_SESSIONS)) {
                int error = Native.getLastError();
                destroyed = true;
                User32.INSTANCE.DestroyWindow(window);
                throw WindowsHResults.win32Error(error, "WTSRegisterSessionNotification(NOTIFY_FOR_ALL_SESSIONS)");
            }
            registered = true;
            ready.complete(window);
            if (closed) {
                return;     // close() ran before hwnd was visible to it; cleanUp() unregisters and destroys
            }
            loop();
        } catch (RuntimeException | Error e) {
            if (!ready.completeExceptionally(e)) {
                LOG.log(System.Logger.Level.ERROR, "WTS notification thread failed", e);
            }
        } finally {
            cleanUp(instance, classRegistered);
        }
    }

    private void loop() {
        WinUser.MSG msg = new WinUser.MSG();
        while (true) {
            int r = User32.INSTANCE.GetMessage(msg, null, 0, 0);
            if (r == 0) {
                return;                                         // WM_QUIT
            }
            if (r == -1) {
                LOG.log(System.Logger.Level.ERROR, "GetMessageW failed with Win32 error {0}; stopping WTS"
                        + " notifications", Native.getLastError());
                return;
            }
            User32.INSTANCE.TranslateMessage(msg);
            User32.INSTANCE.DispatchMessage(msg);
        }
    }

    private LRESULT windowProc(HWND window, int message, WPARAM wParam, LPARAM lParam) {
        try {
            switch (message) {
                case User32Ext.WM_WTSSESSION_CHANGE -> {
                    sink.onSessionChange(wParam.longValue(), lParam.longValue());
                    return new LRESULT(0);
                }
                case WM_STOP -> {
                    unregisterAndDestroy(window);
                    return new LRESULT(0);
                }
                case WinUser.WM_DESTROY -> {
                    User32.INSTANCE.PostQuitMessage(0);
                    return new LRESULT(0);
                }
                default -> {
                    return User32.INSTANCE.DefWindowProc(window, message, wParam, lParam);
                }
            }
        } catch (RuntimeException | Error e) {
            // Never let an exception unwind through the native window procedure.
            LOG.log(System.Logger.Level.ERROR, "WTS notification window procedure failed on message 0x"
                    + Integer.toHexString(message), e);
            return new LRESULT(0);
        }
    }

    /** On the window's thread: unregister first, as Windows requires, then destroy. */
    private void unregisterAndDestroy(HWND window) {
        if (registered) {
            registered = false;
            if (!Wtsapi32.INSTANCE.WTSUnRegisterSessionNotification(window)) {
                LOG.log(System.Logger.Level.WARNING, "WTSUnRegisterSessionNotification failed with Win32 error {0}",
                        Native.getLastError());
            }
        }
        if (!destroyed) {
            destroyed = true;
            if (!User32.INSTANCE.DestroyWindow(window)) {
                LOG.log(System.Logger.Level.WARNING, "DestroyWindow failed with Win32 error {0}",
                        Native.getLastError());
                User32.INSTANCE.PostQuitMessage(0);
            }
        }
    }

    /** On the window's thread, after the loop: whatever the stop message did not do (e.g. after WM_QUIT). */
    private void cleanUp(HINSTANCE instance, boolean classRegistered) {
        HWND window = hwnd;
        if (window != null) {
            unregisterAndDestroy(window);
        }
        if (classRegistered && !User32.INSTANCE.UnregisterClass(className, instance)) {
            LOG.log(System.Logger.Level.DEBUG, "UnregisterClassW({0}) failed with Win32 error {1}", className,
                    Native.getLastError());
        }
    }

    /**
     * Stops notifications: asks the window's thread to unregister, destroy the window and end, and waits up to
     * five seconds. Idempotent; harmless from the window's own thread (it then does not wait).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        HWND window = hwnd;
        if (thread.isAlive()) {
            boolean posted = window != null && WindowsLibraries.user32().PostMessageW(window, WM_STOP,
                    new WPARAM(0), new LPARAM(0));
            if (!posted && nativeThreadId != 0) {
                User32.INSTANCE.PostThreadMessage(nativeThreadId, WinUser.WM_QUIT, new WPARAM(0), new LPARAM(0));
            }
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "WTS notification thread {0} did not end within {1}",
                    thread.getName(), STOP_WAIT);
        }
    }
}
