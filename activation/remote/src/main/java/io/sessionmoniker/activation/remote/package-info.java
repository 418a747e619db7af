/**
 * The {@code remote} backend: {@link io.sessionmoniker.activation.remote.RemoteActivator} activates on another host
 * over MS-DCOM, into the session the display name names, with the settings of
 * {@link io.sessionmoniker.activation.remote.RemoteSettings}.
 */
package io.sessionmoniker.activation.remote;
