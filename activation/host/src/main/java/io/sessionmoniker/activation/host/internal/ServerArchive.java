package io.sessionmoniker.activation.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive (AppCDS) that the host hands to the Java servers it launches through {@code %JAVA%}:
 * a server JVM started with it maps the classes a server loads (the object RPC runtime, the server side, the JDK's
 * sockets and concurrency) from the archive instead of reading, parsing and verifying them from the class path.
 *
 * <p>The archive must never stop a server from starting. A JVM told to use an archive that is stale (built for
 * another JDK or class path, or with jars that changed since) refuses it and starts as usual; the options below
 * keep its CDS warnings out of the server's log ({@code -Xlog:cds*=off}). But a JVM told to use a file that is
 * missing or no archive at all runs without any class sharing, not even the JDK's own archive, and one told to use
 * an archive cut short crashes (JDK 17 maps it and takes a {@code SIGBUS}). So the host gives the archive only when
 * the file starts as a dynamic archive does, and when a {@code java -version} with it, run once for each state of
 * the file (its size and modification time), ended normally.
 *
 * <pre>{@code
 * ServerArchive a = new ServerArchive(Path.of("target/servers.jsa"), "/usr/bin/java");
 * a.options();   // [-XX:SharedArchiveFile=/…/target/servers.jsa, -Xshare:auto, -Xlog:cds*=off], or [] when unusable
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ServerArchive {

    private static final System.Logger LOG = System.getLogger(ServerArchive.class.getName());

    /** The first four octets of a HotSpot dynamic archive: {@code 0xf00baba8}, in the machine's byte order. */
    private static final int DYNAMIC_MAGIC = 0xf00baba8;

    /** How long the trial {@code java -version} may take before the archive counts as unusable. */
    private static final long PROBE_SECONDS = 30;

    private final Path archive;
    private final String java;
    /** The file's state the last verdict is for, and the verdict; guarded by {@code this}. */
    private Object checkedState;
    private boolean usable;

    /**
     * Makes the archive of a host's Java servers.
     *
     * @param archive the archive file (it may be missing)
     * @param java the launcher {@code %JAVA%} names, which the archive is tried with
     */
    public ServerArchive(Path archive, String java) {
        this.archive = archive.toAbsolutePath().normalize();
        this.java = Objects.requireNonNull(java, "java");
    }

    /**
     * Returns the archive's path.
     *
     * @return the absolute path
     */
    public Path path() {
        return archive;
    }

    /**
     * Returns the options that give a server JVM the archive, to insert right after the launcher (so that the
     * server's own command line can still override them): empty when the archive is missing, is not a dynamic
     * archive, or did not let a JVM start.
     *
     * @return the JVM options, or an empty list
     */
    public List<String> options() {
        return usable() ? List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds*=off")
                : List.of();
    }

    /** Whether the archive is usable in its present state; tried once per state of the file. */
    private synchronized boolean usable() {
        Object state;
        try {
            BasicFileAttributes a = Files.readAttributes(archive, BasicFileAttributes.class);
            state = a.isRegularFile() ? List.of(a.size(), a.lastModifiedTime(), a.fileKey() == null ? ""
                    : a.fileKey()) : "not a regular file";
        } catch (IOException e) {
            state = "missing";
        }
        if (state.equals(checkedState)) {
            return usable;
        }
        checkedState = state;
        usable = state instanceof List<?> && check();
        return usable;
    }

    private boolean check() {
        if (!startsAsDynamicArchive()) {
            LOG.log(System.Logger.Level.WARNING, "the servers' class-data archive " + archive + " is not a dynamic"
                    + " CDS archive; servers start without it (rebuild it, or name none)");
            return false;
        }
        // a crash report of the trial would land in the host's working directory: none is written
        List<String> command = List.of(java, "-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds*=off",
                "-XX:ErrorFile=/dev/null", "-XX:-CreateCoredumpOnCrash", "-version");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.log(System.Logger.Level.WARNING, "a JVM given the servers' class-data archive " + archive
                        + " did not end within " + PROBE_SECONDS + " s; servers start without it");
                return false;
            }
            if (p.exitValue() != 0) {
                LOG.log(System.Logger.Level.WARNING, "a JVM given the servers' class-data archive " + archive
                        + " ended with status " + p.exitValue() + " (an archive cut short crashes the JVM); servers"
                        + " start without it (rebuild it)");
                return false;
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot try the servers' class-data archive with " + java + ": "
                    + e.getMessage() + "; servers start without it");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        LOG.log(System.Logger.Level.DEBUG, "Java servers start with the class-data archive " + archive);
        return true;
    }

    private boolean startsAsDynamicArchive() {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(archive)) {
            if (in.readNBytes(head, 0, 4) != 4) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        int little = (head[0] & 0xFF) | (head[1] & 0xFF) << 8 | (head[2] & 0xFF) << 16 | (head[3] & 0xFF) << 24;
        return little == DYNAMIC_MAGIC || Integer.reverseBytes(little) == DYNAMIC_MAGIC;
    }
}
