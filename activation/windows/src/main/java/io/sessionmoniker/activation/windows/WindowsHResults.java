package io.sessionmoniker.activation.windows;

import com.sun.jna.platform.win32.Kernel32Util;
import io.sessionmoniker.activation.windows.internal.WindowsLibraries;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Turns an HRESULT (or a Win32 error code) that a Windows call returned into the project's {@link ComException}.
 *
 * <p>The exception carries the HRESULT, so {@link ComException#errorName()} gives the symbolic name from
 * {@link HResult}. Its message says which call failed, Windows' own text for the code ({@code FormatMessageW}
 * with {@code FORMAT_MESSAGE_FROM_SYSTEM}, through jna-platform's {@code Kernel32Util}; the symbolic name when
 * Windows has no text or when not running on Windows), the name or hexadecimal value of codes {@link HResult}
 * does not list, and, for the codes an activation commonly meets, what to do next.
 *
 * <pre>{@code
 * int hr = ole32.MkParseDisplayName(bindCtx, name, eaten, moniker);
 * WindowsHResults.check(hr, "MkParseDisplayName");    // throws for a failure code, returns for S_OK/S_FALSE
 *
 * ComException e = WindowsHResults.exception(0x80040154, "binding Session:1!clsid:…");
 * e.errorName();   // "REGDB_E_CLASSNOTREG"
 * e.getMessage();  // "binding Session:1!clsid:… failed: Class not registered; the CLSID has no registration …"
 * }</pre>
 */
public final class WindowsHResults {

    private static final String ACTIVATION_LOG = "; see the System event log (source DistributedCOM)";

    /** What to do next, for the codes activation commonly meets. */
    private static final Map<Integer, String> HINTS = Map.ofEntries(
            Map.entry(HResult.MK_E_SYNTAX, "Windows rejected a display name the project's parser accepted; report"
                    + " the name, since the two parsers should agree"),
            Map.entry(HResult.MK_E_EXCEEDEDDEADLINE, "the bind deadline passed; allow more time with"
                    + " BindOptions.withDeadline"),
            Map.entry(HResult.MK_E_NOOBJECT, "the display name names no object Windows can find"),
            Map.entry(HResult.REGDB_E_CLASSNOTREG, "the CLSID has no registration on this machine; register the"
                    + " server (CLSID\\{…}\\LocalServer32 and an AppID with RunAs=\"Interactive User\" for"
                    + " cross-session activation), in the registry view (32- or 64-bit) the server uses"),
            Map.entry(HResult.CO_E_SERVER_EXEC_FAILURE, "the server did not start, or did not register its class"
                    + " object within COM's start timeout (60 seconds by default)" + ACTIVATION_LOG),
            Map.entry(HResult.CO_E_SERVER_START_TIMEOUT, "the server was started but did not answer in time"
                    + ACTIVATION_LOG),
            Map.entry(HResult.CO_E_SERVER_INIT_TIMEOUT, "the server started but did not finish initialising in time"
                    + ACTIVATION_LOG),
            Map.entry(HResult.CO_E_APPDIDNTREG, "the server started but registered no class object for this CLSID;"
                    + " it must call CoRegisterClassObject when started with -Embedding"),
            Map.entry(HResult.CO_E_BAD_PATH, "the server's LocalServer32 path is wrong, or the CLSID is unknown"),
            Map.entry(HResult.E_ACCESSDENIED, "check the AppID's LaunchPermission and AccessPermission; activating"
                    + " a server in another user's session needs an administrator or SYSTEM" + ACTIVATION_LOG),
            Map.entry(HResult.CO_E_LAUNCH_PERMSSION_DENIED, "the caller lacks launch permission for the AppID"
                    + " (LaunchPermission, else DefaultLaunchPermission)" + ACTIVATION_LOG),
            Map.entry(HResult.CO_E_RUNAS_LOGON_FAILURE, "the AppID's RunAs account name or password is wrong"),
            Map.entry(HResult.CO_E_WRONG_SERVER_IDENTITY, "the server is configured to run as a different"
                    + " identity than the one that started it"),
            Map.entry(HResult.CO_E_RUNAS_VALUE_MUST_BE_AAA, "the class must run as the launching user (no RunAs)"),
            Map.entry(HResult.ERROR_NO_TOKEN, "nobody is logged on to that session; an Interactive User server runs"
                    + " only in a session with a logged-on user"),
            Map.entry(HResult.ERROR_CTX_WINSTATION_NOT_FOUND, "that session does not exist; list the sessions with"
                    + " `sessmon sessions` or `query session`"),
            Map.entry(HResult.E_NOINTERFACE, "the object does not implement the requested interface"),
            Map.entry(HResult.RPC_S_SERVER_UNAVAILABLE, "the server process is gone or unreachable; activate again"),
            Map.entry(HResult.RPC_E_DISCONNECTED, "the server disconnected the object; activate again"),
            Map.entry(HResult.RPC_E_SERVER_DIED, "the server process ended during the call; activate again"),
            Map.entry(HResult.ERROR_PRIVILEGE_NOT_HELD, "this call needs SE_TCB_NAME; run it as LocalSystem (a service)"),
            Map.entry(HResult.RPC_S_INVALID_BINDING, "Remote Desktop Services have not finished starting; retry once the"
                    + " Global\\TermSrvReadyEvent event is set"),
            Map.entry(HResult.CO_E_NOTINITIALIZED, "COM is not initialised on the calling thread; this is a bug in the"
                    + " Windows backend, please report it"),
            Map.entry(HResult.STG_E_ACCESSDENIED, "the object's storage refused access"));

