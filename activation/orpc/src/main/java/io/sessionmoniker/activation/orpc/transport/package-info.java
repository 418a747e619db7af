/**
 * The transport layer: byte streams between processes ({@link io.sessionmoniker.activation.orpc.transport.Transport},
 * Unix-domain sockets for {@code ncalrpc}) and what the system says about a peer
 * ({@link io.sessionmoniker.activation.orpc.transport.PeerCredentials}). Transports are found by protocol sequence.
 */
package io.sessionmoniker.activation.orpc.transport;
