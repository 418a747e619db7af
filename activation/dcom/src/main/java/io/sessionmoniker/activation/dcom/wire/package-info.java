/**
 * The NDR messages of DCOM's remote activation and OXID resolution, written from MS-DCOM and MS-RPCE:
 * IRemoteSCMActivator ({@link io.sessionmoniker.activation.dcom.wire.ScmActivatorMessages}) with its activation
 * property blobs ({@link io.sessionmoniker.activation.dcom.wire.ActivationBlob}, MS-DCOM 2.2.22, each part in
 * {@link io.sessionmoniker.activation.dcom.wire.TypeSerialization type serialization version 1} of MS-RPCE 2.2.6,
 * carried in an {@link io.sessionmoniker.activation.dcom.wire.CustomObjRef OBJREF_CUSTOM}), IActivation
 * ({@link io.sessionmoniker.activation.dcom.wire.ActivationMessages}) and IObjectExporter
 * ({@link io.sessionmoniker.activation.dcom.wire.ObjectExporterMessages}). It builds on the NDR reader and writer
 * and the OBJREF types of {@code activation-orpc} and knows no policy.
 *
 * <p><b>Strict, with the observed exceptions.</b> Every count, length and size from the wire is checked against
 * the others and against the octets that remain before anything is allocated, and bad input is a
 * {@link io.sessionmoniker.activation.orpc.rpc.WireFormatException} naming the field. What the real clients send
 * and MS-DCOM allows or says to ignore is accepted: octets after the last parameter (j-Interop), a non-NULL but
 * empty ORPCTHIS extension array (Impacket's RemoteActivation), the 0xCCCCCCCC private-header filler and an
 * {@code ObjectBufferLength} without the padding (Impacket's blobs), a NULL client context in
 * ActivationContextInfoData (Impacket), both layouts of SpecialPropertiesData, and properties this package does not
 * model (kept as {@link io.sessionmoniker.activation.dcom.wire.UnknownProperty}).
 *
 * <p><b>Referent ids.</b> NDR leaves the numbering of pointers to the sender. Every stream this package writes (a
 * stub, and each type-serialized part of a blob) numbers its first pointer 0x00020004 and counts up by 4, as the
 * replies Impacket, j-Interop and j-interop-ng were captured accepting do, so those replies are reproduced octet
 * for octet.
 */
package io.sessionmoniker.activation.dcom.wire;
