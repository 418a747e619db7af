/**
 * The network side of DCOM, below the host: the {@code ncacn_ip_tcp} transport ({@code tcp}), the NTLM security
 * provider of MS-NLMP ({@code ntlm}), and the wire types of the SCM's activation interfaces and of the OXID resolver
 * ({@code wire}). It knows no policy: the host decides who may activate what, in which session, and runs the
 * interfaces through its activation service.
 */
@SuppressWarnings("module") // the friend modules are compiled after this one
module io.sessionmoniker.activation.dcom {
    requires transitive io.sessionmoniker.activation.orpc;

    provides io.sessionmoniker.activation.orpc.transport.TransportProvider
            with io.sessionmoniker.activation.dcom.tcp.TcpTransportProvider;

    exports io.sessionmoniker.activation.dcom.tcp to io.sessionmoniker.activation.host,
            io.sessionmoniker.activation.remote, io.sessionmoniker.server;
    exports io.sessionmoniker.activation.dcom.ntlm to io.sessionmoniker.activation.host,
            io.sessionmoniker.activation.remote, io.sessionmoniker.server;
    exports io.sessionmoniker.activation.dcom.wire to io.sessionmoniker.activation.host,
            io.sessionmoniker.activation.remote, io.sessionmoniker.server;
}
