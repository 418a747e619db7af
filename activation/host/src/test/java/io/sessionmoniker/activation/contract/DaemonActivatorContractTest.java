package io.sessionmoniker.activation.contract;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.host.HostClient;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract against a host daemon through its client backend ({@link ScmFixture}): the host behind a socket
 * behaves as the embedded one.
 */
class DaemonActivatorContractTest extends ScmFixture {

    @TempDir
    Path tmp;

    private int daemons;

    @Override
    public Activator openActivator() throws Exception {
        Path socket = tmp.resolve("d" + daemons++).resolve("host.sock");
        fixture.daemon(socket);
        return fixture.closeLater(HostClient.connect(socket));
    }
}
