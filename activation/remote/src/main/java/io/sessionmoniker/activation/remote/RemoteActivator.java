package io.sessionmoniker.activation.remote;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.SessionListener;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.dcom.ntlm.NtlmClientSecurity;
import io.sessionmoniker.activation.dcom.tcp.TcpTransport;
import io.sessionmoniker.activation.dcom.wire.ActivationBlob;
import io.sessionmoniker.activation.dcom.wire.ActivationContextInfo;
import io.sessionmoniker.activation.dcom.wire.DcomIids;
import io.sessionmoniker.activation.dcom.wire.InstantiationInfo;
import io.sessionmoniker.activation.dcom.wire.PropsOutInfo;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceRequest;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceResponse;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteGetClassObjectRequest;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteGetClassObjectResponse;
import io.sessionmoniker.activation.dcom.wire.ScmReplyInfo;
import io.sessionmoniker.activation.dcom.wire.ScmRequestInfo;
import io.sessionmoniker.activation.dcom.wire.ServerLocationInfo;
import io.sessionmoniker.activation.dcom.wire.SpecialProperties;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcClient;
import io.sessionmoniker.activation.orpc.rpc.RpcException;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.ComInterfaceInfo;
import io.sessionmoniker.activation.orpc.transport.Endpoint;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.moniker.MonikerParser;
import io.sessionmoniker.moniker.SessionTarget;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code remote} backend: a DCOM client that activates on another host over {@code ncacn_ip_tcp}, logging on
 * with NTLMv2, into the session the display name names. The name is parsed here; the host decides the rest:
 *
 * <ul>
 *   <li>{@code Session:N!new:CLSID} is {@code IRemoteSCMActivator::RemoteCreateInstance} with a
 *       {@code SpecialPropertiesData} of {@code dwSessionId = N}, {@code fRemoteThisSessionId = TRUE};
 *       {@code Session:Console!…} sets {@code SPD_FLAG_USE_CONSOLE_SESSION} instead;
 *   <li>{@code clsid:CLSID} is {@code RemoteGetClassObject} (the class object, {@code IClassFactory}), except for
 *       the {@link LateBound} view, which is an instance of the class and so {@code RemoteCreateInstance};
 *   <li>a name without a session part sends no {@code SpecialPropertiesData}: the host places the object as it
 *       places any network activation (Windows: in the caller's own session, or the RunAs identity's).
 * </ul>
 *
 * <p>Every connection — to the SCM and to each server — is authenticated at the {@link AuthenticationLevel} of the
 * settings, {@code PKT_PRIVACY} by default. The proxies are the same typed {@code @ComInterface} proxies and
 * {@link LateBound} handles as the other backends give. The held objects are pinged from one background thread;
 * {@link #close()} releases them ({@code RemRelease}) and stops it.
 *
 * <p>Errors: a host that does not answer is {@code RPC_S_SERVER_UNAVAILABLE} (0x800706BA) within the call timeout;
 * credentials the host refuses are {@code E_ACCESSDENIED}; the host's refusal of an activation arrives with its
 * HRESULT (the policy's {@code E_ACCESSDENIED}, {@code ERROR_CTX_WINSTATION_NOT_FOUND}, {@code REGDB_E_CLASSNOTREG}
 * …); a call on an object the host dropped is {@code RPC_E_DISCONNECTED}. The host reports no policy decision and
 * no process id, so activations carry none, as the Windows backend's.
 *
 * <pre>{@code
 * ActivatorSettings settings = ActivatorSettings.defaults()
 *         .with(RemoteSettings.HOST, RemoteHost.parse("lab-7"))
 *         .with(RemoteSettings.CREDENTIALS, RemoteCredentials.parseUser("LAB\\alice", password));
 * try (Activator remote = Activators.open(settings);
 *      Activation<LateBound> a = remote.bind("Session:3!new:10000013-0000-0000-0000-000000000001",
 *              LateBound.class)) {
 *     a.object().get("SessionId");   // 3
 * }
 * }</pre>
 */
public final class RemoteActivator implements Activator {

    /** {@code IClassFactory}. */
    static final Guid ICLASSFACTORY = Guid.parse("00000001-0000-0000-C000-000000000046");

    private final RemoteHost host;
    private final String user;
    private final Endpoint scm;
    private final NtlmClientSecurity security;
    private final AuthenticationLevel level;
    private final Duration callTimeout;
    private final OxidEndpoints endpoints;
    private final ComClient objects;
    private final Pinger pinger;
    private final SessionProvider sessions = new NoSessions();
    private final Object scmLock = new Object();
    private RpcClient scmConnection;
    /** The SCM connection that has answered a call, once one has. */
    private volatile RpcClient scmAnswered;
    private volatile boolean closed;
    /** Set by the first {@link #close()}: a second, concurrent one returns at once. */
    private final AtomicBoolean closing = new AtomicBoolean();

    private RemoteActivator(RemoteHost host, RemoteCredentials credentials, AuthenticationLevel level,
            Duration callTimeout, Duration pingPeriod) {
        this.host = host;
        this.user = credentials.toString();
        this.scm = TcpTransport.endpoint(host.host(), host.port());
        this.level = level;
        this.security = NtlmClientSecurity.of(credentials.ntlm(), level.value());
        this.callTimeout = callTimeout;
        this.endpoints = new OxidEndpoints(InetSocketAddress.createUnresolved(host.host(), host.port()),
                req -> {
                    try {
                        return OxidEndpoints.decode(callScm(OxidEndpoints.syntax(),
                                io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.OPNUM_RESOLVE_OXID2,
                                req.encode(), callTimeout));
                    } catch (RuntimeException e) {
                        return null;
                    }
                });
        this.objects = new ComClient(UnixSocketTransport.create(), endpoints, this::connectTo);
        objects.callTimeout(callTimeout);
        this.pinger = new Pinger("sessmon-remote-pinger " + host, pingPeriod,
                (opnum, stub) -> callScm(DcomIids.IOBJECTEXPORTER_SYNTAX, opnum, stub, callTimeout));
        objects.referenceObserver(new ComClient.ReferenceObserver() {
            @Override
            public void held(ObjRef ref) {
                pinger.held(ref.std().oid());
            }

            @Override
            public void released(ObjRef ref) {
                pinger.released(ref.std().oid());
            }
        });
    }

    /**
     * Opens a remote activator. It connects on first use: a host that cannot be reached, or credentials it refuses,
     * fail the first {@link #bind}.
     *
     * @param settings with {@link RemoteSettings#HOST} and {@link RemoteSettings#CREDENTIALS}; optionally
     *     {@link RemoteSettings#AUTHENTICATION_LEVEL}, {@link RemoteSettings#CALL_TIMEOUT},
     *     {@link RemoteSettings#PING_PERIOD}
     * @return the activator
     * @throws IllegalArgumentException if the host or the credentials are missing, or the settings carry another
     *     backend's keys
     */
    public static RemoteActivator open(ActivatorSettings settings) {
        Set<ActivatorSettings.Key<?>> mine = Set.of(RemoteSettings.HOST, RemoteSettings.CREDENTIALS,
                RemoteSettings.AUTHENTICATION_LEVEL, RemoteSettings.CALL_TIMEOUT, RemoteSettings.PING_PERIOD);
        for (ActivatorSettings.Key<?> k : settings.keys()) {
            if (!mine.contains(k)) {
                throw new IllegalArgumentException("the remote backend does not read the setting \"" + k.name()
                        + "\"; it reads " + mine.stream().map(ActivatorSettings.Key::name).sorted().toList());
            }
        }
        RemoteHost host = settings.get(RemoteSettings.HOST).orElseThrow(() -> new IllegalArgumentException(
                "the remote backend needs a host (RemoteSettings.HOST, HOST[:PORT])"));
        RemoteCredentials who = settings.get(RemoteSettings.CREDENTIALS).orElseThrow(() ->
                new IllegalArgumentException("the remote backend needs credentials (RemoteSettings.CREDENTIALS):"
                        + " it offers no anonymous logon"));
        Duration timeout = settings.get(RemoteSettings.CALL_TIMEOUT).orElse(RemoteSettings.DEFAULT_CALL_TIMEOUT);
        Duration ping = settings.get(RemoteSettings.PING_PERIOD).orElse(RemoteSettings.DEFAULT_PING_PERIOD);
        if (timeout.isNegative() || timeout.isZero() || ping.isNegative() || ping.isZero()) {
            throw new IllegalArgumentException("the call timeout and the ping period must be positive: " + timeout
                    + ", " + ping);
        }
        return new RemoteActivator(host, who, settings.get(RemoteSettings.AUTHENTICATION_LEVEL)
                .orElse(AuthenticationLevel.PRIVACY), timeout, ping);
    }

    /**
     * Returns the host this activator activates on.
     *
     * @return the host
     */
    public RemoteHost host() {
        return host;
    }

    /**
     * Returns the authentication level of its connections.
     *
     * @return the level
     */
    public AuthenticationLevel authenticationLevel() {
        return level;
    }

    /**
     * Returns how many pings of the held objects the host has answered, for diagnostics.
     *
     * @return the count
     */
    public long pingsAnswered() {
        return pinger.pingsAnswered();
    }

    /**
     * Returns how many distinct objects (OIDs) this activator's proxies hold, which its pings keep alive.
     *
     * @return the count
     */
    public int objectsHeld() {
        return pinger.objectsHeld();
    }

    @Override
    public String backend() {
        return "remote";
    }

    /**
     * Returns a provider that refuses: MS-DCOM has no way to list a remote host's sessions. Name the session in the
     * display name instead.
     *
     * @return the provider; its methods throw {@code ComException(E_NOTIMPL)}
     */
    @Override
    public SessionProvider sessions() {
        return sessions;
    }

    @Override
    public <T> Activation<T> bind(String displayName, Class<T> iface, ActivationOptions options) {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(options, "options");
        Moniker moniker = MonikerParser.standard().parse(displayName);
        options.requireLocalServerContext();
        if (options.caller().isPresent()) {
            // the host verifies who calls through NTLM: a caller named in the options would be a claim
            throw new ComException(HResult.E_INVALIDARG, "the remote backend activates as the user of its"
                    + " credentials (" + user + "); a caller in the options cannot be sent to the host");
        }
        if (closed) {
            throw new ComException(HResult.RPC_E_DISCONNECTED, "this remote activator is closed");
        }
        Guid clsid = moniker.classId().orElseThrow(() -> new ComException(HResult.MK_E_NOOBJECT,
                "\"" + displayName + "\" names no class to activate; add !clsid:GUID or !new:GUID"));
        SpecialProperties session = moniker.sessionTarget().map(RemoteActivator::specialProperties).orElse(null);
        Duration deadline = options.deadline().filter(d -> d.compareTo(callTimeout) < 0).orElse(callTimeout);
        // a scripting client's view of a class is an instance of it: the SCM makes it in one step, as it does for
        // new:, so that no class object of a server that is stopping is ever handed out between two calls
        if (moniker.createsInstance() || iface == LateBound.class) {
            if (iface == ClassObject.class) {
                throw new ComException(HResult.E_NOINTERFACE, "\"" + displayName + "\" names an instance, which is"
                        + " not a class object; use clsid: for the class object");
            }
            Guid iid = iface == LateBound.class ? Iids.IDISPATCH : ComInterfaceInfo.of(iface).iid();
            ActivationBlob blob = blob(clsid, iid, session);
            RemoteCreateInstanceResponse r = decode(() -> RemoteCreateInstanceResponse.decode(callScm(
                    DcomIids.IREMOTESCMACTIVATOR_SYNTAX, RemoteCreateInstanceRequest.OPNUM,
                    new RemoteCreateInstanceRequest(OrpcThis.newCausality(), null, blob).encode(), deadline)));
            ObjRef ref = result(displayName, r.hresult(), r.propsOut(), r.scmReply());
            return new Activation<>(objects.view(ref, true, List.of(), iface), Optional.empty(),
                    OptionalLong.empty(), false);
        }
        ActivationBlob blob = blob(clsid, ICLASSFACTORY, session);
        RemoteGetClassObjectResponse r = decode(() -> RemoteGetClassObjectResponse.decode(callScm(
                DcomIids.IREMOTESCMACTIVATOR_SYNTAX, RemoteGetClassObjectRequest.OPNUM,
                new RemoteGetClassObjectRequest(OrpcThis.newCausality(), blob).encode(), deadline)));
        ObjRef ref = result(displayName, r.hresult(), r.propsOut(), r.scmReply());
        return new Activation<>(objects.view(ref, false, List.of(), iface), Optional.empty(), OptionalLong.empty(),
                false);
    }

    private static SpecialProperties specialProperties(SessionTarget target) {
        return target.isConsole() ? SpecialProperties.console() : SpecialProperties.forSession((int) target.id());
    }

    private static ActivationBlob blob(Guid clsid, Guid iid, SpecialProperties session) {
        InstantiationInfo what = InstantiationInfo.of(clsid, List.of(iid));
        ScmRequestInfo request = ScmRequestInfo.of(TcpTransport.TOWER_ID);
        return session == null
                ? ActivationBlob.of(what, ActivationContextInfo.EMPTY, ServerLocationInfo.EMPTY, request)
                : ActivationBlob.of(what, ActivationContextInfo.EMPTY, ServerLocationInfo.EMPTY, request, session);
    }

    /** The one interface pointer a successful activation reply carries, its exporter learned. */
    private ObjRef result(String name, int hresult, Optional<PropsOutInfo> propsOut, Optional<ScmReplyInfo> reply) {
        if (HResult.failed(hresult)) {
            throw new ComException(hresult, "the host " + host + " refused to activate \"" + name + "\"");
        }
        PropsOutInfo out = propsOut.orElseThrow(() -> new ComException(HResult.RPC_X_BAD_STUB_DATA,
                "the host's activation reply carries no interfaces"));
        ScmReplyInfo exporter = reply.orElseThrow(() -> new ComException(HResult.RPC_X_BAD_STUB_DATA,
                "the host's activation reply does not say where the object lives"));
        if (out.results().isEmpty()) {
            throw new ComException(HResult.RPC_X_BAD_STUB_DATA, "the host's activation reply carries no interfaces");
        }
        PropsOutInfo.Result first = out.results().get(0);
        if (HResult.failed(first.hresult()) || first.pointer() == null) {
            throw new ComException(HResult.failed(first.hresult()) ? first.hresult() : HResult.E_NOINTERFACE,
                    "the object activated for \"" + name + "\" does not give interface " + first.iid());
        }
        endpoints.learn(exporter.oxid(), exporter.bindings(), exporter.remUnknown());
        try {
            return first.pointer().objRef();
        } catch (WireFormatException e) {
            throw new ComException(HResult.RPC_X_BAD_STUB_DATA, "the host sent a malformed OBJREF: " + e.getMessage(),
                    e);
        }
    }

    @FunctionalInterface
    private interface Decoder<R> {
        R decode() throws WireFormatException;
    }

    private static <R> R decode(Decoder<R> d) {
        try {
            return d.decode();
        } catch (WireFormatException e) {
            throw new ComException(HResult.RPC_X_BAD_STUB_DATA, "the host sent a malformed activation reply: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Calls the host's SCM or OXID resolver on the shared, authenticated connection to the address dialled. A host
     * that accepted the connection but never answered its first call (a dead or wedged host) is
     * {@code RPC_S_SERVER_UNAVAILABLE}, as one that refused it is.
     */
    Bytes callScm(SyntaxId syntax, int opnum, Bytes stub, Duration deadline) {
        RpcClient c = scmConnection();
        try {
            Bytes answer = c.call(syntax, null, opnum, stub, deadline);
            scmAnswered = c;
            return answer;
        } catch (RpcException e) {
            if (e.hresult() == HResult.RPC_E_TIMEOUT && scmAnswered != c) {
                c.close();
                throw new RpcException(HResult.RPC_S_SERVER_UNAVAILABLE, "the host " + host + " does not answer: "
                        + e.getMessage(), e);
            }
            throw e;
        }
    }

    private RpcClient scmConnection() {
        synchronized (scmLock) {
            if (closed) {
                throw new RpcException(HResult.RPC_E_DISCONNECTED, "this remote activator is closed");
            }
            if (scmConnection == null || !scmConnection.isOpen()) {
                scmConnection = connect(scm);
            }
            return scmConnection;
        }
    }

    /** Opens an authenticated connection to a server's exporter. */
    private RpcClient connectTo(Endpoint endpoint) {
        return connect(endpoint);
    }

    private RpcClient connect(Endpoint endpoint) {
        return RpcClient.connect(TcpTransport.get(), endpoint, callTimeout, security);
    }

    /**
     * Releases every object this activator's proxies still hold ({@code RemRelease}), stops pinging, and closes its
     * connections; proxies still held fail with {@code RPC_E_DISCONNECTED} from then on. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            objects.releaseAll();
        } finally {
            closed = true;
            pinger.close();
            objects.close();
            synchronized (scmLock) {
                if (scmConnection != null) {
                    scmConnection.close();
                    scmConnection = null;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RemoteActivator[" + host + ", " + level + "]";
    }

    /** The sessions of a remote host, which the wire cannot list. */
    private static final class NoSessions implements SessionProvider {
        private static ComException refused() {
            return new ComException(HResult.E_NOTIMPL, "the remote backend cannot list a host's sessions: MS-DCOM"
                    + " has no session enumeration; name the session in the display name (Session:N!… or"
                    + " Session:Console!…)");
        }

        @Override
        public io.sessionmoniker.policy.SessionSnapshot snapshot() {
            throw refused();
        }

        @Override
        public Subscription subscribe(SessionListener listener) {
            throw refused();
        }
    }
}
