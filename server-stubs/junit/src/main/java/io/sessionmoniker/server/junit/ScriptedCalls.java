package io.sessionmoniker.server.junit;

import io.sessionmoniker.server.CallLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The calls the scripted classes of a {@link SessionHostTest} got ({@link ScriptedClass}, {@link HostClasses}),
 * read from the one record file all their servers append to: a live view, since the servers record in their own
 * processes at their own pace. {@link #log()} is what is recorded now; {@link #await} waits for calls still on
 * their way.
 *
 * <pre>{@code
 * CallLog log = calls.await(l -> l.count("Add") == 1, Duration.ofSeconds(30));
 * assertEquals(List.of(1, 2), log.calls("Add").get(0).args());
 * assertEquals(2, log.calls("Add").get(0).session());
 * }</pre>
 */
public final class ScriptedCalls {

    private final Path recordFile;

    ScriptedCalls(Path recordFile) {
        this.recordFile = Objects.requireNonNull(recordFile, "recordFile");
    }

    /**
     * Returns the record file.
     *
     * @return the JSON-lines file the scripted servers append to
     */
    public Path recordFile() {
        return recordFile;
    }

    /**
     * Reads the calls recorded so far.
     *
     * @return the log, empty before the first call
     * @throws IOException if the file cannot be read
     */
    public CallLog log() throws IOException {
        return Files.exists(recordFile) ? CallLog.read(recordFile) : CallLog.parse("[]");
    }

    /**
     * Waits until the calls recorded satisfy a condition.
     *
     * @param condition what the calls must show
     * @param timeout how long to wait
     * @return the first log that satisfies it
     * @throws TimeoutException if none did in time, listing the calls seen last
     * @throws IOException if the file cannot be read
     * @throws InterruptedException if interrupted
     */
    public CallLog await(Predicate<CallLog> condition, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        if (!Files.exists(recordFile)) {
            // the first server creates the file; wait for it on the directory, with the caller's deadline
            long end = System.nanoTime() + timeout.toNanos();
            while (!Files.exists(recordFile)) {
                if (condition.test(CallLog.parse("[]"))) {
                    return CallLog.parse("[]");
                }
                if (System.nanoTime() - end > 0) {
                    throw new TimeoutException("no scripted server recorded a call within " + timeout.toMillis()
                            + " ms (" + recordFile + " was never written)");
                }
                Thread.sleep(20); // as CallLog.await: a file has no portable, prompt change notification
            }
            timeout = Duration.ofNanos(Math.max(0, end - System.nanoTime()));
        }
        return CallLog.await(recordFile, condition, timeout);
    }

    @Override
    public String toString() {
        return "ScriptedCalls[" + recordFile + "]";
    }
}
