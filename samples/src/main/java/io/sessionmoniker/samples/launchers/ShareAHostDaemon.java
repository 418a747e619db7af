package io.sessionmoniker.samples.launchers;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.Activators;
import io.sessionmoniker.activation.host.HostDaemon;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.server.ISessionInfo;
import java.nio.file.Files;
import java.nio.file.Path;

/** A host daemon on a socket, and two clients of it that bind to the one SessionInfo server of session 2. */
public final class ShareAHostDaemon {

    private ShareAHostDaemon() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path socket = Files.createTempDirectory("sessmon-sample-").resolve("run").resolve("host.sock");
        String name = "Session:2!new:10000013-0000-0000-0000-000000000001";
        ActivatorSettings daemon = ActivatorSettings.defaults().withHostSocket(socket);
        try (HostDaemon host = HostDaemon.start(Scenario.demo(), socket, SessionHost.Options.defaults());
             Activator one = Activators.open(daemon); Activator two = Activators.open(daemon);
             Activation<ISessionInfo> a = one.bind(name, ISessionInfo.class, ActivationOptions.defaults());
             Activation<ISessionInfo> b = two.bind(name, ISessionInfo.class, ActivationOptions.defaults())) {
            System.out.println(one.backend() + " clients share pid " + a.object().ProcessId() + " = "
                    + b.object().ProcessId() + " in session " + b.object().SessionId() + " of " + host.socket());
        }
    }
}
