package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.host.internal.OsAccounts;
import io.sessionmoniker.activation.host.internal.ServerArchive;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.Transports;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.ActivationPolicy;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Decision;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SecurityDescriptor;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * An embedded session host in this process: the sessions, class registry and policy of a {@link Scenario}, a
 * service control manager that launches real server processes in the decided session and identity, and the
 * activation pipeline (parse → class → decision → bind or launch → create → proxy).
 *
 * <pre>{@code
 * try (SessionHost host = SessionHost.start(Scenario.demo(), SessionHost.Options.defaults())) {
 *     Activation<ISessionInfo> a = host.activate("Session:2!new:10000013-0000-0000-0000-000000000001",
 *             Caller.local(Principal.system(), 0), ISessionInfo.class);
 *     a.object().SessionId();   // 2, reported by the server process itself
 * }
 * }</pre>
 *
 * <p>Closing the host ends every server it started. Thread-safe.
 */
public final class SessionHost implements Activator {

    /** The local transport (ncalrpc), found by its protocol sequence. */
    private static final Transport LOCAL_TRANSPORT =
            Transports.forProtocolSequence(UnixSocketTransport.PROTOCOL_SEQUENCE);

    /** Numbers the registrar sockets of the hosts in this process, which may share a runtime directory. */
    private static final java.util.concurrent.atomic.AtomicInteger REGISTRARS =
            new java.util.concurrent.atomic.AtomicInteger();

    /** The caller when the options name none: {@code SYSTEM} in session 0, a service. */
    public static final Caller DEFAULT_CALLER = Caller.local(Principal.system(), 0);

    /**
     * Options.
     *
     * @param runtimeDirectory the owner-only directory for sockets, or null for a new temporary one
     * @param logDirectory where server output goes, or null for the runtime directory
     * @param variables {@code %VAR%} values for {@code LocalServer32}; {@code JAVA} and {@code CLASSPATH} default
     *     to this JVM's launcher and class path, and {@code SCENARIO_DIR} to the directory of the scenario file
     *     (unset for the built-in scenario)
     * @param hostSocket where the host listens (servers register there; a daemon's clients connect there), or null
     *     for {@code host.sock} in the runtime directory; its directory must be owner-only or not yet exist
     * @param unclaimedLifetime how long an instance a launched server handed out waits for its client's first call
     *     (or claim) before the server releases it, as if its client had released it; null for
     *     {@link ObjectExporter#DEFAULT_UNCLAIMED_LIFETIME}, the lifetime of a DCOM ping set (6 minutes)
     * @param serverArchive a class-data-sharing archive for the Java servers the host launches: a
     *     {@code LocalServer32} command whose program is {@code %JAVA%} gets
     *     {@code -XX:SharedArchiveFile=ARCHIVE -Xshare:auto -Xlog:cds*=off} right after it, when the file is a
     *     dynamic archive a JVM starts with; a missing, stale or broken archive is left out and the servers start as
     *     without one. Null for the archive the environment variable {@value #SERVER_ARCHIVE_VARIABLE} names (none
     *     when it is unset or empty)
     */
    public record Options(Path runtimeDirectory, Path logDirectory, Map<String, String> variables, Path hostSocket,
            Duration unclaimedLifetime, Path serverArchive) {

        /** The environment variable that names the servers' class-data archive when the options name none. */
        public static final String SERVER_ARCHIVE_VARIABLE = "SESSMON_SERVER_ARCHIVE";

        /**
         * Validates the components.
         *
         * @param runtimeDirectory may be null
         * @param logDirectory may be null
         * @param variables not null
         * @param hostSocket may be null
         * @param unclaimedLifetime positive, or null
         * @param serverArchive may be null
         */
        public Options {
            Objects.requireNonNull(variables, "variables");
            variables = Map.copyOf(variables);
            if (unclaimedLifetime != null && (unclaimedLifetime.isNegative() || unclaimedLifetime.isZero())) {
                throw new IllegalArgumentException("an unclaimed lifetime is positive, not " + unclaimedLifetime);
            }
        }

        /**
         * Makes options with the servers' class-data archive the environment names.
         *
         * @param runtimeDirectory may be null
         * @param logDirectory may be null
         * @param variables not null
         * @param hostSocket may be null
         * @param unclaimedLifetime positive, or null
         */
        public Options(Path runtimeDirectory, Path logDirectory, Map<String, String> variables, Path hostSocket,
                Duration unclaimedLifetime) {
            this(runtimeDirectory, logDirectory, variables, hostSocket, unclaimedLifetime, null);
        }

        /**
         * Makes options with the default unclaimed lifetime.
         *
         * @param runtimeDirectory may be null
         * @param logDirectory may be null
         * @param variables not null
         * @param hostSocket may be null
         */
        public Options(Path runtimeDirectory, Path logDirectory, Map<String, String> variables, Path hostSocket) {
            this(runtimeDirectory, logDirectory, variables, hostSocket, null);
        }

        /**
         * Makes options with the host socket in the runtime directory.
         *
         * @param runtimeDirectory may be null
         * @param logDirectory may be null
         * @param variables not null
         */
        public Options(Path runtimeDirectory, Path logDirectory, Map<String, String> variables) {
            this(runtimeDirectory, logDirectory, variables, null);
        }

        /**
         * Returns the defaults: temporary directories, this JVM as {@code %JAVA%} and its class path as
         * {@code %CLASSPATH%}.
         *
         * @return the options
         */
        public static Options defaults() {
            return new Options(null, null, Map.of(), null);
        }

        /**
         * Returns a copy that listens on another socket.
         *
         * @param socket the socket's path
         * @return the copy
         */
        public Options withHostSocket(Path socket) {
            return new Options(runtimeDirectory, logDirectory, variables, socket, unclaimedLifetime, serverArchive);
        }

        /**
         * Returns a copy whose servers release an instance no client claimed after this lifetime.
         *
         * @param lifetime positive
         * @return the copy
         */
        public Options withUnclaimedLifetime(Duration lifetime) {
            return new Options(runtimeDirectory, logDirectory, variables, hostSocket,
                    Objects.requireNonNull(lifetime, "lifetime"), serverArchive);
        }

        /**
         * Returns a copy whose Java servers start with a class-data-sharing archive (see {@link #serverArchive}).
         *
         * @param archive the archive file, for example the {@code servers.jsa} the benchmarks module builds
         * @return the copy
         */
        public Options withServerArchive(Path archive) {
            return new Options(runtimeDirectory, logDirectory, variables, hostSocket, unclaimedLifetime,
                    Objects.requireNonNull(archive, "archive"));
        }

        /**
         * Returns the archive the servers start with: {@link #serverArchive}, else the one
         * {@value #SERVER_ARCHIVE_VARIABLE} names.
         *
         * @return the archive, or empty for none
         */
        Optional<Path> effectiveServerArchive() {
            if (serverArchive != null) {
                return Optional.of(serverArchive);
            }
            String named = System.getenv(SERVER_ARCHIVE_VARIABLE);
            return named == null || named.isBlank() ? Optional.empty() : Optional.of(Path.of(named));
        }
    }


