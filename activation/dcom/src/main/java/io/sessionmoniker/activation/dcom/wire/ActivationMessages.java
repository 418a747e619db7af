package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ComVersion;
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The stub data of IActivation (MS-DCOM 3.1.2.5.2.3.1; {@link DcomIids#IACTIVATION}): RemoteActivation, opnum 0,
 * the activation j-Interop uses. Unlike IRemoteSCMActivator it passes flat parameters and returns the exporter's
 * facts and one interface pointer per requested IID directly. Each record has {@code encode(NdrWriter)} and a
 * static {@code decode(NdrReader)}, plus {@code encode()} and {@code decode(Bytes)}; decoders ignore octets after
 * the last parameter (j-Interop sends 10 after its request).
 *
 * <p>A server answers like this; j-Interop requests [IUnknown, IDispatch] and needs the IUnknown entry non-NULL
 * (it reads {@code ppInterfaceData[0]} as the object):
 *
 * <pre>{@code
 * var req = ActivationMessages.RemoteActivationRequest.decode(stub);
 * List<InterfacePointer> ptrs = … one per req.iids(), null where the object lacks the interface …;
 * List<Integer> results = … 0 or E_NOINTERFACE for each …;
 * var reply = ActivationMessages.RemoteActivationResponse.success(
 *         new ScmReplyInfo(oxid, exporterBindings, ipidRemUnknown, authnHint, ComVersion.V5_7), ptrs, results);
 * // an unknown class: RemoteActivationResponse.failure(HResult.REGDB_E_CLASSNOTREG, req.iids().size())
 * }</pre>
 */
public final class ActivationMessages {

    private ActivationMessages() {
    }

    /**
     * RemoteActivation request: {@code ORPCTHIS* ORPCthis, GUID* Clsid, [string, unique] wchar_t* pwszObjectName,
     * [unique] MInterfacePointer* pObjectStorage, DWORD ClientImpLevel, DWORD Mode,
     * [range(1, 0x8000)] DWORD Interfaces, [unique, size_is(Interfaces)] IID* pIIDs,
     * [range(0, 0x8000)] unsigned short cRequestedProtseqs, [size_is(cRequestedProtseqs)] unsigned short
     * aRequestedProtseqs[]}.
     *
     * @param orpcThis the header
     * @param clsid the class to activate
     * @param objectName a name to initialize the object from, or null
     * @param objectStorage a storage to initialize the object from, or null
     * @param clientImpLevel implementation-specific, ignored on receipt
     * @param mode 0, or {@link #MODE_CLASS_OBJECT} for the class object
     * @param iids the interfaces requested, 1 to 0x8000
     * @param protseqs the protocol sequences the client can use, at most 0x8000
     */
    public record RemoteActivationRequest(OrpcThis orpcThis, Guid clsid, String objectName,
            InterfacePointer objectStorage, int clientImpLevel, int mode, List<Guid> iids, List<Integer> protseqs) {

        /** IActivation::RemoteActivation. */
        public static final int OPNUM = 0;
        /** {@code Mode} asking for the class object rather than an instance. */
        public static final int MODE_CLASS_OBJECT = 0xFFFFFFFF;

        /**
         * Checks and copies the components.
         *
         * @param orpcThis the header
         * @param clsid the class
         * @param objectName the name
         * @param objectStorage the storage
         * @param clientImpLevel the impersonation level
         * @param mode the mode
         * @param iids the interfaces
         * @param protseqs the protocol sequences
         */
        public RemoteActivationRequest {
            Objects.requireNonNull(orpcThis, "orpcThis");
            Objects.requireNonNull(clsid, "clsid");
            if (objectName != null && objectName.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a [string] cannot contain NUL");
            }
            iids = List.copyOf(iids);
            protseqs = Wire.shorts(protseqs, "protocol sequences");
            if (iids.isEmpty() || iids.size() > Wire.MAX_REQUESTED_INTERFACES) {
                throw new IllegalArgumentException("1 to 32768 interfaces, not " + iids.size());
            }
            if (protseqs.size() > Wire.MAX_REQUESTED_PROTSEQS) {
                throw new IllegalArgumentException("at most 32768 protocol sequences");
            }
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThis.encode(w);
            w.writeGuid(clsid);
            w.writeUnique(objectName, (ww, s) -> ww.writeWideString(s, true));
            InterfacePointer.encodePointer(w, objectStorage);
            w.writeInt(clientImpLevel).writeInt(mode).writeInt(iids.size());
            w.writeUnique(iids, Wire::writeGuids);
            w.writeShort(protseqs.size());
            Wire.writeShorts(w, protseqs);
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
         * @throws WireFormatException if malformed: a count out of range or disagreeing with its array,
         *     {@code pIIDs} NULL
         */
        public static RemoteActivationRequest decode(NdrReader r) throws WireFormatException {
            OrpcThis orpcThis = OrpcThis.decode(r);
            Guid clsid = r.readGuid();
            String name = r.readUniqueNow(r1 -> Wire.readString(r1, "pwszObjectName"));
            InterfacePointer storage = InterfacePointer.decodePointer(r);
            int impLevel = r.readInt("ClientImpLevel");
            int mode = r.readInt("Mode");
            int count = Wire.readRange(r, "Interfaces", 1, Wire.MAX_REQUESTED_INTERFACES);
            int at = r.position();
            List<Guid> iids = r.readUniqueNow(r1 -> Wire.readGuids(r1, "pIIDs", count));
            if (iids == null) {
                throw r.malformedAt("pIIDs", at, "NULL for " + count + " interfaces");
            }
            int protseqCount = Wire.readShortRange(r, "cRequestedProtseqs", Wire.MAX_REQUESTED_PROTSEQS);
            List<Integer> protseqs = Wire.readShorts(r, "aRequestedProtseqs", protseqCount);
            return new RemoteActivationRequest(orpcThis, clsid, name, storage, impLevel, mode, iids, protseqs);
        }

        /**
         * Reads a whole stub, ignoring octets after it.
         *
         * @param stub the octets
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static RemoteActivationRequest decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * RemoteActivation response: {@code ORPCTHAT* ORPCthat, OXID* pOxid, DUALSTRINGARRAY** ppdsaOxidBindings,
     * IPID* pipidRemUnknown, DWORD* pAuthnHint, COMVERSION* pServerVersion, HRESULT* phr,
     * [size_is(Interfaces)] MInterfacePointer** ppInterfaceData, [size_is(Interfaces)] HRESULT* pResults}, then
     * the call's {@code error_status_t}.
     *
     * @param orpcThat the header
     * @param oxid the exporter
     * @param oxidBindings the exporter's bindings, or null for a NULL pointer (a failed activation)
     * @param remUnknown the exporter's IRemUnknown IPID
     * @param authnHint the lowest authentication level the exporter accepts
     * @param serverVersion the exporter's COM version
     * @param activationResult {@code phr}: 0, or why the activation failed
     * @param interfaces one per requested IID, null where there is none
     * @param results one per requested IID
     * @param status the call's {@code error_status_t}, 0 unless the call itself failed
     */
    public record RemoteActivationResponse(OrpcThat orpcThat, Oxid oxid, DualStringArray oxidBindings, Ipid remUnknown,
            int authnHint, ComVersion serverVersion, int activationResult, List<InterfacePointer> interfaces,
            List<Integer> results, int status) {

        /**
         * Checks and copies the components.
         *
         * @param orpcThat the header
         * @param oxid the exporter
         * @param oxidBindings the bindings
         * @param remUnknown the IRemUnknown IPID
         * @param authnHint the level
         * @param serverVersion the version
         * @param activationResult phr
         * @param interfaces the pointers
         * @param results the results
         * @param status the status
         */
        public RemoteActivationResponse {
            Objects.requireNonNull(orpcThat, "orpcThat");
            Objects.requireNonNull(oxid, "oxid");
            Objects.requireNonNull(remUnknown, "remUnknown");
            Objects.requireNonNull(serverVersion, "serverVersion");
            interfaces = Wire.copyWithNulls(interfaces);
            results = List.copyOf(results);
            if (interfaces.size() != results.size()) {
                throw new IllegalArgumentException(interfaces.size() + " interface pointers for " + results.size()
                        + " results");
            }
        }

        /**
         * Returns a successful activation: ORPCTHAT {0, NULL}, the exporter's facts, {@code phr} 0, status 0. Each
         * result of 0 comes with a pointer and each failure with NULL, and the first entry (the IUnknown
         * j-Interop asks for first) must be there.
         *
         * @param exporter the exporter's OXID, bindings, IRemUnknown IPID, hint and version
         * @param interfaces one per requested IID, null where the object lacks it
         * @param results 0 or a failure (E_NOINTERFACE) per requested IID
         * @return the reply
         * @throws IllegalArgumentException if a pointer disagrees with its result, or the first is missing
         */
        public static RemoteActivationResponse success(ScmReplyInfo exporter, List<InterfacePointer> interfaces,
                List<Integer> results) {
            if (interfaces.size() != results.size() || interfaces.isEmpty()) {
                throw new IllegalArgumentException(interfaces.size() + " interface pointers for " + results.size()
                        + " results");
            }
            for (int i = 0; i < interfaces.size(); i++) {
                int hr = results.get(i);
                if (hr == 0 && interfaces.get(i) == null || hr < 0 && interfaces.get(i) != null) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "entry %d: pointer %s for result 0x%08X", i, interfaces.get(i) == null ? "NULL" : "set", hr));
                }
            }
            if (interfaces.get(0) == null) {
                throw new IllegalArgumentException("the first interface (IUnknown) must be returned");
            }
            return new RemoteActivationResponse(OrpcThat.EMPTY, exporter.oxid(), exporter.bindings(),
                    exporter.remUnknown(), exporter.authnHint(), exporter.serverVersion(), 0, interfaces, results, 0);
        }

        /**
         * Returns a failed activation as MS-DCOM describes it: {@code phr} the failure, every pointer NULL, every
         * result 0, no exporter (OXID 0, NULL bindings, IPID_NULL, hint 0), version 5.7, status 0.
         *
         * @param hresult the failure, such as REGDB_E_CLASSNOTREG
         * @param interfaceCount the number of IIDs requested
         * @return the reply
         * @throws IllegalArgumentException if {@code hresult} is not negative
         */
        public static RemoteActivationResponse failure(int hresult, int interfaceCount) {
            if (hresult >= 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "0x%08X is not a failure", hresult));
            }
            return new RemoteActivationResponse(OrpcThat.EMPTY, Oxid.of(0), null, Ipid.NULL, 0, ComVersion.V5_7,
                    hresult, Collections.nCopies(interfaceCount, null), Collections.nCopies(interfaceCount, 0), 0);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThat.encode(w);
            oxid.encode(w);
            w.writeUnique(oxidBindings, (ww, dsa) -> dsa.encode(ww));
            remUnknown.encode(w);
            w.writeInt(authnHint).writeShort(serverVersion.major()).writeShort(serverVersion.minor());
            w.writeInt(activationResult);
            Wire.writeInterfacePointers(w, interfaces);
            Wire.writeInts(w, results);
            w.writeInt(status);
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
         * @throws WireFormatException if malformed, or the two arrays differ in length
         */
        public static RemoteActivationResponse decode(NdrReader r) throws WireFormatException {
            OrpcThat orpcThat = OrpcThat.decode(r);
            Oxid oxid = Oxid.decode(r);
            DualStringArray bindings = r.readUniqueNow(DualStringArray::decode);
            Ipid remUnknown = Ipid.decode(r);
            int hint = r.readInt("pAuthnHint");
            ComVersion version = new ComVersion(r.readUnsignedShort(), r.readUnsignedShort());
            int phr = r.readInt("phr");
            int at = r.position();
            int n = r.readConformance(4, "ppInterfaceData");
            List<InterfacePointer> interfaces = new ArrayList<>(n);
            List<NdrReader.Deferred<InterfacePointer>> holders = new ArrayList<>(n);
            r.beginEmbedded();
            for (int i = 0; i < n; i++) {
                holders.add(r.readUnique(InterfacePointer::decode));
            }
            r.endEmbedded();
            for (NdrReader.Deferred<InterfacePointer> h : holders) {
                interfaces.add(h.get());
            }
            List<Integer> results = Wire.readInts(r, "pResults", n);
            if (n == 0) {
                throw r.malformedAt("ppInterfaceData.max_count", at, "0 interfaces");
            }
            return new RemoteActivationResponse(orpcThat, oxid, bindings, remUnknown, hint, version, phr, interfaces,
                    results, r.readInt("error_status_t"));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static RemoteActivationResponse decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }
}
