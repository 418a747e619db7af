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
 * The fixture the embedded and daemon legs of the contract share: the test scenario {@code scm/scenario.json} (alice
 * at the console in session 1, bob in session 2) with the {@link ReportingServer} registered as an Interactive User
 * local server; real server processes, which every test ends.
 */
abstract class ScmFixture implements ActivatorContract {

    private final List<SessionHost> hosts = new ArrayList<>();
    private final List<ProcessHandle> servers = new ArrayList<>();

    /** Loads the scenario. */
    static Scenario scenario() throws Exception {
        return Scenario.load(Path.of(ScmFixture.class.getResource("/scm/scenario.json").toURI()));
    }

    /** Remembers a host, whose servers are checked when the test ends. */
    void track(SessionHost host) {
        hosts.add(host);
    }

    /** Closes what the leg opened, before the servers are checked. */
    abstract void closeLeg();

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
        collectServers();
    }

    private void collectServers() {
        for (SessionHost h : hosts) {
            h.serverPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(servers::add));
        }
    }

    @AfterEach
    void everyServerEnded() throws Exception {
        collectServers();
        closeLeg();
        for (ProcessHandle p : servers) {
            p.onExit().get(30, TimeUnit.SECONDS);
            assertTrue(!p.isAlive(), "server " + p.pid() + " outlived its host");
        }
    }
}