    private final Scenario scenario;
    private final SessionManager sessions;
    private final ClassRegistry registry;
    private final ActivationPlanner planner;
    private final ObjectExporter exporter;
    private final ObjectExporter registrarExporter;
    private final ServiceControlManager scm;
    private final ActivationService activations;
    /** The network side (DCOM on TCP), or null when the scenario's {@code "dcom"} section does not listen. */
    private final DcomService dcom;
    private final Path runtimeDirectory;
    private final boolean ownsRuntimeDirectory;

    private SessionHost(Scenario scenario, Options options) throws IOException {
        this.scenario = scenario;
        this.ownsRuntimeDirectory = options.runtimeDirectory() == null;
        this.runtimeDirectory = ownsRuntimeDirectory ? Files.createTempDirectory("sessmon-host-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : options.runtimeDirectory();
        Map<String, String> vars = new HashMap<>();
        vars.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String cp = System.getProperty("java.class.path", "");
        String mp = System.getProperty("jdk.module.path", "");
        vars.put("CLASSPATH", mp.isEmpty() ? cp : cp.isEmpty() ? mp : cp + File.pathSeparator + mp);
        scenario.directory().ifPresent(d -> vars.put("SCENARIO_DIR", d.toString()));
        vars.putAll(options.variables());
        ObjectExporter control = null;
        ObjectExporter registrar = null;
        ServiceControlManager made = null;
        try {
            this.sessions = scenario.sessionManager();
            this.registry = scenario.classRegistry(vars);
            this.planner = new ActivationPlanner(sessions, registry, scenario.settings(), sessions.users());
            OsAccounts.Mapping os = scenario.identityMode() == Scenario.IdentityMode.OS ? osMapping(scenario) : null;
            if (os != null) {
                // servers run as other accounts: they pass through the runtime directory to their own
                // directories and to the registrar's socket, but cannot list it or reach the control socket
                Files.setPosixFilePermissions(runtimeDirectory, PosixFilePermissions.fromString("rwx--x--x"));
            }
            Path socket = options.hostSocket() != null ? options.hostSocket()
                    : os != null ? runtimeDirectory.resolve("control").resolve("host.sock")
                    : runtimeDirectory.resolve("host.sock");
            control = ObjectExporter.start(LOCAL_TRANSPORT, Endpoint.unix(socket),
                    ObjectExporter.AccessCheck.ALLOW_ALL);
            // the registrar listens apart from the control socket, with workers of its own, in both modes: the
            // activations that wait for a starting server hold control workers, and must never keep that server's
            // RegisterClassObject from running
            registrar = os == null
                    ? ObjectExporter.start(LOCAL_TRANSPORT, Endpoint.unix(runtimeDirectory.resolve("registrar-"
                            + ProcessHandle.current().pid() + "-" + REGISTRARS.incrementAndGet() + ".sock")),
                            ObjectExporter.AccessCheck.ALLOW_ALL)
                    : ObjectExporter.start(UnixSocketTransport.shared(),
                            Endpoint.unix(runtimeDirectory.resolve("registrar").resolve("registrar.sock")),
                            ObjectExporter.AccessCheck.ALLOW_ALL);
            Path logs = options.logDirectory() != null ? options.logDirectory() : runtimeDirectory;
            Files.createDirectories(logs);
            this.exporter = control;
            this.registrarExporter = registrar;
            made = new ServiceControlManager(control, registrar, registry, sessions, runtimeDirectory, logs, vars,
                    Duration.ofMillis(scenario.startTimeoutMillis()), os);
            Optional<Path> archive = options.effectiveServerArchive();
            if (archive.isPresent() && vars.get("JAVA") != null) {
                made.serverArchive(new ServerArchive(archive.get(), vars.get("JAVA")));
            }
            if (options.unclaimedLifetime() != null) {
                made.unclaimedLifetime(options.unclaimedLifetime());
            }
            this.scm = made;
            this.activations = new ActivationService(planner, scm, sessions);
            this.dcom = scenario.dcom().listen().isPresent()
                    ? DcomService.start(scenario, scenario.dcom(), planner, activations, sessions, scm) : null;
        } catch (IOException | RuntimeException e) {
            if (made != null) {
                made.close();
            }
            if (registrar != null && registrar != control) {
                registrar.close();
            }
            if (control != null) {
                control.close();
            }
            removeRuntimeDirectory();
            throw e;
        }
    }

    /** The {@code os} identity mode's checks: root, {@code setpriv}, and an OS account for every user. */
    private static OsAccounts.Mapping osMapping(Scenario scenario) throws IOException {
        long uid = OsAccounts.currentUid();
        if (uid != 0) {
            throw new IOException("the scenario's identityMode is os, which starts servers under other OS accounts:"
                    + " the host must run as root, and it runs as uid " + uid + " (use identityMode logical)");
        }
        Path setpriv = OsAccounts.setpriv().orElseThrow(() -> new IOException("the identityMode os needs setpriv"
                + " (util-linux) to start servers under other accounts; install it"));
        Map<String, OsAccounts.Account> accounts = new HashMap<>();
        for (Scenario.UserSpec u : scenario.users()) {
            accounts.put(u.name(), OsAccounts.lookup(u.osUser()).orElseThrow(() -> new IOException("user " + u.name()
                    + " runs as the OS account " + u.osUser() + ", which does not exist (create it, or set"
                    + " \"osUser\" in the scenario)")));
        }
        return new OsAccounts.Mapping(setpriv, accounts);
    }

    /**
     * Starts a host.
     *
     * @param scenario the users, sessions, classes and policy
     * @param options directories and variables
     * @return the running host
     * @throws IOException if its directories or socket cannot be made
     */
    public static SessionHost start(Scenario scenario, Options options) throws IOException {
        return new SessionHost(scenario, options);
    }

    /**
     * Returns the session manager (logon, logoff, console switch …).
     *
     * @return the sessions
     */
    @Override
    public SessionManager sessions() {
        return sessions;
    }

    /**
     * Returns the class registry.
     *
     * @return the registry
     */
    public ClassRegistry registry() {
        return registry;
    }

    /**
     * Returns the planner ({@code sessmon explain}).
     *
     * @return the planner
     */
    public ActivationPlanner planner() {
        return planner;
    }

    /**
     * Returns the pids of the server processes running now.
     *
     * @return the pids
     */
    public List<Long> serverPids() {
        return scm.serverPids();
    }

    /**
     * Returns every server process this host launched, running or not, oldest first (the last 1024): what a test
     * asks to learn which server answered a client that has since released it, and the server has ended.
     *
     * @return the pids
     */
    public List<Long> launchedServerPids() {
        return scm.launchedPids();
    }

    /**
     * Resolves a caller the way {@code sessmon --as USER --from-session N} names one: the account from the
     * scenario's users ({@code SYSTEM} when none is named), in the given session, or else in session 0 for
     * {@code SYSTEM} and the user's first interactive session for a user (session 0 when the user has none).
     *
     * @param user the account name, or null for {@code SYSTEM}
     * @param session the caller's session, or empty for the default
     * @return the caller
     * @throws IllegalArgumentException naming the unknown user (and the known ones) or the missing session
     */
    public Caller caller(String user, OptionalLong session) {
        return sessions.caller(user, session);
    }

    /** The scenario's start timeout, the default deadline. */
    long startTimeoutMillis() {
        return scenario.startTimeoutMillis();
    }

    /** The activation service, for the daemon in this package. */
    ActivationService activations() {
        return activations;
    }

    /** The service control manager, for the daemon in this package. */
    ServiceControlManager scm() {
        return scm;
    }

    /** The exporter listening on the host socket, for the daemon in this package. */
    ObjectExporter exporter() {
        return exporter;
    }

    /** For tests: the registrar's OBJREF a launched server receives. */
    String registrarRef() {
        return scm.registrarRef();
    }

    @Override
    public String backend() {
        return "embedded";
    }

    @Override
    public <T> Activation<T> bind(String displayName, Class<T> iface, ActivationOptions options) {
        Moniker moniker = planner.parser().parse(displayName);   // MK_E_SYNTAX before any other check
        options.requireLocalServerContext();
        Duration deadline = options.deadline().orElse(Duration.ofMillis(scenario.startTimeoutMillis()));
        return activate(moniker, options.caller().orElse(DEFAULT_CALLER), iface, deadline);
    }

    /**
     * Activates: binds a display name to a class object ({@code clsid:}) or a new instance ({@code new:}) in the
     * session and identity the policy decides, launching the server when none is running.
     *
     * @param <T> the interface type
     * @param displayName the display name
     * @param caller who asks
     * @param iface the interface wanted ({@link io.sessionmoniker.activation.ClassObject} for the class object,
     *     {@link LateBound} for an instance's late-bound view)
     * @param deadline how long to wait (for a console attach and for a server to start)
     * @return the activation, with a proxy the caller must close
     * @throws ComException with the HRESULT of the failing step: {@code MK_E_SYNTAX}, {@code REGDB_E_CLASSNOTREG},
     *     the policy's denial (an {@link io.sessionmoniker.policy.ActivationDeniedException} with its trace),
     *     {@code MK_E_EXCEEDEDDEADLINE} while waiting for the console, {@code CO_E_SERVER_EXEC_FAILURE},
     *     {@code E_NOINTERFACE}
     */
    public <T> Activation<T> activate(String displayName, Caller caller, Class<T> iface, Duration deadline) {
        return activate(planner.parser().parse(displayName), caller, iface, deadline);
    }

    private <T> Activation<T> activate(Moniker moniker, Caller caller, Class<T> iface, Duration deadline) {
        ActivationService.Result r = activations.activate(moniker, caller,
                ActivationService.Request.of(iface, deadline, ServiceControlManager.HOST_ACCOUNT));
        T object = Unmarshal.view(exporter.client(), r.reference(), r.instance(), r.ticket(), iface);
        return Activation.of(object, r.decision(), r.pid(), r.launched());
    }

    /**
     * Activates with the scenario's start timeout as the deadline.
     *
     * @param <T> the interface type
     * @param displayName the display name
     * @param caller who asks
     * @param iface the interface wanted
     * @return the activation
     */
    public <T> Activation<T> activate(String displayName, Caller caller, Class<T> iface) {
        return activate(displayName, caller, iface, Duration.ofMillis(scenario.startTimeoutMillis()));
    }

    /**
     * Activates and returns the late-bound view of the instance (for {@code sessmon activate --call}).
     *
     * @param displayName the display name ({@code clsid:} names are instantiated too)
     * @param caller who asks
     * @return the activation, with a {@link LateBound} view the caller must close
     */
    public Activation<LateBound> activateDispatch(String displayName, Caller caller) {
        return activate(displayName, caller, LateBound.class);
    }

    /**
     * Returns where the host's DCOM side (the SCM and the OXID resolver on TCP) listens.
     *
     * @return the address with its actual port, or empty when the scenario's {@code "dcom"} section does not listen
     */
    public Optional<java.net.InetSocketAddress> dcomAddress() {
        return dcom == null ? Optional.empty() : Optional.of(dcom.address());
    }

    /** Ends every server this host started, stops serving, and removes its temporary directory. */
    @Override
    public void close() {
        if (dcom != null) {
            dcom.close();
        }
        scm.close();
        if (registrarExporter != exporter) {
            registrarExporter.close();
        }
        exporter.close();
        removeRuntimeDirectory();
    }

    private void removeRuntimeDirectory() {
        if (ownsRuntimeDirectory) {
            try (Stream<Path> files = Files.walk(runtimeDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.getLogger(SessionHost.class.getName()).log(System.Logger.Level.DEBUG,
                        "cannot remove " + runtimeDirectory, e);
            }
        }
    }
}
