package io.sessionmoniker.moniker;

import java.util.Objects;

/**
 * {@code clsid:GUID[;name=value…]:}: names a class; binding it returns the class object (IClassFactory), not an
 * instance, as on Windows. The parameter text is kept verbatim.
 *
 * <pre>{@code
 * ClassMoniker m = ClassMoniker.of(Guid.parse("10000013-0000-0000-0000-000000000001"));
 * m.displayName();   // "clsid:10000013-0000-0000-0000-000000000001:"
 * }</pre>
 *
 * @param clsid the class
 * @param params the text between the CLSID's {@code ;} and the final {@code :}, without the leading {@code ;};
 *     empty for none. Either empty or {@code name=value} pairs separated by {@code ;}, where names are not empty
 *     and neither names nor values contain {@code :}, {@code !} or {@code ;} (names also no {@code =}).
 */
public record ClassMoniker(Guid clsid, String params) implements Moniker {

    /** CLSID_ClassMoniker, {@code 0000031A-0000-0000-C000-000000000046}; {@code {CLSID_ClassMoniker}:GUID} is an alternative spelling. */
    public static final Guid CLSID = Guid.of(0x0000031A_0000_0000L, 0xC000_0000_0000_0046L);

    /**
     * Validates the components.
     *
     * @param clsid the class; not null
     * @param params the parameters; not null, see the record description for the syntax
     */
    public ClassMoniker {
        Objects.requireNonNull(clsid, "clsid");
        Objects.requireNonNull(params, "params");
        int bad = params.isEmpty() ? -1 : invalidParamIndex(params);
        if (bad >= 0) {
            throw new IllegalArgumentException("class moniker parameters \"" + params + "\" are not name=value pairs"
                    + " separated by ';' (problem at index " + bad + ")");
        }
    }

    /**
     * Returns the class moniker without parameters.
     *
     * @param clsid the class
     * @return the moniker
     */
    public static ClassMoniker of(Guid clsid) {
        return new ClassMoniker(clsid, "");
    }

    /**
     * Returns the index in {@code params} where the parameter syntax breaks, or -1 when it holds.
     *
     * @param params the parameter text without its leading {@code ;}
     * @return the index of the first bad character (the length when the text ends too early), or -1
     */
    static int invalidParamIndex(String params) {
        int i = 0;
        int n = params.length();
        while (true) {
            int nameStart = i;
            while (i < n && params.charAt(i) != '=' && params.charAt(i) != ';'
                    && params.charAt(i) != ':' && params.charAt(i) != '!') {
                i++;
            }
            if (i == nameStart || i >= n || params.charAt(i) != '=') {
                return i;
            }
            i++; // '='
            while (i < n && params.charAt(i) != ';' && params.charAt(i) != ':' && params.charAt(i) != '!') {
                i++;
            }
            if (i == n) {
                return -1;
            }
            if (params.charAt(i) != ';') {
                return i;
            }
            i++; // ';' starts the next pair
        }
    }

    @Override
    public Kind kind() {
        return Kind.CLASS;
    }

    @Override
    public String displayName() {
        return params.isEmpty() ? "clsid:" + clsid + ":" : "clsid:" + clsid + ";" + params + ":";
    }

    @Override
    public String toString() {
        return displayName();
    }
}
