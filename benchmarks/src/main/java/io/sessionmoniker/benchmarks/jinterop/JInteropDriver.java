package io.sessionmoniker.benchmarks.jinterop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import org.jinterop.dcom.common.JIException;
import org.jinterop.dcom.common.JISystem;
import org.jinterop.dcom.core.IJIComObject;
import org.jinterop.dcom.core.JIClsid;
import org.jinterop.dcom.core.JIComServer;
import org.jinterop.dcom.core.JISession;
import org.jinterop.dcom.impls.JIObjectFactory;
import org.jinterop.dcom.impls.automation.IJIDispatch;

/**
 * The j-Interop 2.0.8 side of {@code DcomInteropBenchmark}: a long-lived JVM of its own (j-Interop is never on the
 * benchmark's class path) that does what it is told on standard input and answers with one line when done, so the
 * benchmark measures many j-Interop operations per pipe round trip.
 *
 * <pre>
 * JInteropDriver HOST DOMAIN USER CLSID METHOD EXPECTED      (the password is the first line of standard input)
 * </pre>
 *
 * <p>At start it logs on with NTLMv2 and session security ({@code useSessionSecurity(true)}: the exporter's
 * connections signed and sealed, {@code PKT_PRIVACY}), activates CLSID, asks for {@code IDispatch}, calls METHOD
 * once and answers {@code ready VALUE}. Then, one command a line:
 *
 * <ul>
 *   <li>{@code calls N}: N calls of METHOD through {@code IDispatch::Invoke} on the object held since the start
 *       (its DISPID is cached from the first call, as j-Interop does); answers {@code done}.</li>
 *   <li>{@code activations N}: N times, as a j-Interop program does it: a new {@code JISession} (same settings),
 *       {@code new JIComServer(…).createInstance()}, {@code IDispatch}, METHOD once, {@code destroySession} (which
 *       releases both references); answers {@code done}.</li>
 *   <li>{@code ping}: answers {@code pong} (the pipe's own round trip).</li>
 *   <li>{@code quit} or the end of input: destroys the held session and exits.</li>
 * </ul>
 *
 * <p>Every result must be EXPECTED (an integer), else the answer is {@code error …}, as for any failure; the
 * driver then goes on reading commands. The password never appears on the command line.
 */
public final class JInteropDriver {

    private static final int SOCKET_TIMEOUT_MILLIS = 30_000;

    private final String host;
    private final String domain;
    private final String user;
    private final String password;
    private final String clsid;
    private final String method;
    private final int expected;

    private JInteropDriver(String[] a, String password) {
        this.host = a[0];
        this.domain = a[1];
        this.user = a[2];
        this.clsid = a[3];
        this.method = a[4];
        this.expected = Integer.parseInt(a[5]);
        this.password = password;
    }

    /**
     * Runs the driver.
     *
     * @param args HOST DOMAIN USER CLSID METHOD EXPECTED
     * @throws Exception if standard input cannot be read
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length != 6) {
            out.println("error usage: JInteropDriver HOST DOMAIN USER CLSID METHOD EXPECTED (password on stdin)");
            System.exit(2);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String password = in.readLine();
        if (password == null) {
            out.println("error no password on standard input");
            System.exit(2);
        }
        JISystem.setAutoRegisteration(false);
        JISystem.getLogger().setLevel(Level.OFF);
        new JInteropDriver(args, password).serve(in, out);
        System.exit(0);
    }

    private void serve(BufferedReader in, PrintStream out) throws Exception {
        JISession held;
        IJIDispatch dispatch;
        try {
            held = session();
            dispatch = activate(held);
            out.println("ready " + call(dispatch));
        } catch (Exception e) {
            out.println("error " + describe(e));
            return;
        }
        try {
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                try {
                    out.println(execute(line, dispatch));
                } catch (Exception e) {
                    out.println("error " + describe(e));
                }
            }
        } finally {
            JISession.destroySession(held);
        }
    }

    private String execute(String line, IJIDispatch dispatch) throws Exception {
        String[] words = line.split(" ");
        if (words.length == 1 && words[0].equals("ping")) {
            return "pong";
        }
        if (words.length != 2) {
            return "error unknown command: " + line;
        }
        int n = Integer.parseInt(words[1]);
        switch (words[0]) {
            case "calls" -> {
                for (int i = 0; i < n; i++) {
                    call(dispatch);
                }
            }
            case "activations" -> {
                for (int i = 0; i < n; i++) {
                    JISession s = session();
                    try {
                        call(activate(s));
                    } finally {
                        JISession.destroySession(s);
                    }
                }
            }
            default -> {
                return "error unknown command: " + line;
            }
        }
        return "done";
    }

    private JISession session() {
        JISession s = JISession.createSession(domain, user, password);
        s.useNTLMv2(true);
        s.useSessionSecurity(true);
        s.setGlobalSocketTimeout(SOCKET_TIMEOUT_MILLIS);
        return s;
    }

    private IJIDispatch activate(JISession s) throws Exception {
        JIComServer server = new JIComServer(JIClsid.valueOf(clsid), host, s);
        IJIComObject unknown = server.createInstance();
        return (IJIDispatch) JIObjectFactory.narrowObject(unknown.queryInterface(IJIDispatch.IID));
    }

    private int call(IJIDispatch dispatch) throws JIException {
        int value = dispatch.callMethodA(method).getObjectAsInt();
        if (value != expected) {
            throw new IllegalStateException(method + " returned " + value + ", not " + expected);
        }
        return value;
    }

    private static String describe(Exception e) {
        String what = e instanceof JIException j ? String.format("JIException 0x%08X: %s", j.getErrorCode(),
                j.getMessage()) : e.getClass().getName() + ": " + e.getMessage();
        return what.replace('\n', ' ').replace('\r', ' ');
    }
}
