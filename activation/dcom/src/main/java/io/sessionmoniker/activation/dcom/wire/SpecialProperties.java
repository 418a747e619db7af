package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * MS-DCOM 2.2.22.2.2 {@code SpecialPropertiesData} (CLSID_SpecialSystemProperties), the optional property through
 * which a client asks for a session:
 *
 * <pre>
 *  0 unsigned long dwSessionId     4 long fRemoteThisSessionId   8 long fClientImpersonating
 * 12 long fPartitionIDPresent     16 DWORD dwDefaultAuthnLvl     20 GUID guidPartition
 * 36 DWORD dwPRTFlags             40 DWORD dwOrigClsctx          44 DWORD dwFlags
 * 48 DWORD Reserved1              56 unsigned __int64 Reserved2  64 DWORD Reserved3[5]      (84 bytes, 88 serialized)
 * </pre>
 *
 * <p>MS-DCOM also defines an alternate layout whose tail after {@code dwFlags} is {@code DWORD Reserved3[8]}
 * (80 bytes) and says a server MUST accept both. Only offsets 0 to 47 carry meaning, so {@link #decode} reads
 * those and skips either tail (the reserved fields are ignored on receipt); {@link #encodeBody} writes the first
 * layout with zeros, as a client SHOULD.
 *
 * <p>{@code dwSessionId} 0xFFFFFFFF ({@link #ANY_SESSION}) means any session; {@link #FLAG_USE_CONSOLE_SESSION}
 * in {@code dwFlags} asks for the console session whatever {@code dwSessionId} says; other flag bits are ignored.
 * {@code fRemoteThisSessionId} is sent as 1 when a session is named and ignored on receipt.
 *
 * <pre>{@code
 * SpecialProperties.forSession(3).requestedSession();     // OptionalInt[3]
 * SpecialProperties.console().usesConsoleSession();        // true
 * }</pre>
 *
 * @param sessionId {@code dwSessionId}
 * @param remoteThisSessionId {@code fRemoteThisSessionId}
 * @param clientImpersonating {@code fClientImpersonating}
 * @param partitionIdPresent {@code fPartitionIDPresent}
 * @param defaultAuthnLevel {@code dwDefaultAuthnLvl}
 * @param partition {@code guidPartition}
 * @param prtFlags {@code dwPRTFlags}
 * @param origClsctx {@code dwOrigClsctx}
 * @param flags {@code dwFlags}
 */
public record SpecialProperties(int sessionId, int remoteThisSessionId, int clientImpersonating,
        int partitionIdPresent, int defaultAuthnLevel, Guid partition, int prtFlags, int origClsctx, int flags)
        implements ActivationProperty {

    /** {@code dwSessionId} for "any session". */
    public static final int ANY_SESSION = 0xFFFFFFFF;
    /** {@code SPD_FLAG_USE_CONSOLE_SESSION}: run the server in the console session. */
    public static final int FLAG_USE_CONSOLE_SESSION = 0x1;
    /** The octets of the meaningful fields, offsets 0 to 47. */
    public static final int FIXED_LENGTH = 48;
    /** The length of the first layout's NDR data. */
    public static final int MAIN_LENGTH = 84;
    /** The length of the alternate layout's NDR data. */
    public static final int ALTERNATE_LENGTH = 80;

    /**
     * Checks the partition.
     *
     * @param sessionId the session
     * @param remoteThisSessionId whether a session is named
     * @param clientImpersonating fClientImpersonating
     * @param partitionIdPresent fPartitionIDPresent
     * @param defaultAuthnLevel dwDefaultAuthnLvl
     * @param partition guidPartition
     * @param prtFlags dwPRTFlags
     * @param origClsctx dwOrigClsctx
     * @param flags dwFlags
     */
    public SpecialProperties {
        Objects.requireNonNull(partition, "partition");
    }

    /**
     * Asks for one session, as a client does: {@code fRemoteThisSessionId} 1, authentication level
     * PKT_PRIVACY (6), {@code dwOrigClsctx} {@link InstantiationInfo#CLSCTX_LOCAL_REMOTE_SERVER}.
     *
     * @param sessionId the session, not {@link #ANY_SESSION}
     * @return the property
     */
    public static SpecialProperties forSession(int sessionId) {
        if (sessionId == ANY_SESSION) {
            throw new IllegalArgumentException("0xFFFFFFFF is any session, not a session");
        }
        return new SpecialProperties(sessionId, 1, 0, 0, 6, Guid.NULL, 0, InstantiationInfo.CLSCTX_LOCAL_REMOTE_SERVER,
                0);
    }

    /**
     * Asks for the console session: {@link #ANY_SESSION} with {@link #FLAG_USE_CONSOLE_SESSION}.
     *
     * @return the property
     */
    public static SpecialProperties console() {
        return new SpecialProperties(ANY_SESSION, 0, 0, 0, 6, Guid.NULL, 0, InstantiationInfo.CLSCTX_LOCAL_REMOTE_SERVER,
                FLAG_USE_CONSOLE_SESSION);
    }

    /**
     * Tells whether the console session is asked for.
     *
     * @return true if {@link #FLAG_USE_CONSOLE_SESSION} is set
     */
    public boolean usesConsoleSession() {
        return (flags & FLAG_USE_CONSOLE_SESSION) != 0;
    }

    /**
     * Returns the session asked for by number: empty for the console or for any session.
     *
     * @return the session id, unsigned
     */
    public OptionalInt requestedSession() {
        return usesConsoleSession() || sessionId == ANY_SESSION ? OptionalInt.empty() : OptionalInt.of(sessionId);
    }

    @Override
    public Guid clsid() {
        return DcomIids.CLSID_SPECIAL_SYSTEM_PROPERTIES;
    }

    @Override
    public void encodeBody(NdrWriter w) {
        w.writeInt(sessionId).writeInt(remoteThisSessionId).writeInt(clientImpersonating).writeInt(partitionIdPresent)
                .writeInt(defaultAuthnLevel).writeGuid(partition).writeInt(prtFlags).writeInt(origClsctx)
                .writeInt(flags);
        w.writeInt(0).writeLong(0);
        for (int i = 0; i < 5; i++) {
            w.writeInt(0);
        }
    }

    /**
     * Reads either layout's NDR representation: offsets 0 to 47, then the 32 reserved octets of the alternate
     * layout if exactly that many remain, otherwise the first layout's 36 (ignored).
     *
     * @param r the reader, at the start of the object buffer
     * @return the property
     * @throws WireFormatException if fewer octets than a layout needs are present
     */
    public static SpecialProperties decode(NdrReader r) throws WireFormatException {
        SpecialProperties p = new SpecialProperties(r.readInt("SpecialPropertiesData.dwSessionId"),
                r.readInt("SpecialPropertiesData.fRemoteThisSessionId"),
                r.readInt("SpecialPropertiesData.fClientImpersonating"),
                r.readInt("SpecialPropertiesData.fPartitionIDPresent"),
                r.readInt("SpecialPropertiesData.dwDefaultAuthnLvl"), r.readGuid(),
                r.readInt("SpecialPropertiesData.dwPRTFlags"), r.readInt("SpecialPropertiesData.dwOrigClsctx"),
                r.readInt("SpecialPropertiesData.dwFlags"));
        if (r.remaining() == ALTERNATE_LENGTH - FIXED_LENGTH) {
            r.readBytes(ALTERNATE_LENGTH - FIXED_LENGTH);
        } else {
            r.readInt("SpecialPropertiesData.Reserved1");
            r.readLong();
            for (int i = 0; i < 5; i++) {
                r.readInt("SpecialPropertiesData.Reserved3");
            }
        }
        return p;
    }

    /**
     * Reads the serialized property.
     *
     * @param serialized the type serialization headers and data
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static SpecialProperties decode(Bytes serialized) throws WireFormatException {
        return TypeSerialization.decode(serialized, "SpecialPropertiesData", SpecialProperties::decode);
    }
}
