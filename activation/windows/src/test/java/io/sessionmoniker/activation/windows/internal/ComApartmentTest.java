package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The apartment thread with stand-ins for CoInitializeEx / CoUninitialize. */
class ComApartmentTest {

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private ComApartment start(int initResult) {
        return ComApartment.start("test-mta", () -> {
            log.add("init on " + Thread.currentThread().getName());
            return initResult;
        }, () -> log.add("uninit on " + Thread.currentThread().getName()));
    }

    @Test
    void everyCallRunsOnTheOneThreadBetweenInitAndUninit() {
        ComApartment a = start(HResult.S_OK);
        assertEquals("test-mta", a.call("name", () -> Thread.currentThread().getName()));
        assertEquals(42, a.call("answer", () -> 42));
        a.close();
        a.close();
        assertEquals(List.of("init on test-mta", "uninit on test-mta"), log);
        assertTrue(a.isClosed());
    }

    @Test
    void sFalseIsSuccess() {
        ComApartment a = start(1);                           // S_FALSE: already initialised
        assertEquals("ok", a.call("x", () -> "ok"));
        a.close();
    }

    @Test
    void failedInitialisationThrowsTheHresultAndSkipsUninit() {
        ComException e = assertThrows(ComException.class, () -> start(HResult.RPC_E_CHANGED_MODE));
        assertEquals(HResult.RPC_E_CHANGED_MODE, e.hresult());
        assertEquals(List.of("init on test-mta"), log);
    }

    @Test
    void exceptionsReachTheCallerUnchanged() {
        ComApartment a = start(HResult.S_OK);
        ComException thrown = new ComException(HResult.E_NOINTERFACE, "no");
        assertSame(thrown, assertThrows(ComException.class, () -> a.call("x", () -> {
            throw thrown;
        })));
        ComException wrapped = assertThrows(ComException.class, () -> a.call("checked", () -> {
            throw new IOException("disk");
        }));
        assertEquals(HResult.E_FAIL, wrapped.hresult());
        assertEquals("still works", a.call("after", () -> "still works"));
        a.close();
    }

    @Test
    void nestedCallsRunInPlace() {
        ComApartment a = start(HResult.S_OK);
        assertEquals("inner", a.call("outer", () -> a.call("inner", () -> "inner")));
        a.close();
    }

    @Test
    void callsAfterCloseAreRefused() {
        ComApartment a = start(HResult.S_OK);
        a.close();
        assertThrows(IllegalStateException.class, () -> a.call("late", () -> 1));
    }

    @Test
    void closeFromTheApartmentThreadDoesNotDeadlock() {
        ComApartment a = start(HResult.S_OK);
        a.call("self-close", () -> {
            a.close();
            return null;
        });
        assertTrue(a.isClosed());
    }
}
