package io.sessionmoniker.samples;

import io.sessionmoniker.activation.host.HostClient;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --host SOCKET}: use the host daemon listening on SOCKET ({@code sessmon host start}) instead of an embedded
 * host started for this command.
 */
final class HostOptions {

    @Option(names = "--host", paramLabel = "SOCKET",
            description = "use the host daemon listening on SOCKET (see 'sessmon host start') instead of an embedded"
                    + " host")
    Path socket;

    /** Whether a daemon is named. */
    boolean isSet() {
        return socket != null;
    }

    /** Connects to the daemon; the caller closes the client. */
    HostClient connect() throws IOException {
        return HostClient.connect(socket);
    }
}
