package io.sessionmoniker.activation.contract;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.host.HostClient;
import io.sessionmoniker.activation.host.HostDaemon;
import io.sessionmoniker.activation.host.SessionHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract against a host daemon through its client backend ({@link ScmFixture}): the host behind a socket
 * behaves as the embedded one.
 */
class DaemonActivatorContractTest extends ScmFixture {

    @TempDir
    Path tmp;

    private final List<HostDaemon> daemons = new ArrayList<>();
    private final List<HostClient> clients = new ArrayList<>();

    @Override
    public Activator openActivator() throws Exception {
        Path socket = tmp.resolve("d" + daemons.size()).resolve("host.sock");
        HostDaemon daemon = HostDaemon.start(scenario(), socket, SessionHost.Options.defaults());
        daemons.add(daemon);
        track(daemon.host());
        HostClient client = HostClient.connect(socket);
        clients.add(client);
        return client;
    }

    @Override
    void closeLeg() {
        clients.forEach(HostClient::close);
        daemons.forEach(HostDaemon::close);
    }
}
