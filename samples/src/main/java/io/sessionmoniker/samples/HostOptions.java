package io.sessionmoniker.samples;

import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.Activators;
import io.sessionmoniker.activation.host.HostClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --host SOCKET} and {@code --backend NAME}: which activation backend a command uses — an embedded host
 * started for the command, the host daemon listening on SOCKET ({@code sessmon host start}), or Windows itself.
 * The default is Windows on Windows and an embedded host elsewhere; {@code --host} means the daemon.
 */
final class HostOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--host", paramLabel = "SOCKET",
            description = "use the host daemon listening on SOCKET (see 'sessmon host start') instead of an embedded"
                    + " host")
    Path socket;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "embedded, daemon (with --host) or windows; default: windows on Windows, else embedded")
    String backend;

    /** Whether a daemon is named. */
    boolean isSet() {
        return socket != null;
    }

    /** The backend to use: {@code embedded}, {@code daemon} or {@code windows}; a bad combination is exit 2. */
    String backend() {
        if (backend == null) {
            if (socket != null) {
                return "daemon";
            }
            try {
                return Activators.choose(ActivatorSettings.defaults()).name();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), e.getMessage(), e);
            }
        }
        String name = backend.toLowerCase(Locale.ROOT);
        if (!name.equals("embedded") && !name.equals("daemon") && !name.equals("windows")) {
            throw new ParameterException(command.commandLine(), "--backend " + backend
                    + ": the backends are embedded, daemon and windows");
        }
        if (name.equals("daemon") != (socket != null)) {
            throw new ParameterException(command.commandLine(), socket != null
                    ? "--host " + socket + " uses the daemon backend, not " + name
                    : "--backend daemon needs --host SOCKET");
        }
        if (name.equals("windows")) {
            try {
                Activators.choose(ActivatorSettings.defaults().withBackend("windows"));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), "--backend windows: " + e.getMessage(), e);
            }
        }
        return name;
    }

    /** Refuses {@code --config} with {@code --host}: a daemon has the scenario it was started with (exit 2). */
    void refuseScenario(ScenarioOptions scenario) {
        if (socket != null && scenario.config != null) {
            throw new ParameterException(command.commandLine(), "--config " + scenario.config + ": a host daemon"
                    + " has the scenario it was started with (give --config to 'sessmon host start' instead)");
        }
    }

    /** Connects to the daemon; the caller closes the client. */
    HostClient connect() throws IOException {
        return HostClient.connect(socket);
    }
}
