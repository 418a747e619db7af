package io.sessionmoniker.activation.contract;

import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.host.SessionHost;

/** The contract against the embedded session host, on every OS ({@link ScmFixture}). */
class EmbeddedActivatorContractTest extends ScmFixture {

    @Override
    public Activator openActivator() throws Exception {
        return fixture.start(scenario(), SessionHost.Options.defaults());
    }
}
