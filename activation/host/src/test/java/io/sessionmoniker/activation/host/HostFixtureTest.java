package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.host.testing.HostFixture;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link HostFixture} itself, driven through its callbacks: it closes what it was given and fails a test whose
 * process outlives it.
 */
class HostFixtureTest {

    /** A process that runs until its standard input closes: a server that does not end with its host. */
    public static final class Lingerer {
        private Lingerer() {
        }

        /**
         * Blocks until standard input ends.
         *
         * @param args none
         * @throws IOException if reading fails
         */
        public static void main(String[] args) throws IOException {
            while (System.in.read() >= 0) {
                // until the parent closes the pipe
            }
        }
    }

    @Test
    void aProcessThatOutlivesTheTestFailsItAndIsEnded() throws Exception {
        HostFixture fixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("scenario.json"))
                .withExitDeadline(Duration.ofMillis(500));
        fixture.beforeEach(null);
        String classpath = System.getProperty("java.class.path") + File.pathSeparator
                + System.getProperty("jdk.module.path", "");
        Process lingerer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Lingerer.class.getName()).start();
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> fixture.afterEach(null));
            assertTrue(e.getMessage().contains("every server to exit") && e.getMessage().contains(
                    "pid " + lingerer.pid()), e.getMessage());
            assertTrue(lingerer.waitFor(30, TimeUnit.SECONDS), "the fixture ends what outlived the test");
        } finally {
            lingerer.destroyForcibly();
        }
    }

    @Test
    void theHostStartsOnFirstUseAndEverythingGivenIsClosedAfterTheTest() throws Exception {
        HostFixture fixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("scenario.json"));
        fixture.beforeEach(null);
        SessionHost host = fixture.host();
        assertSame(host, fixture.host(), "one host per test");
        long server = host.activate("Session:2!new:" + ServiceControlManagerTest.REPORTER,
                ServiceControlManagerTest.SYSTEM, ReportingServer.IReport.class).pid().getAsLong();
        List<String> closed = new ArrayList<>();
        fixture.closeLater(() -> closed.add("first"));
        fixture.closeLater(() -> closed.add("second"));
        fixture.afterEach(null);
        assertEquals(List.of("second", "first"), closed, "in reverse order");
        assertFalse(ProcessHandle.of(server).map(ProcessHandle::isAlive).orElse(false), "the server ended");
    }
}
