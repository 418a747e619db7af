package io.sessionmoniker.activation.orpc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large calls from many threads at once, with the client and the server in one process, so that every stub on
 * both sides (requests and replies, marshalled and reassembled) comes from and goes back to the same pool of
 * lent arrays: each call must come back exactly as it went, whatever the others do meanwhile.
 */
class BulkCallsTest {

    @TempDir
    Path tmp;

    /** Code units of every kind, unpaired surrogates included: what a BSTR carries as it is. */
    static String text(Random r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = r.nextInt(4) == 0 ? (char) r.nextInt(0x10000) : (char) ('a' + r.nextInt(26));
        }
        return new String(c);
    }

    @Test
    void concurrentBulkCallsOnOneConnectionComeBackIntact() throws Exception {
        Path dir = tmp.resolve("s");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ObjectExporter exporter = ObjectExporter.start(UnixSocketTransport.create(),
                Endpoint.unix(dir.resolve("x.sock")), ObjectExporter.AccessCheck.ALLOW_ALL);
             ComClient client = new ComClient(UnixSocketTransport.create())) {
            ObjRef ref = exporter.export(new ChildServer.Calc(), TestInterfaces.ICalc.class);
            TestInterfaces.ICalc calc = client.proxy(ref, TestInterfaces.ICalc.class);
            ExecutorService threads = Executors.newFixedThreadPool(6);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    long seed = t;
                    done.add(threads.submit(() -> {
                        Random r = new Random(seed);
                        int calls = 0;
                        for (int i = 0; i < 25; i++) {
                            String s = text(r, 8_000 + r.nextInt(120_000));
                            assertEquals(s, calc.Echo(s));
                            byte[] data = new byte[16_000 + r.nextInt(250_000)];
                            r.nextBytes(data);
                            byte[] reversed = new byte[data.length];
                            for (int k = 0; k < data.length; k++) {
                                reversed[k] = data[data.length - 1 - k];
                            }
                            assertArrayEquals(reversed, calc.Reverse(data));
                            calls += 2;
                        }
                        return calls;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertEquals(50, f.get(90, TimeUnit.SECONDS));
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
