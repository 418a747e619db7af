package io.sessionmoniker.activation.dcom.ntlm;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.ClientSecurity;
import java.util.Objects;

/**
 * NTLM (MS-NLMP) as the client's DCE/RPC security for {@code auth_type} 10: credentials, a level, and the choices
 * MS-NLMP leaves to the initiator; each security context an {@link io.sessionmoniker.activation.orpc.rpc.RpcClient}
 * starts gets an {@link NtlmClientContext}. Immutable and thread-safe; {@link #toString()} never shows the hash.
 *
 * <pre>{@code
 * NtlmClientSecurity ntlm = NtlmClientSecurity.of(NtlmCredentials.password("", "alice", password),
 *         AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY);
 * try (RpcClient c = RpcClient.connect(TcpTransport.get(), TcpTransport.endpoint(host, 135),
 *         Duration.ofSeconds(5), ntlm)) {
 *     c.call(iface, null, 4, stub, Duration.ofSeconds(30));   // signed and sealed
 * }
 * }</pre>
 */
public final class NtlmClientSecurity implements ClientSecurity {

    /**
     * What the initiator sends beyond what MS-NLMP fixes. {@link #DEFAULT} follows the spec's SHOULDs for a
     * CHALLENGE that carries {@code MsvAvTimestamp} (as this project's acceptor and Windows send): a MIC, and
     * {@code Z(24)} for the LM response.
     *
     * @param workstation the Workstation name sent in the AUTHENTICATE (empty by default, as Impacket sends)
     * @param spnServiceClass the service class of the {@code MsvAvTargetName} added to the NTLMv2 response,
     *     {@code serviceClass/NetBIOS computer name of the CHALLENGE}; empty to add none. Default {@code "RPCSS"}, the
     *     service class of DCOM's SCM (Impacket sends {@code "cifs"})
     * @param mic whether to send a MIC (MS-NLMP 3.1.5.1.2) when the CHALLENGE carries {@code MsvAvTimestamp}: the
     *     response's {@code MsvAvFlags} then says so, and the MIC covers NEGOTIATE ‖ CHALLENGE ‖ AUTHENTICATE
     * @param lmResponseWithTimestamp whether to send the LMv2 response even when the CHALLENGE carries
     *     {@code MsvAvTimestamp} (Impacket does; MS-NLMP 3.3.2 says Z(24) SHOULD be sent instead, the default)
     * @param version the 8-octet VERSION to announce (then NEGOTIATE_VERSION is requested), or empty (the default:
     *     the flags are then exactly Impacket's {@code 0xE0888235})
     * @param entropy where client challenges, random session keys and the fallback time come from
     */
    public record Options(String workstation, String spnServiceClass, boolean mic, boolean lmResponseWithTimestamp,
            Bytes version, NtlmClientEntropy entropy) {

        /** No workstation, {@code RPCSS} target names, a MIC, Z(24), no VERSION, secure entropy. */
        public static final Options DEFAULT = new Options("", "RPCSS", true, false, Bytes.EMPTY,
                NtlmClientEntropy.secure());

        /**
         * Checks the components.
         *
         * @param workstation not null
         * @param spnServiceClass not null
         * @param mic the MIC choice
         * @param lmResponseWithTimestamp the LM choice
         * @param version empty or 8 octets
         * @param entropy not null
         */
        public Options {
            Objects.requireNonNull(workstation, "workstation");
            Objects.requireNonNull(spnServiceClass, "spnServiceClass");
            Objects.requireNonNull(entropy, "entropy");
            if (version.length() != 0 && version.length() != NtlmMessages.VERSION_LENGTH) {
                throw new IllegalArgumentException("a VERSION is 8 octets, got " + version.length());
            }
        }

        /**
         * Returns a copy with another workstation name.
         *
         * @param name the name
         * @return the copy
         */
        public Options withWorkstation(String name) {
            return new Options(name, spnServiceClass, mic, lmResponseWithTimestamp, version, entropy);
        }

        /**
         * Returns a copy with another target name service class.
         *
         * @param serviceClass for example {@code "host"}; empty for no {@code MsvAvTargetName}
         * @return the copy
         */
        public Options withSpnServiceClass(String serviceClass) {
            return new Options(workstation, serviceClass, mic, lmResponseWithTimestamp, version, entropy);
        }

        /**
         * Returns a copy that sends or omits the MIC.
         *
         * @param send true to send one when the CHALLENGE carries a timestamp
         * @return the copy
         */
        public Options withMic(boolean send) {
            return new Options(workstation, spnServiceClass, send, lmResponseWithTimestamp, version, entropy);
        }

        /**
         * Returns a copy that sends the LMv2 response or Z(24) when the CHALLENGE carries a timestamp.
         *
         * @param lmv2 true for the LMv2 response
         * @return the copy
         */
        public Options withLmResponseWithTimestamp(boolean lmv2) {
            return new Options(workstation, spnServiceClass, mic, lmv2, version, entropy);
        }

        /**
         * Returns a copy that announces a VERSION.
         *
         * @param v 8 octets, or empty for none
         * @return the copy
         */
        public Options withVersion(Bytes v) {
            return new Options(workstation, spnServiceClass, mic, lmResponseWithTimestamp, v, entropy);
        }

        /**
         * Returns a copy with another entropy source.
         *
         * @param source the source
         * @return the copy
         */
        public Options withEntropy(NtlmClientEntropy source) {
            return new Options(workstation, spnServiceClass, mic, lmResponseWithTimestamp, version, source);
        }
    }

    private final NtlmCredentials credentials;
    private final int level;
    private final Options options;

    private NtlmClientSecurity(NtlmCredentials credentials, int level, Options options) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.options = Objects.requireNonNull(options, "options");
        if (level != AuthVerifier.RPC_C_AUTHN_LEVEL_CONNECT && level != AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY
                && level != AuthVerifier.RPC_C_AUTHN_LEVEL_PKT_PRIVACY) {
            throw new IllegalArgumentException("an NTLM client level is CONNECT (2), PKT_INTEGRITY (5) or PKT_PRIVACY"
                    + " (6), not " + level);
        }
        this.level = level;
    }

    /**
     * Makes the security with {@link Options#DEFAULT}.
     *
     * @param credentials whom to log on as
     * @param level CONNECT, PKT_INTEGRITY or PKT_PRIVACY
     * @return the security
     */
    public static NtlmClientSecurity of(NtlmCredentials credentials, int level) {
        return new NtlmClientSecurity(credentials, level, Options.DEFAULT);
    }

    /**
     * Makes the security.
     *
     * @param credentials whom to log on as
     * @param level CONNECT, PKT_INTEGRITY or PKT_PRIVACY
     * @param options the initiator's choices
     * @return the security
     */
    public static NtlmClientSecurity of(NtlmCredentials credentials, int level, Options options) {
        return new NtlmClientSecurity(credentials, level, options);
    }

    /**
     * Returns the options.
     *
     * @return the options
     */
    public Options options() {
        return options;
    }

    @Override
    public int authType() {
        return AuthVerifier.RPC_C_AUTHN_WINNT;
    }

    @Override
    public int authLevel() {
        return level;
    }

    @Override
    public String name() {
        return "NTLM";
    }

    @Override
    public NtlmClientContext newContext() {
        return new NtlmClientContext(credentials, level, options);
    }

    @Override
    public String toString() {
        return "NTLM[" + credentials + ", level " + level + "]";
    }
}
