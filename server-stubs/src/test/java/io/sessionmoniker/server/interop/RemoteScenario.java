package io.sessionmoniker.server.interop;

import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.remote.AuthenticationLevel;
import io.sessionmoniker.activation.remote.RemoteCredentials;
import io.sessionmoniker.activation.remote.RemoteHost;
import io.sessionmoniker.activation.remote.RemoteSettings;
import io.sessionmoniker.policy.SecurityDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scenario the remote backend's tests activate on: the demo's users (with passwords) and sessions — alice, an
 * administrator, at the console in session 1; bob in session 2; carol's disconnected session 3 — and SessionInfo as an
 * Interactive User server that administrators may call, on a host listening for DCOM on a loopback port the system
 * picks.
 */
final class RemoteScenario {

    static final String SESSION_INFO = InteropFiles.SESSION_INFO;

    private RemoteScenario() {
    }

    /**
     * Writes the scenario into a directory.
     *
     * @param dir the directory
     * @param dcom extra members of the scenario's {@code dcom} object, such as {@code "minimumAuthnLevel":
     *     "connect"}, or empty
     * @return the scenario file
     * @throws IOException if it cannot be written
     */
    static Path write(Path dir, String dcom) throws IOException {
        Files.createDirectories(dir);
        InteropFiles.sessionInfoReg(dir.resolve("classes.reg"), InteropFiles.DEMO_LAUNCH, SecurityDescriptor.parse(
                "O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;BA)"));
        Path file = dir.resolve("scenario.json");
        Files.writeString(file, """
                {
                  "users": [
                    {"name": "alice", "groups": ["Administrators"], "password": "demo-alice"},
                    {"name": "bob", "groups": ["Distributed COM Users"], "password": "demo-bob"},
                    {"name": "carol", "groups": ["Distributed COM Users"], "password": "demo-carol"}
                  ],
                  "sessions": [
                    {"id": 0, "name": "Services", "state": "Disconnected"},
                    {"id": 1, "name": "Console", "user": "alice", "state": "Active", "console": true},
                    {"id": 2, "name": "RDP-Tcp#0", "user": "bob", "state": "Active"},
                    {"id": 3, "name": "RDP-Tcp#1", "user": "carol", "state": "Disconnected"}
                  ],
                  "registry": ["classes.reg"],
                  "policy": {"fallback": "console", "crossSession": "admins"},
                  "dcom": {"listen": "127.0.0.1:0"%s}
                }
                """.formatted(dcom.isEmpty() ? "" : ", " + dcom));
        return file;
    }

    /** Loads a scenario written by {@link #write}. */
    static Scenario load(Path file) throws Exception {
        return Scenario.load(file);
    }

    /**
     * Returns the settings that reach a host's DCOM side as a user.
     *
     * @param host the host
     * @param user the user
     * @param password the password
     * @param level the authentication level
     * @return the settings
     */
    static ActivatorSettings settings(SessionHost host, String user, String password, AuthenticationLevel level) {
        InetSocketAddress at = host.dcomAddress().orElseThrow();
        return ActivatorSettings.defaults()
                .with(RemoteSettings.HOST, new RemoteHost(at.getHostString(), at.getPort()))
                .with(RemoteSettings.CREDENTIALS, RemoteCredentials.password("", user, password.toCharArray()))
                .with(RemoteSettings.AUTHENTICATION_LEVEL, level);
    }
}
