/**
 * Display names for COM-style activation: {@link io.sessionmoniker.moniker.Guid}, the sealed
 * {@link io.sessionmoniker.moniker.Moniker} family, and a parser with {@code MkParseDisplayName} semantics.
 *
 * <p>The base of the project: every other module depends on it, and it depends on nothing but the JDK.
 */
@SuppressWarnings("module") // the friend modules are compiled after this one
module io.sessionmoniker.moniker {
    exports io.sessionmoniker.moniker;

    // ASCII helpers shared with the project's other parsers; not API.
    exports io.sessionmoniker.moniker.internal to
            io.sessionmoniker.policy, io.sessionmoniker.activation.orpc, io.sessionmoniker.activation.host;
}
