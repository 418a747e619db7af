package io.sessionmoniker.policy.internal;

import io.sessionmoniker.policy.Ace;
import io.sessionmoniker.policy.AceType;
import io.sessionmoniker.policy.Acl;
import io.sessionmoniker.policy.SecurityDescriptor;
import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import io.sessionmoniker.policy.Sid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes self-relative {@code SECURITY_DESCRIPTOR}s ([MS-DTYP] 2.4.6), the form stored in registry
 * values such as {@code LaunchPermission}.
 *
 * <pre>
 * offset  size  field
 *      0     1  Revision            must be 1
 *      1     1  Sbz1                ignored on read, 0 on write
 *      2     2  Control             little-endian; SE_SELF_RELATIVE (0x8000) required
 *      4     4  OffsetOwner         0 = no owner
 *      8     4  OffsetGroup         0 = no group
 *     12     4  OffsetSacl          read only when SE_SACL_PRESENT; 0 = NULL SACL
 *     16     4  OffsetDacl          read only when SE_DACL_PRESENT; 0 = NULL DACL
 * ACL:    Revision(1: 2 or 4) Sbz1(1) AclSize(2) AceCount(2) Sbz2(2), then the ACEs
 * ACE:    AceType(1) AceFlags(1) AceSize(2: multiple of 4, at least 16) Mask(4) SID
 * SID:    Revision(1: 1) SubAuthorityCount(1: 0..15) Authority(6, big-endian) SubAuthority(4 each, little-endian)
 * </pre>
 *
 * <p>Written layout: the 20-byte header, then the SACL, the DACL, the owner and the group, each present part
 * directly after the previous one. This is the layout of the registry values Windows writes (for example
 * {@code DefaultLaunchPermission}: DACL at 0x14, owner and group after it), so a descriptor read from such a
 * value is written back byte for byte.
 *
 * <pre>{@code
 * SecurityDescriptor sd = SecurityDescriptorCodec.read(launchPermissionValue);
 * Arrays.equals(SecurityDescriptorCodec.write(sd), launchPermissionValue);   // true for Windows-written values
 * }</pre>
 */
public final class SecurityDescriptorCodec {

    /** Size of the self-relative header. */
    public static final int HEADER_SIZE = 20;

    private SecurityDescriptorCodec() {
    }

    /**
     * Reads a self-relative descriptor. Trailing bytes after the parts the header points to are ignored, as are
     * bytes between ACEs' ends and their {@code AceSize} and between the last ACE and {@code AclSize}.
     *
     * @param bytes the buffer
     * @return the descriptor
     * @throws SecurityDescriptorFormatException naming the offset of the first problem
     */
    public static SecurityDescriptor read(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        int length = bytes.length;
        String buffer = "the " + length + "-byte buffer";
        r.require(0, HEADER_SIZE, length, "the SECURITY_DESCRIPTOR header", buffer);
        int revision = r.u8(0);
        if (revision != 1) {
            throw SecurityDescriptorFormatException.binary(0,
                    "expected security descriptor revision 1 but was " + revision);
        }
        int control = r.u16(2);
        if ((control & SecurityDescriptor.SE_SELF_RELATIVE) == 0) {
            throw SecurityDescriptorFormatException.binary(2,
                    "expected SE_SELF_RELATIVE (0x8000) in the control word but was " + hex4(control)
                            + " (an absolute descriptor holds pointers, which cannot be stored)");
        }
        SecurityDescriptor.Builder builder = SecurityDescriptor.builder();
        int ownerAt = offset(r, 4, "owner");
        if (ownerAt != 0) {
            builder.owner(r.sid(ownerAt, length, "the owner SID", buffer));
        }
        int groupAt = offset(r, 8, "group");
        if (groupAt != 0) {
            builder.group(r.sid(groupAt, length, "the group SID", buffer));
        }
        if ((control & SecurityDescriptor.SE_SACL_PRESENT) != 0) {
            int saclAt = offset(r, 12, "SACL");
            if (saclAt == 0) {
                builder.nullSacl();
            } else {
                builder.sacl(acl(r, saclAt, false));
            }
        }
        if ((control & SecurityDescriptor.SE_DACL_PRESENT) != 0) {
            int daclAt = offset(r, 16, "DACL");
            if (daclAt == 0) {
                builder.nullDacl();
            } else {
                builder.dacl(acl(r, daclAt, true));
            }
        }
        builder.addControlFlags(control & ~SecurityDescriptor.STRUCTURAL_CONTROL_BITS);
        return builder.build();
    }

