package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.win32.StdCallLibrary;

/**
 * {@code kernel32.dll} functions that jna-platform 5.19.1 does not declare. Obtain it through
 * {@link WindowsLibraries#kernel32()}, which loads it on first use and only on Windows.
 *
 * <pre>{@code
 * long console = Integer.toUnsignedLong(WindowsLibraries.kernel32().WTSGetActiveConsoleSessionId());
 * }</pre>
 */
public interface Kernel32Ext extends StdCallLibrary {

    /**
     * {@code DWORD WTSGetActiveConsoleSessionId(void)} (winbase.h, Vista and later): the session attached to the
     * physical console.
     *
     * @return the session id, or {@code 0xFFFFFFFF} (as {@code -1}) while the console is attaching or detaching
     */
    int WTSGetActiveConsoleSessionId();
}
