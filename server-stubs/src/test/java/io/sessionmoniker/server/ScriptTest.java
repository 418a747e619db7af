package io.sessionmoniker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionmoniker.activation.orpc.automation.SafeArrayBound;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.moniker.HResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Script parsing, answer choice and the record format, without processes. */
class ScriptTest {

    @TempDir
    Path dir;

    static Script parse(String json) {
        return Script.parse("t.json", json, Path.of("/base"));
    }

    @Test
    void readsAScript() {
        Script s = parse("""
                {"description": "d", "record": "out/calls.jsonl",
                 "methods": {"Add": [{"args": [1, 2], "result": 3}, {"result": 0, "delayMillis": 5}],
                             "Fail": {"hresult": "0x80070005", "message": "no"}, "Void": {}}}
                """);
        assertEquals(List.of("Add", "Fail", "Void"), s.methodNames());
        assertEquals(Optional.of(Path.of("/base/out/calls.jsonl")), s.recordFile());
        assertEquals(Optional.of("d"), s.description());
        assertEquals(Optional.of(0), s.indexOf("ADD"));
        assertEquals(Optional.empty(), s.indexOf("Ａdd"), "no Unicode folding reaches an ASCII name");
        Script.Method add = s.methods().get(0);
        assertEquals(1, add.matched().size());
        assertEquals(1, add.sequence().size());
        assertEquals(5, add.sequence().get(0).delayMillis());
        Script.Answer fail = s.methods().get(1).sequence().get(0);
        assertEquals(HResult.E_ACCESSDENIED, fail.hresult());
        assertEquals("no", fail.message());
        assertEquals(Variant.EMPTY, s.methods().get(2).sequence().get(0).result());
        assertEquals(Optional.empty(), parse("{\"methods\": {}}").recordFile());
    }

