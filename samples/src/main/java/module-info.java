/**
 * The {@code sessmon} command-line tool: parse, explain and activate session-moniker display names.
 */
module io.sessionmoniker.samples {
    requires io.sessionmoniker.server;
    requires io.sessionmoniker.activation.remote;
    requires info.picocli;
    requires java.logging;
    requires com.fasterxml.jackson.databind;

    exports io.sessionmoniker.samples.launchers;

    opens io.sessionmoniker.samples to info.picocli;
}
