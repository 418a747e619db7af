/**
 * The pure wire layers of the object RPC runtime: DCE/RPC connection-oriented PDUs ({@link
 * io.sessionmoniker.activation.orpc.Pdu}, {@link io.sessionmoniker.activation.orpc.PduDecoder}), NDR 2.0
 * ({@link io.sessionmoniker.activation.orpc.NdrWriter}, {@link io.sessionmoniker.activation.orpc.NdrReader}),
 * the OLE Automation types ({@link io.sessionmoniker.activation.orpc.Variant}) and the DCOM structures
 * ({@link io.sessionmoniker.activation.orpc.ObjRef}, {@link io.sessionmoniker.activation.orpc.OrpcThis}); no
 * sockets, threads or processes.
 */
package io.sessionmoniker.activation.orpc;
