package io.sessionmoniker.activation.remote;

import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.ActivatorSettings.Key;
import java.time.Duration;

/**
 * The {@link ActivatorSettings} keys of the {@code remote} backend. Settings that give {@link #HOST} choose this
 * backend when none is named.
 *
 * <pre>{@code
 * ActivatorSettings settings = ActivatorSettings.defaults()
 *         .with(RemoteSettings.HOST, RemoteHost.parse("lab-7"))
 *         .with(RemoteSettings.CREDENTIALS, RemoteCredentials.parseUser("LAB\\alice", password))
 *         .with(RemoteSettings.AUTHENTICATION_LEVEL, AuthenticationLevel.INTEGRITY);   // default PRIVACY
 * try (Activator remote = Activators.open(settings)) { … }
 * }</pre>
 */
public final class RemoteSettings {

    /** The host to activate on ({@code HOST[:PORT]}, port 135 by default); required. */
    public static final Key<RemoteHost> HOST = Key.of("remoteHost", RemoteHost.class);

    /** The account to log on with; required (the backend offers no anonymous logon). */
    public static final Key<RemoteCredentials> CREDENTIALS = Key.of("remoteCredentials", RemoteCredentials.class);

    /** The authentication level of every connection; {@link AuthenticationLevel#PRIVACY} by default. */
    public static final Key<AuthenticationLevel> AUTHENTICATION_LEVEL = Key.of("remoteAuthenticationLevel",
            AuthenticationLevel.class);

    /**
     * How long a call (an activation's, or a proxy's) may take, connecting included; 60 seconds by default. A host
     * that does not answer within it fails with {@code RPC_S_SERVER_UNAVAILABLE}.
     */
    public static final Key<Duration> CALL_TIMEOUT = Key.of("remoteCallTimeout", Duration.class);

    /**
     * How often the held references are pinged; MS-DCOM's 2 minutes by default. Set it to the host's period when
     * the host was configured with another (a host releases what is not pinged for three periods).
     */
    public static final Key<Duration> PING_PERIOD = Key.of("remotePingPeriod", Duration.class);

    /** The default call timeout. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    /** MS-DCOM's ping period (2.2.31: 120 seconds). */
    public static final Duration DEFAULT_PING_PERIOD = Duration.ofMinutes(2);

    private RemoteSettings() {
    }
}
