package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.moniker.Guid;

/**
 * One entry of an {@link ActivationBlob}'s property array (MS-DCOM 2.2.22.2): a structure named by a CLSID in the
 * {@link CustomHeader} and marshaled by {@link TypeSerialization}. The records of this package model the
 * properties MS-DCOM defines; {@link UnknownProperty} keeps any other as the octets it came in.
 *
 * <pre>{@code
 * ActivationProperty p = ScmRequestInfo.of(StringBinding.NCACN_IP_TCP);
 * p.clsid();        // DcomIids.CLSID_SCM_REQUEST_INFO
 * p.serialize();    // 01 10 08 00 cc cc cc cc 20 00 00 00 00 00 00 00 ...
 * }</pre>
 */
public sealed interface ActivationProperty permits InstantiationInfo, ActivationContextInfo, ServerLocationInfo,
        ScmRequestInfo, SpecialProperties, SecurityInfo, InstanceInfo, PropsOutInfo, ScmReplyInfo, UnknownProperty {

    /**
     * Returns the CLSID that names this property in {@link CustomHeader#propertyClsids()}.
     *
     * @return the CLSID
     */
    Guid clsid();

    /**
     * Writes the structure's NDR representation, without the type serialization headers.
     *
     * @param w the writer, at the start of the object buffer
     */
    void encodeBody(NdrWriter w);

    /**
     * Returns the property as it goes into the blob: serialized with {@link TypeSerialization}, a multiple of 8
     * octets long.
     *
     * @return the serialized property
     */
    default Bytes serialize() {
        return TypeSerialization.encode(this::encodeBody);
    }
}
