package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.policy.Caller;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host records every refused and every cross-session activation, saying who asked (account and session),
 * what, where it ran (session, identity, pid) or why it was refused — and nothing for an activation in the
 * caller's own session as the caller.
 */
class ActivationLogTest {

    static final String REPORTER = ServiceControlManagerTest.REPORTER;

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("scenario.json"));

    /** Held so that its level stays while the test runs. */
    private final Logger logger = Logger.getLogger(ActivationService.class.getName());
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level before;

    @BeforeEach
    void capture() {
        before = logger.getLevel();
        logger.setLevel(Level.FINE);
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(before);
    }

    @Test
    void refusalsAndCrossSessionActivationsAreRecordedWithWhoWhatAndWhere() throws Exception {
        SessionHost host = fixture.host();
        String name = "Session:2!new:" + REPORTER;

        try (Activation<ReportingServer.IReport> a = host.activate(name, ServiceControlManagerTest.SYSTEM,
                ReportingServer.IReport.class)) {
            long pid = a.pid().orElseThrow();
            assertTrue(lines.contains("FINE cross-session activation: SYSTEM in session 0 → " + name
                    + ", in session 2 as bob, pid " + pid + " (launched)"), lines.toString());

            // bob in his own session, as himself: not cross-session, nothing recorded
            lines.clear();
            Caller bob = host.caller("bob", OptionalLong.of(2));
            try (Activation<ReportingServer.IReport> own = host.activate(name, bob, ReportingServer.IReport.class)) {
                assertEquals(pid, own.pid().orElseThrow());
            }
            assertEquals(List.of(), lines);

            // bob into alice's console session: the crossSession setting (admins) refuses it
            String alices = "Session:1!new:" + REPORTER;
            ComException refused = assertThrows(ComException.class, () -> host.activate(alices, bob,
                    ReportingServer.IReport.class));
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("FINE refused bob in session 2: " + alices + ": "
                    + refused.errorName() + ": "), lines.toString());
        }
    }
}
