package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.Objects;
import java.util.Optional;

/**
 * The stub data of IRemoteSCMActivator (MS-DCOM 3.1.2.5.2.3; {@link DcomIids#IREMOTESCMACTIVATOR}):
 * RemoteGetClassObject (opnum 3) and RemoteCreateInstance (opnum 4). Both pass an {@link ActivationBlob} in an
 * OBJREF_CUSTOM each way: IID_IActivationPropertiesIn / CLSID_ActivationPropertiesIn in the request,
 * IID_IActivationPropertiesOut / CLSID_ActivationPropertiesOut in the reply. Requests start with
 * {@link OrpcThis}, replies with {@link OrpcThat} and end with the call's HRESULT. Each record has
 * {@code encode(NdrWriter)} and a static {@code decode(NdrReader)}, plus {@code encode()} and {@code decode(Bytes)}
 * for a whole stub; decoders ignore octets after the last parameter.
 *
 * <p>A server answers a RemoteCreateInstance like this (MS-DCOM 3.1.2.5.2.3.3 and what Impacket accepts):
 *
 * <pre>{@code
 * var req = ScmActivatorMessages.RemoteCreateInstanceRequest.decode(stub);
 * InstantiationInfo what = req.instantiationInfo();          // classId, iids
 * // … activate, marshal the first requested interface as an OBJREF_STANDARD …
 * var reply = ScmActivatorMessages.RemoteCreateInstanceResponse.success(
 *         PropsOutInfo.of(new PropsOutInfo.Result(what.iids().get(0), 0, InterfacePointer.of(objRef))),
 *         new ScmReplyInfo(oxid, exporterBindings, ipidRemUnknown, authnHint, ComVersion.V5_7));
 * Bytes out = reply.encode();
 * // an unknown class: RemoteCreateInstanceResponse.failure(HResult.REGDB_E_CLASSNOTREG).encode()
 * }</pre>
 */
public final class ScmActivatorMessages {

    private ScmActivatorMessages() {
    }

    /**
     * RemoteCreateInstance request: {@code ORPCTHIS* orpcthis, [unique] MInterfacePointer* pUnkOuter,
     * [unique] MInterfacePointer* pActProperties}. The blob MUST hold InstantiationInfoData, ScmRequestInfoData
     * and LocationInfoData; the decoder and the constructor hold to that.
     *
     * @param orpcThis the header
     * @param unkOuter {@code pUnkOuter}: NULL (null) from every client, and ignored by the recipient
     * @param properties the activation properties
     */
    public record RemoteCreateInstanceRequest(OrpcThis orpcThis, InterfacePointer unkOuter, ActivationBlob properties) {

        /** IRemoteSCMActivator::RemoteCreateInstance. */
        public static final int OPNUM = 4;

        /**
         * Checks the components.
         *
         * @param orpcThis the header
         * @param unkOuter pUnkOuter
         * @param properties the properties
         */
        public RemoteCreateInstanceRequest {
            Objects.requireNonNull(orpcThis, "orpcThis");
            requireRequestProperties(properties);
        }

        /**
         * Returns the required InstantiationInfoData: the class and the interfaces.
         *
         * @return the property
         */
        public InstantiationInfo instantiationInfo() {
            return properties.find(InstantiationInfo.class).orElseThrow();
        }

        /**
         * Returns the required ScmRequestInfoData: the protocol sequences.
         *
         * @return the property
         */
        public ScmRequestInfo scmRequestInfo() {
            return properties.find(ScmRequestInfo.class).orElseThrow();
        }

        /**
         * Returns the SpecialPropertiesData, if the client sent one (Impacket and j-Interop 2 do not).
         *
         * @return the property, or empty
         */
        public Optional<SpecialProperties> specialProperties() {
            return properties.find(SpecialProperties.class);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThis.encode(w);
            InterfacePointer.encodePointer(w, unkOuter);
            InterfacePointer.encodePointer(w, wrapIn(properties));
        }

