package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.moniker.Guid;
import java.util.Objects;

/**
 * A presentation syntax identifier, C706 12.6.3.1 {@code p_syntax_id_t}: an interface or transfer syntax UUID
 * and its version. On the wire it is the 16-byte UUID then a 32-bit version whose low half is the major and
 * high half the minor version.
 *
 * <pre>{@code
 * SyntaxId.NDR20;                                               // 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0
 * SyntaxId.of(Iids.IREMUNKNOWN2).equals(new SyntaxId(Iids.IREMUNKNOWN2, 0, 0));   // true
 * }</pre>
 *
 * @param uuid the interface or transfer syntax UUID
 * @param majorVersion 0 to 65535
 * @param minorVersion 0 to 65535
 */
public record SyntaxId(Guid uuid, int majorVersion, int minorVersion) {

    /** The NDR 2.0 transfer syntax, the only one this runtime speaks. */
    public static final SyntaxId NDR20 = new SyntaxId(Guid.parse("8A885D04-1CEB-11C9-9FE8-08002B104860"), 2, 0);

    /** The NDR64 transfer syntax (MS-RPCE 2.2.5), recognised so it can be refused. */
    public static final SyntaxId NDR64 = new SyntaxId(Guid.parse("71710533-BEBA-4937-8319-B5DBEF9CCC36"), 1, 0);

    /** The all-zero syntax a bind_ack names in a rejected result. */
    public static final SyntaxId NULL = new SyntaxId(Guid.NULL, 0, 0);

    /**
     * Checks the components.
     *
     * @param uuid the UUID
     * @param majorVersion the major version
     * @param minorVersion the minor version
     */
    public SyntaxId {
        Objects.requireNonNull(uuid, "uuid");
        if ((majorVersion & ~0xFFFF) != 0 || (minorVersion & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("versions are 16-bit: " + majorVersion + "." + minorVersion);
        }
    }

    /**
     * Returns version 0.0 of an interface, the version every DCOM interface has.
     *
     * @param iid the interface id
     * @return the syntax id
     */
    public static SyntaxId of(Guid iid) {
        return new SyntaxId(iid, 0, 0);
    }

    @Override
    public String toString() {
        return uuid.toString().toLowerCase(java.util.Locale.ROOT) + " v" + majorVersion + "." + minorVersion;
    }
}
