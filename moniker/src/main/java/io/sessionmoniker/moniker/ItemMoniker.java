package io.sessionmoniker.moniker;

import io.sessionmoniker.moniker.internal.Ascii;
import java.util.Objects;

/**
 * {@code !name}: an item inside the object on its left. Its display name includes its delimiter, as Windows'
 * item moniker's does; the only delimiter this parser reads is {@code !}. Names compare ignoring ASCII case, as
 * Windows' item moniker's {@code IsEqual} compares them case-insensitively ({@code !Sheet1} equals {@code !SHEET1};
 * wine-mirror/wine {@code dlls/ole32/itemmoniker.c} uses {@code wcsicmp});
 * the display name keeps the case it was given. The folding is ASCII only, whatever the default locale.
 *
 * <pre>{@code
 * ItemMoniker.of("Sheet1").displayName();   // "!Sheet1"
 * }</pre>
 *
 * @param delimiter always {@code "!"}
 * @param name the item name: not empty, no {@code !}
 */
public record ItemMoniker(String delimiter, String name) implements Moniker {

    /** CLSID_ItemMoniker, {@code 00000304-0000-0000-C000-000000000046}. */
    public static final Guid CLSID = Guid.of(0x00000304_0000_0000L, 0xC000_0000_0000_0046L);

    /** The delimiter this parser reads and writes. */
    public static final String DELIMITER = "!";

    /**
     * Validates the components.
     *
     * @param delimiter {@code "!"}
     * @param name not empty, without {@code !}
     */
    public ItemMoniker {
        Objects.requireNonNull(delimiter, "delimiter");
        Objects.requireNonNull(name, "name");
        if (!DELIMITER.equals(delimiter)) {
            throw new IllegalArgumentException("item delimiter must be '!' but was \"" + delimiter + "\"");
        }
        if (name.isEmpty() || name.indexOf('!') >= 0) {
            throw new IllegalArgumentException("item name must be non-empty and contain no '!': \"" + name + "\"");
        }
    }

    /**
     * Returns the item moniker {@code !name}.
     *
     * @param name the item name
     * @return the moniker
     */
    public static ItemMoniker of(String name) {
        return new ItemMoniker(DELIMITER, name);
    }

    /**
     * Item monikers are equal when their names are equal ignoring ASCII case.
     *
     * @param o another object
     * @return whether {@code o} names the same item
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ItemMoniker other && Ascii.equalsIgnoreCase(other.name, name);
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + Ascii.toLower(name.charAt(i));
        }
        return h;
    }

    @Override
    public Kind kind() {
        return Kind.ITEM;
    }

    @Override
    public String displayName() {
        return delimiter + name;
    }

    @Override
    public String toString() {
        return displayName();
    }
}
