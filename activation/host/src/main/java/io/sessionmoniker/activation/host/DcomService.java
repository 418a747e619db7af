package io.sessionmoniker.activation.host;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.dcom.ntlm.LocalNtlmAuthority;
import io.sessionmoniker.activation.dcom.ntlm.NtHash;
import io.sessionmoniker.activation.dcom.ntlm.NtlmAuthority;
import io.sessionmoniker.activation.dcom.ntlm.NtlmCredentialStore;
import io.sessionmoniker.activation.dcom.ntlm.NtlmLogon;
import io.sessionmoniker.activation.dcom.ntlm.NtlmServerNames;
import io.sessionmoniker.activation.dcom.tcp.TcpTransport;
import io.sessionmoniker.activation.host.internal.HostWire;
import io.sessionmoniker.activation.host.internal.IServerNetwork;
import io.sessionmoniker.activation.host.internal.PrincipalJson;
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.objref.SecurityBinding;
import io.sessionmoniker.activation.orpc.objref.StringBinding;
import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.AuthenticatedPrincipal;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.CallSecurity;
import io.sessionmoniker.activation.orpc.rpc.RpcServer;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.runtime.ObjectExporter;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.policy.ActivationDeniedException;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host's network side: the SCM and the OXID resolver on TCP (port 135 for real clients), which unmodified DCOM
 * clients reach with NTLM. Activations run through the same {@link ActivationService} as local ones, for the
 * caller the NTLM exchange proved, as a network caller; the AppID's launch and access permissions apply with their
 * remote rights. Servers launched from then on also listen on TCP, verify their clients' logons through the host
 * (pass-through), and keep network references as the resolver's ping sets say.
 *
 * <p>An activation below the minimum authentication level (by default {@code PKT_INTEGRITY}, as Windows' DCOM
 * hardening sets it) is refused with {@code E_ACCESSDENIED}, and the log says which setting lowers it. Every remote
 * activation is logged with its principal, its source address and its outcome.
 */
