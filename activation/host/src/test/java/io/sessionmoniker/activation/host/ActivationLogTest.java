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
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
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
    /** The OS account of this process: the embedded host's clients are in it. */
    static final String ME = System.getProperty("user.name");

    static {
        // the host module does not read java.logging; its tests capture the System.Logger records through it
        ActivationLogTest.class.getModule().addReads(ModuleLayer.boot().findModule("java.logging").orElseThrow());
    }

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("scenario.json"));

    /** Held so that its level stays while the test runs. */
    private Logger logger;
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    private StreamHandler capture;
    private Level before;

    @BeforeEach
    void capture() {
        logger = Logger.getLogger(ActivationService.class.getName());
        before = logger.getLevel();
        logger.setLevel(Level.FINE);
        // the JDK's own handler and formatter: a record is "LEVEL: message" on a line of its own
        capture = new StreamHandler(out, new SimpleFormatter());
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(before);
    }

    /** The records' lines ("LEVEL: message") logged since the last call. */
    private List<String> lines() {
        capture.flush();
        List<String> got = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.matches("^[A-Z]+: .*")).toList();
        out.reset();
        return got;
    }

    @Test
    void refusalsAndCrossSessionActivationsAreRecordedWithWhoWhatAndWhere() throws Exception {
        SessionHost host = fixture.host();
        String name = "Session:2!new:" + REPORTER;

        try (Activation<ReportingServer.IReport> a = host.activate(name, ServiceControlManagerTest.SYSTEM,
                ReportingServer.IReport.class)) {
            long pid = a.pid().orElseThrow();
            List<String> lines = lines();
            assertTrue(lines.contains("FINE: cross-session activation: SYSTEM in session 0 → " + name
                    + ", in session 2 as bob, pid " + pid + " (launched) (client account " + ME + ")"), lines.toString());

            // bob in his own session, as himself: not cross-session, nothing recorded
            Caller bob = host.caller("bob", OptionalLong.of(2));
            try (Activation<ReportingServer.IReport> own = host.activate(name, bob, ReportingServer.IReport.class)) {
                assertEquals(pid, own.pid().orElseThrow());
            }
            assertEquals(List.of(), lines());

            // bob into alice's console session: the crossSession setting (admins) refuses it
            String alices = "Session:1!new:" + REPORTER;
            ComException refused = assertThrows(ComException.class, () -> host.activate(alices, bob,
                    ReportingServer.IReport.class));
            lines = lines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("FINE: refused bob in session 2: " + alices + ": "
                    + refused.errorName() + ": ") && lines.get(0).endsWith(" (client account " + ME + ")"),
                    lines.toString());
        }
    }
}
