package io.sessionmoniker.server.junit.jinterop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.sessionmoniker.server.junit.DcomEndpoint;
import io.sessionmoniker.server.junit.SessionHostTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.logging.Level;
import org.jinterop.dcom.common.JISystem;
import org.jinterop.dcom.core.IJIComObject;
import org.jinterop.dcom.core.JIClsid;
import org.jinterop.dcom.core.JIComServer;
import org.jinterop.dcom.core.JISession;
import org.jinterop.dcom.impls.JIObjectFactory;
import org.jinterop.dcom.impls.automation.IJIDispatch;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The port 135 path's clean-up: an example whose test fails while j-Interop holds a reference to a server the host
 * launched on port 135; once the class has ended, that server has exited and port 135 is free again.
 */
class Port135CleanupTest {

    static volatile long pid;

    @SessionHostTest(dcom = true, port135 = SessionHostTest.Port135.REQUIRED, minimumAuthnLevel = "connect")
    static class FailingJInteropExample {
        @Test
        void failsHoldingAReference(DcomEndpoint host) throws Exception {
            assertEquals(135, host.port());
            JISystem.setAutoRegisteration(false);
            JISystem.getLogger().setLevel(Level.OFF);
            DcomEndpoint.Credentials bob = host.user("bob");
            JISession session = JISession.createSession(bob.domain(), bob.user(), bob.password());
            session.setGlobalSocketTimeout(30_000);
            IJIComObject unknown = new JIComServer(JIClsid.valueOf("10000013-0000-0000-0000-000000000001"),
                    host.host(), session).createInstance();
            IJIDispatch info = (IJIDispatch) JIObjectFactory.narrowObject(unknown.queryInterface(IJIDispatch.IID));
            pid = info.callMethodA("ProcessId").getObjectAsInt();
            fail("on purpose, the session not destroyed and the reference held");
        }
    }

    @Test
    void thisJvmHasANetworkNamespaceOfItsOwn() {
        // the build's in-namespace execution runs this package's JVM under unshare (src/test/netns/bin/java)
        String ns = System.getenv("SESSMON_TEST_NETNS");
        if (ns == null && !"1".equals(System.getenv("SESSMON_INTEROP_REQUIRED"))) {
            org.junit.jupiter.api.Assumptions.abort("not run in a namespace of its own (run by hand, or no namespace"
                    + " can be made here)");
        }
        assertTrue(ns != null && ns.startsWith("unshare -"), "SESSMON_TEST_NETNS: " + ns);
    }

    @Test
    void theServerHasEndedAndPort135IsFreeAfterAFailure() throws IOException {
        pid = 0;
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FailingJInteropExample.class)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        if (summary.getTestsStartedCount() == 0) {
            // the class was aborted: no port 135 here (the reason is in the report)
            org.junit.jupiter.api.Assumptions.abort("port 135 is not available in this JVM");
        }
        assertEquals(1, summary.getTotalFailureCount());
        assertTrue(summary.getFailures().get(0).getException().getMessage().contains("on purpose"),
                () -> String.valueOf(summary.getFailures().get(0).getException()));
        assertTrue(pid > 0);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server " + pid + " still runs");
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 135));
        } catch (IOException e) {
            fail("port 135 is still held: " + e);
        }
    }
}
