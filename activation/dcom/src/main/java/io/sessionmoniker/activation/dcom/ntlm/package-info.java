/**
 * NTLM (MS-NLMP) as a DCE/RPC security provider ({@code auth_type} 10). Acceptor side: {@link
 * io.sessionmoniker.activation.dcom.ntlm.NtlmSecurityProvider} makes an {@link
 * io.sessionmoniker.activation.dcom.ntlm.NtlmServerContext} per security context, which answers NEGOTIATE with
 * CHALLENGE, has the AUTHENTICATE verified by an {@link io.sessionmoniker.activation.dcom.ntlm.NtlmAuthority}
 * (NTLMv2, NTLMv1 with extended session security, NTLMv1, anonymous), derives the session keys and signs and seals
 * PDUs at {@code PKT_INTEGRITY} and {@code PKT_PRIVACY}. The authority sees only octets and answers with the
 * principal and the session base key, so a launched server can have its host verify for it without ever holding
 * password material; {@link io.sessionmoniker.activation.dcom.ntlm.LocalNtlmAuthority} verifies against an
 * {@link io.sessionmoniker.activation.dcom.ntlm.NtlmCredentialStore} of NT hashes. Initiator side: {@link
 * io.sessionmoniker.activation.dcom.ntlm.NtlmClientSecurity} gives an {@code RpcClient} an {@link
 * io.sessionmoniker.activation.dcom.ntlm.NtlmClientContext} per security context (NTLMv2, KEY_EXCH, a MIC), logging on
 * with {@link io.sessionmoniker.activation.dcom.ntlm.NtlmCredentials}; both sides share one session security.
 */
package io.sessionmoniker.activation.dcom.ntlm;
