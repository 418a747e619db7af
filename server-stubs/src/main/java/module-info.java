/**
 * Real local server programs written with the activation module's server-side API, used by the samples, the
 * demo and the tests.
 */
module io.sessionmoniker.server {
    requires transitive io.sessionmoniker.activation;

    exports io.sessionmoniker.server;
}
