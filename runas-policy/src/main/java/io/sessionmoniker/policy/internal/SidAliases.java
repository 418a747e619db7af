package io.sessionmoniker.policy.internal;

import io.sessionmoniker.moniker.internal.Ascii;

import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import io.sessionmoniker.policy.Sid;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SDDL SID string constants and the names Windows shows for well-known SIDs.
 *
 * <p>Aliases and RIDs: Microsoft's "SID Strings" page (MicrosoftDocs/win32
 * {@code desktop-src/SecAuthZ/sid-strings.md}) and [MS-DTYP] 2.5.1.1; BUILTIN RIDs as in {@code winnt.h}.
 * Aliases whose meaning depends on a domain ({@code DA}, {@code LA}, …) resolve only when a domain SID is
 * given. {@code RM} is {@code SDDL_REMOTE_MANAGEMENT_USERS} of {@code sddl.h} (BUILTIN\Remote Management
 * Users, RID 580; the page's "RMS Service" row gives no RID) and {@code AS} is {@code SDDL_AUTHORITY_ASSERTED}
 * ({@code S-1-18-1}), which the page's table lacks.
 *
 * <pre>{@code
 * SidAliases.resolve("BA", 0, null);               // S-1-5-32-544
 * SidAliases.aliasOf(Sid.INTERACTIVE);             // Optional[IU]
 * SidAliases.aliasOf(domain.append(512), domain);  // Optional[DA]
 * }</pre>
 */
public final class SidAliases {

    private record Entry(String alias, Sid sid, String name) {
    }

    private static final Map<String, Entry> BY_ALIAS = new LinkedHashMap<>();
    private static final Map<Sid, Entry> BY_SID = new HashMap<>();
    private static final Map<String, Long> DOMAIN_RIDS = new LinkedHashMap<>();
    private static final Map<String, String> DOMAIN_NAMES = new HashMap<>();
    private static final Map<Sid, String> EXTRA_NAMES = new HashMap<>();

    static {
        fixed("WD", Sid.EVERYONE, "Everyone");
        fixed("CO", Sid.CREATOR_OWNER, "CREATOR OWNER");
        fixed("CG", Sid.CREATOR_GROUP, "CREATOR GROUP");
        fixed("OW", Sid.of(3, 4), "OWNER RIGHTS");
        fixed("NU", Sid.NETWORK, "NT AUTHORITY\\NETWORK");
        fixed("IU", Sid.INTERACTIVE, "NT AUTHORITY\\INTERACTIVE");
        fixed("SU", Sid.SERVICE, "NT AUTHORITY\\SERVICE");
        fixed("AN", Sid.ANONYMOUS, "NT AUTHORITY\\ANONYMOUS LOGON");
        fixed("ED", Sid.of(5, 9), "NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS");
        fixed("PS", Sid.PRINCIPAL_SELF, "NT AUTHORITY\\SELF");
        fixed("AU", Sid.AUTHENTICATED_USERS, "NT AUTHORITY\\Authenticated Users");
        fixed("RC", Sid.of(5, 12), "NT AUTHORITY\\RESTRICTED");
        fixed("SY", Sid.LOCAL_SYSTEM, "NT AUTHORITY\\SYSTEM");
        fixed("LS", Sid.LOCAL_SERVICE, "NT AUTHORITY\\LOCAL SERVICE");
        fixed("NS", Sid.NETWORK_SERVICE, "NT AUTHORITY\\NETWORK SERVICE");
        fixed("WR", Sid.of(5, 33), "NT AUTHORITY\\WRITE RESTRICTED");
        fixed("UD", Sid.of(5, 84, 0, 0, 0, 0, 0), "NT AUTHORITY\\USER MODE DRIVERS");
        fixed("BA", Sid.BUILTIN_ADMINISTRATORS, "BUILTIN\\Administrators");
        fixed("BU", Sid.BUILTIN_USERS, "BUILTIN\\Users");
        fixed("BG", Sid.BUILTIN_GUESTS, "BUILTIN\\Guests");
        fixed("PU", Sid.of(5, 32, 547), "BUILTIN\\Power Users");
        fixed("AO", Sid.of(5, 32, 548), "BUILTIN\\Account Operators");
        fixed("SO", Sid.of(5, 32, 549), "BUILTIN\\Server Operators");
        fixed("PO", Sid.of(5, 32, 550), "BUILTIN\\Print Operators");
        fixed("BO", Sid.of(5, 32, 551), "BUILTIN\\Backup Operators");
        fixed("RE", Sid.of(5, 32, 552), "BUILTIN\\Replicator");
        fixed("RU", Sid.of(5, 32, 554), "BUILTIN\\Pre-Windows 2000 Compatible Access");
        fixed("RD", Sid.of(5, 32, 555), "BUILTIN\\Remote Desktop Users");
        fixed("NO", Sid.of(5, 32, 556), "BUILTIN\\Network Configuration Operators");
        fixed("MU", Sid.of(5, 32, 558), "BUILTIN\\Performance Monitor Users");
        fixed("LU", Sid.of(5, 32, 559), "BUILTIN\\Performance Log Users");
        fixed("IS", Sid.of(5, 32, 568), "BUILTIN\\IIS_IUSRS");
        fixed("CY", Sid.of(5, 32, 569), "BUILTIN\\Cryptographic Operators");
        fixed("ER", Sid.of(5, 32, 573), "BUILTIN\\Event Log Readers");
        fixed("CD", Sid.of(5, 32, 574), "BUILTIN\\Certificate Service DCOM Access");
        fixed("RA", Sid.of(5, 32, 575), "BUILTIN\\RDS Remote Access Servers");
        fixed("ES", Sid.of(5, 32, 576), "BUILTIN\\RDS Endpoint Servers");
        fixed("MS", Sid.of(5, 32, 577), "BUILTIN\\RDS Management Servers");
        fixed("HA", Sid.of(5, 32, 578), "BUILTIN\\Hyper-V Administrators");
        fixed("AA", Sid.of(5, 32, 579), "BUILTIN\\Access Control Assistance Operators");
        fixed("RM", Sid.of(5, 32, 580), "BUILTIN\\Remote Management Users");
        fixed("AC", Sid.ALL_APP_PACKAGES, "APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES");
        fixed("LW", Sid.LOW_INTEGRITY, "Mandatory Label\\Low Mandatory Level");
        fixed("ME", Sid.MEDIUM_INTEGRITY, "Mandatory Label\\Medium Mandatory Level");
        fixed("MP", Sid.of(16, 8448), "Mandatory Label\\Medium Plus Mandatory Level");
        fixed("HI", Sid.HIGH_INTEGRITY, "Mandatory Label\\High Mandatory Level");
        fixed("SI", Sid.SYSTEM_INTEGRITY, "Mandatory Label\\System Mandatory Level");
        fixed("AS", Sid.of(18, 1), "Authentication authority asserted identity");
        fixed("SS", Sid.of(18, 2), "Service asserted identity");

        domain("LA", 500, "Administrator");
        domain("LG", 501, "Guest");
        domain("RO", 498, "Enterprise Read-only Domain Controllers");
        domain("DA", 512, "Domain Admins");
        domain("DU", 513, "Domain Users");
        domain("DG", 514, "Domain Guests");
        domain("DC", 515, "Domain Computers");
        domain("DD", 516, "Domain Controllers");
        domain("CA", 517, "Cert Publishers");
        domain("SA", 518, "Schema Admins");
        domain("EA", 519, "Enterprise Admins");
        domain("PA", 520, "Group Policy Creator Owners");
        domain("CN", 522, "Cloneable Domain Controllers");
        domain("AP", 525, "Protected Users");
        domain("KA", 526, "Key Admins");
        domain("EK", 527, "Enterprise Key Admins");
        domain("RS", 553, "RAS and IAS Servers");

        EXTRA_NAMES.put(Sid.NULL, "NULL SID");
        EXTRA_NAMES.put(Sid.LOCAL, "LOCAL");
        EXTRA_NAMES.put(Sid.BATCH, "NT AUTHORITY\\BATCH");
        EXTRA_NAMES.put(Sid.DISTRIBUTED_COM_USERS, "BUILTIN\\Distributed COM Users");
    }

    private SidAliases() {
    }

    private static void fixed(String alias, Sid sid, String name) {
        Entry entry = new Entry(alias, sid, name);
        BY_ALIAS.put(alias, entry);
        BY_SID.put(sid, entry);
    }

    private static void domain(String alias, long rid, String name) {
        DOMAIN_RIDS.put(alias, rid);
        DOMAIN_NAMES.put(alias, name);
    }

    /**
     * Resolves the two-letter alias at {@code position} (ASCII case ignored).
     *
     * @param text the input
     * @param position where the alias starts; two characters are read
     * @param domain the domain for domain-relative aliases, or null to reject them
     * @return the SID
     * @throws SecurityDescriptorFormatException for an unknown alias, or a domain-relative one without a domain
     */
    public static Sid resolve(String text, int position, Sid domain) {
        if (position + 2 > text.length()) {
            throw SecurityDescriptorFormatException.text(text, position,
                    "expected a two-letter SID alias or a SID string but was " + Ascii.describeAt(text, position));
        }
        String alias = "" + Ascii.toUpper(text.charAt(position)) + Ascii.toUpper(text.charAt(position + 1));
        Entry entry = BY_ALIAS.get(alias);
        if (entry != null) {
            return entry.sid();
        }
        Long rid = DOMAIN_RIDS.get(alias);
        if (rid != null) {
            if (domain == null) {
                throw SecurityDescriptorFormatException.text(text, position,
                        "expected a SID but the alias '" + alias + "' (" + DOMAIN_NAMES.get(alias)
                                + ") is relative to a domain; parse with a domain SID or write the full SID");
            }
            return domain.append(rid);
        }
        throw SecurityDescriptorFormatException.text(text, position,
                "expected a SID alias such as SY, BA or IU, or a SID string, but was '"
                        + text.substring(position, position + 2) + "'");
    }

    /**
     * Returns the machine-independent alias of a SID.
     *
     * @param sid the SID
     * @return the alias, or empty
     */
    public static Optional<String> aliasOf(Sid sid) {
        Entry entry = BY_SID.get(sid);
        return entry == null ? Optional.empty() : Optional.of(entry.alias());
    }

    /**
     * Returns the alias of a SID, including the domain-relative aliases of {@code domain}.
     *
     * @param sid the SID
     * @param domain the domain, or null
     * @return the alias, or empty
     */
    public static Optional<String> aliasOf(Sid sid, Sid domain) {
        Optional<String> fixed = aliasOf(sid);
        if (fixed.isPresent() || domain == null) {
            return fixed;
        }
        if (sid.subAuthorityCount() == domain.subAuthorityCount() + 1 && sid.startsWith(domain)) {
            long rid = sid.subAuthority(sid.subAuthorityCount() - 1);
            for (Map.Entry<String, Long> e : DOMAIN_RIDS.entrySet()) {
                if (e.getValue() == rid) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the name Windows shows for a well-known SID.
     *
     * @param sid the SID
     * @return the name, or empty
     */
    public static Optional<String> nameOf(Sid sid) {
        Entry entry = BY_SID.get(sid);
        if (entry != null) {
            return Optional.of(entry.name());
        }
        return Optional.ofNullable(EXTRA_NAMES.get(sid));
    }
}
