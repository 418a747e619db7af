package io.sessionmoniker.policy;

import java.util.StringJoiner;

/**
 * The COM access rights used in launch and access permission ACLs, and the desired masks for each check.
 *
 * <p>Values: "Access Control Lists for COM" (MicrosoftDocs/win32 {@code desktop-src/com/access-control-lists-for-com.md})
 * and [MS-COMA] 2.2.2.21.1.1. Since Windows XP SP2 an ACE grants {@link #EXECUTE} together with a combination of
 * the four granular rights ("new format"); an ACE that grants {@link #EXECUTE} alone is the older format, in
 * which {@link #EXECUTE} stands for all four. See {@link AccessCheck#checkCom} for how both are evaluated.
 *
 * <pre>{@code
 * ComRights.launch(false);                 // EXECUTE | EXECUTE_LOCAL | ACTIVATE_LOCAL = 0xB
 * ComRights.describe(0xB);                 // "EXECUTE|EXECUTE_LOCAL|ACTIVATE_LOCAL"
 * ComRights.isLegacy(ComRights.EXECUTE);   // true
 * }</pre>
 */
public final class ComRights {

    /** {@code COM_RIGHTS_EXECUTE}: required in every ACE; alone, the legacy "all rights". */
    public static final int EXECUTE = 0x01;
    /** {@code COM_RIGHTS_EXECUTE_LOCAL}: launch a server process (launch ACL) or call it (access ACL), locally. */
    public static final int EXECUTE_LOCAL = 0x02;
    /** {@code COM_RIGHTS_EXECUTE_REMOTE}: the same, from another machine. */
    public static final int EXECUTE_REMOTE = 0x04;
    /** {@code COM_RIGHTS_ACTIVATE_LOCAL}: activate a class (get an object), locally. */
    public static final int ACTIVATE_LOCAL = 0x08;
    /** {@code COM_RIGHTS_ACTIVATE_REMOTE}: activate a class from another machine. */
    public static final int ACTIVATE_REMOTE = 0x10;

    /** The four granular rights, without {@link #EXECUTE}. */
    public static final int GRANULAR = EXECUTE_LOCAL | EXECUTE_REMOTE | ACTIVATE_LOCAL | ACTIVATE_REMOTE;
    /** Every COM right, 0x1F (SDDL {@code CCDCLCSWRP}), what the default launch permission grants. */
    public static final int ALL = EXECUTE | GRANULAR;

    private ComRights() {
    }

    /**
     * Returns the rights a launch check asks for: start a server process and activate a class in it.
     *
     * @param remote whether the caller is on another machine
     * @return {@code EXECUTE | EXECUTE_LOCAL | ACTIVATE_LOCAL} (0xB), or the remote equivalents (0x15)
     */
    public static int launch(boolean remote) {
        return EXECUTE | (remote ? EXECUTE_REMOTE | ACTIVATE_REMOTE : EXECUTE_LOCAL | ACTIVATE_LOCAL);
    }

    /**
     * Returns the rights an activation of an already running server asks for.
     *
     * @param remote whether the caller is on another machine
     * @return {@code EXECUTE | ACTIVATE_LOCAL} (0x9), or {@code EXECUTE | ACTIVATE_REMOTE} (0x11)
     */
    public static int activate(boolean remote) {
        return EXECUTE | (remote ? ACTIVATE_REMOTE : ACTIVATE_LOCAL);
    }

    /**
     * Returns the rights a call into the server asks for (checked against the access permission).
     *
     * @param remote whether the caller is on another machine
     * @return {@code EXECUTE | EXECUTE_LOCAL} (0x3), or {@code EXECUTE | EXECUTE_REMOTE} (0x5)
     */
    public static int call(boolean remote) {
        return EXECUTE | (remote ? EXECUTE_REMOTE : EXECUTE_LOCAL);
    }

    /**
     * Returns whether an ACE mask is in the legacy format: {@link #EXECUTE} without any granular right.
     *
     * @param mask an ACE's access mask
     * @return true if {@code mask & 0x1F == 0x1}
     */
    public static boolean isLegacy(int mask) {
        return (mask & ALL) == EXECUTE;
    }

    /**
     * Returns whether an ACE mask carries granular COM rights (the format since XP SP2).
     *
     * @param mask an ACE's access mask
     * @return true if any of {@link #GRANULAR} is set
     */
    public static boolean isGranular(int mask) {
        return (mask & GRANULAR) != 0;
    }

    /**
     * Returns the granular rights an ACE mask stands for: all four for a legacy mask, else its granular bits.
     * Bits above 0x1F (including generic rights) carry no COM meaning and are dropped.
     *
     * @param mask an ACE's access mask
     * @return a subset of {@link #GRANULAR}
     */
    public static int granularRights(int mask) {
        return isLegacy(mask) ? GRANULAR : mask & GRANULAR;
    }

    /**
     * Names the COM rights in a mask, for traces.
     *
     * @param mask a mask
     * @return for example {@code "EXECUTE|ACTIVATE_LOCAL"}, {@code "none"}, or with other bits
     *     {@code "EXECUTE|0x100"}
     */
    public static String describe(int mask) {
        if (mask == 0) {
            return "none";
        }
        StringJoiner out = new StringJoiner("|");
        String[] names = {"EXECUTE", "EXECUTE_LOCAL", "EXECUTE_REMOTE", "ACTIVATE_LOCAL", "ACTIVATE_REMOTE"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((mask & (1 << bit)) != 0) {
                out.add(names[bit]);
            }
        }
        int other = mask & ~ALL;
        if (other != 0) {
            out.add("0x" + Integer.toHexString(other));
        }
        return out.toString();
    }
}
