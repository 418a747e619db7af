package io.sessionmoniker.server.junit.jinterop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.testing.Await;
import io.sessionmoniker.server.CallLog;
import io.sessionmoniker.server.CallRecord;
import io.sessionmoniker.server.junit.DcomEndpoint;
import io.sessionmoniker.server.junit.ScriptedCalls;
import io.sessionmoniker.server.junit.ScriptedClass;
import io.sessionmoniker.server.junit.SessionControl;
import io.sessionmoniker.server.junit.SessionHostTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.jinterop.dcom.common.JIErrorCodes;
import org.jinterop.dcom.common.JIException;
import org.jinterop.dcom.common.JISystem;
import org.jinterop.dcom.core.IJIComObject;
import org.jinterop.dcom.core.JIClsid;
import org.jinterop.dcom.core.JIComServer;
import org.jinterop.dcom.core.JISession;
import org.jinterop.dcom.core.JIVariant;
import org.jinterop.dcom.impls.JIObjectFactory;
import org.jinterop.dcom.impls.automation.IJIDispatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kit's example, as a user's test of a DCOM client looks: j-Interop 2.0.8 against a scripted class of the
 * test's own, activated over DCOM on port 135 (j-Interop dials no other), called through IDispatch, the calls
 * asserted from the record; and a logoff while j-Interop holds a reference. j-Interop activates at
 * {@code RPC_C_AUTHN_LEVEL_CONNECT}, below the default minimum, hence {@code minimumAuthnLevel = "connect"}.
 *
 * <p>This class runs in a JVM of its own network namespace (the build's {@code in-namespace} execution).
 */
@SessionHostTest(dcom = true, port135 = SessionHostTest.Port135.REQUIRED, minimumAuthnLevel = "connect",
        lifecycle = SessionHostTest.Lifecycle.PER_METHOD)
@ScriptedClass(clsid = JInteropExampleTest.INVENTORY, progId = "Inventory.Service", script = """
        {"methods": {"Version": {"result": "2.1"}, "Add": {"args": [1, 2], "result": 3}}}
        """)
class JInteropExampleTest {

    static final String INVENTORY = "4A1E0C2B-0000-4000-8000-000000000001";
    static final String SESSION_INFO = "10000013-0000-0000-0000-000000000001";

    private JISession session;

    @BeforeAll
    static void quietJInterop() {
        JISystem.setAutoRegisteration(false);
        JISystem.getLogger().setLevel(Level.OFF);
    }

    /** What a client under test does: logs on as bob, activates the class, asks for IDispatch. */
    IJIDispatch activate(DcomEndpoint host, String clsid) throws Exception {
        DcomEndpoint.Credentials bob = host.user("bob");
        session = JISession.createSession(bob.domain(), bob.user(), bob.password());
        session.setGlobalSocketTimeout(30_000);
        JIComServer server = new JIComServer(JIClsid.valueOf(clsid), host.host(), session);
        IJIComObject unknown = server.createInstance();
        return (IJIDispatch) JIObjectFactory.narrowObject(unknown.queryInterface(IJIDispatch.IID));
    }

    @AfterEach
    void destroySession() throws JIException {
        if (session != null) {
            JISession.destroySession(session);
        }
    }

    @Test
    void addsThroughIDispatch(DcomEndpoint host, ScriptedCalls calls) throws Exception {
        IJIDispatch inventory = activate(host, INVENTORY);
        assertEquals("2.1", inventory.callMethodA("Version").getObjectAsString2());
        JIVariant[] sum = inventory.callMethodA("Add", new Object[] {new JIVariant(1), new JIVariant(2)});
        assertEquals(3, sum[0].getObjectAsInt());

        CallLog log = calls.await(l -> l.count("Add") == 1, Duration.ofSeconds(30));
        CallRecord add = log.calls("Add").get(0);
        assertEquals(List.of(1, 2), add.args());
        assertEquals(2, add.session(), "Interactive User: the server runs in bob's own session");
        assertEquals("bob", add.user());
    }

    @Test
    void sessionInfoReportsBobsSession(DcomEndpoint host, SessionHost sessionHost) throws Exception {
        IJIDispatch info = activate(host, SESSION_INFO);
        assertEquals(2, info.callMethodA("SessionId").getObjectAsInt());
        assertEquals("bob", info.callMethodA("UserName").getObjectAsString2());
        long pid = info.callMethodA("ProcessId").getObjectAsInt();
        assertTrue(sessionHost.serverPids().contains(pid), "the pid the server reports is one the host runs");
    }

    @Test
    void aLogoffEndsTheServerAndTheClientsNextCallFails(DcomEndpoint host, SessionControl sessions,
            SessionHost sessionHost) throws Exception {
        IJIDispatch info = activate(host, SESSION_INFO);
        long pid = info.callMethodA("ProcessId").getObjectAsInt();
        sessions.logoff(2);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        // The server process ended with the session, and its endpoint with it, as a Windows server's does: the
        // connection j-Interop holds to the object's exporter is closed by the peer, which j-Interop reports as
        // RPC_E_UNEXPECTED wrapping the IOException.
        JIException e = assertThrows(JIException.class, () -> info.callMethodA("SessionId"));
        assertEquals(JIErrorCodes.RPC_E_UNEXPECTED, e.getErrorCode(), e::getMessage);
        assertTrue(e.getCause() instanceof IOException, () -> "caused by " + e.getCause());
        // the host reaps the ended process on its own thread: the exit seen here may come first
        Await.until("the host to forget the ended server " + pid, Duration.ofSeconds(30),
                () -> sessionHost.serverPids().isEmpty());
    }
}
