package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.platform.win32.Wtsapi32;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.sessionmoniker.activation.windows.WindowsHResults;
import io.sessionmoniker.policy.Sid;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The WTS calls on Windows, through JNA: the thin layer of the session provider. Everything that can be decided
 * without Windows is in {@link WtsSessionMapper}, {@link SessionEventTranslator} and
 * {@link SessionEventDispatcher}; {@link #readSessionInfos} (reading the array {@code WTSEnumerateSessionsW}
 * returns) is tested on every OS against memory laid out by hand.
 *
 * <p>Functions used: {@code WTSGetActiveConsoleSessionId} (kernel32, declared in {@link Kernel32Ext});
 * {@code WTSEnumerateSessionsW}, {@code WTSQuerySessionInformationW}, {@code WTSQueryUserToken} (declared in
 * {@link Wtsapi32Ext}); {@code WTSFreeMemory} (jna-platform's {@code Wtsapi32}); {@code LookupAccountNameW} and
 * {@code GetTokenInformation} through jna-platform's {@code Advapi32Util}; {@code CloseHandle}.
 *
 * <pre>{@code
 * WtsNatives wts = new JnaWtsNatives();   // checks the platform
 * wts.activeConsoleSessionId();           // 1
 * }</pre>
 */
public final class JnaWtsNatives implements WtsNatives {

    private static final System.Logger LOG = System.getLogger(JnaWtsNatives.class.getName());

    /**
     * Checks the platform; the libraries load on first use.
     *
     * @throws io.sessionmoniker.moniker.ComException when not on Windows
     */
    public JnaWtsNatives() {
        WindowsLibraries.requireWindows();
    }

    @Override
    public long activeConsoleSessionId() {
        return Integer.toUnsignedLong(WindowsLibraries.kernel32().WTSGetActiveConsoleSessionId());
    }

    @Override
    public List<RawWtsSession> enumerateSessions() {
        PointerByReference array = new PointerByReference();
        IntByReference count = new IntByReference();
        if (!WindowsLibraries.wtsapi32().WTSEnumerateSessionsW(Wtsapi32.WTS_CURRENT_SERVER_HANDLE, 0, 1, array,
                count)) {
            throw WindowsHResults.win32Error(Native.getLastError(), "WTSEnumerateSessionsW");
        }
        List<RawWtsSession> partial;
        try {
            partial = readSessionInfos(array.getValue(), count.getValue());
        } finally {
            Wtsapi32.INSTANCE.WTSFreeMemory(array.getValue());
        }
        List<RawWtsSession> sessions = new ArrayList<>(partial.size());
        for (RawWtsSession s : partial) {
            String user = queryString(s.sessionId(), Wtsapi32Ext.WTS_USER_NAME).orElse("");
            String domain = user.isEmpty() ? "" : queryString(s.sessionId(), Wtsapi32Ext.WTS_DOMAIN_NAME).orElse("");
            sessions.add(new RawWtsSession(s.sessionId(), s.winStationName(), s.state(), user, domain));
        }
        return sessions;
    }

    /**
     * Reads the array {@code WTSEnumerateSessionsW} returns, without freeing it.
     *
     * @param array the first {@link WTS_SESSION_INFOW}, or {@code null} when {@code count} is 0
     * @param count the number of elements
     * @return the sessions, with empty user and domain names
     */
    public static List<RawWtsSession> readSessionInfos(Pointer array, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative session count " + count);
        }
        List<RawWtsSession> sessions = new ArrayList<>(count);
        if (count == 0) {
            return sessions;
        }
        WTS_SESSION_INFOW first = new WTS_SESSION_INFOW(array);
        WTS_SESSION_INFOW[] all = (WTS_SESSION_INFOW[]) first.toArray(count);
        for (WTS_SESSION_INFOW info : all) {
            String name = info.pWinStationName == null ? "" : Utf16.read(info.pWinStationName);
            sessions.add(new RawWtsSession(Integer.toUnsignedLong(info.SessionId), name, info.State, "", ""));
        }
        return sessions;
    }

    @Override
    public Optional<String> sessionUser(long sessionId) {
        Optional<String> user = queryString(sessionId, Wtsapi32Ext.WTS_USER_NAME).filter(u -> !u.isBlank());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String domain = queryString(sessionId, Wtsapi32Ext.WTS_DOMAIN_NAME).orElse("");
        return Optional.of(RawWtsSession.qualify(domain, user.get()));
    }

    @Override
    public Optional<Sid> lookupAccount(String domain, String user) {
        String name = RawWtsSession.qualify(domain, user);
        try {
            Advapi32Util.Account account = Advapi32Util.getAccountByName(null, name);
            return Sid.tryParse(account.sidString);
        } catch (Win32Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "LookupAccountNameW({0}) failed: {1}", name, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<Sid> tokenUser(long sessionId) {
        HANDLEByReference token = new HANDLEByReference();
        if (!WindowsLibraries.wtsapi32().WTSQueryUserToken((int) sessionId, token)) {
            LOG.log(System.Logger.Level.DEBUG, "WTSQueryUserToken({0}) failed with Win32 error {1}", sessionId,
                    Native.getLastError());
            return Optional.empty();
        }
        try {
            return Sid.tryParse(Advapi32Util.getTokenAccount(token.getValue()).sidString);
        } catch (Win32Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "reading the token user of session {0} failed: {1}", sessionId,
                    e.getMessage());
            return Optional.empty();
        } finally {
            Kernel32.INSTANCE.CloseHandle(token.getValue());
        }
    }

    @Override
    public NotificationHandle startNotifications(SessionChangeSink sink) {
        return SessionNotificationWindow.start(sink);
    }

    private static Optional<String> queryString(long sessionId, int infoClass) {
        PointerByReference buffer = new PointerByReference();
        IntByReference bytes = new IntByReference();
        if (!WindowsLibraries.wtsapi32().WTSQuerySessionInformationW(Wtsapi32.WTS_CURRENT_SERVER_HANDLE,
                (int) sessionId, infoClass, buffer, bytes)) {
            LOG.log(System.Logger.Level.DEBUG, "WTSQuerySessionInformationW({0}, {1}) failed with Win32 error {2}",
                    sessionId, infoClass, Native.getLastError());
            return Optional.empty();
        }
        Pointer p = buffer.getValue();
        try {
            return p == null ? Optional.empty() : Optional.of(Utf16.read(p));
        } finally {
            if (p != null) {
                Wtsapi32.INSTANCE.WTSFreeMemory(p);
            }
        }
    }
}
