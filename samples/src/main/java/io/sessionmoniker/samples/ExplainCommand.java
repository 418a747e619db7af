package io.sessionmoniker.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.host.ActivationPlanner;
import io.sessionmoniker.activation.host.ClassRegistry;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.HostClient;
import io.sessionmoniker.activation.host.SessionManager;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Decision;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sessmon explain NAME}: the RunAs policy's decision and its trace, without launching anything. */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = "Show which session and identity an activation of NAME would run in, or why it would be"
                + " refused, with every rule applied. Launches nothing. Exit code 4 when the decision is not to"
                + " activate.")
final class ExplainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "the display name, e.g. Session:2!clsid:10000013-0000-0000-0000-000000000001")
    private String name;

    @Mixin
    private ScenarioOptions scenario;

    @Mixin
    private CallerOptions callerOptions;

    @Mixin
    private HostOptions host;

    @Mixin
    private SessionOption sessionOption;

    @Option(names = "--json", description = "print one JSON object on standard output")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        name = sessionOption.displayName(name);
        if (host.backend != null && host.backend.equalsIgnoreCase("windows")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--backend windows: explain shows"
                    + " this project's RunAs decision; Windows decides by itself and does not explain");
        }
        if (host.isSet()) {
            host.backend();   // checks --backend against --host
            host.refuseScenario(scenario);
            return onDaemon(out, err);
        }
        Scenario loaded = scenario.load();
        SessionManager sessions = loaded.sessionManager();
        ClassRegistry registry = scenario.registry(loaded);
        Caller caller = callerOptions.resolve(sessions);
        ActivationPlanner planner = new ActivationPlanner(sessions, registry, loaded.settings(), sessions.users());
        ActivationPlanner.Plan plan;
        try {
            plan = planner.plan(name, caller);
        } catch (MonikerSyntaxException e) {
            return failure(out, err, e, ExitCodes.SYNTAX);
        } catch (ComException e) {
            return failure(out, err, e, ExitCodes.ACTIVATION);
        }
        Decision d = plan.decision();
        if (json) {
            out.println(Json.write(decisionJson(d)));
        } else {
            out.println(plan.moniker().displayName());
            out.println("  class     " + plan.registration().clsid().toBracedString()
                    + (plan.registration().name().isEmpty() ? "" : " \"" + plan.registration().name() + "\""));
            print(out, d);
        }
        return d.isAllowed() ? ExitCodes.OK : ExitCodes.ACTIVATION;
    }

    /** The same on a host daemon: its scenario, sessions and registry decide. */
    private int onDaemon(PrintWriter out, PrintWriter err) {
        Decision d;
        try (HostClient client = host.connect()) {
            d = client.explain(name, callerOptions.resolve(client));
        } catch (IOException e) {
            return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, HResult.RPC_S_SERVER_UNAVAILABLE,
                    e.getMessage(), o -> o.put("allowed", false));
        } catch (MonikerSyntaxException e) {
            return failure(out, err, e, ExitCodes.SYNTAX);
        } catch (ComException e) {
            return failure(out, err, e, ExitCodes.ACTIVATION);
        }
        if (json) {
            out.println(Json.write(decisionJson(d)));
        } else {
            out.println(name);
            print(out, d);
        }
        return d.isAllowed() ? ExitCodes.OK : ExitCodes.ACTIVATION;
    }

    private static void print(PrintWriter out, Decision d) {
        out.println("  decision  " + summary(d));
        out.println("  trace");
        List<String> trace = d.trace();
        for (int i = 0; i < trace.size(); i++) {
            out.printf("    %2d. %s%n", i + 1, trace.get(i));
        }
    }

    private int failure(PrintWriter out, PrintWriter err, ComException e, int exit) {
        if (json) {
            ObjectNode o = Json.object();
            o.put("allowed", false);
            o.put("hresult", e.hresultHex());
            o.put("error", e.errorName());
            if (e instanceof MonikerSyntaxException s) {
                o.put("eaten", s.eaten());
            }
            o.put("message", e.getMessage());
            ArrayNode trace = o.putArray("trace");
            stepsBeforeTheDecision(e).forEach(trace::add);
            o.put("ok", false);   // the success flag every command has
            out.println(Json.write(o));
        } else {
            err.println("sessmon explain: " + e.errorName() + " (" + e.hresultHex() + "): " + e.getMessage());
            stepsBeforeTheDecision(e).forEach(line -> err.println("    " + line));
        }
        return exit;
    }

    /**
     * The trace of a failure found before the policy decides: the step of the pipeline that failed and why, so that
     * every denial explains itself.
     *
     * @param e the failure
     * @return one line naming the step
     */
    static List<String> stepsBeforeTheDecision(ComException e) {
        String step;
        if (e instanceof MonikerSyntaxException) {
            step = "parse the display name";
        } else if (e.hresult() == HResult.REGDB_E_CLASSNOTREG) {
            step = "look the class up in the registry";
        } else if (e.hresult() == HResult.MK_E_NOOBJECT) {
            step = "find the class the name names";
        } else {
            step = "activate";
        }
        return List.of(step + ": failed with " + e.errorName() + ": " + e.getMessage());
    }

    static ObjectNode decisionJson(Decision d) {
        ObjectNode o = Json.object();
        o.put("allowed", d.isAllowed());
        switch (d.outcome()) {
            case ALLOWED -> {
                o.put("session", d.sessionId());
                o.put("user", d.user().name());
                o.put("identity", d.identity().label());
                o.put("fallback", d.fallback());
                o.put("windowStation", d.windowStation());
                o.put("desktop", d.desktop());
                o.put("mayLaunch", d.mayLaunch());
            }
            case DENIED -> {
                o.put("hresult", io.sessionmoniker.moniker.HResult.format(d.hresult()));
                o.put("error", d.errorName());
                o.put("message", d.reason());
            }
            case WAIT_FOR_CONSOLE -> o.put("waitForConsole", true);
            default -> throw new IllegalStateException(d.outcome().toString());
        }
        ArrayNode trace = o.putArray("trace");
        d.trace().forEach(trace::add);
        o.put("ok", d.isAllowed());   // the success flag every command has; "allowed" is the decision's
        return o;
    }

    static String summary(Decision d) {
        return switch (d.outcome()) {
            case ALLOWED -> "allowed: session " + d.sessionId() + " as " + d.user().name() + " ("
                    + d.identity().label() + "), " + d.windowStation() + "\\" + d.desktop()
                    + (d.fallback() ? ", console fallback" : "") + (d.mayLaunch() ? "" : ", bind only (no launch)");
            case DENIED -> "denied: " + d.errorName() + " (" + io.sessionmoniker.moniker.HResult.format(d.hresult())
                    + "): " + d.reason();
            case WAIT_FOR_CONSOLE -> "wait: no session is attached to the console; an activation would wait for it";
        };
    }
}
