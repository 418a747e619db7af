package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.CallerTicket;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.ClassObject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.orpc.runtime.IClassFactory;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.SessionListener;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.host.internal.HostWire;
import io.sessionmoniker.activation.host.internal.IHostControl;
import io.sessionmoniker.activation.host.internal.ISessionSink;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.runtime.ComClient;
import io.sessionmoniker.activation.orpc.runtime.ComInterfaceInfo;
import io.sessionmoniker.activation.orpc.runtime.RemoteObject;
import io.sessionmoniker.activation.orpc.runtime.Dispatch;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.transport.Transports;
import io.sessionmoniker.activation.orpc.transport.UnixSocketTransport;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Decision;
import io.sessionmoniker.policy.SessionSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code daemon} backend: an {@link Activator} for a {@link HostDaemon} in another process, reached through its
 * socket. The daemon decides and launches; the proxies this client returns call the servers directly. Any number
 * of clients, in any number of processes, share one daemon — and so its servers.
 *
 * <pre>{@code
 * try (HostClient host = HostClient.connect(Path.of(sock));
 *      Activation<ISessionInfo> a = host.bind("Session:2!new:10000013-0000-0000-0000-000000000001",
 *              ISessionInfo.class, ActivationOptions.defaults())) {
 *     a.object().ProcessId();   // the same server process every client of this daemon binds to
 * }
 * }</pre>
 *
 * <p>Callers are sent by account name and session; the daemon resolves the name against its own scenario. Closing
 * the client closes its connections; the daemon and the proxies' servers keep running.
 */
public final class HostClient implements Activator {

    /** The local transport (ncalrpc), found by its protocol sequence. */
    private static final Transport LOCAL_TRANSPORT =
            Transports.forProtocolSequence(UnixSocketTransport.PROTOCOL_SEQUENCE);

    /** How long a control call may take beyond the activation's own deadline. */
    private static final Duration CONTROL_MARGIN = Duration.ofSeconds(30);

    private final Path socket;
    private final ComClient control;
    private final ComClient objects;
    private final IHostControl host;
    private final RemoteSessions sessions = new RemoteSessions();

    private HostClient(Path socket, ComClient control, ComClient objects, IHostControl host) {
        this.socket = socket;
        this.control = control;
        this.objects = objects;
        this.host = host;
    }

