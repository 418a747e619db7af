/**
 * The server side of activation: {@link io.sessionmoniker.activation.server.LocalServer} registers a launched local
 * server's class objects with the host that started it, from the
 * {@link io.sessionmoniker.activation.server.LaunchContext} the host handed it.
 */
package io.sessionmoniker.activation.server;
