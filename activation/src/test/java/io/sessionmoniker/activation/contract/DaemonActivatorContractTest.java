package io.sessionmoniker.activation.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.host.HostClient;
import io.sessionmoniker.activation.host.HostDaemon;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract against a host daemon through its client backend: the same scenario and server as
 * {@link EmbeddedActivatorContractTest}, with the host behind a socket, so that both behave the same.
 */
class DaemonActivatorContractTest implements ActivatorContract {

    @TempDir
    Path tmp;

    private final List<HostDaemon> daemons = new ArrayList<>();
    private final List<HostClient> clients = new ArrayList<>();
    private final List<ProcessHandle> servers = new ArrayList<>();

    @Override
    public Activator openActivator() throws Exception {
        Scenario scenario = Scenario.load(Path.of(DaemonActivatorContractTest.class.getResource("/scm/scenario.json")
                .toURI()));
        Path socket = tmp.resolve("d" + daemons.size()).resolve("host.sock");
        daemons.add(HostDaemon.start(scenario, socket, SessionHost.Options.defaults()));
        HostClient client = HostClient.connect(socket);
        clients.add(client);
        return client;
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
        return 2;
    }

    @Override
    public void checkMemberResult(Object result, long session) {
        assertEquals(session, ((Number) result).longValue(), "the server reports the session it runs in");
        for (HostDaemon d : daemons) {
            d.host().serverPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(servers::add));
        }
    }

    @AfterEach
    void everyServerEnded() throws Exception {
        clients.forEach(HostClient::close);
        for (HostDaemon d : daemons) {
            d.host().serverPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(servers::add));
            d.close();
        }
        for (ProcessHandle p : servers) {
            p.onExit().get(30, TimeUnit.SECONDS);
            assertTrue(!p.isAlive(), "server " + p.pid() + " outlived its daemon");
        }
    }
}
