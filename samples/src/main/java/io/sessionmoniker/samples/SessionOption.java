package io.sessionmoniker.samples;

import io.sessionmoniker.moniker.Guid;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --session N}: the common case without the moniker syntax, as PsExec's {@code -i N} names a session. With
 * it, NAME is a class — a CLSID or a ProgID — and the display name becomes {@code Session:N!new:CLSID} or
 * {@code Session:N!@ProgID}; {@code N} may be {@code Console}.
 */
final class SessionOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--session", paramLabel = "N|Console",
            description = "run the class in session N (or the console's): NAME is then a CLSID or ProgID, as in"
                    + " 'activate SessionMoniker.SessionInfo --session 2'")
    String session;

    /** The display name to use: NAME itself, or the session moniker {@code --session} builds around the class. */
    String displayName(String name) {
        if (session == null) {
            return name;
        }
        String folded = name.toLowerCase(Locale.ROOT);
        if (name.contains("!") || folded.startsWith("session:") || folded.startsWith("new:")
                || folded.startsWith("clsid:")) {
            throw new ParameterException(command.commandLine(), "--session " + session + " takes a class as NAME (a"
                    + " CLSID or a ProgID such as SessionMoniker.SessionInfo), not the display name " + name);
        }
        String target = session.toLowerCase(Locale.ROOT).equals("console") ? "Console" : session;
        Optional<Guid> clsid = Guid.tryParse(name);
        return "Session:" + target + "!" + (clsid.isPresent() ? "new:" + clsid.get() : name.startsWith("@") ? name
                : "@" + name);
    }
}
