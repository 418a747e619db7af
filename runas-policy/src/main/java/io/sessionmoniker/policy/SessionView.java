package io.sessionmoniker.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the policy knows of one Remote Desktop session: its id, name, state, logged-on user (if any), and
 * whether it is attached to the physical console.
 *
 * <p>Every session has the interactive window station {@code WinSta0} with the desktops {@code Default},
 * {@code ScreenSaver} and {@code Winlogon}; a server for an interactive user runs on {@code WinSta0\Default}.
 *
 * <pre>{@code
 * SessionView s = new SessionView(1, "Console", WtsState.ACTIVE, Optional.of(alice), true);
 * s.hasUser();   // true
 * }</pre>
 *
 * @param id the session id, {@code 0..0xFFFFFFFE}
 * @param name the WinStation name, e.g. {@code "Console"}, {@code "RDP-Tcp#1"}, {@code "Services"}
 * @param state the connection state
 * @param user the logged-on user, as an interactive logon, or empty
 * @param console whether the session is attached to the physical console
 */
public record SessionView(long id, String name, WtsState state, Optional<Principal> user, boolean console) {

    /** The interactive window station every session has. */
    public static final String INTERACTIVE_WINDOW_STATION = "WinSta0";
    /** The desktops of {@code WinSta0}. */
    public static final List<String> DESKTOPS = List.of("Default", "ScreenSaver", "Winlogon");
    /** The desktop an interactive user's applications run on. */
    public static final String DEFAULT_DESKTOP = "Default";

    /**
     * Validates the components.
     *
     * @param id {@code 0..0xFFFFFFFE}
     * @param name not null
     * @param state not null
     * @param user not null; empty for listener sessions
     * @param console attachment
     */
    public SessionView {
        if (id < 0 || id > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("session id " + id + " is outside 0..4294967294");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(user, "user");
        if (user.isPresent() && !state.hasUser()) {
            throw new IllegalArgumentException("session " + id + " in state " + state.label() + " cannot have a user");
        }
    }

    /**
     * Tells whether a user is logged on.
     *
     * @return {@code true} when {@link #user()} is present
     */
    public boolean hasUser() {
        return user.isPresent();
    }

    /**
     * Describes the session for a trace: {@code session 2 (rdp-tcp#1, bob, Active)}.
     *
     * @return the description
     */
    public String describe() {
        return "session " + id + " (" + name + ", " + user.map(Principal::name).orElse("no user") + ", "
                + state.label() + (console ? ", console" : "") + ")";
    }
}