final class DcomService implements ServiceControlManager.NetworkSide, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DcomService.class.getName());

    /** The security binding this host's string bindings carry: NTLM, no principal name. */
    static final SecurityBinding NTLM_BINDING = new SecurityBinding(AuthVerifier.RPC_C_AUTHN_WINNT, "");

    /** The default workgroup name, which clients without a domain send. */
    static final String WORKGROUP = "WORKGROUP";

    private final DcomSettings settings;
    private final ActivationPlanner planner;
    private final ActivationService activations;
    private final SessionManager sessions;
    private final ServiceControlManager scm;
    private final NtlmAuthority authority;
    private final NtlmServerNames names;
    private final OxidResolver resolver;
    private final Map<Long, Oxid> serversByPid = new ConcurrentHashMap<>();
    private final Duration deadline;
    private final String listenAddress;
    private volatile RpcServer server;
    private volatile DcomHandler handler;

    private DcomService(Scenario scenario, DcomSettings settings, ActivationPlanner planner,
            ActivationService activations, SessionManager sessions, ServiceControlManager scm) {
        this.settings = settings;
        this.planner = planner;
        this.activations = activations;
        this.sessions = sessions;
        this.scm = scm;
        this.names = NtlmServerNames.of(settings.computerName(), settings.domain());
        // a standalone machine checks a logon naming a domain it does not know against its own accounts; the
        // workgroup's name is what clients given no domain send (j-Interop)
        this.authority = LocalNtlmAuthority.create(names, credentials(scenario))
                .withAcceptedDomains(List.of(WORKGROUP)).withAnonymous(settings.allowAnonymous());
        this.resolver = new OxidResolver(settings.pingPeriod());
        this.deadline = Duration.ofMillis(scenario.startTimeoutMillis());
        this.listenAddress = TcpTransport.socketAddress(TcpTransport.parseListen(settings.listen().orElseThrow()))
                .getHostString();
    }

    /**
     * Starts the network side of a host.
     *
     * @param scenario the scenario (its users' credentials)
     * @param settings where to listen, the minimum level, the names
     * @param planner the host's planner (its display-name parser)
     * @param activations the host's activation service
     * @param sessions the host's sessions (who a user is)
     * @param scm the host's SCM, which launches servers with a network side from now on
     * @return the running service
     * @throws IOException if the TCP endpoint cannot be bound
     */
    static DcomService start(Scenario scenario, DcomSettings settings, ActivationPlanner planner,
            ActivationService activations, SessionManager sessions, ServiceControlManager scm) throws IOException {
        DcomService service = new DcomService(scenario, settings, planner, activations, sessions, scm);
        service.handler = new DcomHandler(service);
        try {
            service.server = RpcServer.start(TcpTransport.get(), TcpTransport.parseListen(settings.listen().get()),
                    service.handler, RpcServer.Options.DEFAULT.withSecurity(
                            io.sessionmoniker.activation.orpc.rpc.SecurityProviders.of(
                                    DcomHandler.provider(service.names, service.authority,
                                            AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT))));
        } catch (IOException | RuntimeException e) {
            service.handler.close();
            service.resolver.close();
            throw e;
        }
        scm.network(service);
        LOG.log(System.Logger.Level.INFO, "DCOM on TCP " + service.server.endpoint() + " (" + settings + ")");
        return service;
    }

    /** The users who may log on over the network: those with a password or an NT hash. */
    private static NtlmCredentialStore credentials(Scenario scenario) {
        Map<String, NtHash> accounts = new java.util.HashMap<>();
        for (Scenario.UserSpec u : scenario.users()) {
            if (u.password().isPresent()) {
                accounts.put(u.name(), NtHash.fromPassword(u.password().get()));
            } else if (u.ntHash().isPresent()) {
                accounts.put(u.name(), NtHash.parseHex(u.ntHash().get()));
            }
        }
        return NtlmCredentialStore.of(accounts);
    }

    /**
     * Returns where the SCM and the OXID resolver listen.
     *
     * @return the address, with the port the system chose for port 0
     */
    InetSocketAddress address() {
        return TcpTransport.socketAddress(server.endpoint());
    }

    DcomSettings settings() {
        return settings;
    }

    OxidResolver resolver() {
        return resolver;
    }

    // ---- for launched servers ---------------------------------------------------------------------------------

    @Override
    public io.sessionmoniker.activation.server.LaunchContext.Network launchContext() {
        return new io.sessionmoniker.activation.server.LaunchContext.Network(listenAddress, settings.computerName(),
                settings.domain(), settings.minimumAuthnLevel());
    }

    @Override
    public String logon(long pid, byte[] challenge, byte[] authenticate) {
        NtlmLogon logon;
        try {
            logon = authority.logon(challenge, authenticate);
        } catch (SecurityFailure e) {
            LOG.log(System.Logger.Level.WARNING, "a network logon to server " + pid + " failed: " + e.getMessage());
            throw new ComException(HResult.E_ACCESSDENIED, "the logon does not verify");
        }
        ObjectNode o = HostWire.JSON.createObjectNode();
        o.put("domain", logon.domain());
        o.put("user", logon.user());
        o.put("anonymous", logon.isAnonymous());
        o.put("sessionBaseKey", HexFormat.of().formatHex(logon.sessionBaseKey()));
        o.set("principal", PrincipalJson.encode(principalOf(logon.principal())));
        return HostWire.write(o);
    }

    @Override
    public void registered(long pid, IServerNetwork network, ObjRef reference) {
        Oxid oxid = reference.std().oxid();
        List<StringBinding> tcp = reference.resolverAddress().stringBindings().stream()
                .filter(b -> b.towerId() == TcpTransport.TOWER_ID).toList();
        resolver.register(new OxidResolver.Server(oxid, network, tcp, ObjectExporter.remUnknownIpid(oxid), pid));
        serversByPid.put(pid, oxid);
        LOG.log(System.Logger.Level.DEBUG, "server " + pid + " serves DCOM clients on " + tcp);
    }

    @Override
    public void exited(long pid) {
        Oxid oxid = serversByPid.remove(pid);
        if (oxid != null) {
            resolver.unregister(oxid);
        }
    }

    // ---- activation -------------------------------------------------------------------------------------------

    /**
     * Who a verified NTLM principal is in the scenario.
     *
     * @param p the principal
     * @return the account; {@link Principal#anonymous()} for an anonymous logon
     */
    Principal principalOf(AuthenticatedPrincipal p) {
        if (p.isAnonymous()) {
            return Principal.anonymous();
        }
        return sessions.caller(p.user(), OptionalLong.empty()).principal();
    }

    /**
     * What a network client asks an activation for.
     *
     * @param clsid the class
     * @param iids the interfaces, in the client's order
     * @param classObject the class object (RemoteGetClassObject) rather than a new instance
     * @param session the session a {@code SpecialPropertiesData} names ({@code -1} for the console), or empty
     */
    record Request(Guid clsid, List<Guid> iids, boolean classObject, OptionalLong session) {
        Request {
            iids = List.copyOf(iids);
        }
    }

    /**
     * What an activation hands a network client.
     *
     * @param hresult the call's result
     * @param oxid the server's exporter (when it succeeded)
     * @param bindings the server's string bindings, the address the client dialled first
     * @param remUnknown the server's {@code IRemUnknown}
     * @param authnHint the level the client should use with the server
     * @param hresults per interface
     * @param references per interface, null where it failed
     */
    record Outcome(int hresult, Oxid oxid, DualStringArray bindings, io.sessionmoniker.activation.orpc.objref.Ipid remUnknown,
            int authnHint, List<Integer> hresults, List<ObjRef> references) {
        static Outcome failed(int hresult, int count) {
            List<Integer> hrs = new ArrayList<>();
            List<ObjRef> refs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                hrs.add(hresult);
                refs.add(null);
            }
            return new Outcome(hresult, null, null, null, 0, hrs, refs);
        }
    }

    /**
     * Activates for a network client.
     *
     * @param call the call (its security and addresses)
     * @param request what it asks for
     * @param interfaceName the activation interface, for the log
     * @return the outcome; failures are HRESULTs, as the client receives them
     */
    Outcome activate(RpcServer.Call call, Request request, String interfaceName) {
        String from = call.connection().remoteAddress().map(a -> TcpTransport.literal(a) + ":" + a.getPort())
                .orElse("?");
        Optional<CallSecurity> security = call.security();
        if (security.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "refused an unauthenticated " + interfaceName + " from " + from
                    + ": an activation must authenticate (NTLM)");
            return Outcome.failed(HResult.E_ACCESSDENIED, request.iids().size());
        }
        CallSecurity cs = security.get();
        if (cs.authLevel() < settings.minimumAuthnLevel()) {
            LOG.log(System.Logger.Level.WARNING, "refused an activation of " + request.clsid().toBracedString()
                    + " from " + from + " as " + cs.principal() + " at authentication level "
                    + DcomSettings.levelName(cs.authLevel()) + ": the minimum is "
                    + DcomSettings.levelName(settings.minimumAuthnLevel()) + " (lower it with the scenario's"
                    + " \"dcom\": {\"minimumAuthnLevel\": \"connect\"} or sessmon host start --dcom-min-level"
                    + " connect, as Windows' RequireIntegrityActivationAuthenticationLevel does)");
            return Outcome.failed(HResult.E_ACCESSDENIED, request.iids().size());
        }
        Principal principal;
        try {
            principal = principalOf(cs.principal());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "refused an activation from " + from + ": " + e.getMessage());
            return Outcome.failed(HResult.E_ACCESSDENIED, request.iids().size());
        }
        Caller caller = Caller.remote(principal);
        String name = sessionPart(request.session()) + (request.classObject() ? "clsid:" : "new:")
                + request.clsid().toString();
        String who = cs.principal() + " from " + from + " (" + interfaceName + ", level "
                + DcomSettings.levelName(cs.authLevel()) + ")";
        ActivationService.Result result;
        try {
            Moniker moniker = planner.parser().parse(name);
            result = activations.activate(moniker, caller, new ActivationService.Request(request.classObject()
                    ? ActivationService.View.CLASS_OBJECT : ActivationService.View.LATE_BOUND, null, deadline, "",
                    true));
        } catch (ActivationDeniedException e) {
            LOG.log(System.Logger.Level.INFO, "remote activation of " + name + " by " + who + " denied: "
                    + e.decision().errorName() + ": " + e.decision().reason());
            return Outcome.failed(e.hresult(), request.iids().size());
        } catch (ComException e) {
            LOG.log(System.Logger.Level.INFO, "remote activation of " + name + " by " + who + " failed: "
                    + HResult.nameOf(e.hresult()) + ": " + e.getMessage());
            return Outcome.failed(e.hresult(), request.iids().size());
        }
        Oxid oxid = result.reference().std().oxid();
        Optional<OxidResolver.Server> server = resolver.resolve(oxid);
        if (server.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "remote activation of " + name + " by " + who + ": server "
                    + result.pid() + " has no network side (a server not built on LocalServer, or one started"
                    + " before the network side)");
            return Outcome.failed(HResult.CO_E_SERVER_EXEC_FAILURE, request.iids().size());
        }
        Oid oid = result.reference().std().oid();
        resolver.handedOut(oxid, oid);
        InetSocketAddress dialled = call.connection().localAddress().orElse(null);
        List<Integer> hresults = new ArrayList<>();
        List<ObjRef> refs = new ArrayList<>();
        marshal(server.get(), oid, !request.classObject(), request.iids(), dialled, hresults, refs);
        int hr = hresults.stream().allMatch(h -> h == HResult.S_OK) ? HResult.S_OK
                : hresults.stream().anyMatch(h -> h == HResult.S_OK) ? 0x00080012 /* CO_S_NOTALLINTERFACES */
                : HResult.E_NOINTERFACE;
        int hint = Math.max(settings.minimumAuthnLevel(), cs.authLevel());
        LOG.log(System.Logger.Level.INFO, "remote activation of " + name + " by " + who + ": "
                + (result.launched() ? "launched" : "bound to") + " server " + result.pid() + " as "
                + result.decision().user().name() + " in session " + result.decision().sessionId()
                + (result.decision().fallback() ? " (console fallback)" : ""));
        return new Outcome(hr, oxid, bindingsFor(server.get(), dialled), server.get().remUnknown(), hint, hresults,
                refs);
    }

    private static String sessionPart(OptionalLong session) {
        if (session.isEmpty()) {
            return "";
        }
        return session.getAsLong() < 0 ? "Session:Console!" : "Session:" + session.getAsLong() + "!";
    }

    /** Asks the server for network OBJREFs of the interfaces, and points their bindings at the dialled address. */
    private void marshal(OxidResolver.Server server, Oid oid, boolean instance, List<Guid> iids,
            InetSocketAddress dialled, List<Integer> hresults, List<ObjRef> refs) {
        ByteBuffer asked = ByteBuffer.allocate(16 * iids.size());
        for (Guid iid : iids) {
            asked.put(iid.toBytes());
        }
        byte[] answer;
        try {
            answer = server.network().MarshalForNetwork(oid.value(), asked.array(), instance);
        } catch (ComException e) {
            for (int i = 0; i < iids.size(); i++) {
                hresults.add(e.hresult());
                refs.add(null);
            }
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(answer).order(ByteOrder.LITTLE_ENDIAN);
        DualStringArray address = bindingsFor(server, dialled);
        for (int i = 0; i < iids.size(); i++) {
            int hr = b.remaining() >= 8 ? b.getInt() : HResult.E_UNEXPECTED;
            int length = b.remaining() >= 4 ? b.getInt() : 0;
            if (hr != HResult.S_OK || length <= 0 || length > b.remaining()) {
                hresults.add(hr == HResult.S_OK ? HResult.E_UNEXPECTED : hr);
                refs.add(null);
                continue;
            }
            byte[] bytes = new byte[length];
            b.get(bytes);
            try {
                ObjRef ref = ObjRef.decode(Bytes.copyOf(bytes));
                hresults.add(HResult.S_OK);
                refs.add(new ObjRef(ref.iid(), ref.std(), address));
            } catch (WireFormatException e) {
                hresults.add(HResult.E_UNEXPECTED);
                refs.add(null);
            }
        }
    }

    /**
     * The string bindings of a server as a network client should dial them: the server's TCP port at the address
     * the client reached the host on (the server listens where the host does), and the NTLM security binding.
     */
    DualStringArray bindingsFor(OxidResolver.Server server, InetSocketAddress dialled) {
        List<StringBinding> out = new ArrayList<>();
        for (StringBinding b : server.bindings()) {
            int open = b.networkAddress().indexOf('[');
            String port = open < 0 ? "" : b.networkAddress().substring(open);
            String host = dialled != null ? TcpTransport.literal(dialled)
                    : open < 0 ? b.networkAddress() : b.networkAddress().substring(0, open);
            out.add(new StringBinding(TcpTransport.TOWER_ID, host + port));
        }
        return new DualStringArray(out, List.of(NTLM_BINDING));
    }

    /**
     * The resolver's own bindings, as ServerAlive2 answers them: the address the client dialled (the well-known
     * port is implied) and the NTLM security binding.
     */
    DualStringArray resolverBindings(InetSocketAddress dialled) {
        String host = dialled != null ? TcpTransport.literal(dialled) : listenAddress;
        return new DualStringArray(List.of(new StringBinding(TcpTransport.TOWER_ID, host)), List.of(NTLM_BINDING));
    }

    /** Who pings: the principal a call's security context proved, or null for an unauthenticated call. */
    static String pinger(RpcServer.Call call) {
        return call.security().map(s -> s.principal().isAnonymous() ? "anonymous"
                : s.principal().qualifiedName().toLowerCase(java.util.Locale.ROOT)).orElse(null);
    }

    @Override
    public void close() {
        RpcServer s = server;
        if (s != null) {
            s.close();
        }
        DcomHandler h = handler;
        if (h != null) {
            h.close();
        }
        resolver.close();
    }
}
