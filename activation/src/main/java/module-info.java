/**
 * COM-style activation: the embedded session host and, as it grows, the public activation API, the object RPC
 * runtime and the Windows backend.
 *
 * <p>So far it holds the class registry of the embedded host ({@link io.sessionmoniker.activation.host}): real
 * {@code .reg} files read into an in-memory registry hive, CLSID, AppID and ProgID registrations read from it,
 * and registrations made through the API persisted crash-safely. Implementation details live in
 * {@code io.sessionmoniker.activation.host.internal}, which is not exported.
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
    exports io.sessionmoniker.activation.windows;

    opens io.sessionmoniker.activation.windows.internal to com.sun.jna;
}
