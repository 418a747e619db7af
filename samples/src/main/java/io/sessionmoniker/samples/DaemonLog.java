package io.sessionmoniker.samples;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The host daemon's log: the library's {@code System.Logger} lines from {@code DEBUG} up (each launch, exit, refusal
 * and cross-session activation), one per line on standard error, which {@code host start} sends to
 * {@code SOCKET.log}. Other commands keep the library quiet below {@code WARNING}.
 */
final class DaemonLog {

    /** Held so that the configured logger is not collected with its level. */
    private static final Logger LIBRARY = Logger.getLogger("io.sessionmoniker");

    /** The object RPC layers' connection lines are left out of the daemon's log below INFO. */
    private static final Logger WIRE = Logger.getLogger("io.sessionmoniker.activation.orpc");

    private DaemonLog() {
    }

    static void enable() {
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.FINE);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String line = Instant.ofEpochMilli(r.getMillis()) + " " + level(r.getLevel()) + " "
                        + formatMessage(r) + System.lineSeparator();
                return r.getThrown() == null ? line : line + "  " + r.getThrown() + System.lineSeparator();
            }
        });
        LIBRARY.setLevel(Level.FINE);
        LIBRARY.setUseParentHandlers(false);
        LIBRARY.addHandler(handler);
        WIRE.setLevel(Level.INFO);
    }

    private static String level(Level level) {
        // System.Logger's names: DEBUG is java.util.logging's FINE
        return level.intValue() >= Level.SEVERE.intValue() ? "ERROR"
                : level.intValue() >= Level.WARNING.intValue() ? "WARNING"
                : level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }
}
