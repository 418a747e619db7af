/**
 * NTLM (MS-NLMP) as a DCE/RPC security provider ({@code auth_type} 10): the acceptor's message exchange, the
 * verification of NTLMv1, NTLMv1 with extended session security and NTLMv2 responses, and the signing and sealing
 * of PDUs at {@code PKT_INTEGRITY} and {@code PKT_PRIVACY}.
 */
package io.sessionmoniker.activation.dcom.ntlm;
