package io.sessionmoniker.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.host.ActivationPlanner;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Decision;
import io.sessionmoniker.policy.HostSettings;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.server.ISessionInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sessmon demo}: the main job. Starts an embedded session host on the demo scenario, activates the
 * SessionInfo server by session id, by {@code Console}, with no session from a service caller (console
 * fallback), and by a listener session (refused, then the fallback), calls each instance for its own report,
 * prints what ran where, and ends every server it started.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Start an embedded session host with the demo sessions, activate the SessionInfo server in"
                + " several sessions (by id, by Console, with a console fallback, and into a listener), call it, and"
                + " print what ran where. Every server started is ended before the command returns.")
final class DemoCommand implements Callable<Integer> {

    static final String SESSION_INFO = "10000013-0000-0000-0000-000000000001";

    @Spec
    private CommandSpec spec;

    @Mixin
    private ScenarioOptions scenario;

    @Option(names = "--json", description = "print one JSON object on standard output")
    private boolean json;

    @Option(names = "--print-scenario", description = "print the demo scenario's JSON (to copy and change) and exit;"
            + " its registry is demo.reg, which --export-scenario writes beside it")
    private boolean printScenario;

    @Option(names = "--export-scenario", paramLabel = "DIR", description = "write the demo scenario"
            + " (demo-scenario.json and its registry demo.reg) into DIR, for --config DIR/demo-scenario.json, and exit;"
            + " existing files are not replaced")
    private Path exportScenario;

