package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import com.sun.jna.win32.StdCallLibrary;

/**
 * {@code user32.dll} declarations that differ from jna-platform's: {@code PostMessageW} returning its {@code BOOL},
 * which jna-platform 5.19.1 declares as {@code void}, so a failed post (the window already gone) is visible.
 * Obtain it through {@link WindowsLibraries#user32()}.
 *
 * <pre>{@code
 * if (!WindowsLibraries.user32().PostMessageW(hwnd, msg, new WPARAM(0), new LPARAM(0))) { … }
 * }</pre>
 */
public interface User32Ext extends StdCallLibrary {

    /** {@code WM_APP}: the first message number free for private use by an application. */
    int WM_APP = 0x8000;
    /** {@code WM_WTSSESSION_CHANGE}: wParam is the reason (1..11), lParam the session id. */
    int WM_WTSSESSION_CHANGE = 0x02B1;

    /**
     * {@code BOOL PostMessageW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam)}.
     *
     * @param hWnd the window
     * @param msg the message
     * @param wParam the first parameter
     * @param lParam the second parameter
     * @return {@code true} if the message was queued
     */
    boolean PostMessageW(HWND hWnd, int msg, WPARAM wParam, LPARAM lParam);
}
