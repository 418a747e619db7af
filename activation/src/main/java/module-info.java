/**
 * COM-style activation: the public {@link io.sessionmoniker.activation.Activator} API and its backend SPI
 * ({@link io.sessionmoniker.activation.spi}), the embedded session host ({@link io.sessionmoniker.activation.host}),
 * the object RPC runtime ({@link io.sessionmoniker.activation.orpc}) and the Windows backend
 * ({@link io.sessionmoniker.activation.windows}). Implementation details live in {@code .internal} packages, which
 * are not exported.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // JNA's jars are automatic modules
module io.sessionmoniker.activation {
    requires transitive io.sessionmoniker.policy;
    requires com.fasterxml.jackson.databind;
    requires jdk.net;
    requires transitive com.sun.jna;
    requires com.sun.jna.platform;

    exports io.sessionmoniker.activation;
    exports io.sessionmoniker.activation.host;
    exports io.sessionmoniker.activation.orpc;
    exports io.sessionmoniker.activation.spi;
    exports io.sessionmoniker.activation.windows;

    opens io.sessionmoniker.activation.windows.internal to com.sun.jna;

    uses io.sessionmoniker.activation.spi.ActivatorProvider;
    provides io.sessionmoniker.activation.spi.ActivatorProvider
            with io.sessionmoniker.activation.host.internal.EmbeddedActivatorProvider,
                    io.sessionmoniker.activation.host.internal.DaemonActivatorProvider,
                    io.sessionmoniker.activation.windows.internal.WindowsActivatorProvider;
}
