/**
 * A JUnit 5 extension that gives a test class an embedded session host, as Testcontainers gives one a database:
 * {@link io.sessionmoniker.server.junit.SessionHostTest} starts the host (per class or per test) with a scenario
 * from a file, a builder or the demo, optionally serving DCOM on TCP; registers scripted classes from annotations or
 * a builder; injects the host, its {@link io.sessionmoniker.server.junit.DcomEndpoint}, the scripted classes'
 * {@link io.sessionmoniker.server.junit.ScriptedCalls} and {@link io.sessionmoniker.server.junit.SessionControl};
 * and ends every server and frees every port when the test ends.
 */
module io.sessionmoniker.server.junit {
    requires transitive io.sessionmoniker.server;
    requires transitive org.junit.jupiter.api;

    exports io.sessionmoniker.server.junit;
}
