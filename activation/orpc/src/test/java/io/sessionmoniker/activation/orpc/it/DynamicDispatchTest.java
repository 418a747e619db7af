package io.sessionmoniker.activation.orpc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.runtime.Dispatch;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages;
import io.sessionmoniker.activation.orpc.automation.DynamicDispatch;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exported object that answers IDispatch itself through {@link DynamicDispatch}. */
class DynamicDispatchTest {

    /** Members known at run time: Join(a, b, …), Fail(hresult), Boom(), Color (a property); also a typed ICounter. */
    static final class Members implements TestInterfaces.ICounter, DynamicDispatch {
        static final Map<String, Integer> IDS = Map.of("join", 7, "fail", 8, "boom", 9, "color", 10);
        final List<String> log = new ArrayList<>();
        String color = "red";
        int count;

        @Override
        public OptionalInt dispIdOf(String name) {
            Integer id = IDS.get(name.toLowerCase(Locale.ROOT));
            return id == null ? OptionalInt.empty() : OptionalInt.of(id);
        }

        @Override
        public Variant invoke(int dispId, int flags, List<Variant> args) {
            synchronized (log) {
                log.add(dispId + "/" + flags + "/" + args);
            }
            switch (dispId) {
                case 7 -> {
                    StringBuilder out = new StringBuilder();
                    for (Variant v : args) {
                        out.append(v.toJava());
                    }
                    return Variant.of(out.toString());
                }
                case 8 -> throw new ComException((Integer) args.get(0).toJava(), "scripted failure");
                case 9 -> throw new IllegalStateException("not a ComException");
                case 10 -> {
                    if ((flags & DispatchMessages.DISPATCH_PROPERTYPUT) != 0) {
                        color = (String) args.get(0).toJava();
                        return Variant.EMPTY;
                    }
                    return Variant.of(color);
                }
                default -> throw new ComException(0x80020003, "no member " + dispId);
            }
        }

        @Override
        public int Increment() {
            return ++count;
        }

        @Override
        public int Value() {
            return count;
        }
    }

    @TempDir
    Path tmp;
    ObjectExporter exporter;
    ComClient client;

    @BeforeEach
    void start() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("s"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        exporter = ObjectExporter.start(UnixSocketTransport.create(), Endpoint.unix(dir.resolve("x.sock")),
                ObjectExporter.AccessCheck.ALLOW_ALL);
        client = new ComClient(UnixSocketTransport.create());
    }

    @AfterEach
    void stop() {
        client.close();
        exporter.close();
    }

    @Test
    void namesAndCallsGoToTheObject() {
        Members m = new Members();
        ObjRef ref = exporter.export(m, TestInterfaces.ICounter.class);
        try (Dispatch d = client.dispatch(ref)) {
            assertEquals("a1true", d.invoke("JOIN", "a", 1, true), "names are the object's, arguments in call order");
            assertEquals("", d.invoke("join"));
            assertEquals("red", d.get("Color"));
            d.put("color", "blue");
            assertEquals("blue", m.color);
            assertEquals("7/" + (DispatchMessages.DISPATCH_METHOD | DispatchMessages.DISPATCH_PROPERTYGET)
                    + "/[Bstr[value=a], I4[value=1], Bool[value=true]]", m.log.get(0));
            ComException unknown = assertThrows(ComException.class, () -> d.invoke("Increment"));
            assertEquals(0x80020006, unknown.hresult(), "DISP_E_UNKNOWNNAME: the typed members are not listed");
        }
    }

    @Test
    void failuresReachTheClientWithTheirHResult() {
        ObjRef ref = exporter.export(new Members(), TestInterfaces.ICounter.class);
        try (Dispatch d = client.dispatch(ref)) {
            ComException denied = assertThrows(ComException.class, () -> d.invoke("Fail", HResult.E_ACCESSDENIED));
            assertEquals(HResult.E_ACCESSDENIED, denied.hresult());
            assertTrue(denied.getMessage().contains("scripted failure"), denied.getMessage());
            ComException count = assertThrows(ComException.class, () -> d.invoke("Fail", 0x8002000E));
            assertEquals(0x8002000E, count.hresult(), "a FACILITY_DISPATCH code is Invoke's own result");
            ComException boom = assertThrows(ComException.class, () -> d.invoke("Boom"));
            assertEquals(HResult.E_FAIL, boom.hresult());
            assertTrue(boom.getMessage().contains("not a ComException"), boom.getMessage());
        }
    }

    @Test
    void theTypedInterfaceStillWorksEarlyBound() {
        Members m = new Members();
        TestInterfaces.ICounter counter = client.proxy(exporter.export(m, TestInterfaces.ICounter.class),
                TestInterfaces.ICounter.class);
        assertEquals(1, counter.Increment());
        assertEquals(1, m.Value());
        ((RemoteObject) counter).close();
    }

    @Test
    void objectsWithoutTheHookKeepTheSynthesizedDispatch() {
        ObjRef ref = exporter.export(new ChildServer.Calc(), TestInterfaces.ICalc.class);
        try (Dispatch d = client.dispatch(ref)) {
            assertEquals(5, d.invoke("add", 2, 3));
            assertNull(d.invoke("Nothing"));
        }
    }
}