    private static int offset(BinaryReader r, int fieldAt, String what) {
        long value = r.u32(fieldAt);
        if (value == 0) {
            return 0;
        }
        if (value < HEADER_SIZE) {
            throw SecurityDescriptorFormatException.binary(fieldAt,
                    "expected the " + what + " offset to point past the 20-byte header but was " + value);
        }
        if (value >= r.length()) {
            throw SecurityDescriptorFormatException.binary(fieldAt,
                    "expected the " + what + " offset to lie inside the " + r.length() + "-byte buffer but was "
                            + value);
        }
        return (int) value;
    }

    private static Acl acl(BinaryReader r, int at, boolean discretionary) {
        String name = discretionary ? "DACL" : "SACL";
        r.require(at, Acl.HEADER_SIZE, r.length(), "the " + name + " header", "the " + r.length() + "-byte buffer");
        int revision = r.u8(at);
        if (revision != Acl.REVISION && revision != Acl.REVISION_DS) {
            throw SecurityDescriptorFormatException.binary(at,
                    "expected " + name + " revision 2 or 4 but was " + revision);
        }
        int size = r.u16(at + 2);
        if (size < Acl.HEADER_SIZE) {
            throw SecurityDescriptorFormatException.binary(at + 2,
                    "expected a " + name + " size (AclSize) of at least 8 bytes but was " + size);
        }
        if (at + size > r.length()) {
            throw SecurityDescriptorFormatException.binary(at + 2,
                    "expected the " + name + "'s " + size + " bytes (AclSize) to fit in the buffer but only "
                            + (r.length() - at) + " remain after offset " + at);
        }
        int count = r.u16(at + 4);
        int end = at + size;
        String aclName = "the " + name + " (which ends at offset " + end + ")";
        List<Ace> aces = new ArrayList<>(Math.min(count, size / 16));
        int p = at + Acl.HEADER_SIZE;
        for (int i = 0; i < count; i++) {
            String ace = name + " ACE #" + i;
            r.require(p, 4, end, "the header of " + ace, aclName);
            int type = r.u8(p);
            int flags = r.u8(p + 1);
            int aceSize = r.u16(p + 2);
            if (aceSize % 4 != 0) {
                throw SecurityDescriptorFormatException.binary(p + 2,
                        "expected the size of " + ace + " to be a multiple of 4 but was " + aceSize);
            }
            if (aceSize < Ace.FIXED_SIZE + 8) {
                throw SecurityDescriptorFormatException.binary(p + 2,
                        "expected " + ace + " to be at least 16 bytes (header, mask and SID) but its size is "
                                + aceSize);
            }
            if (p + aceSize > end) {
                throw SecurityDescriptorFormatException.binary(p + 2,
                        "expected the " + aceSize + " bytes of " + ace + " to end within the " + name + " at offset "
                                + end + " but they run to offset " + (p + aceSize));
            }
            AceType aceType = AceType.fromCode(type).orElse(null);
            if (aceType == null || aceType.isDiscretionary() != discretionary) {
                throw SecurityDescriptorFormatException.binary(p,
                        "expected " + (discretionary ? "ACCESS_ALLOWED (0) or ACCESS_DENIED (1)"
                                : "SYSTEM_AUDIT (2) or SYSTEM_MANDATORY_LABEL (0x11)")
                                + " as the type of " + ace + " but was " + typeName(type)
                                + (aceType == null ? ", which is not supported" : ", which belongs in the other ACL"));
            }
            int mask = r.i32(p + 4);
            Sid sid = r.sid(p + Ace.FIXED_SIZE, p + aceSize, "the SID of " + ace,
                    "the " + aceSize + "-byte ACE at offset " + p);
            aces.add(Ace.of(aceType, flags, mask, sid));
            p += aceSize;
        }
        return Acl.of(revision, aces);
    }

