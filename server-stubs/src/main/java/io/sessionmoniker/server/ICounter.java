package io.sessionmoniker.server;

import io.sessionmoniker.activation.ComInterface;

/**
 * A counter shared by every client of one server process.
 *
 * <pre>{@code
 * counter.Increment();   // 1, then 2 for the next client of the same server
 * }</pre>
 */
@ComInterface(iid = "10000013-0000-0000-0000-0000000000F2")
public interface ICounter {

    /**
     * Adds one.
     *
     * @return the new value
     */
    int Increment();

    /**
     * Returns the value.
     *
     * @return the value
     */
    int Value();
}
