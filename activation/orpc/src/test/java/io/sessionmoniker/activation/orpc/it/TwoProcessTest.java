package io.sessionmoniker.activation.orpc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Object RPC between this JVM and a real child server process over a Unix domain socket. */
class TwoProcessTest {

    @TempDir
    Path tmp;

    /** How long the child has to print a line the test waits for. */
    static final Duration LINE_DEADLINE = Duration.ofSeconds(60);
    /** The client's call timeout: a call that fails sooner failed for another reason. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    Process child;
    /** The child's standard output, line by line, as it prints them. */
    final BlockingQueue<String> childOut = new LinkedBlockingQueue<>();
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
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Thread pump = new Thread(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    childOut.add(line);
                }
            } catch (IOException e) {
                childOut.add("(reading the child's output failed: " + e + ")");
            }
        }, "child-stdout");
        pump.setDaemon(true);
        pump.start();
        client = new ComClient(UnixSocketTransport.create());
        client.callTimeout(CALL_TIMEOUT);
    }

    @AfterEach
    void stopChild() throws Exception {
        client.close();
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }

    /** Waits for the child's next line of output. */
    String nextLine(String awaited) throws IOException, InterruptedException {
        String line = childOut.poll(LINE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the child printed no line (" + awaited + ") within " + LINE_DEADLINE.toSeconds()
                    + " s; alive: " + child.isAlive() + "; stderr: " + Files.readString(tmp.resolve("child.err")));
        }
        return line;
    }

    ObjRef readObjRef() throws IOException, InterruptedException, WireFormatException {
        String line = nextLine("OBJREF");
        if (!line.startsWith("OBJREF ")) {
            throw new AssertionError("the child printed " + line + "; stderr: "
                    + Files.readString(tmp.resolve("child.err")));
        }
        return ObjRef.decode(Bytes.fromHex(line.substring(7)));
    }

    /** Waits until the child says a Sleep call is running in it. */
    void awaitSleepingInTheChild(int millis) throws IOException, InterruptedException {
        assertEquals("SLEEPING " + millis, nextLine("SLEEPING"), "the slow call reached the server");
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
        assertEquals("IDLE", nextLine("IDLE"), "the server saw every reference released");
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
            assertTrue(count.getMessage().contains("Add takes 2 arguments, not 1"), count.getMessage());
            assertTrue(mismatch.getMessage().contains("argument 1 of 2 (counting from the left)"),
                    mismatch.getMessage());
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
            awaitSleepingInTheChild(120_000);
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
        // the call is running on the server once it says so; kill the process under it
        awaitSleepingInTheChild(60_000);
        child.destroyForcibly();
        long start = System.nanoTime();
        Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> inFlight.get(30, TimeUnit.SECONDS)).getCause();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // promptly: the lost connection fails the call, well before the call timeout would have
        assertTrue(took.compareTo(CALL_TIMEOUT.dividedBy(2)) < 0, "the call failed " + took.toMillis()
                + " ms after the kill; the call timeout is " + CALL_TIMEOUT.toSeconds() + " s");
        RpcException died = assertInstanceOf(RpcException.class, failure);
        assertEquals(HResult.RPC_E_SERVER_DIED, died.hresult(), died.toString());
        RpcException later = assertThrows(RpcException.class, () -> calc.Add(1, 1));
        assertEquals(HResult.RPC_E_DISCONNECTED, later.hresult(), "a call after the connection was lost: "
                + later);
    }
}