    /**
     * Writes the canonical self-relative form (layout in the class comment).
     *
     * @param sd the descriptor
     * @return a new buffer of exactly the needed size
     */
    public static byte[] write(SecurityDescriptor sd) {
        Acl sacl = sd.sacl().orElse(null);
        Acl dacl = sd.dacl().orElse(null);
        Sid owner = sd.owner().orElse(null);
        Sid group = sd.group().orElse(null);
        int size = HEADER_SIZE
                + (sacl == null ? 0 : sacl.byteSize())
                + (dacl == null ? 0 : dacl.byteSize())
                + (owner == null ? 0 : owner.byteSize())
                + (group == null ? 0 : group.byteSize());
        byte[] out = new byte[size];
        out[0] = 1;
        putU16(out, 2, sd.control());
        int p = HEADER_SIZE;
        if (sacl != null) {
            putU32(out, 12, p);
            p = writeAcl(out, p, sacl);
        }
        if (dacl != null) {
            putU32(out, 16, p);
            p = writeAcl(out, p, dacl);
        }
        if (owner != null) {
            putU32(out, 4, p);
            p = owner.writeTo(out, p);
        }
        if (group != null) {
            putU32(out, 8, p);
            group.writeTo(out, p);
        }
        return out;
    }

    private static int writeAcl(byte[] out, int at, Acl acl) {
        out[at] = (byte) acl.revision();
        putU16(out, at + 2, acl.byteSize());
        putU16(out, at + 4, acl.size());
        int p = at + Acl.HEADER_SIZE;
        for (Ace ace : acl) {
            out[p] = (byte) ace.type().code();
            out[p + 1] = (byte) ace.flags();
            putU16(out, p + 2, ace.byteSize());
            putU32(out, p + 4, ace.mask());
            p = ace.sid().writeTo(out, p + Ace.FIXED_SIZE);
        }
        return p;
    }

    private static void putU16(byte[] out, int at, int value) {
        out[at] = (byte) value;
        out[at + 1] = (byte) (value >>> 8);
    }

    private static void putU32(byte[] out, int at, int value) {
        out[at] = (byte) value;
        out[at + 1] = (byte) (value >>> 8);
        out[at + 2] = (byte) (value >>> 16);
        out[at + 3] = (byte) (value >>> 24);
    }

    private static String hex4(int value) {
        return String.format(Locale.ROOT, "0x%04X", value);
    }

    private static String typeName(int type) {
        String name = switch (type) {
            case 0x00 -> "ACCESS_ALLOWED";
            case 0x01 -> "ACCESS_DENIED";
            case 0x02 -> "SYSTEM_AUDIT";
            case 0x03 -> "SYSTEM_ALARM";
            case 0x04 -> "ACCESS_ALLOWED_COMPOUND";
            case 0x05 -> "ACCESS_ALLOWED_OBJECT";
            case 0x06 -> "ACCESS_DENIED_OBJECT";
            case 0x07 -> "SYSTEM_AUDIT_OBJECT";
            case 0x08 -> "SYSTEM_ALARM_OBJECT";
            case 0x09 -> "ACCESS_ALLOWED_CALLBACK";
            case 0x0A -> "ACCESS_DENIED_CALLBACK";
            case 0x0B -> "ACCESS_ALLOWED_CALLBACK_OBJECT";
            case 0x0C -> "ACCESS_DENIED_CALLBACK_OBJECT";
            case 0x0D -> "SYSTEM_AUDIT_CALLBACK";
            case 0x0E -> "SYSTEM_ALARM_CALLBACK";
            case 0x0F -> "SYSTEM_AUDIT_CALLBACK_OBJECT";
            case 0x10 -> "SYSTEM_ALARM_CALLBACK_OBJECT";
            case 0x11 -> "SYSTEM_MANDATORY_LABEL";
            case 0x12 -> "SYSTEM_RESOURCE_ATTRIBUTE";
            case 0x13 -> "SYSTEM_SCOPED_POLICY_ID";
            case 0x14 -> "SYSTEM_PROCESS_TRUST_LABEL";
            case 0x15 -> "SYSTEM_ACCESS_FILTER";
            default -> null;
        };
        String hex = String.format(Locale.ROOT, "0x%02X", type);
        return name == null ? hex + " (unknown)" : hex + " (" + name + ")";
    }
}
