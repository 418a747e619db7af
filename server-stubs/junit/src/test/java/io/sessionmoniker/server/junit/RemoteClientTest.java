package io.sessionmoniker.server.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.Activators;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.remote.RemoteCredentials;
import io.sessionmoniker.activation.remote.RemoteHost;
import io.sessionmoniker.activation.remote.RemoteSettings;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.server.CallLog;
import io.sessionmoniker.server.CallRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A DCOM client over TCP against the kit's endpoint on a port the system picked: the project's own {@code remote}
 * backend, which (unlike j-Interop and Impacket) can be given a port, signs in with the credentials the endpoint
 * hands out, and names the session it wants.
 */
@SessionHostTest(scenario = "lab.json", dcom = true, port135 = SessionHostTest.Port135.NEVER)
@ScriptedClass(clsid = EphemeralPortTest.INVENTORY, progId = "Inventory.Service", scriptResource = "lab-script.json")
@ScriptedClass(clsid = RemoteClientTest.SHARED, scriptResource = "lab-script.json",
        accessPermission = "O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;BA)")
class RemoteClientTest {

    /** A scripted class whose AccessPermission lets administrators call it in another user's session too. */
    static final String SHARED = "4A1E0C2B-0000-4000-8000-000000000002";

    static Activator client(DcomEndpoint host, String user) throws java.io.IOException {
        DcomEndpoint.Credentials who = host.user(user);
        return Activators.open(ActivatorSettings.defaults()
                .with(RemoteSettings.HOST, new RemoteHost(host.host(), host.port()))
                .with(RemoteSettings.CREDENTIALS, RemoteCredentials.password(who.domain(), who.user(),
                        who.password().toCharArray()))
                .with(RemoteSettings.CALL_TIMEOUT, Duration.ofSeconds(60)));
    }

    @Test
    void aScriptedClassAnswersOverTcpAndItsCallsAreRecordedWithTheSignedInUser(DcomEndpoint host,
            ScriptedCalls calls) throws Exception {
        assertNotEquals(135, host.port());
        try (Activator bob = client(host, "bob");
                Activation<LateBound> a = bob.bind("new:" + EphemeralPortTest.INVENTORY, LateBound.class)) {
            assertEquals(3, a.object().invoke("Add", 1, 2));
            CallLog log = calls.await(l -> l.count("Add") == 1, EphemeralPortTest.WAIT);
            CallRecord add = log.calls("Add").get(0);
            assertEquals(List.of(1, 2), add.args());
            assertEquals("bob", add.user(), "the server runs as the NTLM user, not as a claimed one");
            assertEquals(2, add.session(), "Interactive User, no session named: bob's own session");
        }
    }

    @Test
    void theClientAsksForTheSessionItWantsAndTheServersAccessPermissionStillApplies(DcomEndpoint host,
            ScriptedCalls calls) throws Exception {
        try (Activator alice = client(host, "alice")) {
            try (Activation<LateBound> a = alice.bind("Session:2!new:" + SHARED, LateBound.class)) {
                assertEquals("2.1", a.object().invoke("Version"));
                CallRecord version = calls.await(l -> l.count("Version") >= 1, EphemeralPortTest.WAIT)
                        .calls("Version").get(0);
                assertEquals(2, version.session(), "the session the client named");
                assertEquals("bob", version.user(), "Interactive User: the user of that session");
            }
            // SessionInfo keeps Windows' default AccessPermission (the server's own user and SYSTEM): an
            // administrator may launch it in bob's session but not call it
            try (Activation<LateBound> a = alice.bind("Session:2!new:10000013-0000-0000-0000-000000000001",
                    LateBound.class)) {
                ComException e = assertThrows(ComException.class, () -> a.object().invoke("SessionId"));
                assertEquals(HResult.E_ACCESSDENIED, e.hresult(), e.getMessage());
            }
        }
    }

    @Test
    void aWrongPasswordIsAccessDenied(DcomEndpoint host) throws Exception {
        DcomEndpoint.Credentials bob = host.user("bob");
        try (Activator wrong = Activators.open(ActivatorSettings.defaults()
                .with(RemoteSettings.HOST, new RemoteHost(host.host(), host.port()))
                .with(RemoteSettings.CREDENTIALS, RemoteCredentials.password(bob.domain(), bob.user(),
                        "not-it".toCharArray())))) {
            ComException e = assertThrows(ComException.class,
                    () -> wrong.bind("new:" + EphemeralPortTest.INVENTORY, LateBound.class).close());
            assertEquals(HResult.E_ACCESSDENIED, e.hresult(), e.getMessage());
        }
    }
}
