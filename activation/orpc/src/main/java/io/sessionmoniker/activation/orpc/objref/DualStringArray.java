package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * MS-DCOM 2.2.19 {@code DUALSTRINGARRAY}: where and how to reach an object resolver or exporter. On the
 * wire {@code wNumEntries}, {@code wSecurityOffset}, then {@code wNumEntries} 16-bit units: the string bindings
 * (each {@code wTowerId}, the address, a NUL), a 0 terminator, the security bindings (each
 * {@code wAuthnSvc}, 0xFFFF, the principal name, a NUL), a 0 terminator. An empty list is written as an empty
 * entry plus its terminator (two zeros), so the smallest array is {@code 04 00 02 00 00 00 00 00 00 00 00 00}
 * as MS-DCOM 2.2.19.1 describes.
 *
 * <p>Inside an OBJREF the array is raw bytes ({@link #encodeRaw}); as an RPC parameter it is an NDR conformant
 * structure, {@code max_count} first ({@link #encode(NdrWriter)}).
 *
 * <pre>{@code
 * DualStringArray dsa = new DualStringArray(List.of(StringBinding.tcp("10.0.0.1", 135)),
 *         List.of(new SecurityBinding(AuthVerifier.RPC_C_AUTHN_WINNT, "")));
 * dsa.securityOffset();   // 16: tower, 13 characters, NUL, terminator
 * }</pre>
 *
 * @param stringBindings the string bindings, in order of preference
 * @param securityBindings the security bindings, in order of preference
 */
public record DualStringArray(List<StringBinding> stringBindings, List<SecurityBinding> securityBindings) {

    /** No bindings at all. */
    public static final DualStringArray EMPTY = new DualStringArray(List.of(), List.of());

    /**
     * Copies the lists and checks that the array fits its 16-bit counts.
     *
     * @param stringBindings the string bindings
     * @param securityBindings the security bindings
     */
    public DualStringArray {
        stringBindings = List.copyOf(stringBindings);
        securityBindings = List.copyOf(securityBindings);
        if (units(stringBindings, securityBindings).length > 0xFFFF) {
            throw new IllegalArgumentException("a DUALSTRINGARRAY holds at most 65535 units");
        }
    }

    /**
     * Returns {@code wSecurityOffset}: the index of the first security binding's unit.
     *
     * @return the offset in 16-bit units
     */
    public int securityOffset() {
        return stringPartLength(stringBindings);
    }

    /**
     * Returns the {@code aStringArray} units.
     *
     * @return a new array of {@code wNumEntries} units
     */
    char[] units() {
        return units(stringBindings, securityBindings);
    }

    private static int stringPartLength(List<StringBinding> bindings) {
        if (bindings.isEmpty()) {
            return 2;
        }
        int n = 1;
        for (StringBinding b : bindings) {
            n += 2 + b.networkAddress().length();
        }
        return n;
    }

    private static char[] units(List<StringBinding> strings, List<SecurityBinding> security) {
        int n = stringPartLength(strings);
        if (security.isEmpty()) {
            n += 2;
        } else {
            n += 1;
            for (SecurityBinding b : security) {
                n += 3 + b.principalName().length();
            }
        }
        char[] out = new char[n];
        int p = 0;
        if (strings.isEmpty()) {
            p = 2;
        } else {
            for (StringBinding b : strings) {
                out[p++] = (char) b.towerId();
                b.networkAddress().getChars(0, b.networkAddress().length(), out, p);
                p += b.networkAddress().length() + 1;
            }
            p++;
        }
        for (SecurityBinding b : security) {
            out[p++] = (char) b.authnService();
            out[p++] = 0xFFFF;
            b.principalName().getChars(0, b.principalName().length(), out, p);
            p += b.principalName().length() + 1;
        }
        return out;
    }

    /**
     * Writes the raw form used inside an OBJREF: {@code wNumEntries}, {@code wSecurityOffset}, the units,
     * all little-endian and unaligned.
     *
     * @param w the writer (only its unaligned octet methods are used)
     */
    public void encodeRaw(NdrWriter w) {
        char[] units = units();
        w.writeByte(units.length).writeByte(units.length >>> 8);
        int offset = securityOffset();
        w.writeByte(offset).writeByte(offset >>> 8);
        w.writeChars(new String(units));
    }

    /**
     * Writes the NDR form: {@code max_count}, {@code wNumEntries}, {@code wSecurityOffset}, the units.
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        char[] units = units();
        w.writeConformance(units.length).writeShort(units.length).writeShort(securityOffset());
        w.writeChars(new String(units));
    }

    /**
     * Reads the NDR form.
     *
     * @param r the reader
     * @return the array
     * @throws WireFormatException if the counts disagree or a binding is not terminated
     */
    public static DualStringArray decode(NdrReader r) throws WireFormatException {
        int max = r.readConformance(2, "DUALSTRINGARRAY.aStringArray");
        int at = r.position();
        int entries = r.readUnsignedShort();
        int securityOffset = r.readUnsignedShort();
        if (entries != max) {
            throw r.malformedAt("DUALSTRINGARRAY.wNumEntries", at, "wNumEntries " + entries + " differs from max_count "
                    + max);
        }
        String units = r.readChars(entries, "DUALSTRINGARRAY.aStringArray");
        return parse(units, securityOffset, r, at);
    }

    /**
     * Parses the units of either form.
     *
     * @param units the {@code aStringArray} units
     * @param securityOffset {@code wSecurityOffset}
     * @param r the reader, for failures
     * @param at the offset of {@code wNumEntries}, for failures
     * @return the array
     * @throws WireFormatException if malformed
     */
    static DualStringArray parse(String units, int securityOffset, NdrReader r, int at) throws WireFormatException {
        int n = units.length();
        if (securityOffset > n) {
            throw r.malformedAt("DUALSTRINGARRAY.wSecurityOffset", at + 2, "wSecurityOffset " + securityOffset
                    + " is past wNumEntries " + n);
        }
        List<StringBinding> strings = new ArrayList<>();
        int p = 0;
        while (p < securityOffset && units.charAt(p) != 0) {
            int tower = units.charAt(p);
            int end = units.indexOf('\0', p + 1);
            if (end < 0 || end >= securityOffset) {
                throw r.malformedAt("STRINGBINDING.aNetworkAddr", at + 4 + 2 * p,
                        "string binding without NUL before wSecurityOffset");
            }
            strings.add(new StringBinding(tower, units.substring(p + 1, end)));
            p = end + 1;
        }
        if (p >= securityOffset && !strings.isEmpty()) {
            throw r.malformedAt("DUALSTRINGARRAY.wSecurityOffset", at + 2,
                    "no terminator after the string bindings");
        }
        List<SecurityBinding> security = new ArrayList<>();
        p = securityOffset;
        while (p < n && units.charAt(p) != 0) {
            int service = units.charAt(p);
            int end = p + 2 <= n ? units.indexOf('\0', p + 2) : -1;
            if (end < 0) {
                throw r.malformedAt("SECURITYBINDING.aPrincName", at + 4 + 2 * p, "security binding without NUL");
            }
            security.add(new SecurityBinding(service, units.substring(p + 2, end)));
            p = end + 1;
        }
        if (p >= n && !security.isEmpty()) {
            throw r.malformedAt("DUALSTRINGARRAY.wNumEntries", at, "no terminator after the security bindings");
        }
        return new DualStringArray(strings, security);
    }
}
