package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;

/**
 * Which computation of MS-NLMP 3.3 an AUTHENTICATE_MESSAGE answers with, told by its response lengths and the
 * negotiated flags. The authority and the server context classify with this one function so that they never
 * disagree about how the session base key becomes the key exchange key.
 */
enum ResponseKind {
    /** No user, no NT response, an LM response empty or one zero octet. */
    ANONYMOUS,
    /** A 24-octet NT response: DESL(NTOWFv1, ServerChallenge). */
    NTLMV1,
    /** A 24-octet NT response with ESS: DESL(NTOWFv1, MD5(ServerChallenge ‖ ClientChallenge)[0..7]). */
    NTLMV1_ESS,
    /** NTProofStr ‖ NTLMv2_CLIENT_CHALLENGE. */
    NTLMV2;

    /** NTProofStr and the NTLMv2_CLIENT_CHALLENGE header (RespType to Reserved3) and an EOL pair. */
    static final int NTLMV2_MINIMUM = 16 + 28 + 4;

    /**
     * Classifies a message.
     *
     * @param a the message
     * @param negotiated the flags both the CHALLENGE and the AUTHENTICATE carry
     * @return the kind
     * @throws SecurityFailure for an LM-only response or an NT response of no known length
     */
    static ResponseKind of(AuthenticateMessage a, int negotiated) throws SecurityFailure {
        if (a.isAnonymous()) {
            return ANONYMOUS;
        }
        int nt = a.ntResponse().length();
        if (nt == 24) {
            if (!NtlmFlags.has(negotiated, NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY)) {
                return NTLMV1;
            }
            if (a.lmResponse().length() != 24) {
                throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "NTLMv1 with extended session security"
                        + " needs the client challenge in a 24-octet LM response, got " + a.lmResponse().length());
            }
            return NTLMV1_ESS;
        }
        if (nt == 0) {
            throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "the AUTHENTICATE for \"" + a.user()
                    + "\" carries no NT response; LM-only authentication is not accepted");
        }
        if (nt < NTLMV2_MINIMUM) {
            throw new SecurityFailure(RpcStatus.WIN32_ACCESS_DENIED, "an NT response of " + nt
                    + " octets is neither NTLMv1 (24) nor NTLMv2 (at least " + NTLMV2_MINIMUM + ")");
        }
        return NTLMV2;
    }
}
