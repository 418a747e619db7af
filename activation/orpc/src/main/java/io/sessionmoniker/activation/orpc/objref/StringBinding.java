package io.sessionmoniker.activation.orpc.objref;

import java.util.Locale;
import java.util.Objects;

/**
 * MS-DCOM 2.2.19.3 {@code STRINGBINDING}: a protocol sequence (tower id, C706 Appendix I) and a network
 * address, optionally with an endpoint in brackets: {@code "10.0.0.1[5000]"}.
 *
 * <p><b>Local endpoints.</b> This runtime's Unix-domain-socket transport is named with tower id
 * {@link #NCALRPC} (0x10, Windows' local RPC) and a network address of {@code "[" + socket path + "]"}: an
 * empty server name and the socket's absolute path as the endpoint, mirroring the string binding
 * {@code ncalrpc:[endpoint]}. Network clients (j-Interop, Impacket) look only at tower {@link #NCACN_IP_TCP}
 * entries and skip these.
 *
 * <pre>{@code
 * StringBinding.tcp("10.0.0.1", 49712).networkAddress();     // "10.0.0.1[49712]"
 * StringBinding.local("/run/sessmon/exp-1.sock").endpoint(); // "/run/sessmon/exp-1.sock"
 * }</pre>
 *
 * @param towerId the protocol sequence, non-zero
 * @param networkAddress the address; no NUL characters
 */
public record StringBinding(int towerId, String networkAddress) {

    /** ncacn_ip_tcp: TCP/IP. */
    public static final int NCACN_IP_TCP = 0x07;
    /** ncacn_np: named pipes. */
    public static final int NCACN_NP = 0x0F;
    /** ncalrpc: local RPC; here, a Unix domain socket. */
    public static final int NCALRPC = 0x10;
    /** ncacn_http: RPC over HTTP. */
    public static final int NCACN_HTTP = 0x1F;

    /**
     * Checks the components.
     *
     * @param towerId the tower id
     * @param networkAddress the address
     */
    public StringBinding {
        if (towerId <= 0 || towerId > 0xFFFF) {
            throw new IllegalArgumentException("tower id is 1 to 65535: " + towerId);
        }
        if (Objects.requireNonNull(networkAddress, "networkAddress").indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a network address cannot contain NUL");
        }
    }

    /**
     * Returns a TCP binding with an explicit port.
     *
     * @param host the IP literal or host name
     * @param port the port
     * @return {@code host[port]} with tower {@link #NCACN_IP_TCP}
     */
    public static StringBinding tcp(String host, int port) {
        return new StringBinding(NCACN_IP_TCP, host + "[" + port + "]");
    }

    /**
     * Returns a local binding naming a Unix domain socket.
     *
     * @param socketPath the socket's absolute path
     * @return {@code [socketPath]} with tower {@link #NCALRPC}
     */
    public static StringBinding local(String socketPath) {
        return new StringBinding(NCALRPC, "[" + socketPath + "]");
    }

    /**
     * Returns the server name: the address up to the first {@code '['}, or all of it.
     *
     * @return the server name, possibly empty
     */
    public String serverName() {
        int open = networkAddress.indexOf('[');
        return open < 0 ? networkAddress : networkAddress.substring(0, open);
    }

    /**
     * Returns the endpoint: what lies between the first {@code '['} and a final {@code ']'}.
     *
     * @return the endpoint, or empty if there is none
     */
    public String endpoint() {
        int open = networkAddress.indexOf('[');
        if (open < 0 || !networkAddress.endsWith("]") || networkAddress.length() - 1 <= open) {
            return "";
        }
        return networkAddress.substring(open + 1, networkAddress.length() - 1);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "0x%02X:%s", towerId, networkAddress);
    }
}
