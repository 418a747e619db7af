package io.sessionmoniker.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.Activators;
import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.host.HostClient;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.policy.ActivationDeniedException;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Decision;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sessmon activate NAME [--call METHOD ARG…]}: activates in an embedded host, optionally calls by name. */
@Command(name = "activate",
        mixinStandardHelpOptions = true,
        description = "Activate NAME in an embedded session host, the host daemon given by --host, or on another"
                + " host over DCOM with --remote (launching its server in the decided session), and with --call create an instance if needed and invoke METHOD by name through IDispatch. The"
                + " servers an embedded host started are ended before the command returns. On a daemon, a server lives while"
                + " some client holds one of its objects: this command releases its own before it returns, so the"
                + " next one starts a new server unless another client holds one.")
final class ActivateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the display name")
    private String name;

    @Mixin
    private ScenarioOptions scenario;

    @Mixin
    private CallerOptions callerOptions;

    @Mixin
    private HostOptions host;

    @Mixin
    private SessionOption sessionOption;

    @Mixin
    private RemoteOptions remote;

    @Option(names = "--call", paramLabel = "METHOD", description = "invoke METHOD by name on the instance")
    private String method;

    @Parameters(index = "1..*", paramLabel = "ARG",
            description = "arguments for --call: integers, decimals, true/false, anything else a string")
    private List<String> args = new ArrayList<>();

    @Option(names = "--json", description = "print one JSON object on standard output")
    private boolean json;

    @Override
    @SuppressWarnings("try")   // the hook resource is there to be closed, not used
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (method == null && !args.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "arguments " + args + " need --call METHOD");
        }
        name = sessionOption.displayName(name);
        Activator activator;
        Caller caller;
        remote.refuseWithoutRemote();
        String backend;
        if (remote.isSet()) {
            if (host.socket != null || host.backend != null && !host.backend.equalsIgnoreCase("remote")
                    || callerOptions.user != null || callerOptions.fromSession != null || scenario.config != null) {
                throw new ParameterException(spec.commandLine(), "--remote activates on another host as --user:"
                        + " --host, --backend, --as, --from-session and --config are for the local backends");
            }
            backend = "remote";
        } else {
            backend = host.backend();
        }
        try {
            if (backend.equals("remote")) {
                activator = Activators.open(remote.settings());
                caller = null;
            } else if (backend.equals("windows")) {
                if (callerOptions.user != null || callerOptions.fromSession != null || scenario.config != null) {
                    throw new ParameterException(spec.commandLine(), "--backend windows activates as this process's"
                            + " own user in its own session, in the machine's registry: --as, --from-session and"
                            + " --config are for the embedded host and the daemon");
                }
                activator = Activators.open(ActivatorSettings.defaults().withBackend("windows"));
                caller = null;
            } else if (backend.equals("daemon")) {
                host.refuseScenario(scenario);
                HostClient client = host.connect();
                activator = client;
                caller = resolve(client);
            } else {
                SessionHost embedded = scenario.startHost(scenario.load());
                activator = embedded;
                caller = resolve(embedded);
            }
        } catch (IOException e) {
            return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, backend.equals("daemon")
                    || backend.equals("remote") ? HResult.RPC_S_SERVER_UNAVAILABLE : HResult.E_FAIL, e.getMessage());
        }
        // closed in reverse order: the activator (an embedded host ends its servers), then its shutdown hook goes
        try (Closed hook = scenario::hostClosed; activator) {
            ActivationOptions options = caller == null ? ActivationOptions.defaults()
                    : ActivationOptions.defaults().withCaller(caller);
            Object result = null;
            Activation<?> a;
            if (method != null) {
                Activation<LateBound> late = activator.bind(name, LateBound.class, options);
                a = late;
                try (late) {
                    result = late.object().invoke(method, args.stream().map(ActivateCommand::convert).toArray());
                } catch (ComException callFailed) {
                    // the activation worked: say where the server ran, then why the call failed
                    return callFailure(out, err, late, activator.backend(), callFailed);
                }
            } else {
                // the moniker says whether it names an instance (new:); clsid: and ProgIDs bind the class object, as
                // on Windows. A name the plain parser cannot read (a ProgID, a syntax error) goes to the backend as
                // it is, which resolves it or reports the error
                boolean instance = Moniker.tryParse(name).map(Moniker::createsInstance).orElse(false);
                a = instance ? activator.bind(name, LateBound.class, options)
                        : activator.bind(name, ClassObject.class, options);
                a.close();
            }
            ObjectNode o = Json.object();
            o.put("ok", true);
            // Windows reports none of the decision: those fields are null there
            Decision decision = a.decision().orElse(null);
            if (decision != null) {
                o.put("session", decision.sessionId());
                o.put("user", decision.user().name());
                o.put("windowStation", decision.windowStation());
                o.put("desktop", decision.desktop());
            } else {
                for (String f : new String[] {"session", "user", "windowStation", "desktop"}) {
                    o.putNull(f);
                }
            }
            if (a.pid().isPresent()) {
                o.put("pid", a.pid().getAsLong());
            } else {
                o.putNull("pid");
            }
            o.put("launched", a.launched());
            o.put("fallback", decision != null && decision.fallback());
            ArrayNode trace = o.putArray("trace");
            if (decision != null) {
                decision.trace().forEach(trace::add);
            }
            if (method != null) {
                ObjectNode call = o.putObject("call");
                call.put("method", method);
                call.set("result", Json.value(result));
            }
            o.put("backend", activator.backend());   // an addition to the contract's fields, after them
            if (json) {
                out.println(Json.write(o));
            } else {
                if (decision != null) {
                    out.printf(Locale.ROOT, "%s%n  ran in   session %d as %s on %s\\%s, pid %d (%s)%s%n", name,
                            decision.sessionId(), decision.user().name(), decision.windowStation(),
                            decision.desktop(), a.pid().orElse(-1), a.launched() ? "launched" : "reused",
                            decision.fallback() ? ", console fallback" : "");
                } else {
                    out.printf(Locale.ROOT, "%s%n  bound by %s (it reports no session, user or pid)%n", name,
                            activator.backend());
                }
                if (method != null) {
                    out.println("  " + method + "  → " + (result instanceof String text ? text
                            : Json.value(result).toString()));
                }
            }
            return ExitCodes.OK;
        } catch (MonikerSyntaxException e) {
            return failure(out, err, e, ExplainCommand.stepsBeforeTheDecision(e), ExitCodes.SYNTAX);
        } catch (ActivationDeniedException e) {
            return failure(out, err, e, e.trace(), ExitCodes.ACTIVATION);
        } catch (ComException e) {
            return failure(out, err, e, ExplainCommand.stepsBeforeTheDecision(e), ExitCodes.ACTIVATION);
        }
    }

    /** Runs after the activator closes, in try-with-resources order. */
    private interface Closed extends AutoCloseable {
        @Override
        void close();
    }

    private Caller resolve(SessionHost embedded) {
        try {
            return callerOptions.resolve(embedded.sessions());
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
    }

    private Caller resolve(HostClient client) {
        try {
            return callerOptions.resolve(client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private int failure(PrintWriter out, PrintWriter err, ComException e, List<String> trace, int exit) {
        return Failures.report(spec.commandLine(), json, exit, e, trace, o -> {
            ArrayNode t = o.putArray("trace");
            trace.forEach(t::add);
        });
    }

    /** A call that failed on an activated server: the failure, with where that server ran. */
    private int callFailure(PrintWriter out, PrintWriter err, Activation<?> a, String backend, ComException e) {
        Decision decision = a.decision().orElse(null);
        List<String> trace = decision == null ? List.of() : decision.trace();
        if (!json && decision != null) {
            err.printf(Locale.ROOT, "%s%n  ran in   session %d as %s on %s\\%s, pid %d (%s)%n", name,
                    decision.sessionId(), decision.user().name(), decision.windowStation(), decision.desktop(),
                    a.pid().orElse(-1), a.launched() ? "launched" : "reused");
        }
        return Failures.report(spec.commandLine(), json, ExitCodes.ACTIVATION, e, List.of(), o -> {
            if (decision != null) {
                o.put("session", decision.sessionId());
                o.put("user", decision.user().name());
                o.put("windowStation", decision.windowStation());
                o.put("desktop", decision.desktop());
            }
            if (a.pid().isPresent()) {
                o.put("pid", a.pid().getAsLong());
            }
            o.put("launched", a.launched());
            ArrayNode t = o.putArray("trace");
            trace.forEach(t::add);
            ObjectNode call = o.putObject("call");
            call.put("method", method);
            call.put("ok", false);
            o.put("backend", backend);
        });
    }

    /** Command-line text to a VARIANT-able Java value: integers, decimals, booleans, else the string. */
    static Object convert(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        try {
            long l = Long.parseLong(text);
            return l == (int) l ? (Object) (int) l : (Object) l;
        } catch (NumberFormatException notInteger) {
            // not an integer
        }
        try {
            if (text.matches("[-+]?[0-9]*\\.[0-9]+([eE][-+]?[0-9]+)?")) {
                return Double.parseDouble(text);
            }
        } catch (NumberFormatException notDecimal) {
            // not a decimal
        }
        return text;
    }
}
