package io.sessionmoniker.activation.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.host.ReportingServer;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.moniker.Guid;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fixture the embedded and daemon legs of the contract share: the test scenario {@code scm/scenario.json} (alice
 * at the console in session 1, bob in session 2) with the {@link ReportingServer} registered as an Interactive User
 * local server; real server processes, which every test ends ({@link HostFixture} closes the leg's hosts and checks
 * that no server outlives them).
 */
abstract class ScmFixture implements ActivatorContract {

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(ScmFixture::scenario);

    /** Loads the scenario. */
    static Scenario scenario() throws Exception {
        return Scenario.load(Path.of(ScmFixture.class.getResource("/scm/scenario.json").toURI()));
    }

    @Override
    public Guid knownClass() {
        return Guid.parse("50000000-0000-0000-0000-000000000001");
    }

    @Override
    public String member() {
        return "SessionId";
    }

    @Override
    public Optional<Class<?>> typedInterface() {
        return Optional.of(ReportingServer.IReport.class);
    }

    @Override
    public long knownSession(Activator activator) {
        return 2;   // bob's RDP session, not the console: Session:N and Session:Console land in different sessions
    }

    @Override
    public void checkMemberResult(Object result, long session) {
        assertEquals(session, ((Number) result).longValue(), "the server reports the session it runs in");
    }
}
