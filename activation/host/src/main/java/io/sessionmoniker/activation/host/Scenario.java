package io.sessionmoniker.activation.host;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sessionmoniker.activation.host.internal.IoMessages;
import io.sessionmoniker.activation.host.internal.Suggestions;
import io.sessionmoniker.moniker.internal.Ascii;
import io.sessionmoniker.policy.HostSettings;
import io.sessionmoniker.policy.WtsState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A scenario: the users, sessions, class registrations and policy settings an embedded host starts with, read
 * from the JSON file {@code sessmon --config} takes (docs/contract.md, "Scenario file"):
 *
 * <pre>{@code
 * {
 *   "users":    [{"name": "alice", "groups": ["Administrators"]}, {"name": "bob"}],
 *   "sessions": [{"id": 0, "name": "services", "state": "Disconnected"},
 *                {"id": 1, "name": "console", "user": "alice", "state": "Active", "console": true}],
 *   "registry": ["classes.reg"],
 *   "policy":   {"fallback": "console", "crossSession": "admins", "startTimeoutMillis": 60000},
 *   "identityMode": "logical"
 * }
 * }</pre>
 *
 * Registry paths are relative to the scenario file. Unknown fields are errors (a misspelt field would otherwise
 * be silently ignored); every error names the field. {@code SYSTEM} always exists.
 *
 * <pre>{@code
 * Scenario s = Scenario.load(Path.of("lab.json"));
 * SessionManager sessions = s.sessionManager();
 * Scenario demo = Scenario.demo();
 * }</pre>
 */
public final class Scenario {

    /** The largest scenario file read, in bytes. */
    public static final long MAX_FILE_SIZE = 1 << 20;
    /** The default start timeout, as Windows' 60 seconds. */
    public static final long DEFAULT_START_TIMEOUT_MILLIS = 60_000;

    /** How server processes get their identity. */
    public enum IdentityMode {
        /** The identity is recorded and handed to the server; the process runs as the host's OS user. */
        LOGICAL("logical"),
        /** The host runs as root and starts each server under the OS account mapped to its user. */
        OS("os");

        private final String label;

        IdentityMode(String label) {
            this.label = label;
        }

        /**
         * Returns the scenario-file spelling.
         *
         * @return {@code "logical"} or {@code "os"}
         */
        public String label() {
            return label;
        }
    }

    /** One session of the scenario. */
    public record SessionSpec(long id, String name, WtsState state, Optional<String> user, boolean console) {
    }

    /**
     * One user of the scenario.
     *
     * @param name the account name in the scenario
     * @param groups its groups
     * @param osUser the OS account its servers run as in the {@code os} identity mode (by default, the same name)
     * @param password the password network clients log on with (NTLM), if the scenario gives one
     * @param ntHash the NT hash (MD4 of the UTF-16LE password) as 32 hex digits, if the scenario gives it instead
     */
    public record UserSpec(String name, List<String> groups, String osUser, Optional<String> password,
            Optional<String> ntHash) {
        /**
         * Checks the components.
         *
         * @param name the name
         * @param groups the groups
         * @param osUser the OS account
         * @param password the password, or empty
         * @param ntHash the NT hash, or empty; not both
         */
        public UserSpec {
            Objects.requireNonNull(name, "name");
            groups = List.copyOf(groups);
            Objects.requireNonNull(osUser, "osUser");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(ntHash, "ntHash");
            if (password.isPresent() && ntHash.isPresent()) {
                throw new IllegalArgumentException("user \"" + name + "\" has both a password and an ntHash: give one");
            }
            if (ntHash.isPresent() && !ntHash.get().matches("[0-9A-Fa-f]{32}")) {
                throw new IllegalArgumentException("user \"" + name + "\": ntHash is 32 hex digits (16 octets)");
            }
        }

        /**
         * Makes a user without network credentials.
         *
         * @param name the name
         * @param groups the groups
         * @param osUser the OS account
         */
        public UserSpec(String name, List<String> groups, String osUser) {
            this(name, groups, osUser, Optional.empty(), Optional.empty());
        }

        /**
         * Makes a user whose OS account (in the {@code os} identity mode) has the user's name.
         *
         * @param name the name
         * @param groups the groups
         */
        public UserSpec(String name, List<String> groups) {
            this(name, groups, name);
        }

        /**
         * Tells whether network clients can log on as this user.
         *
         * @return whether a password or an NT hash is given
         */
        public boolean hasCredentials() {
            return password.isPresent() || ntHash.isPresent();
        }

        @Override
        public String toString() {
            // the credentials are secrets: never in a log line
            return "UserSpec[name=" + name + ", groups=" + groups + ", osUser=" + osUser
                    + (hasCredentials() ? ", credentials given" : "") + "]";
        }
    }

