package io.sessionmoniker.server;

import io.sessionmoniker.activation.server.LocalServer;
import io.sessionmoniker.moniker.Guid;

/**
 * The SingleUse local server: CLSID {@code 10000013-0000-0000-0000-000000000003}, registered
 * {@code REGCLS_SINGLEUSE}, so every activation starts a process of its own.
 */
public final class SingleUseServer {

    /** The class. */
    public static final Guid CLSID = Guid.parse("10000013-0000-0000-0000-000000000003");

    private SingleUseServer() {
    }

    /**
     * Runs the server.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(LocalServer.serve(args, LocalServer.ServerClass.singleUse(CLSID, () -> Stubs.stub(false))));
    }
}
