package io.sessionmoniker.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The bits of an AppID's {@code AppIDFlags} value ({@code docs/windows.md} §6.4). The policy honours
 * {@link #ACTIVATE_IUSERVER_INDESKTOP} and {@link #IUSERVER_ACTIVATE_IN_CLIENT_SESSION_ONLY}; the others are kept
 * and reported in the trace.
 *
 * <pre>{@code
 * AppIdFlags.describe(0x21);   // "ACTIVATE_IUSERVER_INDESKTOP | IUSERVER_ACTIVATE_IN_CLIENT_SESSION_ONLY"
 * }</pre>
 */
public final class AppIdFlags {

    /** 0x1: an Interactive User server binds or launches in the client's desktop. */
    public static final int ACTIVATE_IUSERVER_INDESKTOP = 0x1;
    /** 0x2 (not interpreted). */
    public static final int SECURE_SERVER_PROCESS_SD_AND_BIND = 0x2;
    /** 0x4 (not interpreted). */
    public static final int ISSUE_ACTIVATION_RPC_AT_IDENTIFY = 0x4;
    /** 0x8 (not interpreted). */
    public static final int IUSERVER_UNMODIFIED_LOGON_TOKEN = 0x8;
    /** 0x10 (not interpreted). */
    public static final int IUSERVER_SELF_SID_IN_LAUNCH_PERMISSION = 0x10;
    /** 0x20: an Interactive User server activates only in the client's own session. */
    public static final int IUSERVER_ACTIVATE_IN_CLIENT_SESSION_ONLY = 0x20;
    /** 0x800 (not interpreted). */
    public static final int AAA_NO_IMPLICIT_ACTIVATE_AS_IU = 0x800;

    private static final int[] BITS = {0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x800};
    private static final String[] NAMES = {"ACTIVATE_IUSERVER_INDESKTOP", "SECURE_SERVER_PROCESS_SD_AND_BIND",
        "ISSUE_ACTIVATION_RPC_AT_IDENTIFY", "IUSERVER_UNMODIFIED_LOGON_TOKEN", "IUSERVER_SELF_SID_IN_LAUNCH_PERMISSION",
        "IUSERVER_ACTIVATE_IN_CLIENT_SESSION_ONLY", "AAA_NO_IMPLICIT_ACTIVATE_AS_IU"};

    /** The bits this policy acts on. */
    public static final int HONOURED = ACTIVATE_IUSERVER_INDESKTOP | IUSERVER_ACTIVATE_IN_CLIENT_SESSION_ONLY;

    private AppIdFlags() {
    }

    /**
     * Names the bits of a flags value; unknown bits are written in hexadecimal.
     *
     * @param flags the value
     * @return for example {@code "ACTIVATE_IUSERVER_INDESKTOP | 0x1000"}, or {@code "none"}
     */
    public static String describe(int flags) {
        List<String> parts = new ArrayList<>();
        int rest = flags;
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                parts.add(NAMES[i]);
                rest &= ~BITS[i];
            }
        }
        if (rest != 0) {
            parts.add(String.format(java.util.Locale.ROOT, "0x%X", rest));
        }
        return parts.isEmpty() ? "none" : String.join(" | ", parts);
    }
}
