package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;

/**
 * The backend's own native libraries, loaded on first use and only on Windows. Nothing here touches native code
 * until one of the accessors is called: each one checks the platform first (so on Linux the caller gets a clear
 * {@link ComException} rather than an {@link UnsatisfiedLinkError}), then loads the DLL once.
 *
 * <p>The libraries are loaded without a type mapper or function mapper: entry points are named exactly (the
 * {@code W} suffix is written where there is one) and strings are passed as {@code WString} or {@code Pointer}.
 *
 * <pre>{@code
 * if (WindowsLibraries.isWindows()) {
 *     long console = Integer.toUnsignedLong(WindowsLibraries.kernel32().WTSGetActiveConsoleSessionId());
 * }
 * }</pre>
 */
public final class WindowsLibraries {

    /** What a user who asked for the Windows backend elsewhere must do instead. */
    public static final String USE_EMBEDDED =
            "use the embedded session host (--backend embedded)";

    private static final Lazy<Kernel32Ext> KERNEL32 = new Lazy<>("kernel32", Kernel32Ext.class);
    private static final Lazy<Wtsapi32Ext> WTSAPI32 = new Lazy<>("wtsapi32", Wtsapi32Ext.class);
    private static final Lazy<Ole32Ext> OLE32 = new Lazy<>("ole32", Ole32Ext.class);
    private static final Lazy<User32Ext> USER32 = new Lazy<>("user32", User32Ext.class);

    private WindowsLibraries() {
    }

    /**
     * Tells whether this JVM runs on Windows.
     *
     * @return {@code true} on Windows
     */
    public static boolean isWindows() {
        return Platform.isWindows();
    }

    /**
     * Fails unless this JVM runs on Windows.
     *
     * @throws ComException {@link HResult#E_NOTIMPL} naming the platform and the alternative
     */
    public static void requireWindows() {
        if (!isWindows()) {
            throw notOnWindows(System.getProperty("os.name"), System.getProperty("os.arch"));
        }
    }

    /**
     * Builds the refusal for a platform other than Windows.
     *
     * @param osName the {@code os.name} property
     * @param osArch the {@code os.arch} property
     * @return the exception, with {@link HResult#E_NOTIMPL}
     */
    public static ComException notOnWindows(String osName, String osArch) {
        return new ComException(HResult.E_NOTIMPL, "the Windows backend runs only on Windows (this JVM runs on "
                + osName + " " + osArch + "); " + USE_EMBEDDED);
    }

    /**
     * Returns the kernel32 declarations jna-platform lacks.
     *
     * @return the library
     * @throws ComException when not on Windows
     */
    public static Kernel32Ext kernel32() {
        requireWindows();
        return KERNEL32.get();
    }

    /**
     * Returns the wtsapi32 declarations jna-platform lacks or binds to the ANSI entry points.
     *
     * @return the library
     * @throws ComException when not on Windows
     */
    public static Wtsapi32Ext wtsapi32() {
        requireWindows();
        return WTSAPI32.get();
    }

    /**
     * Returns the ole32 declarations jna-platform lacks.
     *
     * @return the library
     * @throws ComException when not on Windows
     */
    public static Ole32Ext ole32() {
        requireWindows();
        return OLE32.get();
    }

    /**
     * Returns the user32 declarations that differ from jna-platform's.
     *
     * @return the library
     * @throws ComException when not on Windows
     */
    public static User32Ext user32() {
        requireWindows();
        return USER32.get();
    }

    /**
     * A library loaded on first use. Unlike a holder class, a failed load is reported as the same clear exception
     * every time (a failing static initializer would turn into {@link NoClassDefFoundError} on the second call).
     */
    private static final class Lazy<T extends Library> {
        private final String name;
        private final Class<T> type;
        private volatile T value;

        Lazy(String name, Class<T> type) {
            this.name = name;
            this.type = type;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = load();
                        value = v;
                    }
                }
            }
            return v;
        }

        private T load() {
            try {
                return Native.load(name, type);
            } catch (UnsatisfiedLinkError e) {
                throw new ComException(HResult.E_FAIL, "cannot load " + name + ".dll for the Windows backend: "
                        + e.getMessage() + "; check that JNA's native library can load, or " + USE_EMBEDDED, e);
            }
        }
    }
}
