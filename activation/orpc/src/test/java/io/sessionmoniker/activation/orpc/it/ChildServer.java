package io.sessionmoniker.activation.orpc.it;

import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.ComException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real server process for the integration tests: exports an {@link TestInterfaces.ICalc} on the socket given as
 * its argument, prints the OBJREF in hex on one line ({@code OBJREF <hex>}), a line {@code SLEEPING <millis>} when a
 * {@code Sleep} call starts, and {@code IDLE} when the last reference is released, then exits.
 */
public final class ChildServer {

    private ChildServer() {
    }

    static final class Calc implements TestInterfaces.ICalc {
        @Override
        public int Add(int a, int b) {
            return a + b;
        }

        @Override
        public long Twice(long x) {
            return 2 * x;
        }

        @Override
        public double Half(double x) {
            return x / 2;
        }

        @Override
        public boolean Not(boolean b) {
            return !b;
        }

        @Override
        public String Echo(String s) {
            return s;
        }

        @Override
        public byte[] Reverse(byte[] data) {
            if (data == null) {
                return null;
            }
            byte[] out = new byte[data.length];
            for (int i = 0; i < data.length; i++) {
                out[i] = data[data.length - 1 - i];
            }
            return out;
        }

        @Override
        public void Nothing() {
        }

        @Override
        public int Fail(int hresult) {
            throw new ComException(hresult, "failing on request");
        }

        @Override
        public TestInterfaces.ICounter NewCounter() {
            AtomicInteger n = new AtomicInteger();
            return new TestInterfaces.ICounter() {
                @Override
                public int Increment() {
                    return n.incrementAndGet();
                }

                @Override
                public int Value() {
                    return n.get();
                }
            };
        }

        @Override
        public int Total(TestInterfaces.ICounter counter) {
            try {
                return counter.Increment() + counter.Value();
            } finally {
                if (counter instanceof io.sessionmoniker.activation.orpc.runtime.RemoteObject proxy) {
                    proxy.close();
                }
            }
        }

        @Override
        public int Pid() {
            return (int) ProcessHandle.current().pid();
        }

        @Override
        public int Sleep(int millis) {
            // the test waits for this line to know the call is running here, on the server
            System.out.println("SLEEPING " + millis);
            System.out.flush();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return millis;
        }
    }

    /**
     * Runs the server.
     *
     * @param args the socket path
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        CountDownLatch idle = new CountDownLatch(1);
        try (ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(),
                Endpoint.unix(Path.of(args[0])), ObjectExporter.AccessCheck.ALLOW_ALL)) {
            exporter.onIdle(e -> idle.countDown());
            ObjRef ref = exporter.export(new Calc(), TestInterfaces.ICalc.class);
            System.out.println("OBJREF " + ref.encode().toHex());
            System.out.flush();
            idle.await();
        }
        System.out.println("IDLE");
        System.out.flush();
    }
}
