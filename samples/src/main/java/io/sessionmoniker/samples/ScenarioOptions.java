package io.sessionmoniker.samples;

import io.sessionmoniker.activation.host.ClassRegistry;
import io.sessionmoniker.activation.host.RegFileFormatException;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.ScenarioException;
import io.sessionmoniker.activation.host.SessionHost;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --config FILE}: the scenario a command runs against; the built-in demo scenario without it. A scenario
 * or registry file that cannot be used is a usage error (exit 2) whose message names the file and the field.
 */
final class ScenarioOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--config", paramLabel = "FILE",
            description = "scenario file (JSON); default: the built-in demo scenario")
    Path config;

    /** The scenario. */
    Scenario load() {
        try {
            return config == null ? Scenario.demo() : Scenario.load(config);
        } catch (ScenarioException | RegFileFormatException e) {
            throw usage(e);
        }
    }

    /** The scenario's class registry. */
    ClassRegistry registry(Scenario scenario) {
        try {
            return scenario.classRegistry(Map.of());
        } catch (ScenarioException | RegFileFormatException e) {
            throw usage(e);
        }
    }

    /** Closes the embedded host if the JVM is stopped (SIGINT, SIGTERM) before the command closes it. */
    private Thread shutdownHook;

    /**
     * An embedded host on the scenario; the caller closes it and then calls {@link #hostClosed()}. Until then a
     * SIGINT or SIGTERM of this process ends the host's servers and removes its temporary directory.
     */
    SessionHost startHost(Scenario scenario) throws IOException {
        SessionHost host;
        try {
            host = SessionHost.start(scenario, SessionHost.Options.defaults());
        } catch (ScenarioException | RegFileFormatException e) {
            throw usage(e);
        }
        shutdownHook = new Thread(host::close, "sessmon-embedded-host-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        return host;
    }

    /** The host from {@link #startHost} is closed: a signal has nothing left to clean up. */
    void hostClosed() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs, and closing a closed host does nothing
            }
            shutdownHook = null;
        }
    }

    private ParameterException usage(RuntimeException e) {
        return new ParameterException(command.commandLine(), e.getMessage(), e);
    }
}
