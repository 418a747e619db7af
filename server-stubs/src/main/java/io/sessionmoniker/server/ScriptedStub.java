package io.sessionmoniker.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionmoniker.activation.orpc.automation.DynamicDispatch;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One object of a scripted server: answers {@code IDispatch} from the script, and records every call. All objects
 * of one process share the script's position in each method's sequence of answers, and the record.
 */
final class ScriptedStub implements IScripted, DynamicDispatch {

    /** The DISPID of the built-in {@code Calls}; scripted method {@code i} has DISPID {@code i + 1}. */
    static final int CALLS_DISPID = 1_000_000;

    /** What the objects of one process share. */
    static final class Shared {
        final Script script;
        final Recorder recorder;
        final AtomicInteger[] positions;

        Shared(Script script, Recorder recorder) {
            this.script = script;
            this.recorder = recorder;
            this.positions = new AtomicInteger[script.methods().size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = new AtomicInteger();
            }
        }
    }

    private final Shared shared;

    ScriptedStub(Shared shared) {
        this.shared = shared;
    }

    @Override
    public String Calls() {
        return shared.recorder.json();
    }

    @Override
    public OptionalInt dispIdOf(String name) {
        if (name.equalsIgnoreCase(Script.CALLS)) {
            return OptionalInt.of(CALLS_DISPID);
        }
        return shared.script.indexOf(name).map(i -> OptionalInt.of(i + 1)).orElse(OptionalInt.empty());
    }

    /** Every member is a method: property gets and puts reach it the same way (a put with the value as argument). */
    @Override
    public Variant invoke(int dispId, int flags, List<Variant> args) {
        if (dispId == CALLS_DISPID) {
            if (!args.isEmpty()) {
                throw new ComException(HResult.DISP_E_BADPARAMCOUNT, Script.CALLS + " takes no arguments");
            }
            return Variant.of(Calls());
        }
        List<Script.Method> methods = shared.script.methods();
        if (dispId < 1 || dispId > methods.size()) {
            throw new ComException(HResult.DISP_E_MEMBERNOTFOUND, "the script has no member with DISPID " + dispId);
        }
        Instant time = Instant.now();
        Script.Method method = methods.get(dispId - 1);
        List<Object> values = new ArrayList<>(args.size());
        for (Variant v : args) {
            values.add(recorded(v));
        }
        JsonNode given = CallRecord.node(values);
        Script.Answer answer = choose(method, shared.positions[dispId - 1], given);
        int hresult;
        String message;
        Variant result;
        if (answer == null) {
            hresult = HResult.E_INVALIDARG;
            message = method.name() + ": the script has no answer for the arguments " + given + "; its answers are for "
                    + method.matched().stream().map(a -> a.args().toString()).toList();
            result = Variant.EMPTY;
        } else {
            if (answer.delayMillis() > 0) {
                try {
                    // the scripted delay is the behaviour under test
                    TimeUnit.MILLISECONDS.sleep(answer.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ComException(HResult.E_FAIL, method.name() + ": interrupted during its scripted delay");
                }
            }
            hresult = answer.hresult();
            message = HResult.failed(hresult) ? (answer.message() != null ? answer.message()
                    : method.name() + " failed as scripted") : null;
            result = answer.result();
        }
        try {
            shared.recorder.record(time, method.name(), values, hresult, message,
                    HResult.failed(hresult) ? null : recorded(result));
        } catch (IOException e) {
            throw new ComException(HResult.E_FAIL, method.name() + ": the call could not be recorded to "
                    + shared.recorder.path() + ": " + e.getMessage(), e);
        }
        if (HResult.failed(hresult)) {
            throw new ComException(hresult, message);
        }
        return result;
    }

    /** The first answer whose arguments match; else the next answer of the sequence, the last repeating. */
    static Script.Answer choose(Script.Method method, AtomicInteger position, JsonNode given) {
        for (Script.Answer a : method.matched()) {
            if (same(a.args(), given)) {
                return a;
            }
        }
        List<Script.Answer> sequence = method.sequence();
        if (sequence.isEmpty()) {
            return null;
        }
        int n = sequence.size();
        return sequence.get(position.getAndUpdate(i -> i < n - 1 ? i + 1 : i));
    }

    /** JSON equality, with numbers compared by value (1 equals 1.0). */
    static boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!same(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }

    /** A VARIANT as the record holds it (see {@link CallRecord}). */
    static Object recorded(Variant v) {
        if (v instanceof Variant.Empty || v instanceof Variant.Null) {
            return null;
        } else if (v instanceof Variant.I2 || v instanceof Variant.I4 || v instanceof Variant.Bool
                || v instanceof Variant.Bstr || v instanceof Variant.I8) {
            return v.toJava() instanceof Short s ? Integer.valueOf(s) : v.toJava();
        } else if (v instanceof Variant.R4 || v instanceof Variant.R8) {
            double d = ((Number) v.toJava()).doubleValue();
            return Double.isFinite(d) ? (Object) d : Double.toString(d);
        } else if (v instanceof Variant.Date d) {
            return d.toLocalDateTime().toString();
        } else if (v instanceof Variant.UI1Array a) {
            List<Object> out = new ArrayList<>();
            for (byte b : a.data().toArray()) {
                out.add(b & 0xFF);
            }
            return out;
        } else if (v instanceof Variant.I4Array a) {
            List<Object> out = new ArrayList<>();
            for (int i : a.values()) {
                out.add(i);
            }
            return out;
        } else if (v instanceof Variant.BstrArray a) {
            return new ArrayList<Object>(a.values());
        } else if (v instanceof Variant.VariantArray a) {
            List<Object> out = new ArrayList<>();
            for (Variant e : a.values()) {
                out.add(recorded(e));
            }
            return out;
        }
        return "(interface pointer)";
    }
}
