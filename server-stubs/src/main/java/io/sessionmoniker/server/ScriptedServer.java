package io.sessionmoniker.server;

import io.sessionmoniker.activation.server.LaunchContext;
import io.sessionmoniker.activation.server.LocalServer;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The programmable stub: a local server whose methods and answers come from a JSON {@link Script}, and which
 * records every call it gets, for tests of DCOM clients, as a mock HTTP server is for HTTP clients. CLSID
 * {@code 10000013-0000-0000-0000-000000000007} (ProgID {@code SessionMoniker.Scripted}) in the demo registry,
 * RunAs Interactive User, multiple-use.
 *
 * <pre>
 * ScriptedServer [--script FILE] [--record FILE] [--clsid GUID] -Embedding   run as a local server
 * ScriptedServer --check FILE                                                  check a script, list its methods
 * </pre>
 *
 * <ul>
 *   <li>{@code --script FILE}: the script; without it, the built-in demo script ({@link Script#demo()}).</li>
 *   <li>{@code --record FILE}: append the calls to this file as JSON lines ({@link CallRecord}); it overrides the
 *       script's {@code record} field. Relative to the working directory (a host's {@code %SCENARIO_DIR%} makes a
 *       path beside the scenario).</li>
 *   <li>{@code --clsid GUID}: the class to register, which must be the class the host launched the server for;
 *       without it, {@link #CLSID}. Registered under the CLSID of the server a client really uses, the stub
 *       stands in for it.</li>
 *   <li>A session host appends {@code -Embedding}.</li>
 * </ul>
 *
 * <p>Its objects answer {@code IDispatch} themselves ({@link io.sessionmoniker.activation.orpc.automation.DynamicDispatch}):
 * each scripted method by name without regard to case, plus the built-in {@code Calls()}, which returns the
 * calls recorded so far as a JSON array ({@link CallLog#parse}); a name the script does not have is
 * {@code DISP_E_UNKNOWNNAME}. A scripted {@code hresult} reaches the client as that HRESULT, with the script's
 * message (through {@code DISP_E_EXCEPTION} and its {@code EXCEPINFO}; codes of {@code FACILITY_DISPATCH},
 * {@code 0x8002xxxx}, are {@code Invoke}'s own result). A script that cannot be used, or a record file that
 * cannot be opened, ends the server at start with status 2 and the reason on standard error, which the host
 * reports in its {@code CO_E_SERVER_EXEC_FAILURE}.
 */
public final class ScriptedServer {

    /** The class. */
    public static final Guid CLSID = Guid.parse("10000013-0000-0000-0000-000000000007");

    /** How many of the most recent calls {@code Calls()} returns; the record file has them all. */
    public static final int MEMORY_LIMIT = 10_000;

    private static final String USAGE = "usage: ScriptedServer [--script FILE] [--record FILE] [--clsid GUID]"
            + " -Embedding | ScriptedServer --check FILE";

    private ScriptedServer() {
    }

    /**
     * Runs the server, or checks a script.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path scriptFile = null;
        Path recordFile = null;
        Path check = null;
        Guid clsid = CLSID;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equalsIgnoreCase("-Embedding") || a.equalsIgnoreCase("/Embedding")) {
                continue;
            }
            if (!(a.equals("--script") || a.equals("--record") || a.equals("--check") || a.equals("--clsid"))) {
                err.println("ScriptedServer: unknown argument \"" + a + "\"; " + USAGE);
                return 2;
            }
            if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                err.println("ScriptedServer: " + a + " needs a value; " + USAGE);
                return 2;
            }
            if (a.equals("--clsid")) {
                try {
                    clsid = Guid.parse(args[++i]);
                } catch (ComException e) {
                    err.println("ScriptedServer: --clsid takes a GUID such as " + CLSID + ", not \"" + args[i]
                            + "\"");
                    return 2;
                }
                continue;
            }
            Path p = Path.of(args[++i]);
            if (a.equals("--script")) {
                scriptFile = p;
            } else if (a.equals("--record")) {
                recordFile = p;
            } else {
                check = p;
            }
        }
        Script script;
        try {
            script = check != null ? Script.load(check) : scriptFile != null ? Script.load(scriptFile) : Script.demo();
        } catch (ScriptException e) {
            err.println("ScriptedServer: bad script: " + e.getMessage());
            return 2;
        }
        if (check != null) {
            out.println(script.source() + ": " + script.methodNames().size() + " method(s): "
                    + String.join(", ", script.methodNames()) + script.recordFile().map(f -> "; records to " + f)
                    .orElse(""));
            return 0;
        }
        LaunchContext ctx = LaunchContext.fromEnvironment().orElse(null);
        if (ctx == null || !LocalServer.embedding(args)) {
            err.println("ScriptedServer is a local server: a session host starts it with -Embedding; " + USAGE);
            return 2;
        }
        Path record = recordFile != null ? recordFile : script.recordFile().orElse(null);
        try (Recorder recorder = new Recorder(record, ctx, MEMORY_LIMIT)) {
            ScriptedStub.Shared shared = new ScriptedStub.Shared(script, recorder);
            return LocalServer.serve(args, LocalServer.ServerClass.multipleUse(clsid, () -> new ScriptedStub(shared)));
        } catch (IOException e) {
            err.println("ScriptedServer: cannot record calls to " + record + ": " + e);
            return 2;
        }
    }
}
