package io.sessionmoniker.activation.orpc.transport;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A byte-stream transport under the RPC layers: Unix domain sockets now, TCP later, without the layers above
 * changing. Implementations are thread-safe; a {@link Link} may be read by one thread while others write to it.
 *
 * <pre>{@code
 * Transport unix = Transports.forProtocolSequence("ncalrpc");
 * try (Transport.Listener l = unix.listen(Endpoint.unix(dir.resolve("host.sock")))) {
 *     Transport.Link link = l.accept();
 *     link.peer().user();
 * }
 * }</pre>
 */
public interface Transport {

    /**
     * Returns the transport's name, the {@link Endpoint#transport()} it serves.
     *
     * @return for example {@code "unix"}
     */
    String name();

    /**
     * Returns the RPC protocol sequence this transport carries, by which {@link Transports} finds it.
     *
     * @return for example {@code "ncalrpc"} (later {@code "ncacn_ip_tcp"})
     */
    String protocolSequence();

    /**
     * Returns the DCE tower id of the protocol sequence, which names it in an OBJREF's string bindings
     * (MS-DCOM 2.2.19.3).
     *
     * @return for example {@code 0x10} for {@code ncalrpc}
     */
    int towerId();

    /**
     * Writes an endpoint as the network address of a string binding of this transport's tower.
     *
     * @param endpoint an endpoint of this transport
     * @return the address, for example {@code [/run/sessmon/server-41.sock]}
     * @throws IllegalArgumentException if the endpoint is another transport's
     */
    String bindingAddress(Endpoint endpoint);

    /**
     * Reads the network address of a string binding of this transport's tower.
     *
     * @param bindingAddress the address
     * @return the endpoint, or empty when the address names none this transport can reach
     */
    java.util.Optional<Endpoint> endpoint(String bindingAddress);

    /**
     * Starts listening.
     *
     * @param endpoint where
     * @return the listener
     * @throws IOException if the endpoint cannot be bound
     */
    Listener listen(Endpoint endpoint) throws IOException;

    /**
     * Connects.
     *
     * @param endpoint where
     * @param timeout how long to keep trying when the server is not there yet (zero: one attempt)
     * @return the connected link
     * @throws IOException if no connection could be made in time
     */
    Link connect(Endpoint endpoint, Duration timeout) throws IOException;

    /** A listening endpoint. Closing it stops accepting; links already accepted stay open. */
    interface Listener extends Closeable {
        /**
         * Waits for the next connection.
         *
         * @return the link
         * @throws IOException when the listener is closed or fails
         */
        Link accept() throws IOException;

        /**
         * Returns where it listens.
         *
         * @return the endpoint
         */
        Endpoint endpoint();

        /**
         * Returns the secondary address a bind_ack names for this listener (MS-RPCE 2.2.2.4, {@code sec_addr}): a
         * TCP listener's port as text, as Windows writes it.
         *
         * @return the address text, by default the endpoint's address
         */
        default String secondaryAddress() {
            return endpoint().address();
        }

        /**
         * Returns the largest fragment an RPC server on this listener offers to send and receive, before the
         * client's own limit lowers it. Windows offers 5840 on TCP (four Ethernet segments); a local transport has
         * no segment to fit, so by default the largest the PDU header allows.
         *
         * @return the size in octets, 1432 or more
         */
        default int maxFragment() {
            return 65528;
        }
    }

    /** One connection: a full-duplex byte stream with the peer's credentials. */
    interface Link extends Closeable {
        /**
         * Reads some bytes, blocking until at least one is available.
         *
         * @param destination where to put them
         * @return the number read, or -1 at the end of the stream
         * @throws IOException on failure or when the link is closed
         */
        int read(ByteBuffer destination) throws IOException;

        /**
         * Writes all remaining bytes of the buffers, in order, before it returns: it keeps none of them, so a
         * caller may reuse their arrays at once. Callers serialize writes.
         *
         * @param sources the bytes
         * @throws IOException on failure or when the link is closed
         */
        void write(ByteBuffer... sources) throws IOException;

        /**
         * Puts the link into the mode in which {@link #read} returns 0 at once when no byte is there and
         * {@link #awaitReadable} waits for bytes, so that whichever thread needs the next bytes can read them (a caller
         * waiting for its own response) and a thread waiting for bytes can be woken to let another read. Writes still
         * write every byte. Called once, before any read; a link that cannot do so keeps blocking reads.
         *
         * @return {@code true} if the link now reads without blocking; by default {@code false}
         * @throws IOException if the mode cannot be changed
         */
        default boolean enterPolledReads() throws IOException {
            return false;
        }

        /**
         * Waits, after {@link #enterPolledReads}, until bytes can be read, the link closes, {@link #wakeUp} is called
         * or the time passes. It may also return early without cause; callers read (getting 0) and decide again.
         *
         * @param timeoutNanos how long to wait at most; 0 or less: without limit
         * @throws IOException if the link is closed or fails
         * @throws UnsupportedOperationException if the link does not poll (by default: a link that polls overrides it
         *     together with {@link #enterPolledReads})
         */
        default void awaitReadable(long timeoutNanos) throws IOException {
            throw new UnsupportedOperationException(describe() + " does not poll its reads: wait in read() instead,"
                    + " or poll only a link whose enterPolledReads() returned true");
        }

        /**
         * Makes a thread waiting in {@link #awaitReadable} return, or the next wait return at once. Safe from any
         * thread; does nothing on a link that does not poll.
         */
        default void wakeUp() {
        }

        /**
         * Returns who is at the other end.
         *
         * @return the credentials, read when the link was made
         */
        PeerCredentials peer();

        /**
         * Describes the link for logs.
         *
         * @return for example {@code "unix:/run/host.sock (peer alice)"}
         */
        String describe();

        /**
         * Returns the peer's network address, for a transport that has one: what a log names as the source of a
         * remote call and what per-client limits count by. It is not an identity.
         *
         * @return for example {@code 192.0.2.7:49712}; empty for a local transport
         */
        default java.util.Optional<java.net.InetSocketAddress> remoteAddress() {
            return java.util.Optional.empty();
        }

        /**
         * Returns the local network address the peer reached this link on, for a transport that has one: the
         * address a server writes first into the string bindings it hands that peer.
         *
         * @return for example {@code 127.0.0.1:135}; empty for a local transport
         */
        default java.util.Optional<java.net.InetSocketAddress> localAddress() {
            return java.util.Optional.empty();
        }
    }
}
