package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.host.internal.HostWire;
import io.sessionmoniker.activation.orpc.rpc.RpcException;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import io.sessionmoniker.policy.Sid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failure has the same HRESULT and the same symbolic name whichever backend reports it: the embedded host
 * throws it in the caller's process, a host daemon encodes it ({@link HostWire#error}) and its client rebuilds it
 * ({@link HostWire#check}).
 */
class ErrorNamesAcrossBackendsTest {

    static final String REPORTER = ServiceControlManagerTest.REPORTER;

    @TempDir
    Path tmp;

    /** Throws the failure an answer carries, as a host daemon's client does. */
    private static ComException rebuilt(RuntimeException e) {
        return assertThrows(ComException.class, () -> HostWire.check(HostWire.error(e)));
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"800706F7", "800706C0", "800706B5", "800706D1", "800706BB", "8001011F", "800706BA",
        "80010108", "80010007"})
    void rpcFailuresKeepTheirNameAcrossTheDaemon(String hex) {
        int hresult = Integer.parseUnsignedInt(hex, 16);
        RpcException original = new RpcException(hresult, "the call failed");
        ComException back = rebuilt(original);
        assertEquals(hresult, back.hresult());
        assertEquals(HResult.nameOf(hresult), original.errorName());
        assertEquals(original.errorName(), back.errorName());
        assertFalse(back.errorName().startsWith("0x"), back.errorName());
        assertEquals("the call failed", back.getMessage());
    }

    @Test
    void theFamilyOfComExceptionsKeepsItsNamesAcrossTheDaemon() {
        SecurityDescriptorFormatException badSid = assertThrows(SecurityDescriptorFormatException.class,
                () -> Sid.parse("S-1-x"));
        List<ComException> failures = List.of(new ComException(HResult.E_ABORT, "interrupted"),
                new ComException(HResult.RPC_E_CHANGED_MODE, "CoInitializeEx"),
                new ComException(HResult.DISP_E_PARAMNOTFOUND, "Invoke"),
                new SessionOperationException(HResult.ERROR_NO_TOKEN, 3, "nobody is logged on"), badSid);
        for (ComException original : failures) {
            ComException back = rebuilt(original);
            assertEquals(original.hresult(), back.hresult(), original.toString());
            assertEquals(original.errorName(), back.errorName(), original.toString());
            assertFalse(back.errorName().startsWith("0x"), back.errorName());
            assertEquals(original.getMessage(), back.getMessage());
        }
        assertEquals("ERROR_INVALID_SECURITY_DESCR", badSid.errorName());
    }

    @Test
    void aNonComFailureIsNamedTheSameOnBothSides() {
        assertSame(IllegalArgumentException.class, assertThrows(RuntimeException.class,
                () -> HostWire.check(HostWire.error(new IllegalArgumentException("bad session id")))).getClass());
        ComException internal = rebuilt(new IllegalStateException("a bug"));
        assertEquals("E_FAIL", internal.errorName());
    }

    /** The same failing activations, through the embedded host and through a daemon serving the same scenario. */
    @Test
    void failingActivationsReportTheSameCodeAndNameThroughBothBackends() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("Session:2!new:50000000-0000-0000-0000-000000000003", "CO_E_SERVER_EXEC_FAILURE"); // exits at once
        cases.put("Session:2!new:50000000-0000-0000-0000-0000000000AA", "REGDB_E_CLASSNOTREG");
        cases.put("Session:7!new:" + REPORTER, "ERROR_CTX_WINSTATION_NOT_FOUND");
        cases.put("Session:2!new:nonsense", "MK_E_SYNTAX");
        Path socket = tmp.resolve("run").resolve("host.sock");
        List<Long> pids = new ArrayList<>();
        try (SessionHost embedded = SessionHost.start(ServiceControlManagerTest.scenario("scenario.json"),
                SessionHost.Options.defaults());
                HostDaemon daemon = HostDaemon.start(ServiceControlManagerTest.scenario("scenario.json"), socket,
                        SessionHost.Options.defaults());
                HostClient client = HostClient.connect(socket)) {
            for (var c : cases.entrySet()) {
                String name = c.getKey();
                ComException here = failure(embedded, name);
                ComException there = failure(client, name);
                assertEquals(c.getValue(), here.errorName(), here.toString());
                assertEquals(here.hresultHex(), there.hresultHex(), name);
                assertEquals(here.errorName(), there.errorName(), name);
            }
            pids.addAll(embedded.serverPids());
            pids.addAll(daemon.host().serverPids());
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
    }

    private static ComException failure(Activator activator, String name) {
        return assertThrows(ComException.class, () -> activator.bind(name, ReportingServer.IReport.class,
                ActivationOptions.defaults()), name);
    }
}
