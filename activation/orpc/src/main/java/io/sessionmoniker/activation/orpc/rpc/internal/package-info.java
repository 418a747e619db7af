/** The rpc layer's encodings (PDU headers, little-endian helpers); not API. */
package io.sessionmoniker.activation.orpc.rpc.internal;
