package io.sessionmoniker.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The calls a {@link ScriptedServer} recorded, read back for verification in a test: from its record file (JSON
 * lines, one {@link CallRecord} each) or from the JSON array its late-bound {@code Calls()} method returns.
 *
 * <pre>{@code
 * dispatch.invoke("Add", 1, 2);
 * CallLog log = CallLog.read(recordFile);          // or CallLog.parse((String) dispatch.invoke("Calls"))
 * log.count("Add");                                 // 1
 * log.calls("add").get(0).args();                   // [1, 2]
 * log.calls("add").get(0).session();                // the session the server ran in
 * CallLog.await(recordFile, l -> l.count("Save") >= 2, Duration.ofSeconds(10));  // calls made by other processes
 * }</pre>
 *
 * <p>Every server process numbers its own calls; several servers (one per session, say) may append to one record
 * file, and their lines then interleave in the order they were written. A server writes a call's line before the
 * call returns, so a caller that has its answer finds the call in the file.
 */
public final class CallLog {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<CallRecord> calls;

    private CallLog(List<CallRecord> calls) {
        this.calls = List.copyOf(calls);
    }

    /**
     * Reads a record file. A last line without its line break (a server writing it right now) is left out; an
     * absent file reads as no calls.
     *
     * @param file the record file
     * @return the calls, in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if a line is not a call record, naming the file and line
     */
    public static CallLog read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new CallLog(List.of());
        }
        List<CallRecord> out = new ArrayList<>();
        int start = 0;
        int line = 1;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            String s = text.substring(start, nl).strip();
            if (!s.isEmpty()) {
                out.add(CallRecord.fromNode(tree(s, file + ":" + line), file + ":" + line));
            }
            start = nl + 1;
            line++;
        }
        return new CallLog(out);
    }

    /**
     * Parses what {@code Calls()} returns: a JSON array of call records.
     *
     * @param json the JSON text
     * @return the calls, in order
     * @throws IllegalArgumentException if the text is not an array of call records
     */
    public static CallLog parse(String json) {
        JsonNode root = tree(Objects.requireNonNull(json, "json"), "Calls()");
        if (!root.isArray()) {
            throw new IllegalArgumentException("Calls(): expected a JSON array of call records");
        }
        List<CallRecord> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            out.add(CallRecord.fromNode(root.get(i), "Calls()[" + i + "]"));
        }
        return new CallLog(out);
    }

    /**
     * Reads a record file again and again until its calls satisfy a condition, for calls that other processes
     * make at their own pace.
     *
     * @param file the record file
     * @param condition what the calls must show
     * @param timeout how long to wait
     * @return the first log that satisfies the condition
     * @throws TimeoutException if none did in time; the message lists the calls seen last
     * @throws IOException if the file cannot be read
     * @throws InterruptedException if interrupted while waiting
     */
    public static CallLog await(Path file, Predicate<CallLog> condition, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            CallLog log = read(file);
            if (condition.test(log)) {
                return log;
            }
            if (System.nanoTime() - end > 0) {
                throw new TimeoutException("the calls recorded in " + file + " did not satisfy the condition within "
                        + timeout.toMillis() + " ms; they are: " + log.calls().stream().map(CallRecord::toJson).toList());
            }
            Thread.sleep(20); // a file has no change notification that is both portable and prompt
        }
    }

    private static JsonNode tree(String json, String where) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Returns every call.
     *
     * @return an unmodifiable list, in order
     */
    public List<CallRecord> calls() {
        return calls;
    }

    /**
     * Returns the calls of one method.
     *
     * @param method the method name, without regard to case
     * @return an unmodifiable list, in order
     */
    public List<CallRecord> calls(String method) {
        return calls.stream().filter(c -> c.isCallOf(method)).toList();
    }

    /**
     * Counts the calls of one method.
     *
     * @param method the method name, without regard to case
     * @return the count
     */
    public int count(String method) {
        return calls(method).size();
    }

    /**
     * Returns the number of calls.
     *
     * @return the count
     */
    public int size() {
        return calls.size();
    }

    /**
     * Returns the calls as a JSON array, as {@code Calls()} returns them.
     *
     * @return the JSON text
     */
    public String toJson() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < calls.size(); i++) {
            out.append(i == 0 ? "" : ",").append(calls.get(i).toJson());
        }
        return out.append(']').toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
