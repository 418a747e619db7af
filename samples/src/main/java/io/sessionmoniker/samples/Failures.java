package io.sessionmoniker.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * How every command reports a failure, so that the same fields mean the same thing everywhere: with {@code --json}
 * one object on standard output, {@code {"ok":false,"hresult":"0x…","error":"NAME","message":"…"}} (plus
 * {@code eaten} for a syntax error, and what the command adds); without it one line on standard error,
 * {@code sessmon COMMAND: NAME (0x…): message}.
 *
 * <p>Usage errors carry {@code E_INVALIDARG}; a daemon that cannot be reached {@code RPC_S_SERVER_UNAVAILABLE};
 * a daemon that cannot be started {@code CO_E_SERVER_EXEC_FAILURE}.
 */
final class Failures {

    private Failures() {
    }

    /** Whether the command line asks for JSON: a {@code --json} before any {@code --}. */
    static boolean wantsJson(String... args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /** The failure object every command prints with {@code --json}. */
    static ObjectNode json(int hresult, String message) {
        ObjectNode o = Json.object();
        o.put("ok", false);
        o.put("hresult", HResult.format(hresult));
        o.put("error", HResult.nameOf(hresult));
        o.put("message", message);
        return o;
    }

    /** The same for an HRESULT-carrying exception: {@code eaten} for a syntax error. */
    static ObjectNode json(ComException e) {
        ObjectNode o = Json.object();
        o.put("ok", false);
        o.put("hresult", e.hresultHex());
        o.put("error", e.errorName());
        if (e instanceof MonikerSyntaxException s) {
            o.put("eaten", s.eaten());   // where parse puts it
        }
        o.put("message", e.getMessage());
        return o;
    }

    /**
     * Reports a failure that has no exception behind it, and returns the exit code.
     *
     * @param cl the command that failed
     * @param json whether to print JSON
     * @param exit the exit code to return
     * @param hresult the HRESULT that names the failure
     * @param message what happened and what to do
     * @param more fields to add to the JSON object
     * @return {@code exit}
     */
    static int report(CommandLine cl, boolean json, int exit, int hresult, String message, Consumer<ObjectNode> more) {
        if (json) {
            ObjectNode o = json(hresult, message);
            more.accept(o);
            cl.getOut().println(Json.write(o));
        } else {
            cl.getErr().println(name(cl) + ": " + message);
        }
        return exit;
    }

    static int report(CommandLine cl, boolean json, int exit, int hresult, String message) {
        return report(cl, json, exit, hresult, message, o -> { });
    }

    /** Reports an HRESULT-carrying failure with the lines of its trace, and returns the exit code. */
    static int report(CommandLine cl, boolean json, int exit, ComException e, List<String> trace,
            Consumer<ObjectNode> more) {
        if (json) {
            ObjectNode o = json(e);
            more.accept(o);
            cl.getOut().println(Json.write(o));
        } else {
            cl.getErr().println(name(cl) + ": " + e.errorName() + " (" + e.hresultHex() + "): " + e.getMessage());
            trace.forEach(line -> cl.getErr().println("    " + line));
        }
        return exit;
    }

    /** A usage error: the message, then one line pointing to the command's help (or one JSON object). */
    static int usage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String message = ex.getMessage();
        List<String> suggestions = ex instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions()
                : List.of();
        if (wantsJson(args)) {
            ObjectNode o = json(HResult.E_INVALIDARG, message);
            if (!suggestions.isEmpty()) {
                o.putArray("suggestions").addAll(suggestions.stream().map(Json::value).toList());
            }
            cl.getOut().println(Json.write(o));
        } else {
            err.println(name(cl) + ": " + message);
            if (!suggestions.isEmpty()) {
                err.println("Did you mean: " + String.join(", ", suggestions) + "?");
            }
            err.println("See '" + name(cl) + " --help'.");
        }
        return ExitCodes.USAGE;
    }

    /** "sessmon host start": the command's full name. */
    static String name(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName(" ");
    }
}
