package io.sessionmoniker.moniker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link HResult} is one table: every constant has its own value, and every name a lookup gives is a constant's. */
class HResultTableTest {

    /** Pairs of constants documented as one value under two names; none today. */
    private static final Map<String, String> ALIASES = Map.of();

    /** Every {@code public static final int} field of {@link HResult}, by name. */
    private static Map<String, Integer> constants() throws IllegalAccessException {
        Map<String, Integer> constants = new HashMap<>();
        for (Field f : HResult.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (f.getType() == int.class && Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m)) {
                constants.put(f.getName(), f.getInt(null));
            }
        }
        return constants;
    }

    @Test
    void everyConstantIsNamedByItsFieldName() throws Exception {
        Map<String, Integer> constants = constants();
        assertTrue(constants.size() > 40, "the table was read: " + constants.keySet());
        for (var c : constants.entrySet()) {
            String name = c.getKey();
            int value = c.getValue();
            if (ALIASES.containsKey(name)) {
                continue;
            }
            assertEquals(name, HResult.nameOf(value), HResult.format(value));
            assertEquals(name, HResult.knownName(value).orElseThrow(), HResult.format(value));
        }
    }

    @Test
    void noTwoConstantsShareAValueUnlessDocumentedAsAliases() throws Exception {
        Map<Integer, List<String>> byValue = new HashMap<>();
        constants().forEach((name, value) -> byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(name));
        for (var e : byValue.entrySet()) {
            List<String> names = e.getValue();
            names.removeIf(ALIASES::containsKey);
            assertEquals(1, names.size(), HResult.format(e.getKey()) + " has more than one name: " + names);
        }
        ALIASES.forEach((alias, of) -> assertTrue(byValue.containsKey(constantValue(alias, of)), alias));
    }

    private static int constantValue(String alias, String of) {
        try {
            int a = HResult.class.getField(alias).getInt(null);
            assertEquals(HResult.class.getField(of).getInt(null), a, alias + " is documented as an alias of " + of);
            return a;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(alias + " or " + of + " is not a constant of HResult", e);
        }
    }

    @Test
    void comExceptionReportsTheNameNeverTheHexForm() throws Exception {
        for (var c : constants().entrySet()) {
            if (c.getValue() == HResult.S_OK || ALIASES.containsKey(c.getKey())) {
                continue;
            }
            ComException e = new ComException(c.getValue(), "failed");
            assertEquals(c.getKey(), e.errorName());
            assertFalse(e.errorName().startsWith("0x"), e.errorName());
            assertEquals(ComException.class.getName() + ": " + c.getKey() + " (" + HResult.format(c.getValue())
                    + "): failed", e.toString());
        }
    }

    @Test
    void everyFailureConstantIsAFailure() throws Exception {
        for (var c : constants().entrySet()) {
            if (!c.getKey().equals("S_OK")) {
                assertTrue(HResult.failed(c.getValue()), c.getKey() + " = " + HResult.format(c.getValue()));
            }
        }
    }

    @Test
    void win32ConstantsAreHresultFromWin32OfTheirCode() {
        assertEquals(HResult.RPC_X_BAD_STUB_DATA, HResult.fromWin32(1783));
        assertEquals(HResult.RPC_S_PROTOCOL_ERROR, HResult.fromWin32(1728));
        assertEquals(HResult.RPC_S_PROCNUM_OUT_OF_RANGE, HResult.fromWin32(1745));
        assertEquals(HResult.RPC_S_UNKNOWN_IF, HResult.fromWin32(1717));
        assertEquals(HResult.RPC_S_SERVER_UNAVAILABLE, HResult.fromWin32(1722));
        assertEquals(HResult.RPC_S_SERVER_TOO_BUSY, HResult.fromWin32(1723));
        assertEquals(HResult.RPC_S_INVALID_BINDING, HResult.fromWin32(1702));
        assertEquals(HResult.ERROR_PRIVILEGE_NOT_HELD, HResult.fromWin32(1314));
        assertEquals(HResult.ERROR_FILE_NOT_FOUND, HResult.fromWin32(2));
        assertEquals(HResult.ERROR_INVALID_SECURITY_DESCR, HResult.fromWin32(1338));
        assertEquals(HResult.E_ACCESSDENIED, HResult.fromWin32(5));
    }
}
