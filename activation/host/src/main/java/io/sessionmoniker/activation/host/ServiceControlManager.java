package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.CallerTicket;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.orpc.runtime.IClassFactory;
import io.sessionmoniker.activation.host.internal.IScmRegistrar;
import io.sessionmoniker.activation.host.internal.IServerNetwork;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.server.LaunchContext;
import io.sessionmoniker.activation.server.LocalServer;
import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.host.internal.CommandLines;
import io.sessionmoniker.activation.host.internal.OsAccounts;
import io.sessionmoniker.activation.host.internal.ServerArchive;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.ComInterfaceInfo;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.runtime.Dispatch;
import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Decision;
import io.sessionmoniker.policy.SecurityDescriptor;
import io.sessionmoniker.policy.ServerKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step 4 of the pipeline: the class-object table per (class, session, identity, window station, desktop), and
 * the launcher. A multiple-use class object registered under a decision's {@link ServerKey} is reused; otherwise
 * the class's {@code LocalServer32} command (with {@code -Embedding}) is started as a real process with its
 * {@link LaunchContext}, and the activation waits for it to register, up to the start timeout. Concurrent
 * activations under one key start one process. Registrations must present the token of their launch, which
 * registers only the classes that server serves, once each, with class objects on the server's own socket.
 * Process exits are reaped and their class objects forgotten; logoff ends a session's servers.
 */
