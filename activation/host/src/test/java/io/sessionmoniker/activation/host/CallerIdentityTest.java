package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sessionmoniker.activation.host.internal.CallerTicket;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.activation.host.internal.PrincipalJson;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A launched server decides on the identity the host proved, never on one a client wrote: calls go to bob's server
 * in session 2, whose access permission is Windows' default (its own identity and SYSTEM), carrying identities
 * that are forged, altered, taken from another server or presented by another account, and are refused; the
 * genuine ticket the host issued for SYSTEM is accepted.
 */
class CallerIdentityTest {

    static final String REPORTER = "50000000-0000-0000-0000-000000000001";
    static final Caller SYSTEM = Caller.local(Principal.system(), 0);
    static final Duration DEADLINE = Duration.ofSeconds(120);

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("scenario.json"));

    SessionHost host;
    ComClient client;

    @BeforeEach
    void start() throws Exception {
        host = fixture.host();   // closed by the fixture, which also fails a test whose servers outlive it
        client = fixture.closeLater(new ComClient(UnixSocketTransport.create()));
    }

    /** An instance of the reporter in a session, marshalled for this test's client with a ticket for SYSTEM. */
    ActivationService.Result activate(long session, String peer) {
        ActivationService.Result r = host.activations().activate(
                host.planner().parser().parse("Session:" + session + "!new:" + REPORTER), SYSTEM,
                ActivationService.Request.of(ReportingServer.IReport.class, DEADLINE, peer));
        return r;
    }

    /** Calls the instance with these extensions instead of its ticket. */
    long call(ActivationService.Result r, List<OrpcExtent> extents) {
        ReportingServer.IReport report = client.proxy(r.reference(), ReportingServer.IReport.class, extents);
        try {
            return report.SessionId();
        } finally {
            ((RemoteObject) report).close();
        }
    }

    static void assertDenied(ThrowingCall call) {
        ComException e = assertThrows(ComException.class, call::run);
        assertEquals(HResult.E_ACCESSDENIED, e.hresult(), e.getMessage());
    }

    interface ThrowingCall {
        void run();
    }

    @Test
    void theGenuineTicketIsAccepted() {
        ActivationService.Result r = activate(2, ServiceControlManager.HOST_ACCOUNT);
        assertEquals(2, call(r, List.of(r.ticket())));
    }

    @Test
    void aClaimWrittenByTheClientIsRefused() {
        // the in-band JSON claim callers could once write about themselves, claiming SYSTEM: now simply ignored,
        // so the call is anonymous, and anonymous callers may not call this server
        String claim = "{\"principal\":" + PrincipalJson.encode(Principal.system()) + ",\"session\":0,\"remote\":false}";
        OrpcExtent oldClaim = new OrpcExtent(Guid.parse("5E55A0A0-0000-4000-8000-0000000000E1"),
                Bytes.copyOf(claim.getBytes(StandardCharsets.UTF_8)));
        assertDenied(() -> call(activate(2, ServiceControlManager.HOST_ACCOUNT), List.of(oldClaim)));
        // a ticket in the right format, claiming SYSTEM, signed with a key the client made up
        OrpcExtent forged = CallerTicket.issue(CallerTicket.newKey(), SYSTEM, ServiceControlManager.HOST_ACCOUNT);
        assertDenied(() -> call(activate(2, ServiceControlManager.HOST_ACCOUNT), List.of(forged)));
        // no identity at all: anonymous
        assertDenied(() -> call(activate(2, ServiceControlManager.HOST_ACCOUNT), List.of()));
    }

    @Test
    void anAlteredTicketIsRefused() {
        ActivationService.Result r = activate(2, ServiceControlManager.HOST_ACCOUNT);
        byte[] data = r.ticket().data().toArray();
        // turn the claimed session 0 into session 8: the tag no longer matches
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"session\":0");
        data[at + "\"session\":".length()] = '8';
        OrpcExtent altered = new OrpcExtent(CallerTicket.ID, Bytes.copyOf(data));
        assertDenied(() -> call(r, List.of(altered)));
        // and two tickets at once are refused even if one is genuine
        ActivationService.Result again = activate(2, ServiceControlManager.HOST_ACCOUNT);
        assertDenied(() -> call(again, List.of(again.ticket(), again.ticket())));
    }

    @Test
    void anotherServersTicketIsRefused() {
        // a genuine ticket, issued for alice's server in session 1, replayed against bob's server in session 2
        ActivationService.Result alices = activate(1, ServiceControlManager.HOST_ACCOUNT);
        assertEquals(1, call(alices, List.of(alices.ticket())));
        ActivationService.Result bobs = activate(2, ServiceControlManager.HOST_ACCOUNT);
        assertDenied(() -> call(bobs, List.of(alices.ticket())));
    }

    @Test
    void aTicketHandedToAnotherAccountIsRefused() {
        // the host bound this ticket to the OS account "mallory"; the call comes from the host's own account
        ActivationService.Result r = activate(2, "mallory");
        assertDenied(() -> call(r, List.of(r.ticket())));
    }
}
