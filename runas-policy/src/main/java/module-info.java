/**
 * The RunAs policy: security identifiers, security descriptors (binary self-relative and SDDL), principals and
 * COM access checks, on which the activation decision is built.
 *
 * <p>Pure logic: no I/O, no threads. The implementation lives in {@code io.sessionmoniker.policy.internal},
 * which is not exported.
 */
module io.sessionmoniker.policy {
    requires transitive io.sessionmoniker.moniker;

    exports io.sessionmoniker.policy;
}
