/** NDR 2.0: the transfer syntax of call stubs ({@link io.sessionmoniker.activation.orpc.ndr.NdrWriter}, {@link io.sessionmoniker.activation.orpc.ndr.NdrReader}). */
package io.sessionmoniker.activation.orpc.ndr;
