/**
 * The object RPC wire, in layers that depend only downwards: {@code transport} (byte streams and peer
 * credentials) → {@code rpc} (DCE/RPC connection-oriented PDUs, the decoder, client and server connections) →
 * {@code ndr} (NDR 2.0) → {@code objref} (OBJREF, ORPCTHIS/ORPCTHAT, IRemUnknown's messages) → {@code automation}
 * (VARIANT, SAFEARRAY, IDispatch's messages) → {@code runtime} (the object exporter and proxies). None of it is
 * public API: a program activates through {@code io.sessionmoniker.activation} and writes servers with
 * {@code io.sessionmoniker.activation.host}'s {@code LocalServer}; the layers are exported only to the project's
 * modules built on them.
 */
@SuppressWarnings("module") // the friend modules are compiled after this one
module io.sessionmoniker.activation.orpc {
    requires transitive io.sessionmoniker.activation;
    requires jdk.net;

    uses io.sessionmoniker.activation.orpc.transport.TransportProvider;
    provides io.sessionmoniker.activation.orpc.transport.TransportProvider
            with io.sessionmoniker.activation.orpc.transport.UnixTransportProvider;

    exports io.sessionmoniker.activation.orpc.transport to
            io.sessionmoniker.activation.host, io.sessionmoniker.activation.windows, io.sessionmoniker.activation.dcom,
            io.sessionmoniker.activation.remote, io.sessionmoniker.server;
    exports io.sessionmoniker.activation.orpc.rpc to
            io.sessionmoniker.activation.host, io.sessionmoniker.activation.windows, io.sessionmoniker.activation.dcom,
            io.sessionmoniker.activation.remote, io.sessionmoniker.server;
    exports io.sessionmoniker.activation.orpc.ndr to
            io.sessionmoniker.activation.host, io.sessionmoniker.activation.windows, io.sessionmoniker.activation.dcom,
            io.sessionmoniker.activation.remote, io.sessionmoniker.server;
    exports io.sessionmoniker.activation.orpc.objref to
            io.sessionmoniker.activation.host, io.sessionmoniker.activation.windows, io.sessionmoniker.activation.dcom,
            io.sessionmoniker.activation.remote, io.sessionmoniker.server;
    exports io.sessionmoniker.activation.orpc.automation to
            io.sessionmoniker.activation.host, io.sessionmoniker.activation.windows, io.sessionmoniker.activation.dcom,
            io.sessionmoniker.activation.remote, io.sessionmoniker.server;
    exports io.sessionmoniker.activation.orpc.runtime to
            io.sessionmoniker.activation.host, io.sessionmoniker.activation.windows, io.sessionmoniker.activation.dcom,
            io.sessionmoniker.activation.remote, io.sessionmoniker.server;
}
