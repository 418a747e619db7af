package io.sessionmoniker.server;

import io.sessionmoniker.activation.server.LaunchContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Records the calls of one scripted server process: in memory (the most recent {@code limit}), and, when a file
 * is named, appended to it as JSON lines, each written whole before the call returns.
 */
final class Recorder implements AutoCloseable {

    private final LaunchContext context;
    private final long pid = ProcessHandle.current().pid();
    private final FileChannel file;
    private final Path path;
    private final int limit;
    private final Deque<CallRecord> recent = new ArrayDeque<>();
    private long sequence;

    /**
     * Opens the recorder.
     *
     * @param path the record file (created if absent, appended to), or null for memory only
     * @throws IOException if the file cannot be opened
     */
    Recorder(Path path, LaunchContext context, int limit) throws IOException {
        this.context = context;
        this.path = path;
        this.limit = limit;
        this.file = path == null ? null : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /**
     * Records one call.
     *
     * @throws IOException if the record file cannot be written
     */
    synchronized CallRecord record(Instant time, String method, List<Object> args, int hresult, String message,
            Object result) throws IOException {
        CallRecord r = new CallRecord(++sequence, time, method, args, context.sessionId(), context.user(), pid, hresult,
                message, result);
        if (file != null) {
            ByteBuffer line = ByteBuffer.wrap((r.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                file.write(line);
            }
        }
        recent.addLast(r);
        if (recent.size() > limit) {
            recent.removeFirst();
        }
        return r;
    }

    /** The recorded calls in memory, as a JSON array. */
    synchronized String json() {
        StringBuilder out = new StringBuilder("[");
        boolean first = true;
        for (CallRecord r : recent) {
            out.append(first ? "" : ",").append(r.toJson());
            first = false;
        }
        return out.append(']').toString();
    }

    /** The record file, or null. */
    Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }
}
