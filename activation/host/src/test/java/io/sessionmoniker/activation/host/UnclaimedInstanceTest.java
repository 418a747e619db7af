package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.host.internal.HostWire;
import io.sessionmoniker.activation.host.internal.IHostControl;
import io.sessionmoniker.activation.host.testing.HostFixture;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.ComInterfaceInfo;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance the daemon handed out to a local client that never claimed it (the client died between the
 * daemon's answer and its first call) is released after the unclaimed lifetime, and its server exits as after its
 * last release; a client that claimed its instance keeps it, however late its first call comes.
 */
class UnclaimedInstanceTest {

    static final String REPORTER = ServiceControlManagerTest.REPORTER;
    static final Duration LIFETIME = Duration.ofSeconds(2);
    /** How long a server may take to exit once its instance is gone, on a loaded machine. */
    static final Duration EXIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostFixture fixture = HostFixture.of(() -> ServiceControlManagerTest.scenario("scenario.json"));

    @Test
    void anInstanceNoClientClaimsIsReleasedAndItsServerExitsWhileAClaimedOneStays() throws Exception {
        Path socket = tmp.resolve("run").resolve("host.sock");
        HostDaemon daemon = fixture.withOptions(new SessionHost.Options(null, tmp.resolve("logs"), Map.of())
                .withUnclaimedLifetime(LIFETIME)).daemon(socket);

        // a client that claims its instance (HostClient does at once) and then makes no call for a while
        HostClient claimer = fixture.closeLater(HostClient.connect(socket));
        Activation<ReportingServer.IReport> kept = fixture.closeLater(claimer.bind("Session:1!new:" + REPORTER,
                ReportingServer.IReport.class, ActivationOptions.defaults()));
        long keptPid = kept.pid().orElseThrow();

        // a raw client: Activate on the daemon's control object, then its socket closes without a call to the server
        long orphanPid;
        try (ComClient raw = new ComClient(UnixSocketTransport.create())) {
            IHostControl control = raw.proxy(ObjRef.decode(Bytes.fromHex(Files.readString(HostDaemon.refFile(socket),
                    StandardCharsets.US_ASCII).strip())), IHostControl.class);
            ObjectNode req = HostWire.JSON.createObjectNode();
            req.put("name", "Session:2!new:" + REPORTER);
            req.set("caller", HostWire.callerRequest(Optional.empty()));
            req.put("view", ActivationService.View.TYPED.name());
            req.put("iid", ComInterfaceInfo.of(ReportingServer.IReport.class).iid().toString());
            req.putNull("deadlineMillis");
            req.put("classContext", ActivationOptions.defaults().classContext());
            ObjectNode answer = HostWire.check(HostWire.parse(control.Activate(HostWire.write(req))));
            orphanPid = HostWire.number(answer, "pid");
            assertTrue(HostWire.bool(answer, "instance"));
        }
        assertNotEquals(keptPid, orphanPid, "two servers, one per session");
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();

        // nobody claims the instance: after the lifetime the server releases it and exits
        try {
            orphan.onExit().get(EXIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("the server of an instance nobody claimed still runs " + EXIT + " after its lifetime of " + LIFETIME);
        }

        // the claimed instance, older than the orphan's, outlived its lifetime: its server still answers
        assertTrue(ProcessHandle.of(keptPid).map(ProcessHandle::isAlive).orElse(false), "the claimed server runs");
        assertEquals(keptPid, kept.object().Pid());
        assertEquals(1, kept.object().SessionId());
        // the host forgets the ended server once it reaps it
        io.sessionmoniker.activation.testing.Await.until("the host forgot the ended server", EXIT,
                () -> daemon.host().serverPids(), pids -> pids.equals(java.util.List.of(keptPid)));
    }
}
