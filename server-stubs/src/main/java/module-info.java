/**
 * Real local server programs written with the activation module's server-side API, used by the samples, the
 * demo and the tests, and {@link io.sessionmoniker.server.ScriptedServer}, a programmable stub whose methods and
 * answers come from a JSON script, for users' own interop tests.
 */
module io.sessionmoniker.server {
    requires transitive io.sessionmoniker.activation.host;
    // the DCOM network side, which the interop tests drive and the interop test kit will serve
    requires io.sessionmoniker.activation.dcom;
    requires com.fasterxml.jackson.databind;
    // the remote backend, which the interop tests drive; not needed by the server programs
    requires static io.sessionmoniker.activation.remote;

    exports io.sessionmoniker.server;
}
