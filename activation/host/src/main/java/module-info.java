/**
 * The embedded session host: sessions and their notifications, scenario files, the {@code .reg} class registry, the
 * activation planner, the service control manager, the host daemon and its client ({@code embedded} and
 * {@code daemon} backends), and the server-side API a launched local server is written with
 * ({@link io.sessionmoniker.activation.server.LocalServer}).
 */
module io.sessionmoniker.activation.host {
    requires transitive io.sessionmoniker.activation;
    requires transitive io.sessionmoniker.activation.orpc;
    requires io.sessionmoniker.activation.dcom;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.lang3;

    exports io.sessionmoniker.activation.host;
    exports io.sessionmoniker.activation.server;

    // the host's own @ComInterface types, which the object RPC runtime proxies and calls
    exports io.sessionmoniker.activation.host.internal to io.sessionmoniker.activation.orpc;

    provides io.sessionmoniker.activation.spi.ActivatorProvider
            with io.sessionmoniker.activation.host.internal.EmbeddedActivatorProvider,
                    io.sessionmoniker.activation.host.internal.DaemonActivatorProvider;
}