    private static final String DEMO_RESOURCE = "demo/demo-scenario.json";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final String source;
    private final List<UserSpec> users;
    private final List<SessionSpec> sessions;
    private final List<Path> registry;
    private final List<String> registryResources;
    private final HostSettings settings;
    private final long startTimeoutMillis;
    private final IdentityMode identityMode;
    private final UserDirectory directory;
    private final Path baseDirectory;
    private final DcomSettings dcom;

    private Scenario(String source, List<UserSpec> users, List<SessionSpec> sessions, List<Path> registry,
            List<String> registryResources, HostSettings settings, long startTimeoutMillis, IdentityMode identityMode,
            UserDirectory directory, Path baseDirectory, DcomSettings dcom) {
        this.source = source;
        this.dcom = dcom;
        this.baseDirectory = baseDirectory;
        this.users = List.copyOf(users);
        this.sessions = List.copyOf(sessions);
        this.registry = List.copyOf(registry);
        this.registryResources = List.copyOf(registryResources);
        this.settings = settings;
        this.startTimeoutMillis = startTimeoutMillis;
        this.identityMode = identityMode;
        this.directory = directory;
    }

    /**
     * Reads a scenario file.
     *
     * @param file the JSON file
     * @return the scenario
     * @throws ScenarioException naming the file and the field when it cannot be used
     */
    public static Scenario load(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            // never opened unless a regular file (a FIFO's open would block), never read past the bound
            bytes = io.sessionmoniker.activation.host.internal.BoundedFiles.read(file, MAX_FILE_SIZE);
        } catch (io.sessionmoniker.activation.host.internal.BoundedFiles.NotRegularFileException e) {
            throw new ScenarioException(name, "", "this is " + e.kind() + ", not a regular file; a scenario is read"
                    + " from a regular JSON file", e);
        } catch (io.sessionmoniker.activation.host.internal.BoundedFiles.TooLargeException e) {
            throw new ScenarioException(name, "", "the file is " + (e.size() > MAX_FILE_SIZE ? e.size() + " bytes"
                    : "more than " + MAX_FILE_SIZE + " bytes") + "; a scenario is at most " + MAX_FILE_SIZE + " bytes",
                    e);
        } catch (IOException e) {
            throw new ScenarioException(name, "", "cannot read the scenario file: " + IoMessages.describe(e), e);
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(name, new String(bytes, StandardCharsets.UTF_8), base);
    }

    /**
     * Returns the built-in demo scenario: docs/contract.md's sessions (services, alice at the console, bob over RDP)
     * plus carol's disconnected session and an RDP listener, with the demo classes registered and
     * {@code fallback=console}.
     *
     * @return the demo scenario
     */
    public static Scenario demo() {
        try (InputStream in = Scenario.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo scenario resource is missing from the activation module");
            }
            return parse("built-in demo scenario", new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo scenario resource", e);
        }
    }

