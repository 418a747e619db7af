package io.sessionmoniker.server;

import io.sessionmoniker.activation.ComInterface;

/**
 * The interface of the small behaviour stubs ({@link SingleUseServer}, {@link CrashServer},
 * {@link SlowStartServer}).
 *
 * <pre>{@code
 * stub.ProcessId();   // the server's pid: a new one for every single-use activation
 * stub.Crash();       // CrashServer only: the process exits, the call fails with RPC_E_SERVER_DIED
 * }</pre>
 */
@ComInterface(iid = "10000013-0000-0000-0000-0000000000F3")
public interface IStub {

    /**
     * Returns the server's process id.
     *
     * @return the pid
     */
    int ProcessId();

    /**
     * Ends the server process at once (exit status 3); other stubs refuse with {@code E_NOTIMPL}.
     *
     * @return never returns normally on the crash stub
     */
    int Crash();
}
