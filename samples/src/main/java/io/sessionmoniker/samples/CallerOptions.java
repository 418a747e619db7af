package io.sessionmoniker.samples;

import io.sessionmoniker.activation.host.SessionManager;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SessionView;
import java.util.List;
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
        Principal principal = user == null ? Principal.system() : sessions.users().lookup(user)
                .orElseThrow(() -> new ParameterException(command.commandLine(), "--as " + user + ": no such user in the scenario (users: "
                        + String.join(", ", sessions.users().users().stream().map(Principal::name).toList()) + ")"));
        long session;
        if (fromSession != null) {
            if (fromSession < 0 || fromSession > 0xFFFF_FFFEL || sessions.session(fromSession).isEmpty()) {
                throw new ParameterException(command.commandLine(), "--from-session " + fromSession + ": there is no such session");
            }
            session = fromSession;
        } else if (principal.isSystem()) {
            session = 0;
        } else {
            List<SessionView> own = sessions.snapshot().sessionsOf(principal).stream()
                    .filter(s -> s.id() != 0).toList();
            session = own.isEmpty() ? 0 : own.get(0).id();
        }
        return Caller.local(principal, session);
    }
}
