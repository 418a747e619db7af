package io.sessionmoniker.policy;

/**
 * The identity a COM server runs as, from its AppID ({@code docs/windows.md} §4.1).
 *
 * <pre>{@code
 * IdentityKind.INTERACTIVE_USER.label();   // "InteractiveUser", as the sessmon JSON writes it
 * }</pre>
 */
public enum IdentityKind {
    /** {@code RunAs = "Interactive User"}: the user logged on to the target session. */
    INTERACTIVE_USER("InteractiveUser"),
    /** No {@code RunAs} (the default): the client's own identity, one server per client account. */
    LAUNCHING_USER("LaunchingUser"),
    /** {@code RunAs = "user"}: a named account in its own non-interactive logon. */
    THIS_USER("ThisUser"),
    /** A {@code LocalService} value: the server is a Windows service in session 0. */
    SERVICE("Service");

    private final String label;

    IdentityKind(String label) {
        this.label = label;
    }

    /**
     * Returns the name the {@code sessmon} JSON uses.
     *
     * @return for example {@code "InteractiveUser"}
     */
    public String label() {
        return label;
    }
}
