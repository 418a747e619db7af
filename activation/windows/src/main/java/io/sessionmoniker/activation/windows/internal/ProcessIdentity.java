package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import io.sessionmoniker.activation.windows.WindowsHResults;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Sid;
import java.util.Objects;

/**
 * Who this process is on Windows: the user of its primary token and its session. Windows activates as the calling
 * thread's token, so the Windows activator can only act for this identity.
 *
 * <pre>{@code
 * ProcessIdentity self = ProcessIdentity.current();   // Windows only
 * self.matches(caller);
 * }</pre>
 *
 * @param user the token's user SID
 * @param session the process's session id
 */
public record ProcessIdentity(Sid user, long session) {

    /**
     * Validates the components.
     *
     * @param user not null
     * @param session not negative
     */
    public ProcessIdentity {
        Objects.requireNonNull(user, "user");
        if (session < 0) {
            throw new IllegalArgumentException("session " + session);
        }
    }

    /**
     * Reads this process's identity: {@code OpenProcessToken(TOKEN_QUERY)}, {@code GetTokenInformation(TokenUser)}
     * and {@code ProcessIdToSessionId}.
     *
     * @return the identity
     * @throws ComException when not on Windows, or with the Win32 error of the failing call
     */
    public static ProcessIdentity current() {
        WindowsLibraries.requireWindows();
        WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
        if (!Advapi32.INSTANCE.OpenProcessToken(Kernel32.INSTANCE.GetCurrentProcess(), WinNT.TOKEN_QUERY, token)) {
            throw WindowsHResults.exception(HResult.fromWin32(Kernel32.INSTANCE.GetLastError()),
                    "OpenProcessToken(TOKEN_QUERY)");
        }
        Sid user;
        try {
            String sid = Advapi32Util.getTokenAccount(token.getValue()).sidString;
            user = Sid.tryParse(sid).orElseThrow(() -> new ComException(HResult.E_UNEXPECTED,
                    "GetTokenInformation(TokenUser) gave a SID the project cannot read: " + sid));
        } finally {
            Kernel32.INSTANCE.CloseHandle(token.getValue());
        }
        IntByReference session = new IntByReference();
        if (!Kernel32.INSTANCE.ProcessIdToSessionId(Kernel32.INSTANCE.GetCurrentProcessId(), session)) {
            throw WindowsHResults.exception(HResult.fromWin32(Kernel32.INSTANCE.GetLastError()),
                    "ProcessIdToSessionId");
        }
        return new ProcessIdentity(user, Integer.toUnsignedLong(session.getValue()));
    }

    /**
     * Tells whether a caller is this identity: a local caller with the same user SID in the same session.
     *
     * @param caller the caller
     * @return true if the Windows backend can act for it
     */
    public boolean matches(Caller caller) {
        return !caller.isRemote() && caller.principal().sid().equals(user) && caller.session().getAsLong() == session;
    }
}
