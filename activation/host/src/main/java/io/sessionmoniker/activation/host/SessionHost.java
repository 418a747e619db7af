package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.host.internal.OsAccounts;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
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
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
     */
    public record Options(Path runtimeDirectory, Path logDirectory, Map<String, String> variables, Path hostSocket) {
        /**
         * Validates the components.
         *
         * @param runtimeDirectory may be null
         * @param logDirectory may be null
         * @param variables not null
         * @param hostSocket may be null
         */
        public Options {
            Objects.requireNonNull(variables, "variables");
            variables = Map.copyOf(variables);
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
            return new Options(runtimeDirectory, logDirectory, variables, socket);
        }
    }

    /** How often an activation is retried when the server it bound to was stopping. */
    private static final int MAX_ATTEMPTS = 3;

    private final Scenario scenario;
    private final SessionManager sessions;
    private final ClassRegistry registry;
    private final ActivationPlanner planner;
    private final ObjectExporter exporter;
    private final ObjectExporter registrarExporter;
    private final ServiceControlManager scm;
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
            control = ObjectExporter.start(UnixSocketTransport.create(), Endpoint.unix(socket),
                    ObjectExporter.AccessCheck.ALLOW_ALL);
            registrar = os == null ? control : ObjectExporter.start(UnixSocketTransport.shared(),
                    Endpoint.unix(runtimeDirectory.resolve("registrar").resolve("registrar.sock")),
                    ObjectExporter.AccessCheck.ALLOW_ALL);
            Path logs = options.logDirectory() != null ? options.logDirectory() : runtimeDirectory;
            Files.createDirectories(logs);
            this.exporter = control;
            this.registrarExporter = registrar;
            this.scm = new ServiceControlManager(control, registrar, registry, sessions, runtimeDirectory, logs, vars,
                    Duration.ofMillis(scenario.startTimeoutMillis()), os);
        } catch (IOException | RuntimeException e) {
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
        planner.parser().parse(displayName);   // a malformed name is MK_E_SYNTAX before any other check
        options.requireLocalServerContext();
        Duration deadline = options.deadline().orElse(Duration.ofMillis(scenario.startTimeoutMillis()));
        return activate(displayName, options.caller().orElse(DEFAULT_CALLER), iface, deadline);
    }

    /**
     * Activates: binds a display name to a class object ({@code clsid:}) or a new instance ({@code new:}) in the
     * session and identity the policy decides, launching the server when none is running.
     *
     * @param <T> the interface type
     * @param displayName the display name
     * @param caller who asks
     * @param iface the interface wanted ({@link io.sessionmoniker.activation.orpc.runtime.IClassFactory} for the class object,
     *     {@link LateBound} for an instance's late-bound view)
     * @param deadline how long to wait (for a console attach and for a server to start)
     * @return the activation, with a proxy the caller must close
     * @throws ComException with the HRESULT of the failing step: {@code MK_E_SYNTAX}, {@code REGDB_E_CLASSNOTREG},
     *     the policy's denial (an {@link io.sessionmoniker.policy.ActivationDeniedException} with its trace),
     *     {@code MK_E_EXCEEDEDDEADLINE} while waiting for the console, {@code CO_E_SERVER_EXEC_FAILURE},
     *     {@code E_NOINTERFACE}
     */
    public <T> Activation<T> activate(String displayName, Caller caller, Class<T> iface, Duration deadline) {
        Located<T> located = locate(displayName, caller, deadline, (entry, create) -> scm.resolve(entry, create, iface, caller));
        return Activation.of(located.value(), located.decision(), located.pid(), located.launched());
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

    /** What an activation found before the proxy is made: the marshalled reference and where it came from. */
    record Located<V>(V value, Decision decision, long pid, boolean launched) {
    }

    /**
     * Runs the pipeline up to the class object and hands it to {@code use}, retrying with a new server when the one
     * bound to was stopping. The daemon uses this to pass references on without making proxies of its own.
     */
    <V> Located<V> locate(String displayName, Caller caller, Duration deadline,
            java.util.function.BiFunction<ServiceControlManager.ClassEntry, Boolean, V> use) {
        long end = System.nanoTime() + deadline.toNanos();
        ActivationPlanner.Plan plan = planner.plan(displayName, caller);
        while (plan.decision().outcome() == Decision.Outcome.WAIT_FOR_CONSOLE) {
            awaitConsole(end);
            plan = planner.plan(displayName, caller);
        }
        Decision decision = plan.decision();
        decision.toException().ifPresent(e -> {
            throw e;
        });
        SecurityDescriptor access = ActivationPolicy.accessPermission(plan.appId(), planner.machine(), decision.user());
        boolean[] launched = new boolean[1];
        for (int attempt = 1;; attempt++) {
            ServiceControlManager.ClassEntry entry = scm.classObject(plan.registration().clsid(), decision, access,
                    Duration.ofNanos(Math.max(1, end - System.nanoTime())), launched);
            try {
                V value = use.apply(entry, plan.moniker().createsInstance());
                return new Located<>(value, decision, ServiceControlManager.pid(entry), launched[0]);
            } catch (ComException e) {
                // the server decided to stop (its last object went) just as we bound to it: launch a new one
                if (!ServiceControlManager.serverGone(e) || attempt >= MAX_ATTEMPTS || System.nanoTime() > end) {
                    throw e;
                }
                scm.forget(entry);
            }
        }
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

    private void awaitConsole(long end) {
        CountDownLatch attached = new CountDownLatch(1);
        SessionProvider.Subscription subscription = sessions.subscribe(e -> {
            if (e.change() == SessionChange.CONSOLE_CONNECT) {
                attached.countDown();
            }
        });
        try {
            if (!sessions.consoleSessionId().equals(io.sessionmoniker.policy.SessionId.NO_CONSOLE)) {
                return;
            }
            long left = end - System.nanoTime();
            if (left <= 0 || !attached.await(left, TimeUnit.NANOSECONDS)) {
                throw new ComException(HResult.MK_E_EXCEEDEDDEADLINE, "no session attached to the console before"
                        + " the deadline");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComException(HResult.E_FAIL, "interrupted while waiting for the console", e);
        } finally {
            subscription.close();
        }
    }

    /** Ends every server this host started, stops serving, and removes its temporary directory. */
    @Override
    public void close() {
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
