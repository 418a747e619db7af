package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ComVersion;
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.Oid;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The stub data of IObjectExporter, the OXID resolver (MS-DCOM 3.1.2.5.1; {@link DcomIids#IOBJECTEXPORTER}): native
 * RPC without ORPCTHIS or ORPCTHAT, each reply ending with the call's {@code error_status_t}. Opnums: ResolveOxid
 * 0, SimplePing 1, ComplexPing 2, ServerAlive 3, ResolveOxid2 4, ServerAlive2 5 (ServerAlive and ServerAlive2
 * take no parameters, so they have no request record). Each record has {@code encode(NdrWriter)} and a static
 * {@code decode(NdrReader)}, plus {@code encode()} and {@code decode(Bytes)}; decoders ignore octets after the
 * last parameter (j-Interop sends 16 zeros after its ComplexPing).
 *
 * <pre>{@code
 * var ping = ObjectExporterMessages.ComplexPingRequest.decode(stub);
 * SetId set = ping.setId().isNone() ? newSet() : ping.setId();
 * Bytes out = new ObjectExporterMessages.ComplexPingResponse(set, 0, 0).encode();
 * }</pre>
 */
public final class ObjectExporterMessages {

    /** IObjectExporter::ResolveOxid. */
    public static final int OPNUM_RESOLVE_OXID = 0;
    /** IObjectExporter::SimplePing. */
    public static final int OPNUM_SIMPLE_PING = 1;
    /** IObjectExporter::ComplexPing. */
    public static final int OPNUM_COMPLEX_PING = 2;
    /** IObjectExporter::ServerAlive. */
    public static final int OPNUM_SERVER_ALIVE = 3;
    /** IObjectExporter::ResolveOxid2. */
    public static final int OPNUM_RESOLVE_OXID2 = 4;
    /** IObjectExporter::ServerAlive2. */
    public static final int OPNUM_SERVER_ALIVE2 = 5;

    private ObjectExporterMessages() {
    }

    /**
     * ResolveOxid and ResolveOxid2 request (the two share it): {@code OXID* pOxid, unsigned short
     * cRequestedProtseqs, [ref, size_is(cRequestedProtseqs)] unsigned short arRequestedProtseqs[]}.
     *
     * @param oxid the exporter to resolve
     * @param protseqs the protocol sequences the client can use, each 16-bit
     */
    public record ResolveOxidRequest(Oxid oxid, List<Integer> protseqs) {

        /**
         * Checks and copies the components.
         *
         * @param oxid the exporter
         * @param protseqs the protocol sequences
         */
        public ResolveOxidRequest {
            Objects.requireNonNull(oxid, "oxid");
            protseqs = Wire.shorts(protseqs, "protocol sequences");
            if (protseqs.size() > 0xFFFF) {
                throw new IllegalArgumentException("at most 65535 protocol sequences");
            }
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            oxid.encode(w);
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
         * @throws WireFormatException if malformed
         */
        public static ResolveOxidRequest decode(NdrReader r) throws WireFormatException {
            Oxid oxid = Oxid.decode(r);
            int count = r.readUnsignedShort();
            return new ResolveOxidRequest(oxid, Wire.readShorts(r, "arRequestedProtseqs", count));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static ResolveOxidRequest decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * ResolveOxid response: {@code [ref] DUALSTRINGARRAY** ppdsaOxidBindings, [ref] IPID* pipidRemUnknown,
     * [ref] DWORD* pAuthnHint}, then the status.
     *
     * @param bindings the exporter's bindings; null (a NULL pointer) only with a failing status
     * @param remUnknown the exporter's IRemUnknown IPID
     * @param authnHint the lowest authentication level the exporter accepts
     * @param status 0, or OR_INVALID_OXID and the like
     */
    public record ResolveOxidResponse(DualStringArray bindings, Ipid remUnknown, int authnHint, int status) {

        /**
         * Checks the components.
         *
         * @param bindings the bindings
         * @param remUnknown the IPID
         * @param authnHint the level
         * @param status the status
         */
        public ResolveOxidResponse {
            Objects.requireNonNull(remUnknown, "remUnknown");
        }

        /**
         * Returns a failed resolution: NULL bindings, IPID_NULL, hint 0.
         *
         * @param status the failure, such as OR_INVALID_OXID
         * @return the reply
         */
        public static ResolveOxidResponse failure(int status) {
            return new ResolveOxidResponse(null, Ipid.NULL, 0, status);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            w.writeUnique(bindings, (ww, dsa) -> dsa.encode(ww));
            remUnknown.encode(w);
            w.writeInt(authnHint).writeInt(status);
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
        public static ResolveOxidResponse decode(NdrReader r) throws WireFormatException {
            DualStringArray bindings = r.readUniqueNow(DualStringArray::decode);
            Ipid ipid = Ipid.decode(r);
            int hint = r.readInt("pAuthnHint");
            return new ResolveOxidResponse(bindings, ipid, hint, r.readInt("error_status_t"));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static ResolveOxidResponse decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * ResolveOxid2 response: ResolveOxid's, then {@code [ref] COMVERSION* pComVersion}, then the status.
     *
     * @param bindings the exporter's bindings; null (a NULL pointer) only with a failing status
     * @param remUnknown the exporter's IRemUnknown IPID
     * @param authnHint the lowest authentication level the exporter accepts
     * @param comVersion the exporter's COM version
     * @param status 0, or OR_INVALID_OXID and the like
     */
    public record ResolveOxid2Response(DualStringArray bindings, Ipid remUnknown, int authnHint, ComVersion comVersion,
            int status) {

        /**
         * Checks the components.
         *
         * @param bindings the bindings
         * @param remUnknown the IPID
         * @param authnHint the level
         * @param comVersion the version
         * @param status the status
         */
        public ResolveOxid2Response {
            Objects.requireNonNull(remUnknown, "remUnknown");
            Objects.requireNonNull(comVersion, "comVersion");
        }

        /**
         * Returns a successful resolution from the exporter's facts (its OXID is not part of the reply).
         *
         * @param exporter the exporter
         * @return the reply
         */
        public static ResolveOxid2Response of(ScmReplyInfo exporter) {
            return new ResolveOxid2Response(exporter.bindings(), exporter.remUnknown(), exporter.authnHint(),
                    exporter.serverVersion(), 0);
        }

        /**
         * Returns a failed resolution: NULL bindings, IPID_NULL, hint 0, version 5.7.
         *
         * @param status the failure, such as OR_INVALID_OXID
         * @return the reply
         */
        public static ResolveOxid2Response failure(int status) {
            return new ResolveOxid2Response(null, Ipid.NULL, 0, ComVersion.V5_7, status);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            w.writeUnique(bindings, (ww, dsa) -> dsa.encode(ww));
            remUnknown.encode(w);
            w.writeInt(authnHint).writeShort(comVersion.major()).writeShort(comVersion.minor()).writeInt(status);
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
        public static ResolveOxid2Response decode(NdrReader r) throws WireFormatException {
            DualStringArray bindings = r.readUniqueNow(DualStringArray::decode);
            Ipid ipid = Ipid.decode(r);
            int hint = r.readInt("pAuthnHint");
            ComVersion version = new ComVersion(r.readUnsignedShort(), r.readUnsignedShort());
            return new ResolveOxid2Response(bindings, ipid, hint, version, r.readInt("error_status_t"));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static ResolveOxid2Response decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * SimplePing request: {@code SETID* pSetId}.
     *
     * @param setId the ping set to keep alive
     */
    public record SimplePingRequest(SetId setId) {

        /**
         * Checks the set.
         *
         * @param setId the set
         */
        public SimplePingRequest {
            Objects.requireNonNull(setId, "setId");
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            setId.encode(w);
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
         * @throws WireFormatException if truncated
         */
        public static SimplePingRequest decode(NdrReader r) throws WireFormatException {
            return new SimplePingRequest(SetId.decode(r));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the request
         * @throws WireFormatException if truncated
         */
        public static SimplePingRequest decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * The reply of calls whose only result is their {@code error_status_t}: SimplePing and ServerAlive.
     *
     * @param status 0, or OR_INVALID_SET and the like
     */
    public record StatusResponse(int status) {

        /** Status 0. */
        public static final StatusResponse OK = new StatusResponse(0);

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
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
         * @throws WireFormatException if truncated
         */
        public static StatusResponse decode(NdrReader r) throws WireFormatException {
            return new StatusResponse(r.readInt("error_status_t"));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the response
         * @throws WireFormatException if truncated
         */
        public static StatusResponse decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * ComplexPing request: {@code [in, out] SETID* pSetId, unsigned short SequenceNum, unsigned short cAddToSet,
     * unsigned short cDelFromSet, [unique, size_is(cAddToSet)] OID AddToSet[], [unique, size_is(cDelFromSet)] OID
     * DelFromSet[]}. An empty list is sent as a NULL pointer.
     *
     * @param setId the set, or {@link SetId#NONE} to create one
     * @param sequenceNum the client's sequence number, 16-bit
     * @param addToSet the OIDs to add, at most 65535
     * @param delFromSet the OIDs to remove, at most 65535
     */
    public record ComplexPingRequest(SetId setId, int sequenceNum, List<Oid> addToSet, List<Oid> delFromSet) {

        /**
         * Checks and copies the components.
         *
         * @param setId the set
         * @param sequenceNum the sequence number
         * @param addToSet the OIDs to add
         * @param delFromSet the OIDs to remove
         */
        public ComplexPingRequest {
            Objects.requireNonNull(setId, "setId");
            if ((sequenceNum & ~0xFFFF) != 0) {
                throw new IllegalArgumentException("SequenceNum is 16-bit: " + sequenceNum);
            }
            addToSet = List.copyOf(addToSet);
            delFromSet = List.copyOf(delFromSet);
            if (addToSet.size() > 0xFFFF || delFromSet.size() > 0xFFFF) {
                throw new IllegalArgumentException("at most 65535 OIDs each way");
            }
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            setId.encode(w);
            w.writeShort(sequenceNum).writeShort(addToSet.size()).writeShort(delFromSet.size());
            w.writeUnique(addToSet.isEmpty() ? null : addToSet, ComplexPingRequest::writeOids);
            w.writeUnique(delFromSet.isEmpty() ? null : delFromSet, ComplexPingRequest::writeOids);
        }

        private static void writeOids(NdrWriter w, List<Oid> oids) {
            w.writeConformance(oids.size());
            for (Oid oid : oids) {
                oid.encode(w);
            }
        }

        private static List<Oid> readOids(NdrReader r, String field, int count) throws WireFormatException {
            int n = Wire.readConformanceOf(r, 8, field, count);
            List<Oid> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(Oid.decode(r));
            }
            return out;
        }

        private static List<Oid> readOidPointer(NdrReader r, String field, int count) throws WireFormatException {
            int at = r.position();
            List<Oid> oids = r.readUniqueNow(r1 -> readOids(r1, field, count));
            if (oids == null) {
                if (count != 0) {
                    throw r.malformedAt(field, at, "NULL for " + count + " OIDs");
                }
                return List.of();
            }
            return oids;
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
         * @throws WireFormatException if malformed: a count disagreeing with its array, or NULL for a count above 0
         */
        public static ComplexPingRequest decode(NdrReader r) throws WireFormatException {
            SetId setId = SetId.decode(r);
            int sequence = r.readUnsignedShort();
            int adds = r.readUnsignedShort();
            int dels = r.readUnsignedShort();
            List<Oid> add = readOidPointer(r, "AddToSet", adds);
            List<Oid> del = readOidPointer(r, "DelFromSet", dels);
            return new ComplexPingRequest(setId, sequence, add, del);
        }

        /**
         * Reads a whole stub, ignoring octets after it.
         *
         * @param stub the octets
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static ComplexPingRequest decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * ComplexPing response: {@code [out] SETID* pSetId, unsigned short* pPingBackoffFactor}, then the status.
     *
     * @param setId the set: the client's, or the new one for {@link SetId#NONE}
     * @param pingBackoffFactor a hint to ping less often, 16-bit; clients may treat it as 0
     * @param status 0, or OR_INVALID_SET and the like
     */
    public record ComplexPingResponse(SetId setId, int pingBackoffFactor, int status) {

        /**
         * Checks the components.
         *
         * @param setId the set
         * @param pingBackoffFactor the hint
         * @param status the status
         */
        public ComplexPingResponse {
            Objects.requireNonNull(setId, "setId");
            if ((pingBackoffFactor & ~0xFFFF) != 0) {
                throw new IllegalArgumentException("pPingBackoffFactor is 16-bit: " + pingBackoffFactor);
            }
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            setId.encode(w);
            w.writeShort(pingBackoffFactor).writeInt(status);
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
         * @throws WireFormatException if truncated
         */
        public static ComplexPingResponse decode(NdrReader r) throws WireFormatException {
            SetId setId = SetId.decode(r);
            int backoff = r.readUnsignedShort();
            return new ComplexPingResponse(setId, backoff, r.readInt("error_status_t"));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the response
         * @throws WireFormatException if truncated
         */
        public static ComplexPingResponse decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }

    /**
     * ServerAlive2 response: {@code [ref] COMVERSION* pComVersion, [ref] DUALSTRINGARRAY** ppdsaOrBindings,
     * [ref] DWORD* pReserved}, then the status. {@code pReserved} is written as 0 and ignored on receipt. The
     * bindings are the resolver's own and, per MS-DCOM, without endpoints.
     *
     * @param comVersion the resolver's COM version
     * @param bindings the resolver's bindings, or null for a NULL pointer
     * @param status 0
     */
    public record ServerAlive2Response(ComVersion comVersion, DualStringArray bindings, int status) {

        /**
         * Checks the version.
         *
         * @param comVersion the version
         * @param bindings the bindings
         * @param status the status
         */
        public ServerAlive2Response {
            Objects.requireNonNull(comVersion, "comVersion");
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            w.writeShort(comVersion.major()).writeShort(comVersion.minor());
            w.writeUnique(bindings, (ww, dsa) -> dsa.encode(ww));
            w.writeInt(0).writeInt(status);
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
        public static ServerAlive2Response decode(NdrReader r) throws WireFormatException {
            ComVersion version = new ComVersion(r.readUnsignedShort(), r.readUnsignedShort());
            DualStringArray bindings = r.readUniqueNow(DualStringArray::decode);
            r.readInt("pReserved");
            return new ServerAlive2Response(version, bindings, r.readInt("error_status_t"));
        }

        /**
         * Reads a whole stub.
         *
         * @param stub the octets
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static ServerAlive2Response decode(Bytes stub) throws WireFormatException {
            return decode(NdrReader.of(stub));
        }
    }
}