    @Test
    void resultsBecomeVariants() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertEquals(new Variant.I4(7), Script.toVariant(m.readTree("7")));
        assertEquals(new Variant.I4(-2147483648), Script.toVariant(m.readTree("-2147483648")));
        assertEquals(new Variant.I8(2147483648L), Script.toVariant(m.readTree("2147483648")));
        assertEquals(new Variant.R8(1.0), Script.toVariant(m.readTree("1.0")));
        assertEquals(new Variant.R8(100), Script.toVariant(m.readTree("1e2")));
        assertEquals(new Variant.Bstr("s"), Script.toVariant(m.readTree("\"s\"")));
        assertEquals(new Variant.Bool(false), Script.toVariant(m.readTree("false")));
        assertEquals(Variant.NULL, Script.toVariant(m.readTree("null")));
        assertEquals(new Variant.VariantArray(List.of(new Variant.I4(1), new Variant.Bstr("a")), SafeArrayBound.vector(2)),
                Script.toVariant(m.readTree("[1, \"a\"]")));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[]                                                | ``                      | expected a JSON object at the top level",
        "{}                                                | ``                      | \"methods\" is missing",
        "{\"methods\": [], \"x\": 1}                        | x                       | unknown field; expected one of description, methods, record",
        "{\"methods\": []}                                 | methods                 | expected an object of method name",
        "{\"methods\": {\"A\": 1}}                          | methods.A               | expected an answer object or an array of answers, not a number",
        "{\"methods\": {\"A\": []}}                         | methods.A               | an empty array of answers",
        "{\"methods\": {\"A\": [{\"result\": 1}, 2]}}       | methods.A[1]            | expected an answer object",
        "{\"methods\": {\"A\": {\"reslt\": 1}}}             | methods.A.reslt         | unknown field; expected one of args, delayMillis, hresult, message, result",
        "{\"methods\": {\"A\": {\"result\": {}}}}           | methods.A.result        | a result is a number, string, boolean, null or an array of those, not an object",
        "{\"methods\": {\"A\": {\"result\": [{}]}}}         | methods.A.result        | not an object",
        "{\"methods\": {\"A\": {\"result\": 1e999999}}}     | methods.A.result        | does not fit a double",
        "{\"methods\": {\"A\": {\"result\": 99999999999999999999}}} | methods.A.result | does not fit 64 bits",
        "{\"methods\": {\"A\": {\"result\": 1, \"hresult\": \"0x80004005\"}}} | methods.A | a result or an hresult, not both",
        "{\"methods\": {\"A\": {\"hresult\": \"0x1\"}}}     | methods.A.hresult       | 0x00000001 is not a failure",
        "{\"methods\": {\"A\": {\"hresult\": 0}}}           | methods.A.hresult       | 0x00000000 is not a failure",
        "{\"methods\": {\"A\": {\"hresult\": \"E_FAIL\"}}}  | methods.A.hresult       | expected \"0x\" and 1 to 8 hex digits",
        "{\"methods\": {\"A\": {\"hresult\": \"0x123456789\"}}} | methods.A.hresult   | expected \"0x\" and 1 to 8 hex digits",
        "{\"methods\": {\"A\": {\"hresult\": 4294967296}}}  | methods.A.hresult       | or a 32-bit integer",
        "{\"methods\": {\"A\": {\"message\": \"m\"}}}       | methods.A.message       | a message goes with an hresult",
        "{\"methods\": {\"A\": {\"hresult\": \"0x80004005\", \"message\": 3}}} | methods.A.message | expected a string, not a number",
        "{\"methods\": {\"A\": {\"delayMillis\": -1}}}      | methods.A.delayMillis   | from 0 to 600000",
        "{\"methods\": {\"A\": {\"delayMillis\": 1.5}}}     | methods.A.delayMillis   | whole number",
        "{\"methods\": {\"A\": {\"delayMillis\": 600001}}}  | methods.A.delayMillis   | from 0 to 600000",
        "{\"methods\": {\"A\": {\"args\": 1}}}              | methods.A.args          | expected an array",
        "{\"methods\": {\"a b\": {}}}                       | methods[\"a b\"]        | not a method name",
        "{\"methods\": {\"1A\": {}}}                        | methods[\"1A\"]         | not a method name",
        "{\"methods\": {\"calls\": {}}}                     | methods.calls           | \"Calls\" is built in",
        "{\"methods\": {\"Add\": {}, \"ADD\": {}}}          | methods.ADD             | the script already has \"Add\" (method names ignore case)",
        "{\"methods\": {}, \"record\": \"\"}                | record                  | expected a file name",
        "{\"methods\": {}, \"record\": 1}                   | record                  | expected a string, not a number",
        "{\"methods\": {}, \"description\": []}            | description             | expected a string, not an array",
    })
    void errorsNameTheJsonPath(String json, String path, String phrase) {
        ScriptException e = assertThrows(ScriptException.class, () -> parse(json));
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.problem().contains(phrase), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.json: "), e.getMessage());
    }

    @Test
    void syntaxErrorsAndDuplicateKeysAreRefused() throws Exception {
        ScriptException syntax = assertThrows(ScriptException.class, () -> parse("{\"methods\": {\n  \"A\": {,}}}"));
        assertEquals("line 2, column 9", syntax.path(), syntax.getMessage());
        ScriptException dup = assertThrows(ScriptException.class,
                () -> parse("{\"methods\": {\"A\": {\"result\": 1, \"result\": 2}}}"));
        assertTrue(dup.getMessage().contains("Duplicate field 'result'"), dup.getMessage());
        ScriptException missing = assertThrows(ScriptException.class, () -> Script.load(dir.resolve("none.json")));
        assertTrue(missing.getMessage().contains("cannot read the script"), missing.getMessage());
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[(int) Script.MAX_FILE_SIZE + 1]);
        assertTrue(assertThrows(ScriptException.class, () -> Script.load(big)).getMessage().contains("at most"));
    }

    @Test
    void theDemoScriptLoads() {
        Script demo = Script.demo();
        assertTrue(demo.methodNames().containsAll(List.of("Greet", "Square", "Deny", "Slow")), demo.methodNames().toString());
    }

    @Test
    void answersAreChosenByArgumentsThenInSequence() throws Exception {
        Script s = parse("""
                {"methods": {"M": [{"result": "first"}, {"args": [1, [2, "x"]], "result": "match"},
                                   {"args": [null], "result": "nothing"}, {"result": "second"}]}}
                """);
        Script.Method m = s.methods().get(0);
        AtomicInteger position = new AtomicInteger();
        ObjectMapper json = new ObjectMapper();
        assertEquals(new Variant.Bstr("match"), ScriptedStub.choose(m, position, json.readTree("[1.0, [2, \"x\"]]")).result());
        assertEquals(new Variant.Bstr("nothing"), ScriptedStub.choose(m, position, json.readTree("[null]")).result());
        assertEquals(new Variant.Bstr("first"), ScriptedStub.choose(m, position, json.readTree("[1, [2, \"y\"]]")).result());
        assertEquals(new Variant.Bstr("second"), ScriptedStub.choose(m, position, json.readTree("[]")).result());
        assertEquals(new Variant.Bstr("second"), ScriptedStub.choose(m, position, json.readTree("[]")).result());
    }

    @Test
    void variantsAreRecordedAsJsonValues() {
        assertEquals(Arrays.asList(null, null, 2, 3, 4L, 1.5, "NaN", true, "s", null, List.of(1, 255), List.of(7),
                List.of("a"), List.of(1, "b")), List.of(Variant.EMPTY, Variant.NULL, new Variant.I2((short) 2),
                new Variant.I4(3), new Variant.I8(4), new Variant.R4(1.5f), new Variant.R8(Double.NaN),
                new Variant.Bool(true), new Variant.Bstr("s"), new Variant.Bstr(null),
                Variant.of(new byte[] {1, (byte) 255}), Variant.of(new int[] {7}), Variant.of(new String[] {"a"}),
                Variant.of(List.of(1, "b"))).stream().map(ScriptedStub::recorded).toList());
        assertEquals("(interface pointer)", ScriptedStub.recorded(new Variant.Dispatch(null)));
    }

    @Test
    void recordsRoundTripThroughTheirJson() throws Exception {
        CallRecord r = new CallRecord(1, Instant.parse("2025-01-31T09:15:02.125Z"), "Add", Arrays.asList(1, "x", null,
                5_000_000_000L, 2.5, List.of(true)), 2, "bob", 42, HResult.E_ACCESSDENIED, "no", null);
        assertEquals("{\"seq\":1,\"time\":\"2025-01-31T09:15:02.125Z\",\"method\":\"Add\",\"args\":[1,\"x\",null,"
                + "5000000000,2.5,[true]],\"session\":2,\"user\":\"bob\",\"pid\":42,\"hresult\":\"0x80070005\","
                + "\"message\":\"no\",\"result\":null}", r.toJson());
        Path file = dir.resolve("calls.jsonl");
        Files.writeString(file, r.toJson() + "\n\n" + r.toJson() + "\n{\"seq\":3,\"ti", StandardCharsets.UTF_8);
        CallLog log = CallLog.read(file);
        assertEquals(List.of(r, r), log.calls(), "a last line still being written is left out");
        assertEquals(2, log.count("add"));
        assertEquals(log.calls(), CallLog.parse(log.toJson()).calls());
        assertEquals(0, CallLog.read(dir.resolve("absent.jsonl")).size());
        Files.writeString(file, "{\"seq\":1}\n", StandardCharsets.UTF_8);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> CallLog.read(file));
        assertTrue(bad.getMessage().contains("calls.jsonl:1: not a call record"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CallLog.parse("{}"));
    }

    @Test
    void theCommandLineChecksScriptsAndRefusesBadArguments() throws Exception {
        Path good = dir.resolve("good.json");
        Files.writeString(good, "{\"record\": \"c.jsonl\", \"methods\": {\"A\": {}, \"B\": {}}}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "--check", good.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("2 method(s): A, B; records to "), out.toString());
        Files.writeString(good, "{\"methods\": {\"A\": 1}}");
        assertEquals(2, run(out, err, "--check", good.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bad script: " + good + ": methods.A: expected an answer"),
                err.toString());
        assertEquals(2, run(out, err, "--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown argument \"--bogus\"; usage:"), err.toString());
        assertEquals(2, run(out, err, "--script"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--script needs a value"), err.toString());
        assertEquals(2, run(out, err, "--clsid", "nope", "-Embedding"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--clsid takes a GUID"), err.toString());
        assertEquals(2, run(out, err, "-Embedding"), "no launch context: not started by a host");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("a session host starts it"), err.toString());
    }

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        out.reset();
        err.reset();
        return ScriptedServer.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
