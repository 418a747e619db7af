package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.dcom.ntlm.NtlmAuthority;
import io.sessionmoniker.activation.dcom.ntlm.NtlmSecurityProvider;
import io.sessionmoniker.activation.dcom.ntlm.NtlmServerNames;
import io.sessionmoniker.activation.dcom.wire.ActivationMessages.RemoteActivationRequest;
import io.sessionmoniker.activation.dcom.wire.ActivationMessages.RemoteActivationResponse;
import io.sessionmoniker.activation.dcom.wire.DcomIids;
import io.sessionmoniker.activation.dcom.wire.InstantiationInfo;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ComplexPingRequest;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ComplexPingResponse;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ResolveOxid2Response;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ResolveOxidRequest;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ResolveOxidResponse;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.ServerAlive2Response;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.SimplePingRequest;
import io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages.StatusResponse;
import io.sessionmoniker.activation.dcom.wire.PropsOutInfo;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceRequest;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceResponse;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteGetClassObjectRequest;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteGetClassObjectResponse;
import io.sessionmoniker.activation.dcom.wire.ScmReplyInfo;
import io.sessionmoniker.activation.dcom.wire.SetId;
import io.sessionmoniker.activation.dcom.wire.SpecialProperties;
import io.sessionmoniker.activation.orpc.objref.ComVersion;
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcFaultException;
import io.sessionmoniker.activation.orpc.rpc.RpcServer;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The RPC interfaces of the host's port 135: IRemoteSCMActivator (RemoteGetClassObject, RemoteCreateInstance),
 * IActivation (RemoteActivation) and IObjectExporter (the OXID resolver). It decodes, hands the request to
 * {@link DcomService}, and encodes the answer as each client was observed to accept it. A malformed stub faults the
 * one call ({@code RPC_X_BAD_STUB_DATA}); an unauthenticated call faults with {@code rpc_s_access_denied}.
 */
final class DcomHandler implements RpcServer.Handler {

    private static final System.Logger LOG = System.getLogger(DcomHandler.class.getName());

    /** The interfaces of port 135, each at version 0.0. */
    private static final Set<Guid> INTERFACES = Set.of(DcomIids.IREMOTESCMACTIVATOR, DcomIids.IACTIVATION,
            DcomIids.IOBJECTEXPORTER);

    private final DcomService service;

    DcomHandler(DcomService service) {
        this.service = service;
    }

    /**
     * The NTLM provider of an endpoint.
     *
     * @param names the NetBIOS names the CHALLENGE gives
     * @param authority who verifies logons
     * @param lowest the lowest level a security context may have
     * @return the provider
     */
    static NtlmSecurityProvider provider(NtlmServerNames names, NtlmAuthority authority, int lowest) {
        Set<Integer> levels = new java.util.HashSet<>();
        for (int l = Math.max(AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT, lowest);
                l <= AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY; l++) {
            levels.add(l);
        }
        return NtlmSecurityProvider.create(NtlmSecurityProvider.Options.of(names, authority).withLevels(levels));
    }

    @Override
    public boolean supports(SyntaxId iface) {
        return INTERFACES.contains(iface.uuid()) && iface.majorVersion() == 0;
    }

