/**
 * Display names for COM-style activation: {@link io.sessionmoniker.moniker.Guid}, the sealed
 * {@link io.sessionmoniker.moniker.Moniker} family, and a parser with {@code MkParseDisplayName} semantics.
 *
 * <p>The base of the project: every other module depends on it, and it depends on nothing but the JDK.
 */
module io.sessionmoniker.moniker {
    exports io.sessionmoniker.moniker;
}
