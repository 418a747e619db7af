package io.sessionmoniker.samples;

import io.sessionmoniker.activation.host.HostClient;
import io.sessionmoniker.activation.host.SessionManager;
import io.sessionmoniker.policy.Caller;
import java.util.OptionalLong;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --as USER} and {@code --from-session N}: who the caller is. The default is SYSTEM in session 0 (a
 * service); {@code --as} makes the caller that user, in that user's first interactive session unless
 * {@code --from-session} says otherwise.
 */
final class CallerOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--as", paramLabel = "USER", description = "call as this user (default: SYSTEM, a service)")
    String user;

    @Option(names = "--from-session", paramLabel = "N",
            description = "the caller's session (default: 0 for SYSTEM, else the user's first interactive session)")
    Long fromSession;

    /** Resolves the caller against the host's accounts and sessions; failures are usage errors (exit 2). */
    Caller resolve(SessionManager sessions) {
        try {
            return sessions.caller(user, session());
        } catch (IllegalArgumentException e) {
            throw usage(e);
        }
    }

    /** Resolves the caller on a host daemon; failures are usage errors (exit 2). */
    Caller resolve(HostClient host) {
        try {
            return host.caller(user, session());
        } catch (IllegalArgumentException e) {
            throw usage(e);
        }
    }

    private OptionalLong session() {
        return fromSession == null ? OptionalLong.empty() : OptionalLong.of(fromSession);
    }

    private ParameterException usage(IllegalArgumentException e) {
        String option = e.getMessage().startsWith("there is no session") ? "--from-session " + fromSession
                : "--as " + user;
        return new ParameterException(command.commandLine(), option + ": " + e.getMessage(), e);
    }
}