        /**
         * Returns the stub.
         *
         * @return the octets
         */
        public Bytes encode() {
            return Wire.encode(this::encode);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the request
         * @throws WireFormatException if malformed: {@code pActProperties} NULL, not an OBJREF_CUSTOM with the
         *     ActivationPropertiesIn identity, a bad blob, or a required property missing
         */
        public static RemoteCreateInstanceRequest decode(NdrReader r) throws WireFormatException {
            OrpcThis orpcThis = OrpcThis.decode(r);
            InterfacePointer unkOuter = InterfacePointer.decodePointer(r);
            ActivationBlob properties = readIn(r);
            return new RemoteCreateInstanceRequest(orpcThis, unkOuter, properties);
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static RemoteCreateInstanceRequest decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * RemoteCreateInstance response: {@code ORPCTHAT* orpcthat, [out] MInterfacePointer** ppActProperties},
     * then the HRESULT. A successful reply carries PropsOutInfo and ScmReplyInfoData; a failed one a NULL pointer
     * and the failure as the HRESULT.
     *
     * @param orpcThat the header
     * @param properties the reply properties, or null for a NULL {@code ppActProperties}
     * @param hresult the call's result
     */
    public record RemoteCreateInstanceResponse(OrpcThat orpcThat, ActivationBlob properties, int hresult) {

        /**
         * Checks the header.
         *
         * @param orpcThat the header
         * @param properties the properties
         * @param hresult the result
         */
        public RemoteCreateInstanceResponse {
            Objects.requireNonNull(orpcThat, "orpcThat");
        }

        /**
         * Returns a successful reply: ORPCTHAT {0, NULL}, a blob of {@code propsOut} then {@code scmReply} (the
         * order Impacket reads them in), S_OK.
         *
         * @param propsOut the interfaces
         * @param scmReply the exporter
         * @return the reply
         */
        public static RemoteCreateInstanceResponse success(PropsOutInfo propsOut, ScmReplyInfo scmReply) {
            return new RemoteCreateInstanceResponse(OrpcThat.EMPTY, ActivationBlob.of(propsOut, scmReply), 0);
        }

        /**
         * Returns a failed reply: ORPCTHAT {0, NULL}, a NULL pointer, the failure as the call's result (a failing
         * {@code phresults} entry under S_OK crashes Impacket).
         *
         * @param hresult a failure, such as REGDB_E_CLASSNOTREG
         * @return the reply
         * @throws IllegalArgumentException if {@code hresult} is not negative
         */
        public static RemoteCreateInstanceResponse failure(int hresult) {
            return new RemoteCreateInstanceResponse(OrpcThat.EMPTY, null, requireFailure(hresult));
        }

        /**
         * Returns the PropsOutInfo property.
         *
         * @return the property, or empty
         */
        public Optional<PropsOutInfo> propsOut() {
            return properties == null ? Optional.empty() : properties.find(PropsOutInfo.class);
        }

        /**
         * Returns the ScmReplyInfoData property.
         *
         * @return the property, or empty
         */
        public Optional<ScmReplyInfo> scmReply() {
            return properties == null ? Optional.empty() : properties.find(ScmReplyInfo.class);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThat.encode(w);
            InterfacePointer.encodePointer(w, properties == null ? null : wrapOut(properties));
            w.writeInt(hresult);
        }

        /**
         * Returns the stub.
         *
         * @return the octets
         */
        public Bytes encode() {
            return Wire.encode(this::encode);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static RemoteCreateInstanceResponse decode(NdrReader r) throws WireFormatException {
            OrpcThat orpcThat = OrpcThat.decode(r);
            ActivationBlob properties = readOut(r);
            return new RemoteCreateInstanceResponse(orpcThat, properties, r.readInt("HRESULT"));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static RemoteCreateInstanceResponse decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * RemoteGetClassObject request: {@code ORPCTHIS* orpcthis, [unique] MInterfacePointer* pActProperties}, the
     * blob as for RemoteCreateInstance.
     *
     * @param orpcThis the header
     * @param properties the activation properties
     */
    public record RemoteGetClassObjectRequest(OrpcThis orpcThis, ActivationBlob properties) {

        /** IRemoteSCMActivator::RemoteGetClassObject. */
        public static final int OPNUM = 3;

        /**
         * Checks the components.
         *
         * @param orpcThis the header
         * @param properties the properties
         */
        public RemoteGetClassObjectRequest {
            Objects.requireNonNull(orpcThis, "orpcThis");
            requireRequestProperties(properties);
        }

        /**
         * Returns the required InstantiationInfoData: the class and the interfaces wanted on its class object.
         *
         * @return the property
         */
        public InstantiationInfo instantiationInfo() {
            return properties.find(InstantiationInfo.class).orElseThrow();
        }

        /**
         * Returns the required ScmRequestInfoData.
         *
         * @return the property
         */
        public ScmRequestInfo scmRequestInfo() {
            return properties.find(ScmRequestInfo.class).orElseThrow();
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThis.encode(w);
            InterfacePointer.encodePointer(w, wrapIn(properties));
        }

        /**
         * Returns the stub.
         *
         * @return the octets
         */
        public Bytes encode() {
            return Wire.encode(this::encode);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static RemoteGetClassObjectRequest decode(NdrReader r) throws WireFormatException {
            OrpcThis orpcThis = OrpcThis.decode(r);
            return new RemoteGetClassObjectRequest(orpcThis, readIn(r));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static RemoteGetClassObjectRequest decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * RemoteGetClassObject response: the layout of {@link RemoteCreateInstanceResponse}; the interface in
     * PropsOutInfo is the class object's.
     *
     * @param orpcThat the header
     * @param properties the reply properties, or null for a NULL {@code ppActProperties}
     * @param hresult the call's result
     */
    public record RemoteGetClassObjectResponse(OrpcThat orpcThat, ActivationBlob properties, int hresult) {

        /**
         * Checks the header.
         *
         * @param orpcThat the header
         * @param properties the properties
         * @param hresult the result
         */
        public RemoteGetClassObjectResponse {
            Objects.requireNonNull(orpcThat, "orpcThat");
        }

        /**
         * Returns a successful reply, PropsOutInfo then ScmReplyInfoData.
         *
         * @param propsOut the class object's interfaces
         * @param scmReply the exporter
         * @return the reply
         */
        public static RemoteGetClassObjectResponse success(PropsOutInfo propsOut, ScmReplyInfo scmReply) {
            return new RemoteGetClassObjectResponse(OrpcThat.EMPTY, ActivationBlob.of(propsOut, scmReply), 0);
        }

        /**
         * Returns a failed reply with a NULL pointer.
         *
         * @param hresult a failure
         * @return the reply
         * @throws IllegalArgumentException if {@code hresult} is not negative
         */
        public static RemoteGetClassObjectResponse failure(int hresult) {
            return new RemoteGetClassObjectResponse(OrpcThat.EMPTY, null, requireFailure(hresult));
        }

        /**
         * Returns the PropsOutInfo property.
         *
         * @return the property, or empty
         */
        public Optional<PropsOutInfo> propsOut() {
            return properties == null ? Optional.empty() : properties.find(PropsOutInfo.class);
        }

        /**
         * Returns the ScmReplyInfoData property.
         *
         * @return the property, or empty
         */
        public Optional<ScmReplyInfo> scmReply() {
            return properties == null ? Optional.empty() : properties.find(ScmReplyInfo.class);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThat.encode(w);
            InterfacePointer.encodePointer(w, properties == null ? null : wrapOut(properties));
            w.writeInt(hresult);
        }

        /**
         * Returns the stub.
         *
         * @return the octets
         */
        public Bytes encode() {
            return Wire.encode(this::encode);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static RemoteGetClassObjectResponse decode(NdrReader r) throws WireFormatException {
            OrpcThat orpcThat = OrpcThat.decode(r);
            ActivationBlob properties = readOut(r);
            return new RemoteGetClassObjectResponse(orpcThat, properties, r.readInt("HRESULT"));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static RemoteGetClassObjectResponse decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    private static int requireFailure(int hresult) {
        if (hresult >= 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "0x%08X is not a failure",
                    hresult));
        }
        return hresult;
    }

    private static void requireRequestProperties(ActivationBlob properties) {
        Objects.requireNonNull(properties, "properties");
        String missing = missingRequired(properties);
        if (missing != null) {
            throw new IllegalArgumentException("an activation request needs " + missing);
        }
    }

    private static String missingRequired(ActivationBlob properties) {
        if (properties.find(InstantiationInfo.class).isEmpty()) {
            return "InstantiationInfoData";
        } else if (properties.find(ScmRequestInfo.class).isEmpty()) {
            return "ScmRequestInfoData";
        } else if (properties.find(ServerLocationInfo.class).isEmpty()) {
            return "LocationInfoData";
        }
        return null;
    }

    private static InterfacePointer wrapIn(ActivationBlob blob) {
        return new CustomObjRef(DcomIids.IACTIVATION_PROPERTIES_IN, DcomIids.CLSID_ACTIVATION_PROPERTIES_IN,
                blob.encode()).toInterfacePointer();
    }

    private static InterfacePointer wrapOut(ActivationBlob blob) {
        return new CustomObjRef(DcomIids.IACTIVATION_PROPERTIES_OUT, DcomIids.CLSID_ACTIVATION_PROPERTIES_OUT,
                blob.encode()).toInterfacePointer();
    }

    private static ActivationBlob readIn(NdrReader r) throws WireFormatException {
        int at = r.position();
        InterfacePointer act = InterfacePointer.decodePointer(r);
        if (act == null) {
            throw r.malformedAt("pActProperties", at, "NULL");
        }
        ActivationBlob blob = ActivationBlob.decode(CustomObjRef.unwrap(act, "pActProperties",
                DcomIids.IACTIVATION_PROPERTIES_IN, DcomIids.CLSID_ACTIVATION_PROPERTIES_IN));
        String missing = missingRequired(blob);
        if (missing != null) {
            throw r.malformedAt("pActProperties.CustomHeader.pclsid", at, "no " + missing + " property");
        }
        return blob;
    }

    private static ActivationBlob readOut(NdrReader r) throws WireFormatException {
        InterfacePointer act = InterfacePointer.decodePointer(r);
        if (act == null) {
            return null;
        }
        return ActivationBlob.decode(CustomObjRef.unwrap(act, "ppActProperties", DcomIids.IACTIVATION_PROPERTIES_OUT,
                DcomIids.CLSID_ACTIVATION_PROPERTIES_OUT));
    }
}
