package io.sessionmoniker.policy.internal;

import io.sessionmoniker.moniker.internal.Ascii;

import io.sessionmoniker.policy.Ace;
import io.sessionmoniker.policy.AceType;
import io.sessionmoniker.policy.Acl;
import io.sessionmoniker.policy.SecurityDescriptor;
import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import io.sessionmoniker.policy.Sid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cursor parser for SDDL security descriptor strings ([MS-DTYP] 2.5.1.1, "Security Descriptor String
 * Format" and "ACE Strings" in MicrosoftDocs/win32 {@code desktop-src/SecAuthZ/}).
 *
 * <pre>
 * sddl       = [ws] ["O:" [ws] sid] [ws] ["G:" [ws] sid] [ws] ["D:" acl] [ws] ["S:" acl] [ws]
 * acl        = [ws] *(("P" / "AR" / "AI") [ws]) ["NO_ACCESS_CONTROL"] aces
 * aces       = *([ws] ace)
 * ace        = "(" field ";" field ";" field ";" field ";" field ";" [ws] sid [ws] ")"
 * field      = [ws] content [ws]        ; type, [flags], [rights], "", "" in that order
 * type       = "A" / "D" / "OA"         ; in D: (OA without GUIDs is A, as Windows converts it)
 *            / "AU" / "ML"              ; in S:
 * sid        = 2ALPHA / SID-string      ; SID-string as SidText reads it (blanks after each "-")
 * ws         = 1*(SP / HTAB / CR / LF)
 * </pre>
 *
 * <p>Blanks are accepted where Windows' {@code ConvertStringSecurityDescriptorToSecurityDescriptor} accepts them
 * ({@code D: AI(A; ;GA;;; WD )}) and, for simplicity, also after the rights field and after a SID string, where
 * Windows refuses them; never inside a code, a number or a keyword. Literals are matched ignoring ASCII case, as
 * RFC 5234 ABNF strings are. Every error names its position.
 *
 * <pre>{@code
 * SddlParser.parse("O:BAG:BAD:(A;;CCDCLCSWRP;;;IU)", null).owner();   // Optional[S-1-5-32-544]
 * }</pre>
 */
public final class SddlParser {

    private static final Map<String, String> UNSUPPORTED_TYPES = Map.ofEntries(
            Map.entry("OD", "ACCESS_DENIED_OBJECT"),
            Map.entry("AL", "SYSTEM_ALARM"),
            Map.entry("OU", "SYSTEM_AUDIT_OBJECT"),
            Map.entry("OL", "SYSTEM_ALARM_OBJECT"),
            Map.entry("XA", "ACCESS_ALLOWED_CALLBACK"),
            Map.entry("XD", "ACCESS_DENIED_CALLBACK"),
            Map.entry("ZA", "ACCESS_ALLOWED_CALLBACK_OBJECT"),
            Map.entry("XU", "SYSTEM_AUDIT_CALLBACK"),
            Map.entry("RA", "SYSTEM_RESOURCE_ATTRIBUTE"),
            Map.entry("SP", "SYSTEM_SCOPED_POLICY_ID"));

    private final String text;
    private final Sid domain;
    private int pos;

    private SddlParser(String text, Sid domain) {
        this.text = text;
        this.domain = domain;
    }

    /**
     * Parses an SDDL string.
     *
     * @param text the string
     * @param domain the domain for domain-relative aliases, or null to reject them
     * @return the descriptor
     * @throws SecurityDescriptorFormatException naming the position of the first error
     */
    public static SecurityDescriptor parse(String text, Sid domain) {
        return new SddlParser(text, domain).descriptor();
    }

    private SecurityDescriptor descriptor() {
        SecurityDescriptor.Builder builder = SecurityDescriptor.builder();
        skipWhitespace();
        // "O:" sid
        if (at("O:")) {
            pos += 2;
            builder.owner(sid("owner"));
            skipWhitespace();
        }
        // "G:" sid
        if (at("G:")) {
            pos += 2;
            builder.group(sid("group"));
            skipWhitespace();
        }
        // "D:" acl-flags aces
        if (at("D:")) {
            pos += 2;
            acl(builder, true);
            skipWhitespace();
        }
        // "S:" acl-flags aces
        if (at("S:")) {
            pos += 2;
            acl(builder, false);
            skipWhitespace();
        }
        if (pos < text.length()) {
            if (at("O:") || at("G:") || at("D:") || at("S:")) {
                throw error("expected the components in the order O:, G:, D:, S:, each at most once, but "
                        + text.substring(pos, pos + 2) + " comes late");
            }
            throw error("expected O:, G:, D:, S: or the end of the string but was " + Ascii.describeAt(text, pos));
        }
        return builder.build();
    }

    // sid = 2ALPHA / SID-string
    private Sid sid(String role) {
        skipWhitespace();
        if (SidText.startsWithSid(text, pos)) {
            SidText.Result result = SidText.parse(text, pos);
            pos = result.end();
            return result.sid();
        }
        if (pos + 2 > text.length() || !isLetter(text.charAt(pos)) || !isLetter(text.charAt(pos + 1))) {
            throw error("expected the " + role + " as a two-letter alias or an S-1-… SID but was "
                    + Ascii.describeAt(text, pos));
        }
        Sid sid = SidAliases.resolve(text, pos, domain);
        pos += 2;
        return sid;
    }

    // acl-flags aces
    private void acl(SecurityDescriptor.Builder builder, boolean discretionary) {
        String name = discretionary ? "DACL" : "SACL";
        int flags = 0;
        boolean nullAcl = false;
        skipWhitespace();
        while (pos < text.length()) {
            if (at("NO_ACCESS_CONTROL")) {
                nullAcl = true;
                pos += "NO_ACCESS_CONTROL".length();
                break;
            } else if (at("AR")) {
                flags |= discretionary ? SecurityDescriptor.SE_DACL_AUTO_INHERIT_REQ
                        : SecurityDescriptor.SE_SACL_AUTO_INHERIT_REQ;
                pos += 2;
            } else if (at("AI")) {
                flags |= discretionary ? SecurityDescriptor.SE_DACL_AUTO_INHERITED
                        : SecurityDescriptor.SE_SACL_AUTO_INHERITED;
                pos += 2;
            } else if (Ascii.toUpper(text.charAt(pos)) == 'P') {
                flags |= discretionary ? SecurityDescriptor.SE_DACL_PROTECTED : SecurityDescriptor.SE_SACL_PROTECTED;
                pos += 1;
            } else {
                break;
            }
            skipWhitespace();
        }
        builder.addControlFlags(flags);
        List<Ace> aces = new ArrayList<>();
        int size = Acl.HEADER_SIZE;
        while (true) {
            int before = pos;
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == '(') {
                if (nullAcl) {
                    throw error("expected no ACEs after NO_ACCESS_CONTROL (a NULL " + name + " has none) but was '('");
                }
                int aceAt = pos;
                Ace ace = ace(discretionary);
                size += ace.byteSize();
                if (size > 0xFFFF) {
                    throw SecurityDescriptorFormatException.text(text, aceAt,
                            "expected the " + name + " to fit in 65535 bytes (the 16-bit AclSize) but this ACE makes it "
                                    + size);
                }
                aces.add(ace);
            } else {
                pos = before;
                break;
            }
        }
        if (pos < text.length() && !nullAcl && aces.isEmpty() && isLetter(text.charAt(pos))
                && !at("O:") && !at("G:") && !at("D:") && !at("S:")) {
            throw error("expected " + name + " flags P, AR, AI or NO_ACCESS_CONTROL, or an ACE in parentheses, but was "
                    + Ascii.describeAt(text, pos));
        }
        Acl acl = nullAcl ? null : Acl.of(aces);
        if (discretionary) {
            if (acl == null) {
                builder.nullDacl();
            } else {
                builder.dacl(acl);
            }
        } else if (acl == null) {
            builder.nullSacl();
        } else {
            builder.sacl(acl);
        }
    }

    // ace = "(" field ";" field ";" field ";" field ";" field ";" [ws] sid [ws] ")"
    private Ace ace(boolean discretionary) {
        pos++; // "("
        int[] type = field("ACE type");
        AceType aceType = type(type[0], type[1], discretionary);

        int[] flagsField = field("ACE flags");
        int flags = AccessRightsText.parseFlags(text, flagsField[0], flagsField[1]);

        int[] rightsField = field("access rights");
        int mask = AccessRightsText.parseRights(text, rightsField[0], rightsField[1]);

        for (String guid : new String[] {"object GUID", "inherited object GUID"}) {
            int[] guidField = field(guid);
            if (guidField[1] != guidField[0]) {
                throw SecurityDescriptorFormatException.text(text, guidField[0],
                        "expected an empty " + guid + " field (object ACEs are not supported) but was '"
                                + text.substring(guidField[0], guidField[1]) + "'");
            }
        }

        Sid sid = sid("account SID");
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == ';') {
            throw error("expected ')' after the account SID but was ';' (conditional and resource-attribute ACEs are"
                    + " not supported)");
        }
        if (pos >= text.length() || text.charAt(pos) != ')') {
            throw error("expected ')' after the account SID but was " + Ascii.describeAt(text, pos));
        }
        pos++;
        return Ace.of(aceType, flags, mask, sid);
    }

    // field = [ws] content [ws] ";" -- returns the content's bounds and moves past the ';'
    private int[] field(String name) {
        int end = fieldEnd(name);
        int start = pos;
        while (start < end && isWhitespace(text.charAt(start))) {
            start++;
        }
        int contentEnd = end;
        while (contentEnd > start && isWhitespace(text.charAt(contentEnd - 1))) {
            contentEnd--;
        }
        for (int p = start; p < contentEnd; p++) {
            if (isWhitespace(text.charAt(p))) {
                throw SecurityDescriptorFormatException.text(text, p,
                        "expected no blank inside the " + name + " field (blanks may only surround it) but was "
                                + Ascii.describeAt(text, p));
            }
        }
        pos = end + 1;
        return new int[] {start, contentEnd};
    }

    private AceType type(int start, int end, boolean discretionary) {
        String token = upper(start, end);
        AceType type = switch (token) {
            case "A", "OA" -> AceType.ACCESS_ALLOWED; // OA without GUIDs: Windows converts it to A
            case "D" -> AceType.ACCESS_DENIED;
            case "AU" -> AceType.SYSTEM_AUDIT;
            case "ML" -> AceType.SYSTEM_MANDATORY_LABEL;
            default -> null;
        };
        String expected = discretionary ? "A or D in a DACL" : "AU or ML in a SACL";
        if (type == null) {
            String known = UNSUPPORTED_TYPES.get(token);
            throw SecurityDescriptorFormatException.text(text, start, known != null
                    ? "expected ACE type " + expected + " but was '" + text.substring(start, end) + "' (" + known
                            + "), which is not supported"
                    : "expected ACE type " + expected + " but was " + describeToken(start, end));
        }
        if (type.isDiscretionary() != discretionary) {
            throw SecurityDescriptorFormatException.text(text, start,
                    "expected ACE type " + expected + " but was '" + text.substring(start, end) + "', which belongs in "
                            + (discretionary ? "a SACL (S:)" : "a DACL (D:)"));
        }
        return type;
    }

    private String describeToken(int start, int end) {
        return start == end ? "an empty field" : "'" + text.substring(start, end) + "'";
    }

    // Finds the ';' that ends the current field; a ')' or the end of the input first is an error.
    private int fieldEnd(String field) {
        for (int p = pos; p < text.length(); p++) {
            char c = text.charAt(p);
            if (c == ';') {
                return p;
            }
            if (c == ')' || c == '(') {
                throw SecurityDescriptorFormatException.text(text, p,
                        "expected ';' after the " + field + " field but was '" + c + "'");
            }
        }
        throw SecurityDescriptorFormatException.text(text, text.length(),
                "expected ';' after the " + field + " field but the input ended");
    }

    private String upper(int start, int end) {
        StringBuilder out = new StringBuilder(end - start);
        for (int p = start; p < end; p++) {
            out.append(Ascii.toUpper(text.charAt(p)));
        }
        return out.toString();
    }

    private boolean at(String token) {
        return Ascii.regionMatchesUpper(text, pos, token);
    }

    private static boolean isLetter(char c) {
        char u = Ascii.toUpper(c);
        return u >= 'A' && u <= 'Z';
    }

    private void skipWhitespace() {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private SecurityDescriptorFormatException error(String reason) {
        return SecurityDescriptorFormatException.text(text, pos, reason);
    }
}
