/**
 * The embedded session host. So far: its class registry, read from real {@code .reg} files
 * ({@link io.sessionmoniker.activation.host.RegFileReader} into a
 * {@link io.sessionmoniker.activation.host.RegistryHive}) and served by
 * {@link io.sessionmoniker.activation.host.ClassRegistry}: CLSID, AppID and ProgID registrations, with
 * registrations made through the API persisted crash-safely.
 */
package io.sessionmoniker.activation.host;
