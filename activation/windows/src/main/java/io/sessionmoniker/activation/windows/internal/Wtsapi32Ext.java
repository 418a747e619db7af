package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * {@code wtsapi32.dll} functions the backend declares itself: {@code WTSQueryUserToken}, which jna-platform 5.19.1
 * lacks, and the two text-returning functions bound explicitly to their {@code W} entry points (jna-platform binds
 * {@code WTSEnumerateSessions} and {@code WTSQuerySessionInformation} through {@code W32APIOptions.DEFAULT_OPTIONS},
 * which picks the {@code A} entry points under {@code -Dw32.ascii=true}). {@code WTSFreeMemory} and the
 * notification functions come from jna-platform's {@code Wtsapi32}. Obtain it through
 * {@link WindowsLibraries#wtsapi32()}.
 *
 * <p>Every function returns {@code BOOL}; on {@code false} read the error with {@code Native.getLastError()}.
 *
 * <pre>{@code
 * PointerByReference info = new PointerByReference();
 * IntByReference count = new IntByReference();
 * if (WindowsLibraries.wtsapi32().WTSEnumerateSessionsW(Wtsapi32.WTS_CURRENT_SERVER_HANDLE, 0, 1, info, count)) { … }
 * }</pre>
 */
public interface Wtsapi32Ext extends StdCallLibrary {

    /** {@code WTSUserName}, a {@code WTS_INFO_CLASS} value: the user logged on to the session ({@code LPWSTR}). */
    int WTS_USER_NAME = 5;
    /** {@code WTSDomainName}, a {@code WTS_INFO_CLASS} value: that user's domain ({@code LPWSTR}). */
    int WTS_DOMAIN_NAME = 7;

    /**
     * {@code BOOL WTSEnumerateSessionsW(HANDLE hServer, DWORD Reserved, DWORD Version, PWTS_SESSION_INFOW *ppSessionInfo,
     * DWORD *pCount)}.
     *
     * @param hServer {@code WTS_CURRENT_SERVER_HANDLE}
     * @param reserved 0
     * @param version 1
     * @param ppSessionInfo receives an array of {@link WTS_SESSION_INFOW}; free it with {@code WTSFreeMemory}
     * @param pCount receives the number of elements
     * @return {@code true} on success
     */
    boolean WTSEnumerateSessionsW(HANDLE hServer, int reserved, int version, PointerByReference ppSessionInfo,
            IntByReference pCount);

    /**
     * {@code BOOL WTSQuerySessionInformationW(HANDLE hServer, DWORD SessionId, WTS_INFO_CLASS WTSInfoClass,
     * LPWSTR *ppBuffer, DWORD *pBytesReturned)}.
     *
     * @param hServer {@code WTS_CURRENT_SERVER_HANDLE}
     * @param sessionId the session
     * @param infoClass {@link #WTS_USER_NAME}, {@link #WTS_DOMAIN_NAME}, …
     * @param ppBuffer receives the data; free it with {@code WTSFreeMemory}
     * @param pBytesReturned receives its size in bytes
     * @return {@code true} on success
     */
    boolean WTSQuerySessionInformationW(HANDLE hServer, int sessionId, int infoClass, PointerByReference ppBuffer,
            IntByReference pBytesReturned);

    /**
     * {@code BOOL WTSQueryUserToken(ULONG SessionId, PHANDLE phToken)}: the primary token of the user logged on to a
     * session. Only a caller holding {@code SE_TCB_NAME} succeeds, in practice a service running as LocalSystem;
     * others get {@code ERROR_PRIVILEGE_NOT_HELD} (1314). A session without a user gives {@code ERROR_NO_TOKEN} (1008).
     *
     * @param sessionId the session
     * @param phToken receives the token; close it with {@code CloseHandle}
     * @return {@code true} on success
     */
    boolean WTSQueryUserToken(int sessionId, HANDLEByReference phToken);
}
