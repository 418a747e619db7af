package io.sessionmoniker.benchmarks;

import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a {@link BenchServer} process and reads what it prints: its OBJREF and its serialized RMI stub.
 *
 * @param objRef the exported {@link BenchServer.IBench} object
 * @param rmi the RMI stub of the same calls
 */
record ServerRefs(ObjRef objRef, RmiBench rmi) {

    /**
     * Starts the server JVM with this JVM's class path.
     *
     * @param socketDirectory an owner-only directory for its two Unix sockets
     * @return the process; its standard input ends it when closed
     * @throws IOException if it cannot be started
     */
    static Process start(Path socketDirectory) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BenchServer.class.getName(), socketDirectory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Ends the server (closing its standard input, then forcibly after 10 seconds) and removes its socket
     * directory.
     *
     * @param server the process
     * @param socketDirectory the directory given to {@link #start}
     * @throws IOException if the directory cannot be removed
     * @throws InterruptedException if interrupted while waiting
     */
    static void stop(Process server, Path socketDirectory) throws IOException, InterruptedException {
        server.getOutputStream().close();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.list(socketDirectory)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(socketDirectory);
    }

    /**
     * Reads the server's references from its standard output. The JVM may print notes first (a flight recording
     * started through {@code JAVA_TOOL_OPTIONS}, for example); those lines are skipped.
     *
     * @param server the process
     * @return the references
     * @throws IOException if the server ends first
     * @throws ClassNotFoundException if the RMI stub names an unknown class
     * @throws WireFormatException if the OBJREF is malformed
     */
    static ServerRefs read(Process server) throws IOException, ClassNotFoundException, WireFormatException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        ObjRef objRef = null;
        RmiBench rmi = null;
        while (objRef == null || rmi == null) {
            String line = lines.readLine();
            if (line == null) {
                throw new IOException("the bench server ended before printing its OBJREF and RMI stub");
            }
            if (line.startsWith("OBJREF ")) {
                objRef = ObjRef.decode(Bytes.fromHex(line.substring(7)));
            } else if (line.startsWith("RMI ")) {
                try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(
                        Bytes.fromHex(line.substring(4)).toArray()))) {
                    rmi = (RmiBench) in.readObject();
                }
            }
        }
        return new ServerRefs(objRef, rmi);
    }
}
