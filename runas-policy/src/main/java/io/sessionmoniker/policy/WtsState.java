package io.sessionmoniker.policy;

/**
 * The connection state of a Remote Desktop session, Windows' {@code WTS_CONNECTSTATE_CLASS}, with its numeric
 * value and the name the {@code sessmon} JSON and {@code query session} use.
 *
 * <pre>{@code
 * WtsState.fromValue(4);              // DISCONNECTED
 * WtsState.DISCONNECTED.label();      // "Disconnected"
 * WtsState.DISCONNECTED.hasUser();    // true: logged on, client gone
 * }</pre>
 */
public enum WtsState {
    /** 0, WTSActive: a user is logged on and connected. */
    ACTIVE(0, "Active"),
    /** 1, WTSConnected: connected to the client. */
    CONNECTED(1, "Connected"),
    /** 2, WTSConnectQuery: in the process of connecting. */
    CONNECT_QUERY(2, "ConnectQuery"),
    /** 3, WTSShadow: shadowing another session. */
    SHADOW(3, "Shadow"),
    /** 4, WTSDisconnected: logged on, but the client is gone. */
    DISCONNECTED(4, "Disconnected"),
    /** 5, WTSIdle: waiting for a client to connect. */
    IDLE(5, "Idle"),
    /** 6, WTSListen: a listener session; never has a user. */
    LISTEN(6, "Listen"),
    /** 7, WTSReset: being reset. */
    RESET(7, "Reset"),
    /** 8, WTSDown: down because of an error. */
    DOWN(8, "Down"),
    /** 9, WTSInit: initializing. */
    INIT(9, "Init");

    private final int value;
    private final String label;

    WtsState(int value, String label) {
        this.value = value;
        this.label = label;
    }

    /**
     * Returns the {@code WTS_CONNECTSTATE_CLASS} value.
     *
     * @return 0..9
     */
    public int value() {
        return value;
    }

    /**
     * Returns the name Windows' tools print, e.g. {@code "Active"}, {@code "Disc"} aside.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * Tells whether a session in this state can have a logged-on user: listener, down, reset and init sessions
     * cannot.
     *
     * @return {@code true} for states a logged-on session can be in
     */
    public boolean hasUser() {
        return this != LISTEN && this != DOWN && this != RESET && this != INIT;
    }

    /**
     * Returns the state with a {@code WTS_CONNECTSTATE_CLASS} value.
     *
     * @param value 0..9
     * @return the state
     * @throws IllegalArgumentException for any other value
     */
    public static WtsState fromValue(int value) {
        for (WtsState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        throw new IllegalArgumentException("no WTS_CONNECTSTATE_CLASS value " + value + " (expected 0..9)");
    }

    /**
     * Returns the state with a label, compared ASCII case-insensitively.
     *
     * @param label for example {@code "Active"} or {@code "disconnected"}
     * @return the state
     * @throws IllegalArgumentException for an unknown label
     */
    public static WtsState fromLabel(String label) {
        for (WtsState s : values()) {
            if (io.sessionmoniker.moniker.internal.Ascii.equalsIgnoreCase(s.label, label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown session state \"" + label + "\"; expected one of Active,"
                + " Connected, ConnectQuery, Shadow, Disconnected, Idle, Listen, Reset, Down, Init");
    }
}
