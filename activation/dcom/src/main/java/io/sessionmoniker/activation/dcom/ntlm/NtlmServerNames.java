package io.sessionmoniker.activation.dcom.ntlm;

import java.util.Locale;
import java.util.Objects;

/**
 * The names an NTLM acceptor announces in its CHALLENGE's TargetInfo (MS-NLMP 2.2.2.1): the NetBIOS computer name
 * ({@code MsvAvNbComputerName}, which Impacket requires), the NetBIOS domain name, and the DNS computer and domain
 * names (omitted from TargetInfo when empty). The NetBIOS computer name is also the TargetName and the domain of
 * the principals a {@link LocalNtlmAuthority} authenticates.
 *
 * <pre>{@code
 * NtlmServerNames n = NtlmServerNames.of("FAKEHOST", "FAKEDOM");   // DNS names "fakehost", "fakedom"
 * }</pre>
 *
 * @param netbiosComputer the NetBIOS computer name, not empty
 * @param netbiosDomain the NetBIOS domain (or workgroup) name, not empty
 * @param dnsComputer the DNS computer name, or empty
 * @param dnsDomain the DNS domain name, or empty
 */
public record NtlmServerNames(String netbiosComputer, String netbiosDomain, String dnsComputer, String dnsDomain) {

    /**
     * Checks the components.
     *
     * @param netbiosComputer not empty
     * @param netbiosDomain not empty
     * @param dnsComputer not null
     * @param dnsDomain not null
     */
    public NtlmServerNames {
        if (netbiosComputer.isEmpty() || netbiosDomain.isEmpty()) {
            throw new IllegalArgumentException("an NTLM server needs a NetBIOS computer and domain name");
        }
        Objects.requireNonNull(dnsComputer, "dnsComputer");
        Objects.requireNonNull(dnsDomain, "dnsDomain");
    }

    /**
     * Makes names whose DNS forms are the NetBIOS names in lower case (what a workgroup machine announces).
     *
     * @param computer the NetBIOS computer name
     * @param domain the NetBIOS domain or workgroup name
     * @return the names
     */
    public static NtlmServerNames of(String computer, String domain) {
        return new NtlmServerNames(computer, domain, computer.toLowerCase(Locale.ROOT), domain.toLowerCase(Locale.ROOT));
    }
}