    /** One line of the result table. */
    record Row(String name, String caller, Activation<ISessionInfo> activation, int session, String user,
            String desktop, int pid, ComException failure, String reason) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (printScenario || exportScenario != null) {
            return showScenario(out);
        }
        Scenario loaded = scenario.load();
        List<Row> rows = new ArrayList<>();
        long started;
        boolean unexpected = false;
        try (SessionHost host = scenario.startHost(loaded)) {
            Caller system = Caller.local(Principal.system(), 0);
            rows.add(run(host, "Session:2!new:" + SESSION_INFO, system));
            rows.add(run(host, "Session:Console!new:" + SESSION_INFO, system));
            rows.add(run(host, "new:" + SESSION_INFO, system));
            // a listener has no user: refused with fallback=none, as Windows refuses …
            ActivationPlanner strict = new ActivationPlanner(host.sessions(), host.registry(),
                    new HostSettings(HostSettings.Fallback.NONE, loaded.settings().crossSession()),
                    host.sessions().users());
            Decision refused = strict.plan("Session:65536!new:" + SESSION_INFO, system).decision();
            rows.add(new Row("Session:65536!new:" + SESSION_INFO, "SYSTEM", null, -1, "", "", -1,
                    refused.toException().map(ComException.class::cast).orElse(null),
                    "with fallback=none: " + (refused.isAllowed() ? "allowed" : refused.reason())));
            // … and falls back to the console when the host allows it
            rows.add(run(host, "Session:65536!new:" + SESSION_INFO, system));
            Caller bob = Caller.local(host.sessions().users().lookup("bob").orElseThrow(), 2);
            rows.add(run(host, "new:" + SESSION_INFO, bob));
            for (Row r : rows) {
                if (r.activation() != null) {
                    ((ComObject) r.activation().object()).close();
                }
            }
            started = rows.stream().filter(r -> r.activation() != null).map(Row::pid).distinct().count();
            unexpected = rows.stream().filter(r -> !r.reason().startsWith("with fallback=none"))
                    .anyMatch(r -> r.failure() != null);
        } catch (IOException e) {
            return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, io.sessionmoniker.moniker.HResult.E_FAIL,
                    "cannot start the session host: " + e.getMessage());
        } finally {
            scenario.hostClosed();
        }
        long left = rows.stream().filter(r -> r.activation() != null).map(Row::pid).distinct()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).count();
        unexpected |= left > 0;
        if (json) {
            ObjectNode o = Json.object();
            o.put("ok", !unexpected);
            ArrayNode list = o.putArray("activations");
            for (Row r : rows) {
                ObjectNode j = list.addObject();
                j.put("displayName", r.name());
                j.put("caller", r.caller());
                if (r.failure() != null) {
                    j.put("ok", false);
                    j.put("hresult", r.failure().hresultHex());
                    j.put("error", r.failure().errorName());
                    j.put("message", r.failure().getMessage());
                } else {
                    j.put("ok", true);
                    j.put("session", r.session());
                    j.put("user", r.user());
                    j.put("desktop", r.desktop());
                    j.put("pid", r.pid());
                    j.put("launched", r.activation().launched());
                    j.put("fallback", r.activation().decision().orElseThrow().fallback());
                    j.put("reason", r.reason());
                }
            }
            o.put("serversStarted", started);
            o.put("serversLeftRunning", left);
            out.println(Json.write(o));
        } else {
            String format = "%-56s %-7s %7s  %-6s %-16s %7s  %-8s  %s%n";
            out.printf(Locale.ROOT, format, "DISPLAY NAME", "CALLER", "SESSION", "USER", "DESKTOP", "PID", "SERVER", "WHY");
            for (Row r : rows) {
                if (r.failure() != null) {
                    out.printf(Locale.ROOT, format, r.name(), r.caller(), "-", "-", "-", "-", "refused",
                            r.failure().errorName() + " " + r.reason());
                } else {
                    out.printf(Locale.ROOT, format, r.name(), r.caller(), r.session(), r.user(), r.desktop(), r.pid(),
                            r.activation().launched() ? "launched" : "reused", r.reason());
                }
            }
            out.printf(Locale.ROOT, "%nSession, user, desktop and pid are what each server process reported about"
                    + " itself. %d server process(es) started; %s.%n", started,
                    left == 0 ? "none is left running" : left + " still running");
        }
        return unexpected ? ExitCodes.ACTIVATION : ExitCodes.OK;
    }

    /** {@code --print-scenario} and {@code --export-scenario DIR}. */
    private int showScenario(PrintWriter out) {
        if (printScenario && exportScenario != null) {
            throw new ParameterException(spec.commandLine(), "--print-scenario and --export-scenario: give one");
        }
        if (scenario.config != null) {
            throw new ParameterException(spec.commandLine(), "--config " + scenario.config + ": the built-in demo"
                    + " scenario is the one printed; yours is already a file");
        }
        Map<String, byte[]> files = Scenario.demoFiles();
        if (printScenario) {
            out.print(new String(files.get("demo-scenario.json"), StandardCharsets.UTF_8));
            out.flush();
            return ExitCodes.OK;
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(exportScenario);
            for (String name : files.keySet()) {
                if (Files.exists(exportScenario.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    throw new ParameterException(spec.commandLine(), "--export-scenario " + exportScenario + ": "
                            + exportScenario.resolve(name) + " exists and is left as it is; choose an empty directory");
                }
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = exportScenario.resolve(f.getKey());
                Files.write(target, f.getValue(), StandardOpenOption.CREATE_NEW);
                written.add(target);
            }
        } catch (IOException e) {
            return Failures.report(spec.commandLine(), json, ExitCodes.INTERNAL_ERROR, io.sessionmoniker.moniker.HResult.E_FAIL,
                    "cannot write the demo scenario into " + exportScenario + ": " + e.getMessage());
        }
        Path config = exportScenario.resolve("demo-scenario.json");
        if (json) {
            ObjectNode o = Json.object();
            o.put("ok", true);
            ArrayNode list = o.putArray("files");
            written.forEach(p -> list.add(p.toString()));
            out.println(Json.write(o));
        } else {
            written.forEach(p -> out.println("wrote " + p));
            out.println("use it with: sessmon demo --config " + config);
        }
        return ExitCodes.OK;
    }

    private static Row run(SessionHost host, String name, Caller caller) {
        String who = caller.principal().name();
        try {
            Activation<ISessionInfo> a = host.activate(name, caller, ISessionInfo.class);
            ISessionInfo info = a.object();
            return new Row(name, who, a, info.SessionId(), info.UserName(),
                    info.WindowStation() + "\\" + info.Desktop(), info.ProcessId(), null, reason(a.decision().orElseThrow()));
        } catch (ComException e) {
            return new Row(name, who, null, -1, "", "", -1, e, e.getMessage());
        }
    }

    /** The trace line that says why this session was chosen. */
    static String reason(Decision d) {
        for (String prefix : new String[] {"falls back", "Session:Console resolves", "no session moniker",
            "session moniker names"}) {
            for (String line : d.trace()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }
        return d.trace().isEmpty() ? "" : d.trace().get(d.trace().size() - 1);
    }
}
