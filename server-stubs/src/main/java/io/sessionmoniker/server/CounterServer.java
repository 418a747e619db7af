package io.sessionmoniker.server;

import io.sessionmoniker.activation.server.LocalServer;
import io.sessionmoniker.moniker.Guid;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Counter local server: CLSID {@code 10000013-0000-0000-0000-000000000002}, Launching User, multiple-use;
 * every instance in one server process shares one count.
 */
public final class CounterServer implements ICounter {

    /** The class. */
    public static final Guid CLSID = Guid.parse("10000013-0000-0000-0000-000000000002");

    private static final AtomicInteger COUNT = new AtomicInteger();

    /** Creates an instance; all instances share the count. */
    public CounterServer() {
    }

    @Override
    public int Increment() {
        return COUNT.incrementAndGet();
    }

    @Override
    public int Value() {
        return COUNT.get();
    }

    /**
     * Runs the server.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(LocalServer.serve(args, LocalServer.ServerClass.multipleUse(CLSID, CounterServer::new)));
    }
}
