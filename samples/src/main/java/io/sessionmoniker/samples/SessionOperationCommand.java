package io.sessionmoniker.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.host.HostClient;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The session operations on a running host daemon: {@code sessmon logon USER}, {@code logoff ID},
 * {@code disconnect ID}, {@code connect ID}, {@code console ID}, each with {@code --host SOCKET}.
 */
abstract class SessionOperationCommand extends HostCommand.OnDaemon {

    /** The operation's name on the daemon. */
    abstract String operation();

    /** Its argument: the user name or the session id. */
    abstract String argument();

    /** What was done, for the human output. */
    abstract String done(long session);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HostClient client = HostClient.connect(socket.path)) {
            long session = client.sessionOperation(operation(), argument());
            if (json) {
                ObjectNode o = Json.object();
                o.put("ok", true);
                o.put("operation", operation());
                o.put("session", session);
                out.println(Json.write(o));
            } else {
                out.println(done(session));
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, HResult.RPC_S_SERVER_UNAVAILABLE,
                    e.getMessage(), o -> o.put("operation", operation()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (ComException e) {
            if (e.hresult() == HResult.E_INVALIDARG && usesUserArgument()) {
                // a USER the daemon cannot log on (unknown, or SYSTEM): a usage error, as --as is
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            // the session refuses (it is session 0, a listener, already disconnected, …): exit 4 with the HRESULT
            return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, e, List.of(),
                    o -> o.put("operation", operation()));
        }
    }

    /** Whether the argument is a user name (logon) rather than a session id. */
    boolean usesUserArgument() {
        return false;
    }

    /** {@code sessmon logon USER}. */
    @Command(name = "logon", mixinStandardHelpOptions = true,
            description = "Log USER on to a new session of the host daemon (or reconnect the user's session).")
    static final class Logon extends SessionOperationCommand {
        @Parameters(index = "0", paramLabel = "USER", description = "a user of the daemon's scenario")
        String user;

        @Override
        String operation() {
            return "logon";
        }

        @Override
        String argument() {
            return user;
        }

        @Override
        String done(long session) {
            return user + " logged on: session " + session;
        }

        @Override
        boolean usesUserArgument() {
            return true;
        }
    }

    /** A command whose argument is a session id. */
    abstract static class OnSession extends SessionOperationCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the session id")
        long id;

        private final String operation;
        private final String outcome;

        OnSession(String operation, String outcome) {
            this.operation = operation;
            this.outcome = outcome;
        }

        @Override
        String operation() {
            return operation;
        }

        @Override
        String argument() {
            return Long.toString(id);
        }

        @Override
        String done(long session) {
            return "session " + session + " " + outcome;
        }
    }

    /** {@code sessmon logoff ID}. */
    @Command(name = "logoff", mixinStandardHelpOptions = true,
            description = "Log the user of session ID off; the session's servers are ended and their proxies"
                    + " disconnected. The console session keeps existing without a user.")
    static final class Logoff extends OnSession {
        Logoff() {
            super("logoff", "logged off");
        }
    }

    /** {@code sessmon disconnect ID}. */
    @Command(name = "disconnect", mixinStandardHelpOptions = true,
            description = "Disconnect session ID; its user and servers stay.")
    static final class Disconnect extends OnSession {
        Disconnect() {
            super("disconnect", "disconnected");
        }
    }

    /** {@code sessmon connect ID}. */
    @Command(name = "connect", mixinStandardHelpOptions = true,
            description = "Reconnect disconnected session ID.")
    static final class Connect extends OnSession {
        Connect() {
            super("connect", "connected");
        }
    }

    /** {@code sessmon console ID}. */
    @Command(name = "console", mixinStandardHelpOptions = true,
            description = "Attach session ID to the physical console (as a console switch does).")
    static final class Console extends OnSession {
        Console() {
            super("console", "is now the console session");
        }
    }

    /** {@code sessmon lock ID}. */
    @Command(name = "lock", mixinStandardHelpOptions = true,
            description = "Lock session ID (as Win+L does); its user and servers stay.")
    static final class Lock extends OnSession {
        Lock() {
            super("lock", "locked");
        }
    }

    /** {@code sessmon unlock ID}. */
    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Unlock locked session ID.")
    static final class Unlock extends OnSession {
        Unlock() {
            super("unlock", "unlocked");
        }
    }

    /** {@code sessmon reset ID}. */
    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Reset session ID (as Windows' 'reset session' does): its user is logged off and its"
                    + " servers ended; the session itself goes, unless it is the console's, which stays without a user.")
    static final class Reset extends OnSession {
        Reset() {
            super("reset", "reset");
        }
    }
}
