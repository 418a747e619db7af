package io.sessionmoniker.benchmarks;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.activation.host.ClassRegistration;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.server.IStub;
import io.sessionmoniker.server.SingleUseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds the class-data-sharing archive of the servers the benchmarks launch ({@code target/servers.jsa}, made by
 * the build right after {@code benchmarks.jar}): an embedded host on the demo scenario launches the single-use
 * stub once with {@code -XX:ArchiveClassesAtExit}, activates it, calls it and releases it, so that the server
 * writes every class it loaded on that path (JVM start, registration, {@code CreateInstance}, the call, its end)
 * into the archive as it exits. The archive holds the class path it was made with, this module's shaded jar, and is
 * used by servers started with that jar: {@code ActivationBenchmark} hands it to its host
 * ({@link SessionHost.Options#withServerArchive}), and any host takes it from {@code SESSMON_SERVER_ARCHIVE}.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.sessionmoniker.benchmarks.ServerArchiveTrainer
 * benchmarks/target/servers.jsa}
 */
public final class ServerArchiveTrainer {

    private ServerArchiveTrainer() {
    }

    /**
     * Builds the archive.
     *
     * @param args the archive's path
     * @throws Exception when the host fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ServerArchiveTrainer ARCHIVE");
            System.exit(2);
        }
        Path archive = Path.of(args[0]).toAbsolutePath().normalize();
        // the JVM writes the archive as it exits: under another name until it is whole, so that a server never
        // finds half an archive
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createDirectories(archive.getParent());
        try (SessionHost host = SessionHost.start(Scenario.demo(), SessionHost.Options.defaults())) {
            host.registry().register(ClassRegistration.of(SingleUseServer.CLSID, "SessionMoniker SingleUse")
                    .withAppId(SingleUseServer.CLSID)
                    .withLocalServer32("\"%JAVA%\" -XX:ArchiveClassesAtExit=\"" + partial + "\" -cp \"%CLASSPATH%\" "
                            + SingleUseServer.class.getName()), Optional.empty());
            Activation<IStub> a = host.activate("Session:2!new:" + SingleUseServer.CLSID, Caller.local(
                    Principal.system(), 0), IStub.class);
            a.object().ProcessId();
            ((ComObject) a.object()).close();
            ProcessHandle server = ProcessHandle.of(a.pid().orElseThrow()).orElse(null);
            if (server != null) {
                server.onExit().get(2, TimeUnit.MINUTES);
            }
        }
        if (!Files.isRegularFile(partial)) {
            System.err.println("ServerArchiveTrainer: the server wrote no class-data archive (does this JVM support"
                    + " -XX:ArchiveClassesAtExit?); the benchmarks' servers start without one");
            return;
        }
        Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("ServerArchiveTrainer: " + archive + " (" + Files.size(archive) / 1024 + " KiB)");
    }
}
