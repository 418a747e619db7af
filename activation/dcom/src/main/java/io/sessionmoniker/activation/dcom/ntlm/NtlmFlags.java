package io.sessionmoniker.activation.dcom.ntlm;

import java.util.StringJoiner;

/**
 * The negotiate flags of MS-NLMP 2.2.2.5, as carried in every NTLM message's {@code NegotiateFlags} field, and the
 * set an acceptor offers.
 *
 * <pre>{@code
 * int flags = NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.NEGOTIATE_NTLM;
 * NtlmFlags.describe(flags);   // "UNICODE|NTLM (0x00000201)"
 * }</pre>
 */
public final class NtlmFlags {

    /** A: the Unicode character set. */
    public static final int NEGOTIATE_UNICODE = 0x00000001;
    /** B: the OEM character set. */
    public static final int NEGOTIATE_OEM = 0x00000002;
    /** C: the server should put its name in the CHALLENGE's TargetName. */
    public static final int REQUEST_TARGET = 0x00000004;
    /** D: session key for signing. */
    public static final int NEGOTIATE_SIGN = 0x00000010;
    /** E: session key for sealing. */
    public static final int NEGOTIATE_SEAL = 0x00000020;
    /** F: connectionless (datagram) mode. */
    public static final int NEGOTIATE_DATAGRAM = 0x00000040;
    /** G: LAN Manager session key computation. */
    public static final int NEGOTIATE_LM_KEY = 0x00000080;
    /** H: NTLM v1 session security. */
    public static final int NEGOTIATE_NTLM = 0x00000200;
    /** J: anonymous (the NEGOTIATE's connection is anonymous). */
    public static final int ANONYMOUS = 0x00000800;
    /** K: the NEGOTIATE carries a domain name. */
    public static final int NEGOTIATE_OEM_DOMAIN_SUPPLIED = 0x00001000;
    /** L: the NEGOTIATE carries a workstation name. */
    public static final int NEGOTIATE_OEM_WORKSTATION_SUPPLIED = 0x00002000;
    /** M: a signature is present even without SIGN or SEAL. */
    public static final int NEGOTIATE_ALWAYS_SIGN = 0x00008000;
    /** N: TargetName is a domain name. */
    public static final int TARGET_TYPE_DOMAIN = 0x00010000;
    /** O: TargetName is a server name. */
    public static final int TARGET_TYPE_SERVER = 0x00020000;
    /** P: NTLM v2 session security ("NTLM2"), extended session security. */
    public static final int NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
    /** Q: identify level token. */
    public static final int NEGOTIATE_IDENTIFY = 0x00100000;
    /** R: LMOWF for the session key. */
    public static final int REQUEST_NON_NT_SESSION_KEY = 0x00400000;
    /** S: the CHALLENGE carries TargetInfo. */
    public static final int NEGOTIATE_TARGET_INFO = 0x00800000;
    /** T: the message carries a VERSION structure. */
    public static final int NEGOTIATE_VERSION = 0x02000000;
    /** U: 128-bit session keys. */
    public static final int NEGOTIATE_128 = 0x20000000;
    /** V: explicit key exchange (EncryptedRandomSessionKey). */
    public static final int NEGOTIATE_KEY_EXCH = 0x40000000;
    /** W: 56-bit encryption. */
    public static final int NEGOTIATE_56 = 0x80000000;

    /**
     * The flags this acceptor may echo in its CHALLENGE when the client asks for them: UNICODE, REQUEST_TARGET,
     * SIGN, SEAL, NTLM, ALWAYS_SIGN, EXTENDED_SESSIONSECURITY, 128, 56, KEY_EXCH and VERSION. LM_KEY, DATAGRAM,
     * IDENTIFY and REQUEST_NON_NT_SESSION_KEY are never negotiated.
     */
    public static final int OFFERED = NEGOTIATE_UNICODE | REQUEST_TARGET | NEGOTIATE_SIGN | NEGOTIATE_SEAL
            | NEGOTIATE_NTLM | NEGOTIATE_ALWAYS_SIGN | NEGOTIATE_EXTENDED_SESSIONSECURITY | NEGOTIATE_128
            | NEGOTIATE_56 | NEGOTIATE_KEY_EXCH | NEGOTIATE_VERSION;

    private static final String[] NAMES = new String[32];

    static {
        NAMES[0] = "UNICODE";
        NAMES[1] = "OEM";
        NAMES[2] = "REQUEST_TARGET";
        NAMES[4] = "SIGN";
        NAMES[5] = "SEAL";
        NAMES[6] = "DATAGRAM";
        NAMES[7] = "LM_KEY";
        NAMES[9] = "NTLM";
        NAMES[11] = "ANONYMOUS";
        NAMES[12] = "OEM_DOMAIN_SUPPLIED";
        NAMES[13] = "OEM_WORKSTATION_SUPPLIED";
        NAMES[15] = "ALWAYS_SIGN";
        NAMES[16] = "TARGET_TYPE_DOMAIN";
        NAMES[17] = "TARGET_TYPE_SERVER";
        NAMES[19] = "EXTENDED_SESSIONSECURITY";
        NAMES[20] = "IDENTIFY";
        NAMES[22] = "REQUEST_NON_NT_SESSION_KEY";
        NAMES[23] = "TARGET_INFO";
        NAMES[25] = "VERSION";
        NAMES[29] = "128";
        NAMES[30] = "KEY_EXCH";
        NAMES[31] = "56";
    }

    private NtlmFlags() {
    }

    /**
     * Tells whether all the given flags are set.
     *
     * @param flags the flags
     * @param wanted the flags to test
     * @return true when every wanted flag is set
     */
    public static boolean has(int flags, int wanted) {
        return (flags & wanted) == wanted;
    }

    /**
     * Names the flags for logs, in bit order, followed by the hexadecimal value.
     *
     * @param flags the flags
     * @return for example {@code "UNICODE|NTLM (0x00000201)"}
     */
    public static String describe(int flags) {
        StringJoiner j = new StringJoiner("|");
        for (int bit = 0; bit < 32; bit++) {
            if ((flags & (1 << bit)) != 0) {
                j.add(NAMES[bit] != null ? NAMES[bit] : "r" + bit);
            }
        }
        return j + String.format(java.util.Locale.ROOT, " (0x%08x)", flags);
    }
}
