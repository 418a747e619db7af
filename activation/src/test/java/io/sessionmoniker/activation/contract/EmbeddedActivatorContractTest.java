package io.sessionmoniker.activation.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.host.ReportingServer;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.moniker.Guid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract against the embedded session host, on every OS: the test scenario {@code scm/scenario.json} (alice at
 * the console in session 1, bob in session 2) with the {@link ReportingServer} registered as an Interactive User
 * local server; real server processes, which every test ends.
 */
class EmbeddedActivatorContractTest implements ActivatorContract {

    private final List<SessionHost> hosts = new ArrayList<>();
    private final List<ProcessHandle> servers = new ArrayList<>();

    @Override
    public Activator openActivator() throws Exception {
        Scenario scenario = Scenario.load(Path.of(EmbeddedActivatorContractTest.class.getResource("/scm/scenario.json")
                .toURI()));
        SessionHost host = SessionHost.start(scenario, SessionHost.Options.defaults());
        hosts.add(host);
        return host;
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
        for (SessionHost h : hosts) {
            h.serverPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(servers::add));
        }
    }

    @AfterEach
    void everyServerEnded() throws Exception {
        for (SessionHost h : hosts) {
            h.serverPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(servers::add));
            h.close();
        }
        for (ProcessHandle p : servers) {
            p.onExit().get(30, TimeUnit.SECONDS);
            assertTrue(!p.isAlive(), "server " + p.pid() + " outlived its host");
        }
    }
}
