package io.sessionmoniker.server;

import io.sessionmoniker.activation.ComInterface;

/**
 * The typed interface of {@link ScriptedServer}'s objects. Their scripted methods are late-bound only (through
 * {@code IDispatch}); this interface gives early-bound Java clients the recorded calls.
 *
 * <pre>{@code
 * IScripted stub = host.activate("Session:2!new:10000013-0000-0000-0000-000000000007", caller,
 *         IScripted.class).object();
 * CallLog.parse(stub.Calls()).count("Add");
 * }</pre>
 */
@ComInterface(iid = "10000013-0000-0000-0000-0000000000F4")
public interface IScripted {

    /**
     * Returns the calls this server process has received so far (its most recent
     * {@value ScriptedServer#MEMORY_LIMIT}), as {@link CallLog#parse} reads them.
     *
     * @return a JSON array of call records
     */
    String Calls();
}
