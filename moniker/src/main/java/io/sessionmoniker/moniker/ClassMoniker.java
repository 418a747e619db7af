package io.sessionmoniker.moniker;

import java.util.Objects;

/**
 * {@code clsid:GUID[data]:}: names a class; binding it returns the class object (IClassFactory), not an instance,
 * as on Windows.
 *
 * <p>{@code data} is what Windows keeps after the CLSID: every character between the CLSID and the colon that ends
 * the class part, verbatim. The documented form is a {@code ;name=value} list ({@code clsid:GUID;a=1:}), but
 * Windows keeps any text ({@code clsid:GUIDextra data} is a class moniker with the data {@code "extra data"}), and
 * its {@code GetDisplayName} writes {@code "clsid:"}, the CLSID, the data and {@code ":"} (wine-mirror/wine
 * {@code dlls/ole32/tests/moniker.c}, {@code test_class_moniker}, whose results are Windows'). As in Windows'
 * {@code IsEqual}, the data does not take part in {@link #equals(Object)}: two class monikers are equal when
 * their CLSIDs are.
 *
 * <pre>{@code
 * ClassMoniker m = ClassMoniker.of(Guid.parse("10000013-0000-0000-0000-000000000001"));
 * m.displayName();                                  // "clsid:10000013-0000-0000-0000-000000000001:"
 * ClassMoniker.withParams(m.clsid(), "a=1").displayName();   // "clsid:10000013-…-000000000001;a=1:"
 * ClassMoniker.withParams(m.clsid(), "a=1").equals(m);      // true
 * }</pre>
 *
 * @param clsid the class
 * @param data the text between the CLSID and the final {@code :}, verbatim (a {@code ;name=value} list keeps its
 *     leading {@code ;}); empty for none; never contains {@code :} or {@code !}, which end the class part
 */
public record ClassMoniker(Guid clsid, String data) implements Moniker {

    /** CLSID_ClassMoniker, {@code 0000031A-0000-0000-C000-000000000046}; {@code {CLSID_ClassMoniker}:GUID} is an alternative spelling. */
    public static final Guid CLSID = Guid.of(0x0000031A_0000_0000L, 0xC000_0000_0000_0046L);

    /**
     * Validates the components.
     *
     * @param clsid the class; not null
     * @param data the data; not null, without {@code :} or {@code !}
     */
    public ClassMoniker {
        Objects.requireNonNull(clsid, "clsid");
        Objects.requireNonNull(data, "data");
        int bad = invalidDataIndex(data);
        if (bad >= 0) {
            throw new IllegalArgumentException("class moniker data \"" + data + "\" contains '" + data.charAt(bad)
                    + "' at index " + bad + ", which ends a class part");
        }
    }

    /**
     * Returns the class moniker without data.
     *
     * @param clsid the class
     * @return the moniker
     */
    public static ClassMoniker of(Guid clsid) {
        return new ClassMoniker(clsid, "");
    }

    /**
     * Returns the class moniker with a parameter list: {@code clsid:GUID;params:}.
     *
     * @param clsid the class
     * @param params the text after the {@code ;}, for example {@code "a=1;b=2"}; empty for none
     * @return the moniker
     */
    public static ClassMoniker withParams(Guid clsid, String params) {
        Objects.requireNonNull(params, "params");
        return new ClassMoniker(clsid, params.isEmpty() ? "" : ";" + params);
    }

    /**
     * Returns the moniker's parameters: the data without the {@code ;} that starts a parameter list, or the data as
     * it is when it does not start with {@code ;}. This is the {@code params} of {@code sessmon parse --json}.
     *
     * @return for example {@code "a=1"} for {@code clsid:GUID;a=1:}, {@code "extra"} for {@code clsid:GUIDextra:}
     */
    public String params() {
        return data.startsWith(";") ? data.substring(1) : data;
    }

    /**
     * Returns the index of the first character of {@code data} that would end a class part ({@code :} or
     * {@code !}), or -1.
     *
     * @param data candidate data
     * @return the index, or -1 when the data is valid
     */
    static int invalidDataIndex(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == ':' || c == '!') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Class monikers are equal when their CLSIDs are; the data does not take part, as in Windows' {@code IsEqual}.
     *
     * @param o another object
     * @return whether {@code o} is a class moniker of the same class
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClassMoniker other && other.clsid.equals(clsid);
    }

    @Override
    public int hashCode() {
        return clsid.hashCode();
    }

    @Override
    public Kind kind() {
        return Kind.CLASS;
    }

    @Override
    public String displayName() {
        return "clsid:" + clsid + data + ":";
    }

    @Override
    public String toString() {
        return displayName();
    }
}
