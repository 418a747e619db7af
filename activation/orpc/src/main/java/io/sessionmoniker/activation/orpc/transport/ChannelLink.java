package io.sessionmoniker.activation.orpc.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Transport.Link} over a connected {@link SocketChannel}, whatever its protocol family: reads what is there,
 * writes every byte of the buffers in order, and closes the channel. Transports add the peer's credentials and
 * addresses.
 *
 * <p>Reads block until the link {@linkplain #enterPolledReads enters polled reads}: the channel is then non-blocking,
 * a read returns 0 when nothing is there, and {@link #awaitReadable} waits on a selector of the link's own, which
 * {@link #wakeUp} interrupts. A write that finds the socket's send buffer full then waits on a second selector until
 * it drains, so writes still write every byte.
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

    /** Once reads are polled: the selector readers wait on. */
    private volatile Selector readable;

    /** Once reads are polled: the selector a writer waits on when the send buffer is full; opened when first needed. */
    private Selector writable;

    private final Object writableLock = new Object();

    /** Set by close, guarded by writableLock: no selector is opened after it. */
    private boolean closing;

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
            long n = channel.write(sources);
            remaining -= n;
            if (n == 0 && remaining > 0) {
                awaitWritable();
            }
        }
    }

    @Override
    public synchronized boolean enterPolledReads() throws IOException {
        if (readable == null) {
            Selector s = Selector.open();
            try {
                channel.configureBlocking(false);
                channel.register(s, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            readable = s;
        }
        return true;
    }

    @Override
    public void awaitReadable(long timeoutNanos) throws IOException {
        Selector s = readable;
        if (s == null) {
            throw new IllegalStateException(describe() + " does not poll its reads yet: call enterPolledReads()"
                    + " before waiting in awaitReadable");
        }
        try {
            if (timeoutNanos <= 0) {
                s.select(key -> { });
            } else {
                s.select(key -> { }, Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999)));
            }
        } catch (ClosedSelectorException e) {
            throw closed(e);
        }
        if (!channel.isOpen()) {
            throw new AsynchronousCloseException();
        }
    }

    @Override
    public void wakeUp() {
        Selector s = readable;
        if (s != null) {
            s.wakeup();
        }
    }

    /** Waits until the send buffer has room (the channel is non-blocking only once reads are polled). */
    private void awaitWritable() throws IOException {
        Selector s;
        synchronized (writableLock) {
            if (writable == null) {
                if (closing || !channel.isOpen()) {
                    throw new AsynchronousCloseException();
                }
                writable = Selector.open();
                channel.register(writable, SelectionKey.OP_WRITE);
            }
            s = writable;
        }
        try {
            s.select(key -> { });
        } catch (ClosedSelectorException e) {
            throw closed(e);
        }
    }

    private static IOException closed(ClosedSelectorException e) {
        IOException closed = new AsynchronousCloseException();
        closed.initCause(e);
        return closed;
    }

    @Override
    public void close() throws IOException {
        // the selectors first: closing one wakes a thread waiting on it, and lets the channel close at once
        Selector r;
        Selector w;
        synchronized (this) {
            r = readable;
        }
        synchronized (writableLock) {
            closing = true;
            w = writable;
        }
        try {
            if (r != null) {
                r.close();
            }
            if (w != null) {
                w.close();
            }
        } finally {
            channel.close();
        }
    }
}
