package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.List;

/**
 * MS-DCOM 2.2.22.2.4 {@code ScmRequestInfoData}, the required property with the protocol sequences the client
 * can use to reach the exporter:
 *
 * <pre>
 * { DWORD* pdwReserved; customREMOTE_REQUEST_SCM_INFO* remoteRequest; }
 * customREMOTE_REQUEST_SCM_INFO (2.2.22.2.4.1) { DWORD ClientImpLevel;
 *     [range(0, 0x8000)] unsigned short cRequestedProtseqs; [size_is(cRequestedProtseqs)] unsigned short* pRequestedProtseqs; }
 * </pre>
 *
 * <p>{@code pdwReserved} is sent NULL and its referent, if any, ignored; {@code remoteRequest} MUST NOT be NULL.
 * {@code ClientImpLevel} is implementation-specific and ignored on receipt.
 *
 * <pre>{@code
 * ScmRequestInfo.of(StringBinding.NCACN_IP_TCP).protseqs();     // [7]
 * }</pre>
 *
 * @param clientImpLevel {@code ClientImpLevel}
 * @param protseqs the protocol sequence (tower) ids, at most 0x8000, each 16-bit
 */
public record ScmRequestInfo(int clientImpLevel, List<Integer> protseqs) implements ActivationProperty {

    /**
     * Checks and copies the protocol sequences.
     *
     * @param clientImpLevel the impersonation level
     * @param protseqs the protocol sequences
     */
    public ScmRequestInfo {
        protseqs = Wire.shorts(protseqs, "protocol sequences");
        if (protseqs.size() > Wire.MAX_REQUESTED_PROTSEQS) {
            throw new IllegalArgumentException("at most 32768 protocol sequences");
        }
    }

    /**
     * Returns the property with {@code ClientImpLevel} 0, as Impacket sends it.
     *
     * @param protseqs the protocol sequences
     * @return the property
     */
    public static ScmRequestInfo of(int... protseqs) {
        return new ScmRequestInfo(0, java.util.Arrays.stream(protseqs).boxed().toList());
    }

    @Override
    public Guid clsid() {
        return DcomIids.CLSID_SCM_REQUEST_INFO;
    }

    @Override
    public void encodeBody(NdrWriter w) {
        w.beginEmbedded();
        w.writeInt(0);
        w.writeUnique(this, (ww, self) -> {
            ww.beginEmbedded();
            ww.writeInt(self.clientImpLevel).writeShort(self.protseqs.size());
            ww.writeUnique(self.protseqs.isEmpty() ? null : self.protseqs, Wire::writeShorts);
            ww.endEmbedded();
        });
        w.endEmbedded();
    }

    /**
     * Reads the structure's NDR representation.
     *
     * @param r the reader, at the start of the object buffer
     * @return the property
     * @throws WireFormatException if malformed: {@code remoteRequest} NULL, a count out of range or disagreeing
     *     with its array
     */
    public static ScmRequestInfo decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        r.readUnique(r1 -> r1.readInt("ScmRequestInfoData.pdwReserved"));
        int at = r.position();
        NdrReader.Deferred<ScmRequestInfo> request = r.readUnique(ScmRequestInfo::decodeRemoteRequest);
        r.endEmbedded();
        if (request.isNull()) {
            throw r.malformedAt("ScmRequestInfoData.remoteRequest", at, "NULL");
        }
        return request.get();
    }

    private static ScmRequestInfo decodeRemoteRequest(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        int impLevel = r.readInt("customREMOTE_REQUEST_SCM_INFO.ClientImpLevel");
        int count = Wire.readShortRange(r, "customREMOTE_REQUEST_SCM_INFO.cRequestedProtseqs",
                Wire.MAX_REQUESTED_PROTSEQS);
        int at = r.position();
        NdrReader.Deferred<List<Integer>> protseqs = r.readUnique(r1 -> Wire.readShorts(r1,
                "customREMOTE_REQUEST_SCM_INFO.pRequestedProtseqs", count));
        r.endEmbedded();
        if (protseqs.isNull()) {
            if (count != 0) {
                throw r.malformedAt("customREMOTE_REQUEST_SCM_INFO.pRequestedProtseqs", at, "NULL for " + count
                        + " protocol sequences");
            }
            return new ScmRequestInfo(impLevel, List.of());
        }
        return new ScmRequestInfo(impLevel, protseqs.get());
    }

    /**
     * Reads the serialized property.
     *
     * @param serialized the type serialization headers and data
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static ScmRequestInfo decode(Bytes serialized) throws WireFormatException {
        return TypeSerialization.decode(serialized, "ScmRequestInfoData", ScmRequestInfo::decode);
    }
}
