package io.sessionmoniker.benchmarks;

import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * The calls of {@link BenchServer.IBench} as a Java RMI interface: what a Java developer would reach for instead,
 * measured beside our calls in {@link CallRoundTripBenchmark}.
 */
public interface RmiBench extends Remote {

    /**
     * No arguments, no result.
     *
     * @throws RemoteException on failure
     */
    void nothing() throws RemoteException;

    /**
     * Adds.
     *
     * @param a a number
     * @param b another
     * @return the sum
     * @throws RemoteException on failure
     */
    int add(int a, int b) throws RemoteException;

    /**
     * Echoes.
     *
     * @param s a string
     * @return the same string
     * @throws RemoteException on failure
     */
    String echo(String s) throws RemoteException;
}
