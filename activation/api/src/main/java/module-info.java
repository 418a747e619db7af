/**
 * The activation API: what a program that activates objects depends on. It holds no wire types and does not
 * require JNA; the backends ({@code io.sessionmoniker.activation.host}, {@code io.sessionmoniker.activation.windows})
 * provide {@link io.sessionmoniker.activation.spi.ActivatorProvider}s found at run time.
 */
@SuppressWarnings("module") // the friend modules are compiled after this one
module io.sessionmoniker.activation {
    requires transitive io.sessionmoniker.policy;

    exports io.sessionmoniker.activation;
    exports io.sessionmoniker.activation.spi;
    exports io.sessionmoniker.activation.internal to
            io.sessionmoniker.activation.orpc, io.sessionmoniker.activation.host, io.sessionmoniker.activation.windows;

    uses io.sessionmoniker.activation.spi.ActivatorProvider;
}
