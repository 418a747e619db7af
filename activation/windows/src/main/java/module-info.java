/**
 * The {@code windows} backend: Windows' own sessions (the WTS API) and COM activation ({@code MkParseDisplayName},
 * {@code BindToObject}) through JNA. The only module of the project that requires JNA; no JNA type appears in its
 * exported API.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // JNA's jars are automatic modules
module io.sessionmoniker.activation.windows {
    requires transitive io.sessionmoniker.activation;
    requires io.sessionmoniker.activation.orpc;
    requires com.sun.jna;
    requires com.sun.jna.platform;

    exports io.sessionmoniker.activation.windows;

    opens io.sessionmoniker.activation.windows.internal to com.sun.jna;

    provides io.sessionmoniker.activation.spi.ActivatorProvider
            with io.sessionmoniker.activation.windows.internal.WindowsActivatorProvider;
}
