package io.sessionmoniker.samples;

import io.sessionmoniker.moniker.HResult;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * The {@code sessmon} tool: the project's command-line contract — {@code demo}, {@code parse}, {@code sessions},
 * {@code explain}, {@code activate}, the host daemon ({@code host start|run|stop|status}) and the session
 * operations on it ({@code logon}, {@code logoff}, {@code disconnect}, {@code connect}, {@code console}).
 *
 * <pre>
 * $ sessmon parse 'session:03!CLSID:{10000013-0000-0000-0000-000000000001}' --json
 * {"ok":true,"displayName":"Session:3!clsid:10000013-0000-0000-0000-000000000001:","eaten":55,"parts":[…]}
 * </pre>
 */
@Command(name = "sessmon",
        mixinStandardHelpOptions = true,
        versionProvider = Sessmon.Version.class,
        description = "Activate COM-style local servers in a chosen Remote Desktop session, named by a display"
                + " name such as Session:3!clsid:10000013-0000-0000-0000-000000000001.",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  internal error",
            "  2  usage error",
            "  3  display-name syntax error",
            "  4  activation or policy failure",
        },
        subcommands = {DemoCommand.class, ParseCommand.class, SessionsCommand.class, ClassesCommand.class,
            ExplainCommand.class,
            ActivateCommand.class, HostCommand.class, SessionOperationCommand.Logon.class,
            SessionOperationCommand.Logoff.class, SessionOperationCommand.Disconnect.class,
            SessionOperationCommand.Connect.class, SessionOperationCommand.Console.class,
            SessionOperationCommand.Lock.class, SessionOperationCommand.Unlock.class,
            SessionOperationCommand.Reset.class,
            CommandLine.HelpCommand.class})
public final class Sessmon implements Runnable {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // the tool's output is its own; library progress messages stay out of the terminal unless they are problems
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the tool without exiting, writing to the given streams.
     *
     * @param out standard output
     * @param err standard error
     * @param args the command line
     * @return the exit code ({@link ExitCodes})
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Sessmon());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, given) -> Failures.usage(ex, given));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // a bug: the exception's class is part of what to report
            return Failures.report(commandLine, Failures.wantsJson(args), ExitCodes.INTERNAL_ERROR, HResult.E_UNEXPECTED,
                    "internal error: " + ex + " (please report it with the command line)");
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Reports the project version: the jar manifest's, else the one the build wrote beside the classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sessmon " + version(), "Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch")};
        }

        static String version() {
            String v = Sessmon.class.getPackage().getImplementationVersion();
            if (v != null) {
                return v;
            }
            try (java.io.InputStream in = Sessmon.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    java.util.Properties p = new java.util.Properties();
                    p.load(in);
                    String built = p.getProperty("version", "");
                    if (!built.isEmpty() && !built.startsWith("${")) {
                        return built;
                    }
                }
            } catch (java.io.IOException e) {
                // fall through: the version is unknown
            }
            return "(version unknown: built without Maven)";
        }
    }
}