    /**
     * Connects to a daemon.
     *
     * @param socket the daemon's socket
     * @return the client; close it when done
     * @throws IOException if no daemon listens there, saying how to start one
     */
    public static HostClient connect(Path socket) throws IOException {
        Path abs = socket.toAbsolutePath();
        String hex;
        try {
            hex = Files.readString(HostDaemon.refFile(abs), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new IOException(noDaemonAt(abs), e);
        }
        ObjRef ref;
        try {
            ref = ObjRef.decode(Bytes.fromHex(hex));
        } catch (WireFormatException | IllegalArgumentException e) {
            throw new IOException(HostDaemon.refFile(abs) + " does not hold a host daemon's reference: "
                    + e.getMessage(), e);
        }
        ComClient control = new ComClient(LOCAL_TRANSPORT);
        ComClient objects = new ComClient(LOCAL_TRANSPORT);
        try {
            // activations wait on the daemon, bounded by their own deadlines; the transport must not cut them short
            control.callTimeout(Duration.ofDays(1));
            IHostControl host = control.proxy(ref, IHostControl.class);
            HostWire.check(HostWire.parse(host.Status()));
            return new HostClient(abs, control, objects, host);
        } catch (ComException e) {
            control.close();
            objects.close();
            if (e.hresult() == HResult.RPC_S_SERVER_TOO_BUSY) {
                // it runs, and refused this connection for its limits: not a daemon that was killed
                throw new Busy("the host daemon on " + abs + " is running but refuses new connections for now: "
                        + e.getMessage(), e);
            }
            // the ORPC failure names the control object's IPID, which says nothing to a person: say what it means
            String why = e.hresult() == HResult.RPC_E_DISCONNECTED || e.hresult() == HResult.RPC_S_SERVER_UNAVAILABLE
                    ? "nothing accepts connections there" : "it does not answer as a host daemon (" + e.errorName() + ")";
            throw new IOException("no host daemon answers on " + abs + ": " + why + " (a daemon that was killed"
                    + " leaves its socket behind; start a new one with: sessmon host start --host " + abs + ")", e);
        }
    }

    /**
     * A daemon that runs but refused the connection for its connection limits (all taken, or all its limit for
     * this account): try again later. Its {@link ComException} cause carries {@code RPC_S_SERVER_TOO_BUSY}.
     */
    public static final class Busy extends IOException {
        private static final long serialVersionUID = 1L;

        Busy(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What to say when no daemon's reference is next to the path: advice that fits what is there. */
    static String noDaemonAt(Path abs) {
        String kind = UnixSocketTransport.describeFile(abs);
        if (kind.equals("nothing") || kind.equals("a socket")) {
            return "no host daemon is listening on " + abs + " (start one with: sessmon host start --host " + abs + ")";
        }
        // a daemon's own files sit next to its socket: SOCKET.log, SOCKET.ref
        String name = abs.getFileName().toString();
        for (String suffix : new String[] {".log", ".ref"}) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                Path sibling = abs.resolveSibling(name.substring(0, name.length() - suffix.length()));
                if (UnixSocketTransport.isSocket(sibling) || Files.exists(HostDaemon.refFile(sibling))) {
                    return abs + " is " + kind + ", not a host daemon's socket; did you mean --host " + sibling + "?";
                }
            }
        }
        return abs + " is " + kind + ", not a host daemon's socket; --host names the socket a daemon listens on"
                + " (sessmon host start --host SOCKET with a path where nothing is yet)";
    }

    /**
     * Returns the daemon's socket.
     *
     * @return the socket
     */
    public Path socket() {
        return socket;
    }

    @Override
    public String backend() {
        return "daemon";
    }

    @Override
    public SessionProvider sessions() {
        return sessions;
    }

    @Override
    public <T> Activation<T> bind(String displayName, Class<T> iface, ActivationOptions options) {
        ActivationService.View view = ActivationService.View.of(iface);
        ObjectNode req = HostWire.JSON.createObjectNode();
        req.put("name", displayName);
        req.set("caller", HostWire.callerRequest(options.caller()));
        req.put("view", view.name());
        if (view == ActivationService.View.TYPED) {
            req.put("iid", ComInterfaceInfo.of(iface).iid().toString());
        } else {
            req.putNull("iid");
        }
        if (options.deadline().isPresent()) {
            req.put("deadlineMillis", Math.max(1, options.deadline().get().toMillis()));
        } else {
            req.putNull("deadlineMillis");
        }
        req.put("classContext", options.classContext());
        ObjectNode answer = HostWire.check(HostWire.parse(host.Activate(HostWire.write(req))));
        ObjRef ref;
        OrpcExtent ticket;
        try {
            ref = ObjRef.decode(Bytes.fromHex(HostWire.text(answer, "objref")));
            ticket = new OrpcExtent(CallerTicket.ID, Bytes.fromHex(HostWire.text(answer, "ticket")));
        } catch (WireFormatException | IllegalArgumentException e) {
            throw new ComException(HResult.RPC_X_BAD_STUB_DATA,
                    "the host daemon sent a bad OBJREF or ticket: " + e.getMessage(), e);
        }
        // the proxies' calls carry the ticket the daemon issued for the caller it activated for; the server
        // verifies it
        T object = Unmarshal.view(objects, ref, HostWire.bool(answer, "instance"), ticket, iface);
        return new Activation<>(object, Optional.of(HostWire.decision(HostWire.field(answer, "decision"))),
                OptionalLong.of(HostWire.number(answer, "pid")), HostWire.bool(answer, "launched"));
    }

    /**
     * Resolves a caller on the daemon, as {@code --as USER --from-session N} do.
     *
     * @param user the account, or null for {@code SYSTEM}
     * @param session the session, or empty for the default
     * @return the caller
     * @throws IllegalArgumentException for an unknown user or session
     */
    public Caller caller(String user, OptionalLong session) {
        ObjectNode req = HostWire.JSON.createObjectNode();
        req.put("user", user);
        if (session.isPresent()) {
            req.put("session", session.getAsLong());
        } else {
            req.putNull("session");
        }
        req.put("remote", false);
        return HostWire.caller(HostWire.check(HostWire.parse(host.ResolveCaller(HostWire.write(req)))));
    }

    /**
     * Decides without launching ({@code sessmon explain}).
     *
     * @param displayName the display name
     * @param caller who asks
     * @return the decision, allowed or denied
     * @throws ComException for a display name that does not parse or a class that is not registered
     */
    public Decision explain(String displayName, Caller caller) {
        ObjectNode req = HostWire.JSON.createObjectNode();
        req.put("name", displayName);
        req.set("caller", HostWire.callerRequest(Optional.of(caller)));
        return HostWire.decision(HostWire.check(HostWire.parse(host.Explain(HostWire.write(req)))));
    }

    /**
     * What a daemon reports about itself.
     *
     * @param pid the daemon's process
     * @param socket where it listens
     * @param sessions how many sessions it has
     * @param serverPids the server processes it runs
     */
    public record Status(long pid, String socket, int sessions, List<Long> serverPids,
            java.util.Optional<java.net.InetSocketAddress> dcom) {
        /**
         * Copies the list.
         *
         * @param pid any
         * @param socket not null
         * @param sessions any
         * @param serverPids not null
         * @param dcom where the daemon's DCOM side listens, or empty when it has none
         */
        public Status {
            serverPids = List.copyOf(serverPids);
            java.util.Objects.requireNonNull(dcom, "dcom");
        }

        /**
         * Makes a status without a DCOM side.
         *
         * @param pid any
         * @param socket not null
         * @param sessions any
         * @param serverPids not null
         */
        public Status(long pid, String socket, int sessions, List<Long> serverPids) {
            this(pid, socket, sessions, serverPids, java.util.Optional.empty());
        }
    }

    /**
     * Asks the daemon how it is.
     *
     * @return its status
     */
    public Status status() {
        ObjectNode o = HostWire.check(HostWire.parse(host.Status()));
        List<Long> pids = new java.util.ArrayList<>();
        for (JsonNode p : HostWire.field(o, "serverPids")) {
            pids.add(p.asLong());
        }
        java.util.Optional<java.net.InetSocketAddress> dcom = java.util.Optional.empty();
        JsonNode d = o.get("dcom");
        if (d != null && d.isObject()) {
            dcom = java.util.Optional.of(java.net.InetSocketAddress.createUnresolved(HostWire.text(d,
                    "address"), (int) HostWire.number(d, "port")));
        }
        return new Status(HostWire.number(o, "pid"), HostWire.text(o, "socket"), (int) HostWire.number(o, "sessions"),
                pids, dcom);
    }

    /**
     * Changes sessions on the daemon: {@code logon USER}, {@code logoff ID}, {@code disconnect ID},
     * {@code connect ID}, {@code console ID}, {@code lock ID}, {@code unlock ID}, {@code reset ID}.
     *
     * @param operation the operation
     * @param argument the user name for {@code logon}, else the session id
     * @return the session the operation concerned (the new one for {@code logon})
     * @throws ComException with the session model's HRESULT when the operation is invalid
     * @throws IllegalArgumentException for an unknown operation or a malformed id
     */
    public long sessionOperation(String operation, String argument) {
        return HostWire.number(HostWire.check(HostWire.parse(host.SessionOperation(operation, argument))), "session");
    }

    /** Asks the daemon to end its servers and exit. It answers before it goes. */
    public void shutdown() {
        host.Shutdown();
    }

    /** Closes this client's connections; the daemon keeps running. */
    @Override
    public void close() {
        sessions.closeAll();
        ((RemoteObject) host).close();
        control.close();
        objects.close();
    }

    /** The daemon's sessions, read through its control object; notifications through a callback. */
    private final class RemoteSessions implements SessionProvider {

        private final java.util.Set<Subscription> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public SessionSnapshot snapshot() {
            return HostWire.snapshot(HostWire.check(HostWire.parse(host.Sessions())));
        }

        @Override
        public Subscription subscribe(SessionListener listener) {
            ISessionSink sink = event -> listener.onSessionChange(HostWire.event(HostWire.parse(event)));
            int cookie = host.Subscribe(sink);
            Subscription[] self = new Subscription[1];
            self[0] = () -> {
                if (open.remove(self[0])) {
                    try {
                        host.Unsubscribe(cookie);
                    } catch (ComException e) {
                        // the daemon is gone: nothing to unsubscribe from
                    }
                }
            };
            open.add(self[0]);
            return self[0];
        }

        void closeAll() {
            List.copyOf(open).forEach(Subscription::close);
        }
    }
}