    /**
     * Returns the files of the built-in demo scenario, to copy and change: the scenario JSON
     * ({@code demo-scenario.json}) and the registry it names ({@code demo.reg}, UTF-16LE with a BOM as regedit
     * writes it). Kept side by side, {@code Scenario.load(dir.resolve("demo-scenario.json"))} is the demo scenario.
     *
     * @return file name to content, the scenario first
     */
    public static Map<String, byte[]> demoFiles() {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (String name : new String[] {"demo-scenario.json", "demo.reg"}) {
            try (InputStream in = Scenario.class.getResourceAsStream("demo/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the demo resource " + name + " is missing from the activation"
                            + " module");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the demo resource " + name, e);
            }
        }
        return java.util.Collections.unmodifiableMap(files);
    }

    /**
     * Parses scenario JSON.
     *
     * @param source the name used in error messages
     * @param json the text
     * @param baseDir the directory registry paths are relative to; null for the built-in scenario, whose registry
     *                entries name class-path resources beside it
     * @return the scenario
     * @throws ScenarioException when the text cannot be used
     */
    public static Scenario parse(String source, String json, Path baseDir) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ScenarioException(source, where, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException(source, "", "expected a JSON object at the top level", null);
        }
        Reader r = new Reader(source);
        r.onlyFields(root, "", Set.of("users", "sessions", "registry", "policy", "identityMode", "dcom"));

        List<UserSpec> users = new ArrayList<>();
        UserDirectory.Builder directory = UserDirectory.builder();
        JsonNode usersNode = r.array(root, "users", "");
        for (int i = 0; i < usersNode.size(); i++) {
            String path = "users[" + i + "]";
            JsonNode u = r.object(usersNode.get(i), path);
            r.onlyFields(u, path, Set.of("name", "groups", "osUser", "password", "ntHash"));
            String name = r.requiredString(u, "name", path);
            List<String> groups = new ArrayList<>();
            JsonNode g = r.array(u, "groups", path);
            for (int k = 0; k < g.size(); k++) {
                groups.add(r.string(g.get(k), path + ".groups[" + k + "]"));
            }
            try {
                directory.user(name, groups);
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(source, path, e.getMessage(), e);
            }
            Optional<String> password = r.optionalString(u, "password", path);
            Optional<String> ntHash = r.optionalString(u, "ntHash", path);
            if (password.isPresent() && password.get().isEmpty()) {
                throw new ScenarioException(source, path + ".password", "an empty password cannot be checked;"
                        + " leave the field out for a user who does not log on over the network", null);
            }
            try {
                users.add(new UserSpec(name, groups, r.optionalString(u, "osUser", path).orElse(name), password,
                        ntHash));
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(source, path + (ntHash.isPresent() ? ".ntHash" : ""), e.getMessage(), e);
            }
        }
        UserDirectory userDirectory = directory.build();

        List<SessionSpec> sessions = new ArrayList<>();
        JsonNode sessionsNode = r.array(root, "sessions", "");
        for (int i = 0; i < sessionsNode.size(); i++) {
            String path = "sessions[" + i + "]";
            JsonNode s = r.object(sessionsNode.get(i), path);
            r.onlyFields(s, path, Set.of("id", "name", "user", "state", "console"));
            long id = r.requiredLong(s, "id", path, 0, 0xFFFF_FFFEL);
            String name = r.requiredString(s, "name", path);
            Optional<String> user = r.optionalString(s, "user", path);
            WtsState state;
            String stateText = r.optionalString(s, "state", path).orElse(user.isPresent() ? "Active" : "Connected");
            try {
                state = WtsState.fromLabel(stateText);
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(source, path + ".state", e.getMessage() + Suggestions.didYouMean(
                        stateText, java.util.Arrays.stream(WtsState.values()).map(WtsState::label).toList()), e);
            }
            boolean console = r.optionalBoolean(s, "console", path).orElse(false);
            sessions.add(new SessionSpec(id, name, state, user, console));
        }

