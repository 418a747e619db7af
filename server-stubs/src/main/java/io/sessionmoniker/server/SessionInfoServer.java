package io.sessionmoniker.server;

import io.sessionmoniker.activation.server.LaunchContext;
import io.sessionmoniker.activation.server.LocalServer;
import io.sessionmoniker.moniker.Guid;

/**
 * The SessionInfo local server: CLSID {@code 10000013-0000-0000-0000-000000000001} (the CLSID of Microsoft's
 * session-moniker sample), RunAs Interactive User, multiple-use. Each instance reports what its own process knows.
 */
public final class SessionInfoServer implements ISessionInfo {

    /** The class. */
    public static final Guid CLSID = Guid.parse("10000013-0000-0000-0000-000000000001");

    private static final com.fasterxml.jackson.databind.ObjectMapper DESCRIBE =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final LaunchContext context;

    SessionInfoServer(LaunchContext context) {
        this.context = context;
    }

    @Override
    public int SessionId() {
        return (int) context.sessionId();
    }

    @Override
    public String UserName() {
        return context.user();
    }

    @Override
    public String WindowStation() {
        return context.windowStation();
    }

    @Override
    public String Desktop() {
        return context.desktop();
    }

    @Override
    public int ProcessId() {
        return (int) ProcessHandle.current().pid();
    }

    @Override
    public String Describe() {
        com.fasterxml.jackson.databind.node.ObjectNode o = DESCRIBE.createObjectNode();
        o.put("sessionId", SessionId());
        o.put("userName", UserName());
        o.put("windowStation", WindowStation());
        o.put("desktop", Desktop());
        o.put("processId", ProcessId());
        return o.toString();
    }

    @Override
    public String Echo(String text) {
        return text;
    }

    /**
     * Runs the server (started by a session host with {@code -Embedding}).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        LaunchContext ctx = LaunchContext.fromEnvironment().orElse(null);
        if (ctx == null) {
            System.err.println("SessionInfoServer is a local server: a session host starts it with -Embedding");
            System.exit(2);
        }
        System.exit(LocalServer.serve(args, LocalServer.ServerClass.multipleUse(CLSID, () -> new SessionInfoServer(ctx))));
    }
}
