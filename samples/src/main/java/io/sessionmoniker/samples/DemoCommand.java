package io.sessionmoniker.samples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sessmon demo}: the tool's main job. It needs the embedded session host, which this build does not
 * contain yet, so it says so and exits with {@link ExitCodes#UNAVAILABLE}.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Start an embedded session host with demo sessions, activate the session-info server in"
                + " several sessions (by id, by Console, and with a console fallback) and print what ran where."
                + " Not yet available in this build.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("sessmon demo: not yet available: this build has no embedded session host;"
                + " try 'sessmon parse Session:3!clsid:10000013-0000-0000-0000-000000000001'");
        return ExitCodes.UNAVAILABLE;
    }
}
