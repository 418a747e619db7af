/**
 * The public activation API: the {@link io.sessionmoniker.activation.SessionProvider} view of a machine's
 * Remote Desktop sessions and its change notifications, and (as it grows) the {@code Activator} that binds
 * display names to running servers.
 */
package io.sessionmoniker.activation;
