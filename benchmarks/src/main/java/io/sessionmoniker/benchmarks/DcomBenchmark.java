package io.sessionmoniker.benchmarks;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.dcom.ntlm.NtHash;
import io.sessionmoniker.activation.dcom.ntlm.NtlmClientSecurity;
import io.sessionmoniker.activation.dcom.ntlm.NtlmCredentials;
import io.sessionmoniker.activation.dcom.tcp.TcpTransport;
import io.sessionmoniker.activation.dcom.wire.ActivationBlob;
import io.sessionmoniker.activation.dcom.wire.ActivationContextInfo;
import io.sessionmoniker.activation.dcom.wire.DcomIids;
import io.sessionmoniker.activation.dcom.wire.InstantiationInfo;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceRequest;
import io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages.RemoteCreateInstanceResponse;
import io.sessionmoniker.activation.dcom.wire.ScmReplyInfo;
import io.sessionmoniker.activation.dcom.wire.ScmRequestInfo;
import io.sessionmoniker.activation.dcom.wire.ServerLocationInfo;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import io.sessionmoniker.activation.orpc.automation.DispParams;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.objref.RemUnknownMessages;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.RpcClient;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DCOM on TCP beside the local path, in one run: an embedded host on the demo scenario with its network side on a
 * loopback port, and one SessionInfo server (bob's, session 2) that both paths reach.
 *
 * <ul>
 *   <li>{@code tcpDispatchPrivacy}: an {@code IDispatch::Invoke} of {@code SessionId} on the server's TCP endpoint
 *       under an NTLM context at {@code PKT_PRIVACY} (sealed and signed both ways), as a DCOM client makes it;
 *       {@code unixDispatch}: the same call through a local late-bound proxy on the server's Unix socket;
 *       {@code rawTcpPingPong}: the baseline, the same number of octets each way over a loopback TCP socket to an
 *       echo thread, with no RPC at all.</li>
 *   <li>{@code tcpActivation}: a RemoteCreateInstance (the server running, an authenticated SCM connection kept)
 *       and the RemRelease of what it handed out; {@code localActivation}: the same activation through the embedded
 *       host (bind, create, release), as {@code ActivationBenchmark}'s warm activation.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DcomBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DcomBenchmark {

    private static final Guid SESSION_INFO = Guid.parse("10000013-0000-0000-0000-000000000001");
    private static final String NAME = "Session:2!new:10000013-0000-0000-0000-000000000001";
    private static final Caller SYSTEM = Caller.local(Principal.system(), 0);
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final SyntaxId IDISPATCH = SyntaxId.of(Iids.IDISPATCH);

    private SessionHost host;
    private Activation<LateBound> local;
    private RpcClient scm;
    private RpcClient exporter;
    private Guid dispatchIpid;
    private Guid remUnknownIpid;
    private Bytes invoke;
    private Bytes createInstance;
    private TcpEcho raw;

    /**
     * Starts the host with its network side, the server, both clients and the echo baseline.
     *
     * @throws Exception on failure
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        Scenario demo = Scenario.demo();
        host = SessionHost.start(demo.withDcom(demo.dcom().withListen("127.0.0.1:0")), SessionHost.Options.defaults());
        local = host.activate(NAME, SYSTEM, LateBound.class);
        NtlmCredentials bob = NtlmCredentials.of("", "bob", NtHash.fromPassword("demo-bob"));
        scm = RpcClient.connect(TcpTransport.get(), TcpTransport.endpoint(host.dcomAddress().orElseThrow()), CALL,
                NtlmClientSecurity.of(bob, 6));
        createInstance = new RemoteCreateInstanceRequest(OrpcThis.newCausality(), null, ActivationBlob.of(
                InstantiationInfo.of(SESSION_INFO, List.of(Iids.IDISPATCH)), ActivationContextInfo.EMPTY,
                ServerLocationInfo.EMPTY, ScmRequestInfo.of(TcpTransport.TOWER_ID))).encode();
        RemoteCreateInstanceResponse r = RemoteCreateInstanceResponse.decode(scm.call(
                DcomIids.IREMOTESCMACTIVATOR_SYNTAX, null, RemoteCreateInstanceRequest.OPNUM, createInstance, CALL));
        ObjRef ref = r.propsOut().orElseThrow().results().get(0).pointer().objRef();
        ScmReplyInfo reply = r.scmReply().orElseThrow();
        dispatchIpid = ref.std().ipid().guid();
        remUnknownIpid = reply.remUnknown().guid();
        exporter = RpcClient.connect(TcpTransport.get(), TcpTransport.get().endpoint(reply.bindings()
                .stringBindings().get(0).networkAddress()).orElseThrow(), CALL, NtlmClientSecurity.of(bob, 6));
        NdrWriter names = new NdrWriter();
        new DispatchMessages.GetIdsOfNamesRequest(OrpcThis.newCausality(), Guid.NULL, List.of("SessionId"), 0x409)
                .encode(names);
        int dispId = DispatchMessages.GetIdsOfNamesResponse.decode(NdrReader.of(exporter.call(IDISPATCH,
                dispatchIpid, DispatchMessages.OPNUM_GET_IDS_OF_NAMES, names.toBytes(), CALL))).dispIds().get(0);
        NdrWriter w = new NdrWriter();
        new DispatchMessages.InvokeRequest(OrpcThis.newCausality(), dispId, Guid.NULL, 0x409,
                DispatchMessages.DISPATCH_METHOD, DispParams.NONE, List.of(), List.of()).encode(w);
        invoke = w.toBytes();
        startEcho(invoke.length());
    }

    /** A loopback TCP echo of fixed-size messages, the baseline of a call's round trip. */
    private void startEcho(int size) throws IOException {
        raw = new TcpEcho(size);
    }

    /**
     * Ends the clients, the host and its server.
     *
     * @throws IOException on failure
     */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
        raw.close();
        exporter.close();
        scm.close();
        local.close();
        host.close();
    }

    /**
     * An IDispatch call over TCP at PKT_PRIVACY.
     *
     * @return the reply's stub
     */
    @Benchmark
    public Bytes tcpDispatchPrivacy() {
        return exporter.call(IDISPATCH, dispatchIpid, DispatchMessages.OPNUM_INVOKE, invoke, CALL);
    }

    /**
     * The same call through a local late-bound proxy over the Unix socket.
     *
     * @return the session the server reported
     */
    @Benchmark
    public Object unixDispatch() {
        return local.object().invoke("SessionId");
    }

    /**
     * The baseline: the request's octets to an echo thread over loopback TCP and back.
     *
     * @return the octets read
     * @throws IOException on failure
     */
    @Benchmark
    public int rawTcpPingPong() throws IOException {
        return raw.pingPong();
    }

    /**
     * A remote activation of a running server at PKT_PRIVACY, and the release of its reference.
     *
     * @return the reply's HRESULT
     * @throws Exception on failure
     */
    @Benchmark
    public int tcpActivation() throws Exception {
        RemoteCreateInstanceResponse r = RemoteCreateInstanceResponse.decode(scm.call(
                DcomIids.IREMOTESCMACTIVATOR_SYNTAX, null, RemoteCreateInstanceRequest.OPNUM, createInstance, CALL));
        ObjRef ref = r.propsOut().orElseThrow().results().get(0).pointer().objRef();
        NdrWriter w = new NdrWriter();
        new RemUnknownMessages.RemReleaseRequest(OrpcThis.newCausality(), List.of(new RemUnknownMessages
                .RemInterfaceRef(ref.std().ipid(), ref.std().publicRefs(), 0))).encode(w);
        exporter.call(SyntaxId.of(Iids.IREMUNKNOWN), remUnknownIpid, RemUnknownMessages.OPNUM_REM_RELEASE,
                w.toBytes(), CALL);
        return r.hresult();
    }

    /**
     * The same activation through the embedded host: bind, create, release.
     *
     * @return the object's pid
     */
    @Benchmark
    public long localActivation() {
        Activation<LateBound> a = host.activate(NAME, SYSTEM, LateBound.class);
        try {
            return a.pid().getAsLong();
        } finally {
            ((ComObject) a.object()).close();
        }
    }
}