    private WindowsHResults() {
    }

    /**
     * Throws for a failure code; returns for success codes ({@code S_OK}, {@code S_FALSE} and other
     * non-negative values).
     *
     * @param hresult the HRESULT a call returned
     * @param operation what was called, for the message, e.g. {@code "CreateBindCtx"}
     * @throws ComException when {@link HResult#failed(int)}
     */
    public static void check(int hresult, String operation) {
        if (HResult.failed(hresult)) {
            throw exception(hresult, operation);
        }
    }

    /**
     * Builds the exception for a failure code, with Windows' message text when there is one.
     *
     * @param hresult a failure code
     * @param operation what was called
     * @return the exception, carrying {@code hresult}
     * @throws IllegalArgumentException if {@code hresult} is a success code
     */
    public static ComException exception(int hresult, String operation) {
        return exception(hresult, operation, WindowsHResults::systemMessage);
    }

    /**
     * Builds the exception for a Win32 error code ({@code GetLastError()}), as {@code HRESULT_FROM_WIN32}.
     *
     * @param win32Error the error, e.g. 1008 ({@code ERROR_NO_TOKEN}); 0 means the call failed without saying why
     * @param operation what was called
     * @return the exception
     */
    public static ComException win32Error(int win32Error, String operation) {
        int hresult = win32Error == 0 ? HResult.E_FAIL : HResult.fromWin32(win32Error);
        return exception(hresult, operation);
    }

    /**
     * Returns the symbolic name of a code, {@link HResult}'s: the backend has no names of its own, so that a code
     * has the same name in the exception ({@link ComException#errorName()}) as in the message.
     *
     * @param hresult the code
     * @return the name, or empty if {@link HResult} does not know it
     */
    public static Optional<String> name(int hresult) {
        return HResult.knownName(hresult);
    }

    /**
     * Returns advice for a code an activation commonly meets.
     *
     * @param hresult the code
     * @return what to do next, or empty
     */
    public static Optional<String> hint(int hresult) {
        return Optional.ofNullable(HINTS.get(hresult));
    }

    /**
     * Builds the exception with a given source of Windows' message texts; {@link #exception(int, String)} uses
     * {@code FormatMessageW}. Package-private for tests.
     *
     * @param hresult a failure code
     * @param operation what was called
     * @param systemMessages Windows' text for a code, if any
     * @return the exception
     */
    static ComException exception(int hresult, String operation, IntFunction<Optional<String>> systemMessages) {
        Objects.requireNonNull(operation, "operation");
        if (!HResult.failed(hresult)) {
            throw new IllegalArgumentException(HResult.format(hresult) + " is a success code, not a failure");
        }
        StringBuilder message = new StringBuilder(operation).append(" failed: ");
        Optional<String> text = Optional.empty();
        try {
            text = systemMessages.apply(hresult).map(WindowsHResults::clean).filter(s -> !s.isEmpty());
        } catch (RuntimeException e) {
            // Fall back to the name: a missing message text must not hide the HRESULT.
        }
        String name = name(hresult).orElse(HResult.format(hresult));
        message.append(text.orElse(name));
        if (text.isPresent() && HResult.knownName(hresult).isEmpty()) {
            message.append(" (").append(name).append(')');
        }
        hint(hresult).ifPresent(h -> message.append("; ").append(h));
        return new ComException(hresult, message.toString());
    }

    /**
     * Windows' message text for a code, from {@code FormatMessageW}; empty when not on Windows or when Windows has
     * none.
     */
    static Optional<String> systemMessage(int hresult) {
        if (!WindowsLibraries.isWindows()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Kernel32Util.formatMessage(hresult));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** One line, no trailing period: Windows ends its texts with ".\r\n". */
    private static String clean(String text) {
        String s = text.replace('\r', ' ').replace('\n', ' ').trim();
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        return s;
    }
}
