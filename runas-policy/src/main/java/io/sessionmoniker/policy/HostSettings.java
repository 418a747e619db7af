package io.sessionmoniker.policy;

import io.sessionmoniker.moniker.internal.Ascii;
import java.util.Objects;

/**
 * The host's policy settings from the scenario file's {@code policy} object.
 *
 * <pre>{@code
 * HostSettings.defaults();                                             // fallback=none, crossSession=admins
 * new HostSettings(HostSettings.Fallback.CONSOLE, HostSettings.CrossSession.ADMINS);
 * HostSettings.Fallback.parse("console");                              // CONSOLE
 * }</pre>
 *
 * @param fallback what to do when a session moniker names a session with no logged-on user
 * @param crossSession who may activate an Interactive User server into a session owned by someone else
 */
public record HostSettings(Fallback fallback, CrossSession crossSession) {

    private static final HostSettings DEFAULTS = new HostSettings(Fallback.NONE, CrossSession.ADMINS);

    /**
     * Validates the components.
     *
     * @param fallback not null
     * @param crossSession not null
     */
    public HostSettings {
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(crossSession, "crossSession");
    }

    /**
     * Returns the defaults: {@code fallback=none} (as Windows: "the server will not run") and
     * {@code crossSession=admins} (secure by default).
     *
     * @return the defaults
     */
    public static HostSettings defaults() {
        return DEFAULTS;
    }

    /** The {@code fallback} setting. */
    public enum Fallback {
        /** A session with no user fails, as on Windows. */
        NONE("none"),
        /** A session with no user falls back to the console session, if it has a user. */
        CONSOLE("console");

        private final String label;

        Fallback(String label) {
            this.label = label;
        }

        /**
         * Returns the scenario-file spelling.
         *
         * @return {@code "none"} or {@code "console"}
         */
        public String label() {
            return label;
        }

        /**
         * Reads the scenario-file spelling, ASCII case-insensitively.
         *
         * @param text {@code none} or {@code console}
         * @return the setting
         * @throws IllegalArgumentException for anything else
         */
        public static Fallback parse(String text) {
            for (Fallback f : values()) {
                if (Ascii.equalsIgnoreCase(f.label, text)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("fallback must be \"none\" or \"console\" but was \"" + text + "\"");
        }
    }

    /** The {@code crossSession} setting. */
    public enum CrossSession {
        /** Only administrators and SYSTEM may activate into another user's session (the default). */
        ADMINS("admins"),
        /** Nobody may activate into another user's session. */
        OWNER_ONLY("owner-only"),
        /** No check beyond the launch permission, as Windows itself does. */
        WINDOWS("windows");

        private final String label;

        CrossSession(String label) {
            this.label = label;
        }

        /**
         * Returns the scenario-file spelling.
         *
         * @return {@code "admins"}, {@code "owner-only"} or {@code "windows"}
         */
        public String label() {
            return label;
        }

        /**
         * Reads the scenario-file spelling, ASCII case-insensitively.
         *
         * @param text {@code admins}, {@code owner-only} or {@code windows}
         * @return the setting
         * @throws IllegalArgumentException for anything else
         */
        public static CrossSession parse(String text) {
            for (CrossSession c : values()) {
                if (Ascii.equalsIgnoreCase(c.label, text)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("crossSession must be \"admins\", \"owner-only\" or \"windows\" but was \""
                    + text + "\"");
        }
    }
}
