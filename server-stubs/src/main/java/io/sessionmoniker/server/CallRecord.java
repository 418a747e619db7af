package io.sessionmoniker.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.moniker.HResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One call a {@link ScriptedServer} received, as it recorded it. In the record file each call is one JSON line:
 *
 * <pre>{@code
 * {"seq":3,"time":"2025-01-31T09:15:02.125Z","method":"Add","args":[1,2],"session":2,"user":"bob","pid":4242,
 *  "hresult":"0x00000000","result":3}
 * {"seq":4,"time":"2025-01-31T09:15:02.381Z","method":"Save","args":["a.txt"],"session":2,"user":"bob",
 *  "pid":4242,"hresult":"0x80070005","message":"read-only","result":null}
 * }</pre>
 *
 * <p>Values are JSON: integers that fit 32 bits read back as {@link Integer}, larger ones as {@link Long}, other
 * numbers as {@link Double}; strings, booleans and {@code null} (for {@code VT_EMPTY} and {@code VT_NULL}) as
 * themselves; arrays as unmodifiable {@link List}s. A date argument is recorded as its ISO-8601 text, an interface
 * pointer as the string {@code "(interface pointer)"}.
 *
 * @param sequence the call's number in its server process, from 1
 * @param time when the call arrived
 * @param method the method as the script spells it
 * @param args the arguments in call order
 * @param session the session the server runs in (from its launch context)
 * @param user the user the server runs as
 * @param pid the server's process id
 * @param hresult {@code S_OK}, or the failure the call was answered with
 * @param message the failure's message, or null
 * @param result the result, or null for none
 */
public record CallRecord(long sequence, Instant time, String method, List<Object> args, long session, String user,
        long pid, int hresult, String message, Object result) {

    /**
     * Checks and copies the components.
     *
     * @param sequence the number
     * @param time not null
     * @param method not null
     * @param args not null; copied
     * @param session the session
     * @param user not null
     * @param pid the pid
     * @param hresult the HRESULT
     * @param message may be null
     * @param result may be null
     */
    public CallRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(user, "user");
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    /**
     * Tells whether the call was answered with a failure.
     *
     * @return {@code true} when {@link #hresult()} is a failure code
     */
    public boolean failed() {
        return HResult.failed(hresult);
    }

    /**
     * Tells whether this is a call of a method, named without regard to case.
     *
     * @param name the method name
     * @return {@code true} if it is
     */
    public boolean isCallOf(String name) {
        return method.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Returns the record as one line of JSON, as the record file holds it.
     *
     * @return the JSON text, without a line break
     */
    public String toJson() {
        return toNode().toString();
    }

    ObjectNode toNode() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seq", sequence);
        n.put("time", time.toString());
        n.put("method", method);
        n.set("args", node(args));
        n.put("session", session);
        n.put("user", user);
        n.put("pid", pid);
        n.put("hresult", HResult.format(hresult));
        if (message != null) {
            n.put("message", message);
        }
        n.set("result", node(result));
        return n;
    }

    /** Reads a record from its JSON form; {@code where} names it in errors. */
    static CallRecord fromNode(JsonNode n, String where) {
        try {
            if (!n.isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            String hr = text(n, "hresult");
            return new CallRecord(number(n, "seq"), Instant.parse(text(n, "time")), text(n, "method"),
                    listOf(required(n, "args")), number(n, "session"), text(n, "user"), number(n, "pid"),
                    (int) Long.parseLong(hr.substring(2), 16), n.hasNonNull("message") ? text(n, "message") : null,
                    value(n.get("result")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": not a call record: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is not a string");
        }
        return v.textValue();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("\"" + field + "\" is not an integer");
        }
        return v.longValue();
    }

    private static List<Object> listOf(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("\"args\" is not an array");
        }
        List<Object> out = new ArrayList<>();
        for (JsonNode e : array) {
            out.add(value(e));
        }
        return out;
    }

    /** A JSON value as a Java value (see the class comment). */
    static Object value(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        } else if (n.isBoolean()) {
            return n.booleanValue();
        } else if (n.isTextual()) {
            return n.textValue();
        } else if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        } else if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        } else if (n.isNumber()) {
            return n.doubleValue();
        } else if (n.isArray()) {
            return Collections.unmodifiableList(listOf(n));
        }
        throw new IllegalArgumentException("unexpected " + Script.kind(n) + " among the values");
    }

    /** A Java value (as {@link #value} gives them) as JSON. */
    static JsonNode node(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        } else if (v instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (v instanceof Integer i) {
            return f.numberNode(i);
        } else if (v instanceof Long l) {
            return f.numberNode(l);
        } else if (v instanceof Double d) {
            return f.numberNode(d);
        } else if (v instanceof List<?> list) {
            ArrayNode a = f.arrayNode();
            for (Object o : list) {
                a.add(node(o));
            }
            return a;
        }
        return f.textNode(v.toString());
    }
}
