package io.sessionmoniker.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sessionmoniker.activation.orpc.automation.SafeArrayBound;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The script of a {@link ScriptedServer}: which methods the stub has and how each answers. Parsed strictly: an
 * unknown field, a duplicate key, a value of the wrong type or out of range is a {@link ScriptException} naming
 * the JSON path.
 *
 * <pre>{@code
 * {
 *   "description": "what this script is for (optional)",
 *   "record": "calls.jsonl",
 *   "methods": {
 *     "Version":  {"result": "2.1"},
 *     "Add":      [{"args": [1, 2], "result": 3},
 *                  {"hresult": "0x80070057", "message": "Add knows 1 + 2 only"}],
 *     "Poll":     [{"result": false}, {"result": false}, {"result": true}],
 *     "Save":     {"hresult": "0x80070005", "message": "read-only", "delayMillis": 250},
 *     "Reset":    {}
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code methods} (required): method name → one answer, or a non-empty array of answers. Names are
 *       automation names ({@code [A-Za-z_][A-Za-z0-9_]*}), unique without regard to case; {@code Calls} is built
 *       in and cannot be scripted.</li>
 *   <li>An answer: {@code result} (a number, string, boolean, null, or an array of those, see
 *       {@link #toVariant}) or {@code hresult} (a failure code: {@code "0x80070005"}, or a JSON integer) with an
 *       optional {@code message}; {@code delayMillis} (0 to {@value #MAX_DELAY_MILLIS}) before answering;
 *       {@code args} (an array) makes the answer apply only to calls with exactly those arguments. An empty
 *       answer {@code {}} returns nothing ({@code VT_EMPTY}).</li>
 *   <li>Which answer a call gets: the first answer whose {@code args} equal the call's arguments; otherwise the
 *       answers without {@code args} in turn, one per call, the last repeating. A call that no answer fits fails
 *       with {@code E_INVALIDARG}.</li>
 *   <li>{@code record} (optional): the file the calls are recorded to, relative to the script's directory.</li>
 * </ul>
 */
public final class Script {

    /** The largest script read, in bytes. */
    public static final long MAX_FILE_SIZE = 1 << 20;
    /** The longest {@code delayMillis}: ten minutes. */
    public static final long MAX_DELAY_MILLIS = 600_000;
    /** The method every scripted stub has: the calls so far, as a JSON array. */
    public static final String CALLS = "Calls";

    private static final String DEMO_RESOURCE = "demo-script.json";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9A-Fa-f]{1,8}");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /**
     * One scripted answer.
     *
     * @param args the arguments it is limited to, or null for any
     * @param result the result ({@code VT_EMPTY} for none)
     * @param hresult the failure, or {@code S_OK}
     * @param message the failure's message, or null
     * @param delayMillis how long to wait before answering
     */
    record Answer(JsonNode args, Variant result, int hresult, String message, long delayMillis) {
    }

    /**
     * One scripted method.
     *
     * @param name its name as the script spells it
     * @param matched the answers with {@code args}, in order
     * @param sequence the answers without {@code args}, in order
     */
    record Method(String name, List<Answer> matched, List<Answer> sequence) {
    }

    private final String source;
    private final String description;
    private final List<Method> methods;
    private final Map<String, Integer> byName;
    private final Path recordFile;

    private Script(String source, String description, List<Method> methods, Path recordFile) {
        this.source = source;
        this.description = description;
        this.methods = List.copyOf(methods);
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < methods.size(); i++) {
            names.put(methods.get(i).name().toLowerCase(Locale.ROOT), i);
        }
        this.byName = Map.copyOf(names);
        this.recordFile = recordFile;
    }

    /**
     * Reads a script file.
     *
     * @param file the JSON file
     * @return the script; its {@code record} path is resolved against the file's directory
     * @throws ScriptException naming the file and the JSON path when it cannot be used
     */
    public static Script load(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_SIZE) {
                throw new ScriptException(name, "", "the file is " + size + " bytes; a script is at most "
                        + MAX_FILE_SIZE + " bytes", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ScriptException(name, "", "cannot read the script: " + e, e);
        }
        return parse(name, new String(bytes, StandardCharsets.UTF_8), file.toAbsolutePath().getParent());
    }

    /**
     * Returns the built-in demo script that {@code SessionMoniker.Scripted} runs without {@code --script}.
     *
     * @return the demo script
     */
    public static Script demo() {
        try (InputStream in = Script.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo script resource is missing from the server-stubs module");
            }
            return parse("built-in demo script", new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo script resource", e);
        }
    }

    /**
     * Parses script JSON.
     *
     * @param source the name used in error messages
     * @param json the text
     * @param baseDir the directory a relative {@code record} path is resolved against, or null to keep it relative
     *     (to the working directory)
     * @return the script
     * @throws ScriptException when the text cannot be used
     */
    public static Script parse(String source, String json, Path baseDir) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ScriptException(source, where, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ScriptException(source, "", "expected a JSON object at the top level, with \"methods\"", null);
        }
        Parser p = new Parser(source);
        p.onlyFields(root, "", Set.of("description", "record", "methods"));
        String description = p.optionalString(root, "description", "");
        String record = p.optionalString(root, "record", "");
        Path recordFile = null;
        if (record != null) {
            if (record.isEmpty()) {
                throw p.error("record", "expected a file name, not an empty string");
            }
            Path r = Path.of(record);
            recordFile = baseDir == null ? r : baseDir.resolve(r).normalize();
        }
        JsonNode methodsNode = root.get("methods");
        if (methodsNode == null) {
            throw p.error("", "\"methods\" is missing: give an object of method name → answer");
        }
        if (!methodsNode.isObject()) {
            throw p.error("methods", "expected an object of method name → answer, not " + kind(methodsNode));
        }
        List<Method> methods = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : methodsNode.properties()) {
            String name = e.getKey();
            String path = "methods" + (NAME.matcher(name).matches() ? "." + name : "[" + quote(name) + "]");
            if (!NAME.matcher(name).matches()) {
                throw p.error(path, "not a method name: a letter or _ first, then letters, digits or _");
            }
            String folded = name.toLowerCase(Locale.ROOT);
            if (folded.equals(CALLS.toLowerCase(Locale.ROOT))) {
                throw p.error(path, "\"" + CALLS + "\" is built in (it returns the recorded calls); choose another"
                        + " name");
            }
            String before = seen.put(folded, name);
            if (before != null) {
                throw p.error(path, "the script already has \"" + before + "\" (method names ignore case)");
            }
            methods.add(p.method(name, e.getValue(), path));
        }
        if (methods.size() > 10_000) {
            throw p.error("methods", methods.size() + " methods; a script has at most 10000");
        }
        return new Script(source, description, methods, recordFile);
    }

    /**
     * Returns where the script came from.
     *
     * @return the file name, or "built-in demo script"
     */
    public String source() {
        return source;
    }

    /**
     * Returns the script's description.
     *
     * @return the {@code description} field, if given
     */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /**
     * Returns the scripted method names, in the script's order ({@link #CALLS} is not among them).
     *
     * @return an unmodifiable list
     */
    public List<String> methodNames() {
        return methods.stream().map(Method::name).toList();
    }

    /**
     * Returns the file the script asks calls to be recorded to.
     *
     * @return the {@code record} field resolved against the script's directory, if given
     */
    public Optional<Path> recordFile() {
        return Optional.ofNullable(recordFile);
    }

    /** The methods, in order; method {@code i} has DISPID {@code i + 1}. */
    List<Method> methods() {
        return methods;
    }

    /** The index of a method, by name without regard to case. */
    Optional<Integer> indexOf(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty(); // script names are ASCII: no Unicode case folding can reach them
        }
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Converts a JSON value as a scripted {@code result} becomes a VARIANT: an integer that fits 32 bits →
     * {@code VT_I4}, a larger one → {@code VT_I8}; a number with a fraction or exponent → {@code VT_R8}; a string →
     * {@code VT_BSTR}; {@code true}/{@code false} → {@code VT_BOOL}; {@code null} → {@code VT_NULL}; an array →
     * {@code VT_ARRAY | VT_VARIANT} of its elements converted the same way.
     *
     * @param value the JSON value
     * @return the VARIANT
     * @throws IllegalArgumentException for an object, an integer beyond 64 bits or a number beyond a double's range
     */
    static Variant toVariant(JsonNode value) {
        if (value.isNull()) {
            return Variant.NULL;
        } else if (value.isBoolean()) {
            return new Variant.Bool(value.booleanValue());
        } else if (value.isTextual()) {
            return new Variant.Bstr(value.textValue());
        } else if (value.isIntegralNumber()) {
            if (value.canConvertToInt()) {
                return new Variant.I4(value.intValue());
            }
            if (value.canConvertToLong()) {
                return new Variant.I8(value.longValue());
            }
            throw new IllegalArgumentException("the integer " + value + " does not fit 64 bits");
        } else if (value.isNumber()) {
            if (!Double.isFinite(value.doubleValue())) {
                throw new IllegalArgumentException("the number " + value.asText() + " does not fit a double");
            }
            return new Variant.R8(value.doubleValue());
        } else if (value.isArray()) {
            List<Variant> out = new ArrayList<>();
            for (JsonNode element : value) {
                out.add(toVariant(element));
            }
            return new Variant.VariantArray(out, SafeArrayBound.vector(out.size()));
        }
        throw new IllegalArgumentException("a result is a number, string, boolean, null or an array of those, not "
                + kind(value));
    }

    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }

    /** The name as a JSON string literal, for the path in a message. */
    private static String quote(String s) {
        return new com.fasterxml.jackson.databind.node.TextNode(s).toString();
    }

    /** Field readers that name the JSON path of whatever is wrong. */
    private static final class Parser {
        private static final Set<String> ANSWER_FIELDS = Set.of("result", "hresult", "message", "delayMillis", "args");
        private final String source;

        Parser(String source) {
            this.source = source;
        }

        ScriptException error(String path, String problem) {
            return new ScriptException(source, path, problem, null);
        }

        void onlyFields(JsonNode node, String path, Set<String> allowed) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                if (!allowed.contains(name)) {
                    throw error(path.isEmpty() ? name : path + "." + name, "unknown field; expected one of "
                            + String.join(", ", new TreeSet<>(allowed)));
                }
            }
        }

        String optionalString(JsonNode node, String field, String path) {
            JsonNode v = node.get(field);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                throw error(path.isEmpty() ? field : path + "." + field, "expected a string, not " + kind(v));
            }
            return v.textValue();
        }

        Method method(String name, JsonNode value, String path) {
            List<Answer> matched = new ArrayList<>();
            List<Answer> sequence = new ArrayList<>();
            if (value.isArray()) {
                if (value.isEmpty()) {
                    throw error(path, "an empty array of answers; give at least one answer");
                }
                for (int i = 0; i < value.size(); i++) {
                    Answer a = answer(value.get(i), path + "[" + i + "]");
                    (a.args() == null ? sequence : matched).add(a);
                }
            } else if (value.isObject()) {
                Answer a = answer(value, path);
                (a.args() == null ? sequence : matched).add(a);
            } else {
                throw error(path, "expected an answer object or an array of answers, not " + kind(value));
            }
            return new Method(name, Collections.unmodifiableList(matched), Collections.unmodifiableList(sequence));
        }

        Answer answer(JsonNode node, String path) {
            if (!node.isObject()) {
                throw error(path, "expected an answer object such as {\"result\": 42} or {\"hresult\": \"0x80070005\"},"
                        + " not " + kind(node));
            }
            onlyFields(node, path, ANSWER_FIELDS);
            JsonNode result = node.get("result");
            JsonNode hresultNode = node.get("hresult");
            if (result != null && hresultNode != null) {
                throw error(path, "an answer has a result or an hresult, not both");
            }
            Variant value = Variant.EMPTY;
            if (result != null) {
                try {
                    value = toVariant(result);
                } catch (IllegalArgumentException e) {
                    throw error(path + ".result", e.getMessage());
                }
            }
            int hresult = HResult.S_OK;
            if (hresultNode != null) {
                hresult = hresult(hresultNode, path + ".hresult");
            }
            String message = optionalString(node, "message", path);
            if (message != null && hresultNode == null) {
                throw error(path + ".message", "a message goes with an hresult; a successful answer has none");
            }
            long delay = 0;
            JsonNode d = node.get("delayMillis");
            if (d != null) {
                if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0
                        || d.longValue() > MAX_DELAY_MILLIS) {
                    throw error(path + ".delayMillis", "expected a whole number of milliseconds from 0 to "
                            + MAX_DELAY_MILLIS + ", not " + d);
                }
                delay = d.longValue();
            }
            JsonNode args = node.get("args");
            if (args != null && !args.isArray()) {
                throw error(path + ".args", "expected an array of the arguments this answer is for, not " + kind(args));
            }
            return new Answer(args, value, hresult, message, delay);
        }

        int hresult(JsonNode n, String path) {
            long v;
            if (n.isTextual() && HEX.matcher(n.textValue()).matches()) {
                v = Long.parseLong(n.textValue().substring(2), 16);
            } else if (n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= Integer.MIN_VALUE
                    && n.longValue() <= 0xFFFFFFFFL) {
                v = n.longValue();
            } else {
                throw error(path, "expected \"0x\" and 1 to 8 hex digits (such as \"0x80070005\") or a 32-bit"
                        + " integer, not " + n);
            }
            int hr = (int) v;
            if (!HResult.failed(hr)) {
                throw error(path, HResult.format(hr) + " is not a failure (its top bit is clear); give a result for"
                        + " a successful answer");
            }
            return hr;
        }
    }
}