final class ServiceControlManager implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ServiceControlManager.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The OS account this host runs as: the peer its servers see on the host's own connections, and on the
     * connections of clients in this process.
     */
    static final String HOST_ACCOUNT = System.getProperty("user.name", "");

    /** How long a server gets to end after a polite termination request before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(5);

    /** One started server process. */
    static final class Launch {
        final String token;
        /** The key of the caller tickets for this process; it never leaves the host but in the launch context. */
        final byte[] ticketKey;
        final ServerKey key;
        final Process process;
        final Path log;
        final CompletableFuture<ClassEntry> registered = new CompletableFuture<>();
        final Set<Guid> classes = ConcurrentHashMap.newKeySet();
        /**
         * The classes this launch's token may register: those whose {@code LocalServer32} is the command that
         * started it (the class it was started for among them).
         */
        final Set<Guid> served;
        /** The classes registered under the token so far: each at most once. */
        final Set<Guid> registeredClasses = ConcurrentHashMap.newKeySet();
        /** The socket of the server's own exporter, where every object it registers must live. */
        final Path socket;
        /** Registrations made with {@code REGCLS_SUSPENDED}, hidden until {@code ResumeClassObjects}. */
        final List<ClassEntry> suspended = new ArrayList<>();

        Launch(String token, byte[] ticketKey, ServerKey key, Process process, Path log, Set<Guid> served,
                Path socket) {
            this.token = token;
            this.ticketKey = ticketKey;
            this.key = key;
            this.process = process;
            this.log = log;
            this.served = Set.copyOf(served);
            this.socket = socket;
        }
    }

    /** One registered class object. */
    record ClassEntry(ServerKey key, IClassFactory factory, int regcls, Launch launch, int cookie) {
        boolean singleUse() {
            return (regcls & 0x3) == LocalServer.REGCLS_SINGLEUSE;
        }
    }

    private final ClassRegistry registry;
    private final ComClient client;
    private final Path runtimeDirectory;
    private final Path logDirectory;
    private final Map<String, String> variables;
    private final Duration startTimeout;
    /** How long an instance a server hands out waits for its client's first call ({@link #unclaimedLifetime}). */
    private volatile Duration unclaimedLifetime = ObjectExporter.DEFAULT_UNCLAIMED_LIFETIME;
    private final String registrarRef;
    private final Map<String, Launch> launches = new ConcurrentHashMap<>();
    private final Map<ServerKey, ClassEntry> table = new ConcurrentHashMap<>();
    private final Map<ServerKey, CompletableFuture<ClassEntry>> starting = new ConcurrentHashMap<>();
    private final AtomicInteger cookies = new AtomicInteger();
    private final AtomicInteger launchCount = new AtomicInteger();
    /** How many launches {@link #launchedPids()} remembers. */
    static final int MAX_LAUNCH_HISTORY = 1024;
    private final List<Long> launched = new ArrayList<>();
    private volatile boolean closed;
    /** The {@code os} identity mode's accounts, or null in the {@code logical} mode. */
    private final OsAccounts.Mapping os;
    /** The network side (DCOM on TCP), or null when the host has none. */
    private volatile NetworkSide network;
    /** The class-data archive of the servers launched through {@code %JAVA%}, or null for none. */
    private volatile ServerArchive serverArchive;

    /**
     * Gives the Java servers launched from now on a class-data-sharing archive.
     *
     * @param archive the archive
     */
    void serverArchive(ServerArchive archive) {
        this.serverArchive = archive;
    }

    /**
     * What the host's network side does for launched servers: what their launch context says of it, verifying
     * their clients' NTLM logons, and keeping their OXIDs for the resolver.
     */
    interface NetworkSide {
        /**
         * Returns the network side a launched server gets.
         *
         * @return its part of the launch context
         */
        LaunchContext.Network launchContext();

        /**
         * Verifies a logon for a server (NETLOGON pass-through).
         *
         * @param pid the server's process
         * @param challenge the CHALLENGE it sent
         * @param authenticate the AUTHENTICATE it received
         * @return the JSON answer
         * @throws ComException {@code E_ACCESSDENIED} when the logon does not verify
         */
        String logon(long pid, byte[] challenge, byte[] authenticate);

        /**
         * Learns a server's network side.
         *
         * @param pid the server's process
         * @param network the server's object, as a proxy the host may call
         * @param reference its OBJREF (the server's OXID and bindings)
         */
        void registered(long pid, IServerNetwork network, ObjRef reference);

        /**
         * Forgets a server that exited.
         *
         * @param pid the server's process
         */
        void exited(long pid);
    }

    /**
     * Gives the SCM its network side: servers launched from now on serve DCOM clients too.
     *
     * @param side the network side
     */
    void network(NetworkSide side) {
        this.network = side;
    }

    ServiceControlManager(ObjectExporter exporter, ObjectExporter registrarExporter, ClassRegistry registry,
            SessionManager sessions, Path runtimeDirectory, Path logDirectory, Map<String, String> variables,
            Duration startTimeout, OsAccounts.Mapping os) {
        this.os = os;
        this.registry = registry;
        this.client = exporter.client();
        this.runtimeDirectory = runtimeDirectory;
        this.logDirectory = logDirectory;
        this.variables = Map.copyOf(variables);
        this.startTimeout = startTimeout;
        this.registrarRef = registrarExporter.exportPinned(new Registrar(), IScmRegistrar.class).encode().toHex();
        sessions.subscribe(e -> {
            if (e.change() == SessionChange.SESSION_LOGOFF || e.change() == SessionChange.SESSION_TERMINATE) {
                endSession(e.sessionId());
            }
        });
    }

    /** The registrar's OBJREF, as a launched server receives it. */
    String registrarRef() {
        return registrarRef;
    }

    /**
     * A class object found for an activation.
     *
     * @param entry its registration
     * @param launched whether this activation started its server
     */
    record Bound(ClassEntry entry, boolean launched) {
    }

    /**
     * Sets how long the instances of servers launched from now on wait for their clients to claim them.
     *
     * @param lifetime positive
     */
    void unclaimedLifetime(Duration lifetime) {
        this.unclaimedLifetime = java.util.Objects.requireNonNull(lifetime, "lifetime");
    }

    /** Returns the class object for an allowed decision, launching a server when none is registered. */
    Bound classObject(Guid clsid, Decision decision, SecurityDescriptor access, Duration deadline) {
        ServerKey key = decision.serverKey();
        String server = describe(clsid, decision);
        boolean launched = false;
        while (true) {
            if (closed) {
                throw new ComException(HResult.CO_E_SERVER_STOPPING, "the session host is closing");
            }
            ClassEntry entry = table.get(key);
            if (entry != null && entry.launch().process.isAlive()) {
                if (!entry.singleUse() || table.remove(key, entry)) {
                    return new Bound(entry, launched);
                }
                continue;
            }
            if (!decision.mayLaunch()) {
                throw new ComException(HResult.E_ACCESSDENIED, "the launch permission lets the caller bind to a"
                        + " running server only, and no " + server + " is running");
            }
            CompletableFuture<ClassEntry> mine = new CompletableFuture<>();
            CompletableFuture<ClassEntry> racing = starting.putIfAbsent(key, mine);
            CompletableFuture<ClassEntry> future = racing != null ? racing : mine;
            if (racing == null) {
                ClassEntry now = table.get(key);
                if (now != null && now.launch().process.isAlive()) {
                    // registered between the look-up above and the claim: bind to it, launch nothing
                    starting.remove(key, mine);
                    mine.complete(now);
                    continue;
                }
                launched = true;
                try {
                    launch(clsid, key, decision.user().name(), access).whenComplete((e, t) -> {
                        starting.remove(key, mine);
                        if (t != null) {
                            mine.completeExceptionally(t);
                        } else {
                            mine.complete(e);
                        }
                    });
                } catch (RuntimeException e) {
                    starting.remove(key, mine);
                    mine.completeExceptionally(e);
                }
            }
            ClassEntry result = await(future, deadline.compareTo(startTimeout) < 0 ? deadline
                    : startTimeout.plusSeconds(5), server, key);
            if (!result.singleUse() || table.remove(key, result)) {
                return new Bound(result, launched);
            }
            launched = false;
        }
    }

    private ClassEntry await(CompletableFuture<ClassEntry> future, Duration timeout, String server, ServerKey key) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the activation's own deadline ended first; the launch goes on for others up to the start timeout
            String log = launches.values().stream().filter(l -> l.key.equals(key)).findFirst()
                    .map(l -> "; its output is in " + l.log).orElse("");
            throw new ComException(HResult.CO_E_SERVER_EXEC_FAILURE, "the " + server
                    + " did not register its class object within the activation's deadline of " + timeout.toMillis()
                    + " ms (the start timeout of " + startTimeout.toMillis() + " ms is set by the scenario's"
                    + " policy.startTimeoutMillis)" + log);
        } catch (ExecutionException e) {
            // made on the thread that saw the server exit: a new exception here carries the caller's frames
            if (e.getCause() instanceof ComException c) {
                throw c.getClass() == ComException.class ? new ComException(c.hresult(), c.getMessage(), c) : c;
            }
            throw new ComException(HResult.CO_E_SERVER_EXEC_FAILURE, "the " + server + " could not be started: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComException(HResult.E_FAIL, "interrupted while waiting for the " + server, e);
        }
    }

    /** A server key in words: "server of {CLSID} for bob in session 2 (WinSta0\Default)". */
    private static String describe(Guid clsid, Decision decision) {
        return "server of " + clsid.toBracedString() + " for " + decision.user().name() + " in session "
                + decision.sessionId() + " (" + decision.windowStation() + "\\" + decision.desktop() + ")";
    }

    /** Starts the server process; the future completes when it registers {@code clsid}, or fails. */
    private CompletableFuture<ClassEntry> launch(Guid clsid, ServerKey key, String user, SecurityDescriptor access) {
        ClassRegistry.Snapshot snapshot = registry.snapshot();
        ExpandedString command = snapshot.localServerCommand(clsid).orElseThrow(() -> new ComException(
                HResult.CO_E_SERVER_EXEC_FAILURE, "class " + clsid.toBracedString() + " has no LocalServer32 command"));
        if (!command.isFullyExpanded()) {
            throw new ComException(HResult.CO_E_SERVER_EXEC_FAILURE, "LocalServer32 of " + clsid.toBracedString()
                    + " names unknown variables " + command.unresolvedVariables() + ": " + command.source());
        }
        List<String> argv;
        try {
            argv = new ArrayList<>(CommandLines.split(command.value()));
        } catch (IllegalArgumentException e) {
            throw new ComException(HResult.CO_E_SERVER_EXEC_FAILURE, "LocalServer32 of " + clsid.toBracedString()
                    + " names no program: " + e.getMessage(), e);
        }
        argv.add("-Embedding");
        ServerArchive archive = serverArchive;
        if (archive != null && argv.get(0).equals(variables.get("JAVA"))) {
            // a Java server started through %JAVA%: its options go first, so that the command's own can override them
            argv.addAll(1, archive.options());
        }
        int n = launchCount.incrementAndGet();
        Path socketDirectory = runtimeDirectory;
        if (os != null) {
            // the server runs as the user's OS account, with a socket directory of its own
            OsAccounts.Account account = os.accountOf(user).orElseThrow(() -> new ComException(
                    HResult.CO_E_RUNAS_LOGON_FAILURE, "the user " + user + " has no OS account to run " + clsid
                            + " as"));
            socketDirectory = runtimeDirectory.resolve("server-" + n);
            try {
                Files.createDirectory(socketDirectory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                Files.setAttribute(socketDirectory, "unix:gid", (int) account.gid());
                Files.setAttribute(socketDirectory, "unix:uid", (int) account.uid());
            } catch (IOException e) {
                throw new ComException(HResult.CO_E_SERVER_EXEC_FAILURE, "cannot prepare the socket directory of a"
                        + " server running as " + account.name() + ": " + e.getMessage(), e);
            }
            if (account.uid() != 0) {
                argv.addAll(0, OsAccounts.runAs(os.setpriv(), account));
            }
        }
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        Path log = createLog("server-" + n + "-" + clsid + "-session" + key.sessionId());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        byte[] ticketKey = CallerTicket.newKey();
        NetworkSide side = network;
        new LaunchContext(key.sessionId(), user, key.windowStation(), key.desktop(), registrarRef, token,
                socketDirectory.toString(), access.toSddl(), HexFormat.of().formatHex(ticketKey),
                Optional.ofNullable(side).map(NetworkSide::launchContext))
                .writeTo(pb.environment());
        pb.environment().put(LaunchContext.UNCLAIMED_LIFETIME, unclaimedLifetime.toString());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new ComException(HResult.CO_E_SERVER_EXEC_FAILURE, "cannot start " + argv.get(0) + ": "
                    + e.getMessage(), e);
        }
        // the token registers the classes the registry says this command serves, nothing else
        Set<Guid> served = new java.util.HashSet<>();
        served.add(clsid);
        for (Guid other : snapshot.classIds()) {
            if (snapshot.localServerCommand(other).map(c -> c.isFullyExpanded() && c.value().equals(command.value()))
                    .orElse(false)) {
                served.add(other);
            }
        }
        Path socket = socketDirectory.resolve("server-" + process.pid() + ".sock").toAbsolutePath().normalize();
        Launch launch = new Launch(token, ticketKey, key, process, log, served, socket);
        launch.classes.add(clsid);
        launches.put(token, launch);
        synchronized (launched) {
            if (launched.size() >= MAX_LAUNCH_HISTORY) {
                launched.remove(0);
            }
            launched.add(process.pid());
        }
        if (closed) {
            // close() ran while this server was starting and may have missed it: end it here (closed is set before
            // close() reads the launches, so one of the two always sees the other)
            launches.remove(token);
            process.destroyForcibly();
            throw new ComException(HResult.CO_E_SERVER_STOPPING, "the session host is closing");
        }
        LOG.log(System.Logger.Level.DEBUG, "launched pid " + process.pid() + " for " + clsid.toBracedString() + " as " + user
                + " in session " + key.sessionId() + " (log " + log + ")");
        process.onExit().thenRun(() -> exited(launch));
        // a server that does not register within the start timeout is ended (CO_E_SERVER_EXEC_FAILURE); its token
        // dies with the launch, at once: a registration that comes later is refused, not published for a server
        // that is being ended
        CompletableFuture.delayedExecutor(startTimeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (launch.registered.isDone()) {
                return;
            }
            ComException timedOut = new ComException(HResult.CO_E_SERVER_EXEC_FAILURE, "the server process "
                    + process.pid() + " (" + argv.get(0) + ") did not register its class object within the start"
                    + " timeout of " + startTimeout.toMillis() + " ms (the scenario's policy.startTimeoutMillis sets"
                    + " it); it was ended; its output is in " + log + tail(log));
            if (fail(launch, timedOut)) {
                LOG.log(System.Logger.Level.WARNING, "pid " + process.pid() + " for " + key + " did not register"
                        + " within " + startTimeout.toMillis() + " ms; ending it and refusing its launch token");
                terminate(launch);
            }
        });
        return launch.registered;
    }

    /**
     * Ends a launch that failed before registering the class it was started for, atomically with respect to its
     * registrations ({@link Registrar#publish} holds the same lock): its token is refused from now on, and what it
     * registered meanwhile (other classes, suspended ones) is forgotten.
     *
     * @return whether this call failed it (false when it had registered or failed already)
     */
    private boolean fail(Launch launch, ComException cause) {
        synchronized (launch) {
            if (!launch.registered.completeExceptionally(cause)) {
                return false;
            }
            table.values().removeIf(e -> e.launch() == launch);
            synchronized (launch.suspended) {
                launch.suspended.clear();
            }
            return true;
        }
    }

    /**
     * Returns the launch a token belongs to while the token is valid: the launch is known and has not failed.
     *
     * @param token the token a server presented, may be null
     * @return the launch, or null
     */
    private Launch launchOf(String token) {
        Launch launch = token == null ? null : launches.get(token);
        return launch == null || launch.registered.isCompletedExceptionally() ? null : launch;
    }

    /** How many names a server's log tries before the launch fails: far more than a host reuses. */
    private static final int LOG_NAME_ATTEMPTS = 100;

    /**
     * Creates a server's log, owner-only ({@code rw-------}) from the moment it exists (the server's output may be
     * the user's data, and in the {@code os} mode other accounts can guess the names): a new file under the first
     * free name of {@code STEM.log}, {@code STEM-1.log}, … Creating with {@code CREATE_NEW} never follows a link
     * and never opens a file someone else made, so an earlier file (an earlier host's log, or one planted there)
     * is left as it is.
     */
    private Path createLog(String stem) {
        for (int i = 0; i < LOG_NAME_ATTEMPTS; i++) {
            Path log = logDirectory.resolve(i == 0 ? stem + ".log" : stem + "-" + i + ".log");
            try {
                Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")));
                return log;
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // an earlier file keeps its name and content: try the next name
            } catch (IOException e) {
                throw new ComException(HResult.CO_E_SERVER_EXEC_FAILURE, "cannot create the server's log " + log
                        + ": " + e.getMessage(), e);
            }
        }
        throw new ComException(HResult.CO_E_SERVER_EXEC_FAILURE, "cannot create a server's log in " + logDirectory
                + ": " + stem + ".log and " + (LOG_NAME_ATTEMPTS - 1) + " further names are taken; remove old logs");
    }

    private void exited(Launch launch) {
        launches.remove(launch.token);
        NetworkSide side = network;
        if (side != null) {
            side.exited(launch.process.pid());
        }
        table.values().removeIf(e -> e.launch() == launch);
        int status = launch.process.exitValue();
        if (!launch.registered.isDone()) {
            String output = tail(launch.log);
            fail(launch, new ComException(HResult.CO_E_SERVER_EXEC_FAILURE,
                    "the server process " + launch.process.pid() + " exited with status " + status
                            + " before registering its class object" + output + missingClassHint(output)));
        }
        LOG.log(System.Logger.Level.DEBUG, "server pid " + launch.process.pid() + " of " + launch.key.clsid().toBracedString()
                + " in session " + launch.key.sessionId() + " exited with status " + status);
    }

    /**
     * What to do when a Java server's main class was not found: the class path the host gives servers
     * ({@code %CLASSPATH%}, this JVM's unless the host's variables say otherwise) lacks the server's jar.
     */
    private String missingClassHint(String output) {
        String marker = "Could not find or load main class ";
        int at = output.indexOf(marker);
        if (at < 0) {
            return "";
        }
        int end = at + marker.length();
        while (end < output.length() && (Character.isJavaIdentifierPart(output.charAt(end))
                || output.charAt(end) == '.')) {
            end++;
        }
        String main = output.substring(at + marker.length(), end);
        String hint = "; the server's main class " + main + " is not on the class path its LocalServer32 command"
                + " gives it (%CLASSPATH% is " + org.apache.commons.lang3.StringUtils.abbreviateMiddle(
                        variables.getOrDefault("CLASSPATH", "this JVM's class path"), "…", 400) + ")";
        if (main.startsWith("io.sessionmoniker.server.")) {
            hint += ": the demo servers are in io.sessionmoniker:server-stubs, add it to the program's dependencies";
        } else {
            hint += ": put the server's jar on this JVM's class path, or name it in the command";
        }
        return hint;
    }

    /** The last lines a server wrote, for the error that reports its early exit. */
    private static String tail(Path log) {
        try {
            // the log is the server's output, which may have grown without bound: only its end is read
            List<String> last = io.sessionmoniker.activation.host.internal.BoundedFiles.tailLines(log, 64 * 1024, 8);
            String text = String.join(" | ", last);
            if (text.length() > 1000) {
                text = "…" + org.apache.commons.lang3.StringUtils.right(text, 1000);
            }
            return text.isBlank() ? "; it wrote nothing" : "; its last output: " + text;
        } catch (IOException | java.io.UncheckedIOException e) {
            return "; its log " + log + " cannot be read: " + e.getMessage();
        }
    }

    /** Ends the servers of a session: a termination request, then a kill after the grace period. */
    void endSession(long sessionId) {
        for (Launch l : List.copyOf(launches.values())) {
            if (l.key.sessionId() == sessionId) {
                terminate(l);
            }
        }
    }

    private static void terminate(Launch l) {
        l.process.destroy();
        l.process.onExit().orTimeout(GRACE.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> {
            l.process.destroyForcibly();
            return l.process;
        });
    }

    /** How many registrations are held back by {@code REGCLS_SUSPENDED} (for tests). */
    int suspendedCount() {
        int n = 0;
        for (Launch l : launches.values()) {
            synchronized (l.suspended) {
                n += l.suspended.size();
            }
        }
        return n;
    }

    /** The server processes running now, by pid. */
    List<Long> serverPids() {
        return launches.values().stream().map(l -> l.process.pid()).toList();
    }

    /** The servers launched so far, oldest first (the last {@value #MAX_LAUNCH_HISTORY}). */
    List<Long> launchedPids() {
        synchronized (launched) {
            return List.copyOf(launched);
        }
    }

    /** Forgets a registration whose server is stopping or gone, so that the next activation launches anew. */
    void forget(ClassEntry entry) {
        table.remove(entry.key(), entry);
    }

    /** Tells whether a failure means the server is going away (stopping, or its connection is lost). */
    static boolean serverGone(ComException e) {
        return e.hresult() == HResult.CO_E_SERVER_STOPPING || e.hresult() == HResult.RPC_E_DISCONNECTED
                || e.hresult() == HResult.RPC_E_SERVER_DIED;
    }

    /** The launch a class entry belongs to. */
    static long pid(ClassEntry e) {
        return e.launch().process.pid();
    }

    /**
     * Issues the ticket that proves to a class entry's server who the calls on a reference come from.
     *
     * @param entry the class object's registration
     * @param caller who the host activated for
     * @param peer the OS account of the process the reference is handed to
     * @return the ORPCTHIS extension its calls carry
     */
    OrpcExtent ticket(ClassEntry entry, Caller caller, String peer) {
        return CallerTicket.issue(entry.launch().ticketKey, caller, peer);
    }

    /**
     * Marshals what an activation hands out: a new instance for {@code iid} (its {@code IUnknown} when {@code iid}
     * is null), or the class object itself.
     */
    ObjRef marshal(ClassEntry entry, boolean createInstance, Guid iid) {
        if (!createInstance) {
            return ((RemoteObject) entry.factory()).marshalForTransfer();
        }
        return entry.factory().CreateInstance(iid == null ? Iids.IUNKNOWN : iid);
    }

    @Override
    public void close() {
        closed = true;
        List<Launch> all = List.copyOf(launches.values());
        for (Launch l : all) {
            l.process.destroy();
        }
        for (Launch l : all) {
            try {
                if (!l.process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    l.process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                l.process.destroyForcibly();
            }
        }
    }

    /** The registrar servers call: {@code CoRegisterClassObject} with the launch token. */
    private final class Registrar implements IScmRegistrar {

        @Override
        public int RegisterClassObject(String token, Guid clsid, ObjRef classObject, int regcls) {
            Launch launch = launchOf(token);
            if (launch == null) {
                LOG.log(System.Logger.Level.WARNING, "refused the registration of " + clsid
                        + ": the launch token is missing, belongs to no server this host started, or its launch"
                        + " failed (it did not register within the start timeout)");
                throw new ComException(HResult.E_ACCESSDENIED, "registration refused: unknown or expired launch"
                        + " token");
            }
            long pid = launch.process.pid();
            if (clsid == null || !launch.served.contains(clsid)) {
                LOG.log(System.Logger.Level.WARNING, "refused the registration of " + clsid + " by pid " + pid
                        + ": it was started for " + launch.key.clsid().toBracedString() + ", and its LocalServer32"
                        + " command serves no other class");
                throw new ComException(HResult.E_ACCESSDENIED, "registration refused: this server was not started"
                        + " for class " + clsid);
            }
            ObjRef own = ownObject(launch, classObject, "the class object of " + clsid);
            if (!launch.registeredClasses.add(clsid)) {
                LOG.log(System.Logger.Level.WARNING, "refused a second registration of " + clsid.toBracedString()
                        + " under the launch token of pid " + pid);
                throw new ComException(HResult.E_ACCESSDENIED, "registration refused: class " + clsid
                        + " is already registered under this launch token");
            }
            ServerKey key = new ServerKey(clsid, launch.key.identity(), launch.key.user(), launch.key.sessionId(),
                    launch.key.windowStation(), launch.key.desktop());
            // the host's own calls into servers (CreateInstance on their class objects) are made as SYSTEM, as
            // rpcss's are, with a ticket for this server
            IClassFactory factory = client.proxy(own, IClassFactory.class, List.of(CallerTicket.issue(
                    launch.ticketKey, SessionHost.DEFAULT_CALLER, HOST_ACCOUNT)));
            ClassEntry entry = new ClassEntry(key, factory, regcls, launch, cookies.incrementAndGet());
            if ((regcls & LocalServer.REGCLS_SUSPENDED) != 0) {
                synchronized (launch.suspended) {
                    launch.suspended.add(entry);
                }
                LOG.log(System.Logger.Level.DEBUG, "pid " + launch.process.pid() + " registered " + key
                        + " suspended");
                return entry.cookie();
            }
            publish(entry);
            return entry.cookie();
        }

        /**
         * Checks that an object a server registers lives in that server's own exporter: a standard OBJREF whose
         * first string binding is the launch's socket ({@code SOCKET_DIR/server-PID.sock}), and no other local
         * binding. The host dials what it returns, which names that socket alone, never an address the server
         * chose.
         *
         * @param launch the registering server's launch
         * @param ref the OBJREF it sent
         * @param what the object, for the messages
         * @return the OBJREF with the socket as its only binding
         * @throws ComException {@code E_ACCESSDENIED} when it points elsewhere
         */
        private ObjRef ownObject(Launch launch, ObjRef ref, String what) {
            StringBinding expected = StringBinding.local(launch.socket.toString());
            List<StringBinding> bindings = ref == null ? List.of()
                    : ref.resolverAddress().stringBindings();
            boolean own = !bindings.isEmpty() && bindings.get(0).equals(expected) && bindings.stream()
                    .allMatch(b -> b.towerId() != StringBinding.NCALRPC || b.equals(expected));
            if (!own) {
                LOG.log(System.Logger.Level.WARNING, "refused " + what + " from pid " + launch.process.pid()
                        + ": its OBJREF names " + bindings + ", not the server's own socket " + launch.socket);
                throw new ComException(HResult.E_ACCESSDENIED, "refused: " + what + " must be exported by the"
                        + " registering server itself, on " + launch.socket);
            }
            return new ObjRef(ref.iid(), ref.std(), new DualStringArray(List.of(expected),
                    ref.resolverAddress().securityBindings()));
        }

        /** Makes a registration visible to activations, unless the key already has a live one. */
        private void publish(ClassEntry entry) {
            ServerKey key = entry.key();
            Launch launch = entry.launch();
            synchronized (launch) {
                if (launch.registered.isCompletedExceptionally()) {
                    // the start timeout ended this launch while the registration was on its way
                    ((RemoteObject) entry.factory()).close();
                    LOG.log(System.Logger.Level.WARNING, "refused the late registration of " + key + " by pid "
                            + launch.process.pid() + ": its launch failed");
                    throw new ComException(HResult.E_ACCESSDENIED, "registration refused: the launch of this"
                            + " server failed before it registered");
                }
                ClassEntry stored = table.compute(key, (k, existing) ->
                        existing != null && existing.launch().process.isAlive() ? existing : entry);
                if (stored != entry) {
                    ((RemoteObject) entry.factory()).close();
                    LOG.log(System.Logger.Level.WARNING, "refused a second registration of " + key + " by pid "
                            + launch.process.pid());
                    throw new ComException(HResult.E_ACCESSDENIED, "class " + key.clsid() + " is already registered"
                            + " for " + key);
                }
                if (launch.classes.contains(key.clsid())) {
                    launch.registered.complete(entry);
                }
            }
        }

        @Override
        public void RevokeClassObject(String token, int cookie) {
            Launch launch = launchOf(token);
            if (launch == null) {
                throw new ComException(HResult.E_ACCESSDENIED, "revocation refused: unknown launch token");
            }
            table.values().removeIf(e -> e.launch() == launch && e.cookie() == cookie);
            synchronized (launch.suspended) {
                launch.suspended.removeIf(e -> e.cookie() == cookie);
            }
        }

        @Override
        public String NtlmLogon(String token, String challenge, String authenticate) {
            Launch launch = launchOf(token);
            NetworkSide side = network;
            if (launch == null || side == null) {
                throw new ComException(HResult.E_ACCESSDENIED, launch == null ? "logon refused: unknown launch token"
                        : "logon refused: the host has no network side");
            }
            byte[] c;
            byte[] a;
            try {
                c = HexFormat.of().parseHex(String.valueOf(challenge));
                a = HexFormat.of().parseHex(String.valueOf(authenticate));
            } catch (IllegalArgumentException e) {
                throw new ComException(HResult.E_INVALIDARG, "the NTLM messages are hexadecimal");
            }
            return side.logon(launch.process.pid(), c, a);
        }

        @Override
        public void RegisterNetwork(String token, ObjRef reference) {
            Launch launch = launchOf(token);
            NetworkSide side = network;
            if (launch == null || side == null) {
                throw new ComException(HResult.E_ACCESSDENIED, launch == null ? "refused: unknown launch token"
                        : "refused: the host has no network side");
            }
            IServerNetwork proxy = client.proxy(ownObject(launch, reference, "the network object"),
                    IServerNetwork.class, List.of(CallerTicket.issue(
                    launch.ticketKey, SessionHost.DEFAULT_CALLER, HOST_ACCOUNT)));
            side.registered(launch.process.pid(), proxy, reference);
        }

        @Override
        public void ResumeClassObjects(String token) {
            Launch launch = launchOf(token);
            if (launch == null) {
                throw new ComException(HResult.E_ACCESSDENIED, "unknown launch token");
            }
            List<ClassEntry> resumed;
            synchronized (launch.suspended) {
                resumed = List.copyOf(launch.suspended);
                launch.suspended.clear();
            }
            for (ClassEntry e : resumed) {
                try {
                    publish(e);
                } catch (ComException refused) {
                    // logged by publish; the other classes of the batch still go live
                }
            }
        }
    }
}