        List<Path> registry = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        JsonNode registryNode = r.array(root, "registry", "");
        for (int i = 0; i < registryNode.size(); i++) {
            String path = "registry[" + i + "]";
            String file = r.string(registryNode.get(i), path);
            if (file.isBlank()) {
                throw new ScenarioException(source, path, "expected a .reg file path", null);
            }
            if (baseDir == null) {
                resources.add(file);
            } else {
                Path p = baseDir.resolve(file).normalize();
                if (!Files.isRegularFile(p)) {
                    throw new ScenarioException(source, path, "no such file: " + p, null);
                }
                registry.add(p);
            }
        }

        HostSettings settings = HostSettings.defaults();
        long startTimeout = DEFAULT_START_TIMEOUT_MILLIS;
        JsonNode policy = root.get("policy");
        if (policy != null && !policy.isNull()) {
            r.object(policy, "policy");
            r.onlyFields(policy, "policy", Set.of("fallback", "crossSession", "startTimeoutMillis"));
            HostSettings.Fallback fallback = settings.fallback();
            HostSettings.CrossSession cross = settings.crossSession();
            try {
                Optional<String> f = r.optionalString(policy, "fallback", "policy");
                if (f.isPresent()) {
                    fallback = HostSettings.Fallback.parse(f.get());
                }
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(source, "policy.fallback", e.getMessage(), e);
            }
            try {
                Optional<String> c = r.optionalString(policy, "crossSession", "policy");
                if (c.isPresent()) {
                    cross = HostSettings.CrossSession.parse(c.get());
                }
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(source, "policy.crossSession", e.getMessage(), e);
            }
            settings = new HostSettings(fallback, cross);
            if (policy.has("startTimeoutMillis")) {
                startTimeout = r.requiredLong(policy, "startTimeoutMillis", "policy", 1, 3_600_000);
            }
        }

