package io.sessionmoniker.samples;

import io.sessionmoniker.activation.host.Scenario;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}: the scenario a command runs against; the built-in demo scenario without it. */
final class ScenarioOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "scenario file (JSON); default: the built-in demo scenario")
    Path config;

    Scenario load() {
        return config == null ? Scenario.demo() : Scenario.load(config);
    }
}
