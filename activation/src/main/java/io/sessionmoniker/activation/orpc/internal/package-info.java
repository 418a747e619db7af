/**
 * Implementation of the wire layers: PDU byte layouts, the VARIANT and SAFEARRAY codecs, little-endian
 * helpers. Not exported; nothing here is API.
 */
package io.sessionmoniker.activation.orpc.internal;
