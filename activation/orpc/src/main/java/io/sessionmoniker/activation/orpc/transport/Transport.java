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
 * Transport unix = UnixSocketTransport.create();
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
         * Writes all remaining bytes of the buffers, in order. Callers serialize writes.
         *
         * @param sources the bytes
         * @throws IOException on failure or when the link is closed
         */
        void write(ByteBuffer... sources) throws IOException;

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
    }
}