        IdentityMode mode = IdentityMode.LOGICAL;
        Optional<String> modeText = r.optionalString(root, "identityMode", "");
        if (modeText.isPresent()) {
            mode = null;
            for (IdentityMode m : IdentityMode.values()) {
                if (Ascii.equalsIgnoreCase(m.label(), modeText.get())) {
                    mode = m;
                }
            }
            if (mode == null) {
                throw new ScenarioException(source, "identityMode", "expected \"logical\" or \"os\" but was \""
                        + modeText.get() + "\"", null);
            }
        }
        DcomSettings dcom = dcomSettings(r, root.get("dcom"));
        Scenario scenario = new Scenario(source, users, sessions, registry, resources, settings, startTimeout, mode,
                userDirectory, baseDir == null ? null : baseDir.toAbsolutePath().normalize(), dcom);
        scenario.sessionManager(); // validates the sessions against the model now, naming the session
        return scenario;
    }

    /**
     * Returns where the scenario came from.
     *
     * @return the file name, or "built-in demo scenario"
     */
    public String source() {
        return source;
    }

    /**
     * Returns the directory the scenario's relative paths are resolved against: the scenario file's own
     * directory, as an absolute path. A host started on the scenario offers it to {@code LocalServer32} commands
     * as {@code %SCENARIO_DIR%}.
     *
     * @return the directory, or empty for the built-in scenario
     */
    public Optional<Path> directory() {
        return Optional.ofNullable(baseDirectory);
    }

    /**
     * Returns the users as written.
     *
     * @return an unmodifiable list
     */
    public List<UserSpec> users() {
        return users;
    }

    /**
     * Returns the accounts, {@code SYSTEM} included.
     *
     * @return the directory
     */
    public UserDirectory userDirectory() {
        return directory;
    }

    /**
     * Returns the sessions as written.
     *
     * @return an unmodifiable list
     */
    public List<SessionSpec> sessions() {
        return sessions;
    }

    /**
     * Returns the {@code .reg} files, resolved against the scenario's directory (empty for the built-in
     * scenario, whose files are {@link #registryResources()}).
     *
     * @return an unmodifiable list of existing files
     */
    public List<Path> registryFiles() {
        return registry;
    }

    /**
     * Returns the class-path resources (relative to this class) holding the built-in scenario's {@code .reg}
     * files.
     *
     * @return an unmodifiable list, empty for a scenario read from a file
     */
    public List<String> registryResources() {
        return registryResources;
    }

    /**
     * Returns the policy settings.
     *
     * @return the settings
     */
    public HostSettings settings() {
        return settings;
    }

    /**
     * Returns how long a launched server has to register its class objects.
     *
     * @return milliseconds
     */
    public long startTimeoutMillis() {
        return startTimeoutMillis;
    }

    /**
     * Returns a copy of this scenario with another start timeout.
     *
     * @param millis how long a launched server has to register, 1 to 3 600 000 ms
     * @return the copy
     */
    public Scenario withStartTimeoutMillis(long millis) {
        if (millis < 1 || millis > 3_600_000) {
            throw new IllegalArgumentException("the start timeout must be 1 to 3600000 ms, not " + millis);
        }
        return new Scenario(source, users, sessions, registry, registryResources, settings, millis, identityMode,
                directory, baseDirectory, dcom);
    }

    /**
     * Returns a copy of this scenario with other DCOM settings (what {@code --dcom} and {@code --dcom-min-level}
     * change).
     *
     * @param settings the settings
     * @return the copy
     */
    public Scenario withDcom(DcomSettings settings) {
        return new Scenario(source, users, sessions, registry, registryResources, this.settings, startTimeoutMillis,
                identityMode, directory, baseDirectory, Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Returns how the host serves DCOM on TCP.
     *
     * @return the settings; {@link DcomSettings#DEFAULTS} (not listening) when the scenario has no {@code "dcom"}
     */
    public DcomSettings dcom() {
        return dcom;
    }

    private static DcomSettings dcomSettings(Reader r, JsonNode node) {
        if (node == null || node.isNull()) {
            return DcomSettings.DEFAULTS;
        }
        r.object(node, "dcom");
        r.onlyFields(node, "dcom", Set.of("listen", "minimumAuthnLevel", "computerName", "domain", "allowAnonymous",
                "pingPeriodMillis"));
        DcomSettings d = DcomSettings.DEFAULTS;
        Optional<String> listen = r.optionalString(node, "listen", "dcom");
        int level = d.minimumAuthnLevel();
        Optional<String> levelText = r.optionalString(node, "minimumAuthnLevel", "dcom");
        if (levelText.isPresent()) {
            try {
                level = DcomSettings.parseLevel(levelText.get());
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(r.source, "dcom.minimumAuthnLevel", e.getMessage(), e);
            }
        }
        String computer = r.optionalString(node, "computerName", "dcom").orElse(d.computerName());
        String domain = r.optionalString(node, "domain", "dcom").orElse(computer);
        boolean anonymous = r.optionalBoolean(node, "allowAnonymous", "dcom").orElse(false);
        java.time.Duration ping = node.has("pingPeriodMillis")
                ? java.time.Duration.ofMillis(r.requiredLong(node, "pingPeriodMillis", "dcom", 100, 3_600_000))
                : d.pingPeriod();
        try {
            if (listen.isPresent()) {
                io.sessionmoniker.activation.dcom.tcp.TcpTransport.parseListen(listen.get());
            }
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(r.source, "dcom.listen", e.getMessage(), e);
        }
        try {
            return new DcomSettings(listen, level, computer, domain, anonymous, ping);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(r.source, "dcom", e.getMessage(), e);
        }
    }

    /**
     * Returns the identity mode.
     *
     * @return the mode
     */
    public IdentityMode identityMode() {
        return identityMode;
    }

    /**
     * Builds a new session manager with the scenario's users and sessions.
     *
     * @return a new manager
     * @throws ScenarioException if the sessions break the session model's rules
     */
    public SessionManager sessionManager() {
        SessionManager.Builder b = SessionManager.builder(directory);
        for (SessionSpec s : sessions) {
            b.session(s.id(), s.name(), s.state(), s.user().orElse(null), s.console());
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(source, "sessions", e.getMessage(), e);
        }
    }

    /**
     * Reads the scenario's {@code .reg} files, in order, into a class registry.
     *
     * @param variables the {@code %VAR%} values for {@code LocalServer32} commands (for example {@code JAVA} and
     *                  {@code CLASSPATH})
     * @return a registry without a state directory (registrations made through it are not persisted)
     * @throws ScenarioException if a file cannot be read
     * @throws RegFileFormatException if a file is malformed (naming the file, line and column)
     */
    public ClassRegistry classRegistry(Map<String, String> variables) {
        RegFileReader reader = RegFileReader.standard();
        RegistryHive.Builder hive = RegistryHive.empty().toBuilder();
        for (int i = 0; i < registry.size(); i++) {
            try {
                reader.readInto(hive, registry.get(i));
            } catch (IOException e) {
                throw new ScenarioException(source, "registry[" + i + "]", "cannot read " + registry.get(i) + ": "
                        + IoMessages.describe(e), e);
            }
        }
        for (int i = 0; i < registryResources.size(); i++) {
            String resource = "demo/" + registryResources.get(i);
            try (InputStream in = Scenario.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ScenarioException(source, "registry[" + i + "]", "missing resource " + resource, null);
                }
                reader.parseInto(hive, registryResources.get(i), in.readAllBytes());
            } catch (IOException e) {
                throw new ScenarioException(source, "registry[" + i + "]", "cannot read " + resource + ": "
                        + IoMessages.describe(e), e);
            }
        }
        return ClassRegistry.builder().base(hive.build()).variables(variables).build();
    }

    /** Field readers that name the JSON path of whatever is wrong. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        ScenarioException error(String path, String problem) {
            return new ScenarioException(source, path, problem, null);
        }

        static String join(String path, String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        void onlyFields(JsonNode node, String path, Set<String> allowed) {
            for (var property : node.properties()) {
                String name = property.getKey();
                if (!allowed.contains(name)) {
                    throw error(join(path, name), "unknown field" + Suggestions.didYouMean(name, allowed)
                            + "; expected one of " + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }

        JsonNode object(JsonNode node, String path) {
            if (node == null || !node.isObject()) {
                throw error(path, "expected an object but was " + kind(node));
            }
            return node;
        }

        JsonNode array(JsonNode parent, String field, String path) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return MAPPER.createArrayNode();
            }
            if (!node.isArray()) {
                throw error(join(path, field), "expected an array but was " + kind(node));
            }
            return node;
        }

        String string(JsonNode node, String path) {
            if (node == null || !node.isTextual()) {
                throw error(path, "expected a string but was " + kind(node));
            }
            return node.asText();
        }

        String requiredString(JsonNode parent, String field, String path) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                throw error(join(path, field), "required");
            }
            String value = string(node, join(path, field));
            if (value.isBlank()) {
                throw error(join(path, field), "must not be empty");
            }
            return value;
        }

        Optional<String> optionalString(JsonNode parent, String field, String path) {
            JsonNode node = parent.get(field);
            return node == null || node.isNull() ? Optional.empty() : Optional.of(string(node, join(path, field)));
        }

        Optional<Boolean> optionalBoolean(JsonNode parent, String field, String path) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (!node.isBoolean()) {
                throw error(join(path, field), "expected true or false but was " + kind(node));
            }
            return Optional.of(node.asBoolean());
        }

        long requiredLong(JsonNode parent, String field, String path, long min, long max) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                throw error(join(path, field), "required");
            }
            if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
                throw error(join(path, field), "expected a whole number from " + min + " to " + max + " but was "
                        + node);
            }
            return node.asLong();
        }

        static String kind(JsonNode node) {
            if (node == null || node.isNull()) {
                return "null";
            }
            return Objects.toString(node.getNodeType()).toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(node.toString());
        }

        static String abbreviate(String s) {
            return org.apache.commons.lang3.StringUtils.abbreviate(s, 40);
        }
    }
}
