package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.testing.Await;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.server.CallLog;
import io.sessionmoniker.server.ICounter;
import io.sessionmoniker.server.IStub;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stub servers of the demo registry, launched as real processes by an embedded host ({@link HostFixture}). */
class StubServersTest {

    static final Caller SYSTEM = Caller.local(Principal.system(), 0);

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(Scenario::demo);

    @Test
    void singleUseCrashAndCrashAtStartBehaveAsNamed(SessionHost host) throws Exception {
        Activation<IStub> a = host.activate("Session:2!new:10000013-0000-0000-0000-000000000003", SYSTEM, IStub.class);
        Activation<IStub> b = host.activate("Session:2!new:10000013-0000-0000-0000-000000000003", SYSTEM, IStub.class);
        assertNotEquals(a.object().ProcessId(), b.object().ProcessId(), "single-use: a process per activation");
        ((ComObject) a.object()).close();
        ((ComObject) b.object()).close();

        Activation<IStub> crash = host.activate("Session:2!new:10000013-0000-0000-0000-000000000004", SYSTEM, IStub.class);
        ComException died = assertThrows(ComException.class, () -> crash.object().Crash());
        assertEquals(HResult.RPC_E_SERVER_DIED, died.hresult(), died.toString());
        ProcessHandle.of(crash.pid().getAsLong()).ifPresent(p -> p.onExit().join());
        Activation<IStub> again = host.activate("Session:2!new:10000013-0000-0000-0000-000000000004", SYSTEM, IStub.class);
        assertTrue(again.launched(), "the next activation launches a new server");
        assertNotEquals(crash.pid().getAsLong(), again.pid().getAsLong());
        ((ComObject) again.object()).close();

        ComException early = assertThrows(ComException.class,
                () -> host.activate("Session:2!new:10000013-0000-0000-0000-000000000006", SYSTEM, IStub.class));
        assertEquals(HResult.CO_E_SERVER_EXEC_FAILURE, early.hresult());
        assertTrue(early.getMessage().contains("exited with status 3"), early.getMessage());
        assertTrue(early.getMessage().contains("dying at start as asked"), "the server's own output: "
                + early.getMessage());
    }

    @Test
    void counterStateIsSharedByTheClientsOfOneServer(SessionHost host) throws Exception {
        Caller bob = Caller.local(host.sessions().users().lookup("bob").orElseThrow(), 2);
        Activation<ICounter> a = host.activate("new:10000013-0000-0000-0000-000000000002", bob, ICounter.class);
        Activation<ICounter> b = host.activate("Session:1!new:10000013-0000-0000-0000-000000000002", bob,
                ICounter.class);
        assertEquals(a.pid().getAsLong(), b.pid().getAsLong(), "Launching User: one server per client account, the moniker ignored");
        assertEquals(1, a.object().Increment());
        assertEquals(2, b.object().Increment());
        ((ComObject) a.object()).close();
        ((ComObject) b.object()).close();
    }

    @Test
    void theScriptedStubOfTheDemoRegistryAnswersFromItsDemoScript(SessionHost host) throws Exception {
        try (Activation<LateBound> a = host.activateDispatch("Session:2!@SessionMoniker.Scripted", SYSTEM)) {
            assertEquals(4, a.object().invoke("Square", 2));
            ComException denied = assertThrows(ComException.class, () -> a.object().invoke("Deny"));
            assertEquals(HResult.E_ACCESSDENIED, denied.hresult());
            CallLog log = CallLog.parse((String) a.object().invoke("Calls"));
            assertEquals(2, log.size());
            assertEquals(2, log.calls("square").get(0).session());
            assertEquals(a.pid().orElseThrow(), log.calls().get(1).pid());
        }
    }

    @Test
    void slowStartMeetsTheStartTimeout() throws Exception {
        SessionHost host = fixture.start(Scenario.demo().withStartTimeoutMillis(1500), SessionHost.Options.defaults());
        ComException e = assertThrows(ComException.class,
                () -> host.activate("Session:1!new:10000013-0000-0000-0000-000000000005", SYSTEM, IStub.class));
        assertEquals(HResult.CO_E_SERVER_EXEC_FAILURE, e.hresult());
        assertTrue(e.getMessage().contains("did not register"), e.getMessage());
        Await.until("the slow server to be ended", Duration.ofSeconds(30), host::serverPids, List::isEmpty);
    }
}
