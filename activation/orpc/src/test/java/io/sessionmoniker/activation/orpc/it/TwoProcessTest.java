package io.sessionmoniker.activation.orpc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.runtime.Dispatch;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.rpc.RpcException;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Object RPC between this JVM and a real child server process over a Unix domain socket. */
class TwoProcessTest {

    @TempDir
    Path tmp;

    Process child;
    BufferedReader childOut;
    ComClient client;

    @BeforeEach
    void startChild() throws Exception {
        Path dir = tmp.resolve("sockets");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        String classpath = System.getProperty("java.class.path") + File.pathSeparator
                + System.getProperty("jdk.module.path", "");
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, ChildServer.class.getName(), dir.resolve("calc.sock").toString())
                .redirectError(tmp.resolve("child.err").toFile())
                .start();
        childOut = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        client = new ComClient(UnixSocketTransport.create());
        client.callTimeout(Duration.ofSeconds(20));
    }

    @AfterEach
    void stopChild() throws Exception {
        client.close();
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }

    ObjRef readObjRef() throws IOException, WireFormatException {
        String line = childOut.readLine();
        if (line == null || !line.startsWith("OBJREF ")) {
            throw new AssertionError("the child printed " + line + "; stderr: "
                    + Files.readString(tmp.resolve("child.err")));
        }
        return ObjRef.decode(Bytes.fromHex(line.substring(7)));
    }

    @Test
    void typedCallsCrossTheProcessBoundary() throws Exception {
        TestInterfaces.ICalc calc = client.proxy(readObjRef(), TestInterfaces.ICalc.class);
        assertEquals(5, calc.Add(2, 3));
        assertEquals(-2, calc.Add(-1, -1));
        assertEquals(Long.MAX_VALUE - 1, calc.Twice(Long.MAX_VALUE / 2));
        assertEquals(1.25, calc.Half(2.5));
        assertEquals(6, calc.AddThree(1, 2, 3), "a default method runs in the client over the remote ones");
        assertFalse(calc.Not(true));
        assertEquals("héllo, 世界", calc.Echo("héllo, 世界"));
        assertNull(calc.Echo(null));
        String big = "x".repeat(64 * 1024);
        assertEquals(big, calc.Echo(big));
        assertArrayEquals(new byte[] {3, 2, 1}, calc.Reverse(new byte[] {1, 2, 3}));
        assertNull(calc.Reverse(null));
        calc.Nothing();
        assertEquals(child.pid(), calc.Pid(), "the call ran in the child process");
        ComException e = assertThrows(ComException.class, () -> calc.Fail(0x80070057));
        assertEquals(HResult.E_INVALIDARG, e.hresult());
    }

    @Test
    void interfacePointersQueryInterfaceAndReleaseToZero() throws Exception {
        TestInterfaces.ICalc calc = client.proxy(readObjRef(), TestInterfaces.ICalc.class);
        TestInterfaces.ICounter counter = calc.NewCounter();
        assertEquals(1, counter.Increment());
        assertEquals(2, counter.Increment());
        assertEquals(2, counter.Value());
        ComException none = assertThrows(ComException.class,
                () -> ((RemoteObject) calc).queryInterface(TestInterfaces.INotImplemented.class));
        assertEquals(HResult.E_NOINTERFACE, none.hresult());
        TestInterfaces.ICalc again = ((RemoteObject) calc).queryInterface(TestInterfaces.ICalc.class);
        assertEquals(7, again.Add(3, 4));
        ((RemoteObject) again).close();
        ((RemoteObject) counter).close();
        assertEquals(9, calc.Add(4, 5), "the first proxy still holds its references");
        ((RemoteObject) calc).close();
        assertEquals("IDLE", childOut.readLine(), "the server saw every reference released");
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        RpcException released = assertThrows(RpcException.class, () -> calc.Add(1, 1));
        assertEquals(HResult.RPC_E_DISCONNECTED, released.hresult());
    }

    @Test
    void interfacePointersGoFromClientToServerToo() throws Exception {
        TestInterfaces.ICalc calc = client.proxy(readObjRef(), TestInterfaces.ICalc.class);
        // a local object: the server calls back into this process
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger(10);
        long thisPid = ProcessHandle.current().pid();
        java.util.List<Long> callers = new java.util.concurrent.CopyOnWriteArrayList<>();
        TestInterfaces.ICounter local = new TestInterfaces.ICounter() {
            @Override
            public int Increment() {
                callers.add(ProcessHandle.current().pid());
                return n.incrementAndGet();
            }

            @Override
            public int Value() {
                return n.get();
            }
        };
        assertEquals(11 + 11, calc.Total(local));
        assertEquals(java.util.List.of(thisPid), callers, "the callback ran here, called from the child");
        // a proxy from the server, handed back to it
        TestInterfaces.ICounter remote = calc.NewCounter();
        assertEquals(1 + 1, calc.Total(remote));
        assertEquals(2, remote.Increment(), "the server's object kept its state");
        ((RemoteObject) remote).close();
    }

    @Test
    void lateBoundCallsGoThroughIDispatch() throws Exception {
        try (Dispatch d = client.dispatch(readObjRef())) {
            assertEquals(12, d.invoke("add", 5, 7), "names ignore case");
            assertEquals("echo", d.invoke("Echo", "echo"));
            assertEquals(false, d.invoke("Not", true));
            assertEquals(child.pid(), ((Integer) d.invoke("Pid")).longValue());
            ComException unknown = assertThrows(ComException.class, () -> d.invoke("NoSuchMember"));
            assertEquals(0x80020006, unknown.hresult(), "DISP_E_UNKNOWNNAME");
            ComException mismatch = assertThrows(ComException.class, () -> d.invoke("Add", "five", 7));
            assertEquals(0x80020005, mismatch.hresult(), "DISP_E_TYPEMISMATCH");
            ComException count = assertThrows(ComException.class, () -> d.invoke("Add", 1));
            assertEquals(0x8002000E, count.hresult(), "DISP_E_BADPARAMCOUNT");
            ComException thrown = assertThrows(ComException.class, () -> d.invoke("Fail", HResult.E_ACCESSDENIED));
            assertEquals(HResult.E_ACCESSDENIED, thrown.hresult(), "the server's HRESULT, from EXCEPINFO.scode");
            assertTrue(thrown.getMessage().contains("failing on request"), thrown.getMessage());
            d.put("Echo", "set");
            assertEquals(0x8002000E, assertThrows(ComException.class, () -> d.put("Add", 1)).hresult());
            Object counter = d.invoke("NewCounter");
            assertTrue(counter instanceof Dispatch, String.valueOf(counter));
            try (Dispatch c = (Dispatch) counter) {
                assertEquals(1, c.invoke("Increment"));
            }
        }
    }

    @Test
    void concurrentCallersShareOneConnection() throws Exception {
        TestInterfaces.ICalc calc = client.proxy(readObjRef(), TestInterfaces.ICalc.class);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            // a slow call goes first and is running on the server before the others start
            Future<Integer> slow = pool.submit(() -> calc.Sleep(120_000));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!threadDumpShowsSleep()) {
                assertTrue(System.nanoTime() < deadline, "the slow call never reached the server");
                Thread.onSpinWait();
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = t * 1000;
                results.add(pool.submit(() -> {
                    int sum = 0;
                    for (int i = 0; i < 200; i++) {
                        sum += calc.Add(base, i) - base;
                    }
                    return sum;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(199 * 200 / 2, f.get(60, TimeUnit.SECONDS));
            }
            assertFalse(slow.isDone(), "1,600 calls on the same connection completed while the slow call is still"
                    + " outstanding: no head-of-line blocking");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServerKilledMidCallFailsTheCallPromptly() throws Exception {
        TestInterfaces.ICalc calc = client.proxy(readObjRef(), TestInterfaces.ICalc.class);
        assertEquals(2, calc.Add(1, 1));
        CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> calc.Sleep(60_000));
        // the call is on the wire once the server is busy sleeping; kill the process under it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!threadDumpShowsSleep() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        child.destroyForcibly();
        long start = System.nanoTime();
        Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> inFlight.get(30, TimeUnit.SECONDS)).getCause();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
        RpcException died = (RpcException) failure;
        assertEquals(HResult.RPC_E_SERVER_DIED, died.hresult(), died.toString());
        RpcException later = assertThrows(RpcException.class, () -> calc.Add(1, 1));
        assertNotEquals(0, later.hresult());
    }

    /** True once the child's Sleep call has started (its process shows a thread in Thread.sleep). */
    private boolean threadDumpShowsSleep() {
        try {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(child.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jstack.waitFor(10, TimeUnit.SECONDS);
            return dump.contains("ChildServer$Calc.Sleep");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
