/**
 * The {@code remote} backend: activates objects on another host over MS-DCOM ({@code ncacn_ip_tcp}, NTLM), into
 * the session a display name names ({@code Session:3!new:…} is sent as {@code SpecialPropertiesData}).
 */
module io.sessionmoniker.activation.remote {
    requires transitive io.sessionmoniker.activation;
    requires io.sessionmoniker.activation.orpc;
    requires io.sessionmoniker.activation.dcom;

    exports io.sessionmoniker.activation.remote;

    provides io.sessionmoniker.activation.spi.ActivatorProvider
            with io.sessionmoniker.activation.remote.internal.RemoteActivatorProvider;
}
