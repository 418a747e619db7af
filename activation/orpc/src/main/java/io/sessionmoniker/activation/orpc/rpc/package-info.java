/**
 * The DCE/RPC connection-oriented layer: PDUs ({@link io.sessionmoniker.activation.orpc.rpc.Pdu}), the decoder state
 * machine with its limits, fragmentation and reassembly, the security provider seam between the decoder and call
 * reassembly, and the client and server ends of a connection.
 */
package io.sessionmoniker.activation.orpc.rpc;
