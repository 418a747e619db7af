package io.sessionmoniker.activation.contract;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.host.SessionHost;
import java.util.ArrayList;
import java.util.List;

/** The contract against the embedded session host, on every OS ({@link ScmFixture}). */
class EmbeddedActivatorContractTest extends ScmFixture {

    private final List<SessionHost> hosts = new ArrayList<>();

    @Override
    public Activator openActivator() throws Exception {
        SessionHost host = SessionHost.start(scenario(), SessionHost.Options.defaults());
        hosts.add(host);
        track(host);
        return host;
    }

    @Override
    void closeLeg() {
        hosts.forEach(SessionHost::close);
    }
}
