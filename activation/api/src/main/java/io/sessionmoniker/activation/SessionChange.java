package io.sessionmoniker.activation;

/**
 * The reason codes of Windows' {@code WM_WTSSESSION_CHANGE} notification, with their values.
 *
 * <pre>{@code
 * SessionChange.fromValue(5);          // SESSION_LOGON
 * SessionChange.SESSION_LOGON.value(); // 5
 * }</pre>
 *
 * <p>Windows documents {@code WTS_SESSION_CREATE} (0xA) and {@code WTS_SESSION_TERMINATE} (0xB) as reserved; the
 * embedded host sends them when it creates and deletes a session, so subscribers can track the session list.
 */
public enum SessionChange {
    /** 0x1: the session was connected to the console. */
    CONSOLE_CONNECT(0x1),
    /** 0x2: the session was disconnected from the console. */
    CONSOLE_DISCONNECT(0x2),
    /** 0x3: the session was connected to a remote terminal. */
    REMOTE_CONNECT(0x3),
    /** 0x4: the session was disconnected from its remote terminal. */
    REMOTE_DISCONNECT(0x4),
    /** 0x5: a user logged on to the session. */
    SESSION_LOGON(0x5),
    /** 0x6: the user logged off the session. */
    SESSION_LOGOFF(0x6),
    /** 0x7: the session was locked. */
    SESSION_LOCK(0x7),
    /** 0x8: the session was unlocked. */
    SESSION_UNLOCK(0x8),
    /** 0x9: the session's remote-control status changed. */
    SESSION_REMOTE_CONTROL(0x9),
    /** 0xA: the session was created (reserved on Windows). */
    SESSION_CREATE(0xA),
    /** 0xB: the session was deleted (reserved on Windows). */
    SESSION_TERMINATE(0xB);

    private final int value;

    SessionChange(int value) {
        this.value = value;
    }

    /**
     * Returns the {@code wParam} value of {@code WM_WTSSESSION_CHANGE}.
     *
     * @return 1..11
     */
    public int value() {
        return value;
    }

    /**
     * Returns the reason with a {@code wParam} value.
     *
     * @param value 1..11
     * @return the reason
     * @throws IllegalArgumentException for any other value
     */
    public static SessionChange fromValue(int value) {
        for (SessionChange c : values()) {
            if (c.value == value) {
                return c;
            }
        }
        throw new IllegalArgumentException("no WM_WTSSESSION_CHANGE reason " + value + " (expected 1..11)");
    }
}
