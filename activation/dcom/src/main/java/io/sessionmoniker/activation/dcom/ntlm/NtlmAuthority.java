package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.SecurityFailure;

/**
 * Verifies an NTLM exchange for a server that holds no password material, as a domain controller does for NETLOGON
 * pass-through: the server passes the CHALLENGE_MESSAGE it sent and the client's AUTHENTICATE_MESSAGE, both as the
 * octets on the wire, and gets back the principal and the session base key. The server derives the key exchange
 * key, the exported session key and the signing and sealing keys itself ({@link NtlmSecurityProvider}).
 *
 * <p>Inputs and outputs are plain octets and strings so that an implementation may forward them to another process
 * (a launched server asks its host). {@link LocalNtlmAuthority} verifies against a local credential store.
 * Implementations are thread-safe.
 *
 * <pre>{@code
 * NtlmLogon who = authority.logon(challengeMessage, authenticateMessage);
 * }</pre>
 */
@FunctionalInterface
public interface NtlmAuthority {

    /**
     * Verifies the client's responses to a challenge.
     *
     * @param challengeMessage the CHALLENGE_MESSAGE the server sent (its flags and server challenge are used)
     * @param authenticateMessage the client's AUTHENTICATE_MESSAGE
     * @return whom the exchange proved, with the session base key
     * @throws SecurityFailure if a message is malformed, the account is unknown, the response does not verify, or
     *     the logon is anonymous and anonymous logons are not allowed; its status is
     *     {@link io.sessionmoniker.activation.orpc.rpc.RpcStatus#WIN32_ACCESS_DENIED}
     */
    NtlmLogon logon(byte[] challengeMessage, byte[] authenticateMessage) throws SecurityFailure;
}
