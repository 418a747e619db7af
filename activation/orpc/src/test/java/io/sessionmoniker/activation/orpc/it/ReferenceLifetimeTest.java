package io.sessionmoniker.activation.orpc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.PeerCredentials;
import io.sessionmoniker.activation.orpc.rpc.RpcException;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.HResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** References die with the connection that held them; the access hook sees the caller's credentials. */
class ReferenceLifetimeTest {

    @TempDir
    Path tmp;

    Endpoint endpoint() throws IOException {
        Path dir = tmp.resolve("s");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return Endpoint.unix(dir.resolve("x.sock"));
    }

    @Test
    void aClientThatDropsItsConnectionReleasesItsReferences() throws Exception {
        try (ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(), endpoint(),
                ObjectExporter.AccessCheck.ALLOW_ALL)) {
            CountDownLatch idle = new CountDownLatch(1);
            exporter.onIdle(e -> idle.countDown());
            ObjRef ref = exporter.export(new ChildServer.Calc(), TestInterfaces.ICalc.class);
            ComClient client = new ComClient(UnixSocketTransport.create());
            TestInterfaces.ICalc calc = client.proxy(ref, TestInterfaces.ICalc.class);
            TestInterfaces.ICounter counter = calc.NewCounter();
            assertEquals(1, counter.Increment());
            assertEquals(2, exporter.objectCount());
            client.close();   // the connection drops without a single RemRelease, as when a process dies
            assertTrue(idle.await(30, TimeUnit.SECONDS), "the exporter released the dropped client's references");
            assertEquals(0, exporter.objectCount());
        }
    }

    @Test
    void theAccessHookSeesThePeerAndCanRefuse() throws Exception {
        AtomicReference<PeerCredentials> seen = new AtomicReference<>();
        try (ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(), endpoint(), peer -> {
            seen.set(peer);
            return false;
        }); ComClient client = new ComClient(UnixSocketTransport.create())) {
            ObjRef ref = exporter.export(new ChildServer.Calc(), TestInterfaces.ICalc.class);
            TestInterfaces.ICalc calc = client.proxy(ref, TestInterfaces.ICalc.class);
            RpcException denied = assertThrows(RpcException.class, () -> calc.Add(1, 2));
            assertEquals(HResult.E_ACCESSDENIED, denied.hresult());
            assertEquals(System.getProperty("user.name"), seen.get().user(), "SO_PEERCRED names this process's user");
            ((RemoteObject) calc).close();
        }
    }

    @Test
    void aSocketDirectoryOthersCanEnterIsRefused() throws Exception {
        Path open = tmp.resolve("open");
        Files.createDirectory(open, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        IOException e = assertThrows(IOException.class, () -> ObjectExporter.start(UnixSocketTransport.create(),
                Endpoint.unix(open.resolve("x.sock")), ObjectExporter.AccessCheck.ALLOW_ALL));
        assertTrue(e.getMessage().contains("rwx------"), e.getMessage());
    }

    @Test
    void referencesExportedForAClientThatNobodyClaimsExpireWhileClaimedOnesStay() throws Exception {
        try (ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(), endpoint(),
                ObjectExporter.AccessCheck.ALLOW_ALL); ComClient client = new ComClient(UnixSocketTransport.create())) {
            exporter.unclaimedLifetime(java.time.Duration.ofMillis(300));
            java.util.concurrent.BlockingQueue<Object> unexported = new java.util.concurrent.LinkedBlockingQueue<>();
            exporter.onUnexported(unexported::add);
            ChildServer.Calc claimedCalc = new ChildServer.Calc();
            ChildServer.Calc calledCalc = new ChildServer.Calc();
            ChildServer.Calc orphanCalc = new ChildServer.Calc();
            // claimed at once and then left without a call; called at once; handed to nobody
            TestInterfaces.ICalc claimed = client.proxy(exporter.exportForClient(claimedCalc,
                    TestInterfaces.ICalc.class), TestInterfaces.ICalc.class);
            client.claim(claimed);
            TestInterfaces.ICalc called = client.proxy(exporter.exportForClient(calledCalc,
                    TestInterfaces.ICalc.class), TestInterfaces.ICalc.class);
            assertEquals(3, called.Add(1, 2));
            exporter.exportForClient(orphanCalc, TestInterfaces.ICalc.class);
            assertEquals(3, exporter.objectCount());

            // the orphan, exported last, expires: the others' lifetimes are over too
            assertEquals(orphanCalc, unexported.poll(30, TimeUnit.SECONDS), "the unclaimed object was unexported");
            assertEquals(2, exporter.objectCount());
            assertEquals(5, claimed.Add(2, 3), "a claimed object stays, however late its first call");
            assertEquals(7, called.Add(3, 4));
            assertEquals(0, unexported.size());
        }
    }

    @Test
    void anUnclaimedObjectLeftAloneMakesTheExporterIdle() throws Exception {
        try (ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(), endpoint(),
                ObjectExporter.AccessCheck.ALLOW_ALL)) {
            exporter.unclaimedLifetime(java.time.Duration.ofMillis(200));
            CountDownLatch idle = new CountDownLatch(1);
            exporter.onIdle(e -> idle.countDown());
            exporter.exportForClient(new ChildServer.Calc(), TestInterfaces.ICalc.class);
            assertTrue(idle.await(30, TimeUnit.SECONDS), "the exporter became idle when the reference expired");
            assertEquals(0, exporter.objectCount());
        }
    }

    @Test
    void aCallerDeniedEveryCallMayStillClaimWhatItWasHanded() throws Exception {
        try (ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(), endpoint(), peer -> false);
             ComClient client = new ComClient(UnixSocketTransport.create())) {
            CountDownLatch idle = new CountDownLatch(1);
            exporter.onIdle(e -> idle.countDown());
            TestInterfaces.ICalc calc = client.proxy(exporter.exportForClient(new ChildServer.Calc(),
                    TestInterfaces.ICalc.class), TestInterfaces.ICalc.class);
            client.claim(calc);   // as unmarshalling: no access check
            assertEquals(HResult.E_ACCESSDENIED, assertThrows(RpcException.class, () -> calc.Add(1, 2)).hresult());
            ((RemoteObject) calc).close();
            assertTrue(idle.await(30, TimeUnit.SECONDS), "its release ended the object");
        }
    }
}
