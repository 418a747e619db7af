package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.ComVersion;
import io.sessionmoniker.activation.orpc.objref.DualStringArray;
import io.sessionmoniker.activation.orpc.objref.Ipid;
import io.sessionmoniker.activation.orpc.objref.Oxid;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.Objects;

/**
 * MS-DCOM 2.2.22.2.8 {@code ScmReplyInfoData}, the reply property that says where the object's exporter is:
 *
 * <pre>
 * { DWORD* pdwReserved; customREMOTE_REPLY_SCM_INFO* remoteReply; }
 * customREMOTE_REPLY_SCM_INFO (2.2.22.2.8.1) { OXID Oxid; DUALSTRINGARRAY* pdsaOxidBindings; IPID ipidRemUnknown;
 *     DWORD authnHint; COMVERSION serverVersion; }
 * </pre>
 *
 * <p>{@code pdwReserved} is sent NULL; {@code remoteReply} and {@code pdsaOxidBindings} MUST NOT be NULL. The same
 * five facts are RemoteActivation's flat out-parameters ({@link ActivationMessages.RemoteActivationResponse#success}).
 * Impacket takes the exporter's bindings, the IRemUnknown IPID and {@code authnHint} (the level it then uses on the
 * exporter connection: 6 privacy, 2 to 5 integrity, 1 none) from here.
 *
 * <pre>{@code
 * ScmReplyInfo exporter = new ScmReplyInfo(oxid, bindings, ipidRemUnknown, AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY,
 *         ComVersion.V5_7);
 * }</pre>
 *
 * @param oxid the exporter
 * @param bindings the exporter's string and security bindings, with endpoints
 * @param remUnknown the IPID of the exporter's IRemUnknown
 * @param authnHint the lowest authentication level the exporter accepts
 * @param serverVersion the exporter's COM version
 */
public record ScmReplyInfo(Oxid oxid, DualStringArray bindings, Ipid remUnknown, int authnHint,
        ComVersion serverVersion) implements ActivationProperty {

    /**
     * Checks the components.
     *
     * @param oxid the exporter
     * @param bindings the bindings
     * @param remUnknown the IRemUnknown IPID
     * @param authnHint the level
     * @param serverVersion the version
     */
    public ScmReplyInfo {
        Objects.requireNonNull(oxid, "oxid");
        Objects.requireNonNull(bindings, "bindings");
        Objects.requireNonNull(remUnknown, "remUnknown");
        Objects.requireNonNull(serverVersion, "serverVersion");
    }

    @Override
    public Guid clsid() {
        return DcomIids.CLSID_SCM_REPLY_INFO;
    }

    @Override
    public void encodeBody(NdrWriter w) {
        w.beginEmbedded();
        w.writeInt(0);
        w.writeUnique(this, (ww, self) -> {
            ww.beginEmbedded();
            self.oxid.encode(ww);
            ww.writeUnique(self.bindings, (w3, dsa) -> dsa.encode(w3));
            self.remUnknown.encode(ww);
            ww.writeInt(self.authnHint).writeShort(self.serverVersion.major()).writeShort(self.serverVersion.minor());
            ww.endEmbedded();
        });
        w.endEmbedded();
    }

    /**
     * Reads the structure's NDR representation.
     *
     * @param r the reader, at the start of the object buffer
     * @return the property
     * @throws WireFormatException if malformed, or {@code remoteReply} or {@code pdsaOxidBindings} is NULL
     */
    public static ScmReplyInfo decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        r.readUnique(r1 -> r1.readInt("ScmReplyInfoData.pdwReserved"));
        int at = r.position();
        NdrReader.Deferred<ScmReplyInfo> reply = r.readUnique(ScmReplyInfo::decodeRemoteReply);
        r.endEmbedded();
        if (reply.isNull()) {
            throw r.malformedAt("ScmReplyInfoData.remoteReply", at, "NULL");
        }
        return reply.get();
    }

    private static ScmReplyInfo decodeRemoteReply(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        Oxid oxid = Oxid.decode(r);
        int at = r.position();
        NdrReader.Deferred<DualStringArray> bindings = r.readUnique(DualStringArray::decode);
        Ipid remUnknown = Ipid.decode(r);
        int hint = r.readInt("customREMOTE_REPLY_SCM_INFO.authnHint");
        ComVersion version = new ComVersion(r.readUnsignedShort(), r.readUnsignedShort());
        r.endEmbedded();
        if (bindings.isNull()) {
            throw r.malformedAt("customREMOTE_REPLY_SCM_INFO.pdsaOxidBindings", at, "NULL");
        }
        return new ScmReplyInfo(oxid, bindings.get(), remUnknown, hint, version);
    }

    /**
     * Reads the serialized property.
     *
     * @param serialized the type serialization headers and data
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static ScmReplyInfo decode(Bytes serialized) throws WireFormatException {
        return TypeSerialization.decode(serialized, "ScmReplyInfoData", ScmReplyInfo::decode);
    }
}
