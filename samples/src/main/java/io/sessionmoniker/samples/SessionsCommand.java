package io.sessionmoniker.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.host.HostClient;
import io.sessionmoniker.activation.host.SessionManager;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.SessionView;
import io.sessionmoniker.policy.WtsState;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sessmon sessions}: lists the sessions like Windows' {@code query session}. */
@Command(name = "sessions",
        mixinStandardHelpOptions = true,
        description = "List the sessions like Windows' 'query session': SESSIONNAME USERNAME ID STATE TYPE DEVICE,"
                + " with '>' marking the caller's session.")
final class SessionsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ScenarioOptions scenario;

    @Mixin
    private CallerOptions callerOptions;

    @Mixin
    private HostOptions host;

    @Mixin
    private RemoteOptions remote;

    @Option(names = "--json", description = "print one JSON object on standard output")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Caller caller;
        SessionSnapshot snap;
        remote.refuseWithoutRemote();
        if (remote.isSet()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "sessions --remote: a remote host's"
                    + " sessions cannot be listed, because MS-DCOM has no session enumeration; name the session in"
                    + " the display name instead (sessmon activate Session:N!new:CLSID --remote " + remote.remote
                    + " --user USER)");
        }
        String backend = host.backend();
        if (backend.equals("windows")) {
            if (callerOptions.user != null || scenario.config != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--backend windows lists the"
                        + " machine's real sessions: --as and --config are for the embedded host and the daemon");
            }
            try (io.sessionmoniker.activation.Activator windows = io.sessionmoniker.activation.Activators.open(
                    io.sessionmoniker.activation.ActivatorSettings.defaults().withBackend("windows"))) {
                snap = windows.sessions().snapshot();
                caller = null;
            } catch (IOException e) {
                return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, HResult.E_FAIL,
                        e.getMessage());
            }
        } else if (backend.equals("daemon")) {
            host.refuseScenario(scenario);
            try (HostClient client = host.connect()) {
                caller = callerOptions.resolve(client);
                snap = client.sessions().snapshot();
            } catch (IOException e) {
                return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, HResult.RPC_S_SERVER_UNAVAILABLE,
                        e.getMessage());
            }
        } else {
            SessionManager sessions = scenario.load().sessionManager();
            caller = callerOptions.resolve(sessions);
            snap = sessions.snapshot();
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("consoleSessionId", snap.consoleSessionId().wireValue());
            ArrayNode list = o.putArray("sessions");
            for (SessionView s : snap.sessions()) {
                list.add(sessionJson(s));
            }
            out.println(Json.write(o));
        } else {
            out.print(queryText(snap, caller == null ? -1 : caller.session().orElse(-1)));
        }
        return ExitCodes.OK;
    }

    static ObjectNode sessionJson(SessionView s) {
        ObjectNode j = Json.object();
        j.put("id", s.id());
        j.put("name", s.name());
        if (s.user().isPresent()) {
            j.put("user", s.user().get().name());
        } else {
            j.putNull("user");
        }
        j.put("state", s.state().label());
        j.put("console", s.console());
        boolean listener = s.state() == WtsState.LISTEN;
        if (listener) {
            j.putNull("windowStation");
        } else {
            j.put("windowStation", SessionView.INTERACTIVE_WINDOW_STATION);
        }
        ArrayNode desktops = j.putArray("desktops");
        if (!listener) {
            SessionView.DESKTOPS.forEach(desktops::add);
        }
        return j;
    }

    /**
     * Formats the sessions as {@code query session} does: SESSIONNAME (in lower case, as {@code query session}
     * prints the window station names that {@code WTSEnumerateSessions} reports as "Console" or "RDP-Tcp#0"; none
     * for a disconnected session), USERNAME, ID, abbreviated STATE, TYPE and DEVICE, and {@code >} before the
     * caller's session. TYPE and DEVICE stay blank: the embedded host has no protocol driver or client device to
     * name, and current Windows leaves them blank for these sessions too. Lines carry no trailing blanks.
     */
    static String queryText(SessionSnapshot snap, long callerSession) {
        StringBuilder out = new StringBuilder();
        String format = "%s%-17s %-20s %5s  %-6s  %-10s  %s";
        out.append(String.format(Locale.ROOT, format, " ", "SESSIONNAME", "USERNAME", "ID", "STATE", "TYPE", "DEVICE")
                .stripTrailing()).append(System.lineSeparator());
        for (SessionView s : snap.sessions()) {
            String name = s.state() == WtsState.DISCONNECTED && s.id() != 0 ? "" : s.name().toLowerCase(Locale.ROOT);
            out.append(String.format(Locale.ROOT, format, s.id() == callerSession ? ">" : " ", name,
                    s.user().map(u -> u.name()).orElse(""), Long.toString(s.id()), shortState(s.state()), "", "")
                    .stripTrailing()).append(System.lineSeparator());
        }
        if (snap.consoleSessionId().equals(SessionId.NO_CONSOLE)) {
            out.append("(no session is attached to the console: it is switching)").append(System.lineSeparator());
        }
        return out.toString();
    }

    static String shortState(WtsState state) {
        return switch (state) {
            case ACTIVE -> "Active";
            case CONNECTED -> "Conn";
            case CONNECT_QUERY -> "ConnQ";
            case SHADOW -> "Shadow";
            case DISCONNECTED -> "Disc";
            case IDLE -> "Idle";
            case LISTEN -> "Listen";
            case RESET -> "Reset";
            case DOWN -> "Down";
            case INIT -> "Init";
        };
    }
}
