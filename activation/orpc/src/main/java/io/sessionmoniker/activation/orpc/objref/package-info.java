/**
 * The DCOM structures: OBJREF and STDOBJREF with the identifiers they carry ({@link Oxid}, {@link Oid},
 * {@link Ipid}), DUALSTRINGARRAY with its string and security bindings, ORPCTHIS and ORPCTHAT with their
 * extensions, interface pointers, and the messages of {@code IRemUnknown}.
 */
package io.sessionmoniker.activation.orpc.objref;
