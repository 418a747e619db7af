package io.sessionmoniker.activation.orpc.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A {@link Transport.Link} over a connected {@link SocketChannel}, whatever its protocol family: reads what is there,
 * writes every byte of the buffers in order, and closes the channel. Transports add the peer's credentials and
 * addresses.
 *
 * <pre>{@code
 * final class TcpLink extends ChannelLink {
 *     TcpLink(SocketChannel channel) { super(channel); }
 *     public PeerCredentials peer() { return PeerCredentials.UNKNOWN; }
 *     public String describe() { return "tcp:…"; }
 * }
 * }</pre>
 */
public abstract class ChannelLink implements Transport.Link {

    /** The connected channel. */
    protected final SocketChannel channel;

    /**
     * Wraps a connected channel.
     *
     * @param channel the channel; the link owns it
     */
    protected ChannelLink(SocketChannel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        return channel.read(destination);
    }

    @Override
    public void write(ByteBuffer... sources) throws IOException {
        long remaining = 0;
        for (ByteBuffer b : sources) {
            remaining += b.remaining();
        }
        while (remaining > 0) {
            remaining -= channel.write(sources);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