    /**
     * Where activations run instead of the RPC workers: one that waits for a starting server holds no worker, so
     * that the OXID resolver's calls and other activations go on being answered. Threads are made on demand, up to
     * 256, and end after 30 s without work; an activation beyond that is answered busy.
     */
    private final ThreadPoolExecutor activations = new ThreadPoolExecutor(
            0, 256, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "sessmon-dcom-activation");
                t.setDaemon(true);
                return t;
            });

    /** Ends the activation threads once they are idle (the server has stopped taking calls). */
    void close() {
        activations.shutdown();
    }

    @Override
    public CompletionStage<Bytes> invokeAsync(RpcServer.Call call) throws RpcFaultException {
        if (call.iface().uuid().equals(DcomIids.IOBJECTEXPORTER)) {
            return RpcServer.Handler.super.invokeAsync(call);
        }
        CompletableFuture<Bytes> answer = new CompletableFuture<>();
        try {
            activations.execute(() -> {
                if (answer.isDone()) {
                    return;   // cancelled: the connection ended first
                }
                try {
                    answer.complete(invoke(call));
                } catch (RpcFaultException | RuntimeException | Error e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new RpcFaultException(RpcStatus.NCA_S_SERVER_TOO_BUSY, "no thread for the activation");
        }
        return answer;
    }

    @Override
    public Bytes invoke(RpcServer.Call call) throws RpcFaultException {
        Guid iface = call.iface().uuid();
        try {
            if (iface.equals(DcomIids.IOBJECTEXPORTER)) {
                return objectExporter(call);
            }
            if (call.security().isEmpty()) {
                // an activation must come under a security context: Windows answers an unauthenticated one so
                throw new RpcFaultException(RpcStatus.WIN32_ACCESS_DENIED, "unauthenticated activation request");
            }
            if (iface.equals(DcomIids.IREMOTESCMACTIVATOR)) {
                return switch (call.opnum()) {
                    case RemoteCreateInstanceRequest.OPNUM -> createInstance(call);
                    case RemoteGetClassObjectRequest.OPNUM -> getClassObject(call);
                    default -> throw new RpcFaultException(RpcStatus.NCA_S_OP_RNG_ERROR,
                            "IRemoteSCMActivator has no operation " + call.opnum());
                };
            }
            if (call.opnum() != RemoteActivationRequest.OPNUM) {
                throw new RpcFaultException(RpcStatus.NCA_S_OP_RNG_ERROR, "IActivation has no operation "
                        + call.opnum());
            }
            return remoteActivation(call);
        } catch (WireFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "bad stub data from " + call.connection().describe() + " ("
                    + iface + " opnum " + call.opnum() + "): " + e.getMessage());
            throw new RpcFaultException(RpcStatus.WIN32_BAD_STUB_DATA, e.getMessage());
        }
    }

    // ---- activation -------------------------------------------------------------------------------------------

    private Bytes createInstance(RpcServer.Call call) throws WireFormatException {
        RemoteCreateInstanceRequest req = RemoteCreateInstanceRequest.decode(call.stub());
        InstantiationInfo what = req.instantiationInfo();
        DcomService.Outcome o = service.activate(call, new DcomService.Request(what.classId(), what.iids(), false,
                session(req.specialProperties())), "RemoteCreateInstance");
        if (o.oxid() == null || o.hresult() < 0) {
            // no interface at all is the activation failing; some are S_OK with each interface's own result
            return RemoteCreateInstanceResponse.failure(failure(o.hresult())).encode();
        }
        return RemoteCreateInstanceResponse.success(propsOut(what.iids(), o), scmReply(o)).encode();
    }

    private Bytes getClassObject(RpcServer.Call call) throws WireFormatException {
        RemoteGetClassObjectRequest req = RemoteGetClassObjectRequest.decode(call.stub());
        InstantiationInfo what = req.instantiationInfo();
        // a class object is placed as an instance is: in the session its SpecialPropertiesData names, which the
        // activation properties of RemoteGetClassObject may carry as those of RemoteCreateInstance do
        DcomService.Outcome o = service.activate(call, new DcomService.Request(what.classId(), what.iids(), true,
                session(req.properties().find(SpecialProperties.class))), "RemoteGetClassObject");
        if (o.oxid() == null || o.hresult() < 0) {
            return RemoteGetClassObjectResponse.failure(failure(o.hresult())).encode();
        }
        return RemoteGetClassObjectResponse.success(propsOut(what.iids(), o), scmReply(o)).encode();
    }

    /** The session a SpecialPropertiesData names: a number, the console ({@code -1}), or none. */
    private static OptionalLong session(java.util.Optional<SpecialProperties> special) {
        if (special.isEmpty() || special.get().remoteThisSessionId() == 0 && !special.get().usesConsoleSession()) {
            return OptionalLong.empty();
        }
        SpecialProperties p = special.get();
        if (p.usesConsoleSession()) {
            return OptionalLong.of(-1);
        }
        return p.requestedSession().isPresent()
                ? OptionalLong.of(Integer.toUnsignedLong(p.requestedSession().getAsInt())) : OptionalLong.empty();
    }

    private static PropsOutInfo propsOut(List<Guid> iids, DcomService.Outcome o) {
        List<PropsOutInfo.Result> results = new ArrayList<>();
        for (int i = 0; i < iids.size(); i++) {
            var ref = o.references().get(i);
            results.add(new PropsOutInfo.Result(iids.get(i), o.hresults().get(i),
                    ref == null ? null : InterfacePointer.of(ref)));
        }
        return new PropsOutInfo(results);
    }

    private static ScmReplyInfo scmReply(DcomService.Outcome o) {
        return new ScmReplyInfo(o.oxid(), o.bindings(), o.remUnknown(), o.authnHint(), ComVersion.V5_7);
    }

    /** A failure as a call's return value: every interface failing is the activation failing. */
    private static int failure(int hresult) {
        return hresult < 0 ? hresult : HResult.E_NOINTERFACE;
    }

    private Bytes remoteActivation(RpcServer.Call call) throws WireFormatException {
        RemoteActivationRequest req = RemoteActivationRequest.decode(call.stub());
        boolean classObject = req.mode() == RemoteActivationRequest.MODE_CLASS_OBJECT;
        DcomService.Outcome o = service.activate(call, new DcomService.Request(req.clsid(), req.iids(), classObject,
                OptionalLong.empty()), "RemoteActivation");
        List<InterfacePointer> pointers = new ArrayList<>();
        for (var ref : o.references()) {
            pointers.add(ref == null ? null : InterfacePointer.of(ref));
        }
        if (o.oxid() == null) {
            // the activation failed: phr says why, with a NULL binding and no interfaces
            return new RemoteActivationResponse(OrpcThat.EMPTY, Oxid.of(0), null, Ipid.NULL, 0, ComVersion.V5_7,
                    failure(o.hresult()), pointers, o.hresults(), 0).encode();
        }
        return new RemoteActivationResponse(OrpcThat.EMPTY, o.oxid(), o.bindings(), o.remUnknown(), o.authnHint(),
                ComVersion.V5_7, o.hresult() < 0 ? o.hresult() : 0, pointers, o.hresults(), 0).encode();
    }

    // ---- the OXID resolver ------------------------------------------------------------------------------------

    private Bytes objectExporter(RpcServer.Call call) throws WireFormatException, RpcFaultException {
        InetSocketAddress dialled = call.connection().localAddress().orElse(null);
        switch (call.opnum()) {
            case ObjectExporterMessages.OPNUM_SERVER_ALIVE:
                return new StatusResponse(0).encode();
            case ObjectExporterMessages.OPNUM_SERVER_ALIVE2:
                return new ServerAlive2Response(ComVersion.V5_7, service.resolverBindings(dialled), 0).encode();
            default:
                break;
        }
        String pinger = DcomService.pinger(call);
        if (pinger == null) {
            throw new RpcFaultException(RpcStatus.WIN32_ACCESS_DENIED, "unauthenticated OXID resolver request");
        }
        switch (call.opnum()) {
            case ObjectExporterMessages.OPNUM_RESOLVE_OXID, ObjectExporterMessages.OPNUM_RESOLVE_OXID2 -> {
                ResolveOxidRequest req = ResolveOxidRequest.decode(call.stub());
                var server = service.resolver().resolve(req.oxid());
                boolean v2 = call.opnum() == ObjectExporterMessages.OPNUM_RESOLVE_OXID2;
                if (server.isEmpty()) {
                    return v2 ? new ResolveOxid2Response(null, Ipid.NULL, 0, ComVersion.V5_7,
                            OxidResolver.OR_INVALID_OXID).encode()
                            : new ResolveOxidResponse(null, Ipid.NULL, 0, OxidResolver.OR_INVALID_OXID).encode();
                }
                DualStringArray bindings = service.bindingsFor(server.get(), dialled);
                int hint = service.settings().minimumAuthnLevel();
                return v2 ? new ResolveOxid2Response(bindings, server.get().remUnknown(), hint, ComVersion.V5_7, 0)
                        .encode()
                        : new ResolveOxidResponse(bindings, server.get().remUnknown(), hint, 0).encode();
            }
            case ObjectExporterMessages.OPNUM_SIMPLE_PING -> {
                SimplePingRequest req = SimplePingRequest.decode(call.stub());
                return new StatusResponse(service.resolver().simplePing(pinger, req.setId().value())).encode();
            }
            case ObjectExporterMessages.OPNUM_COMPLEX_PING -> {
                ComplexPingRequest req = ComplexPingRequest.decode(call.stub());
                OxidResolver.PingResult r = service.resolver().complexPing(pinger, req.setId().value(),
                        req.sequenceNum(), req.addToSet(), req.delFromSet());
                return new ComplexPingResponse(SetId.of(r.setId()), 0, r.status()).encode();
            }
            default -> throw new RpcFaultException(RpcStatus.NCA_S_OP_RNG_ERROR, "IObjectExporter has no operation "
                    + call.opnum());
        }
    }
}
