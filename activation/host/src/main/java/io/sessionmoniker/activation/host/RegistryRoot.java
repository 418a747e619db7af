package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.internal.Ascii;
import java.util.Optional;

/**
 * The root keys a {@link RegistryHive} stores.
 *
 * <p>{@code HKEY_CLASSES_ROOT} is not a root of its own: it is a view of
 * {@code HKEY_LOCAL_MACHINE\SOFTWARE\Classes}, and {@link RegistryPath#parse(String)} turns a path under it into
 * the path under {@code HKEY_LOCAL_MACHINE} (see {@link #lookup(String)}). Root names match ASCII
 * case-insensitively, whole or abbreviated:
 *
 * <pre>{@code
 * RegistryRoot.lookup("hklm");               // Optional[HKEY_LOCAL_MACHINE]
 * RegistryRoot.HKEY_CURRENT_USER.abbreviation(); // "HKCU"
 * }</pre>
 */
public enum RegistryRoot {
    /** {@code HKEY_LOCAL_MACHINE} ({@code HKLM}): machine-wide settings, and the classes under {@code SOFTWARE\Classes}. */
    HKEY_LOCAL_MACHINE("HKLM"),
    /** {@code HKEY_CURRENT_USER} ({@code HKCU}), kept as a root of its own (no user SID is modelled). */
    HKEY_CURRENT_USER("HKCU"),
    /** {@code HKEY_USERS} ({@code HKU}). */
    HKEY_USERS("HKU");

    /** The name of the view onto {@code HKEY_LOCAL_MACHINE\SOFTWARE\Classes}. */
    public static final String CLASSES_ROOT_NAME = "HKEY_CLASSES_ROOT";
    /** The abbreviation of {@link #CLASSES_ROOT_NAME}. */
    public static final String CLASSES_ROOT_ABBREVIATION = "HKCR";

    private final String abbreviation;

    RegistryRoot(String abbreviation) {
        this.abbreviation = abbreviation;
    }

    /**
     * Returns the short name.
     *
     * @return for example {@code "HKLM"}
     */
    public String abbreviation() {
        return abbreviation;
    }

    /**
     * Finds a stored root by its full name or abbreviation, ASCII case-insensitively. The classes view
     * ({@code HKEY_CLASSES_ROOT}, {@code HKCR}) is not a stored root and is not found here; use
     * {@link #isClassesRoot(String)}.
     *
     * @param name for example {@code "HKEY_USERS"} or {@code "hku"}
     * @return the root, or empty
     */
    public static Optional<RegistryRoot> lookup(String name) {
        for (RegistryRoot root : values()) {
            if (Ascii.equalsIgnoreCase(root.name(), name) || Ascii.equalsIgnoreCase(root.abbreviation, name)) {
                return Optional.of(root);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether a root name names the classes view, {@code HKEY_CLASSES_ROOT} or {@code HKCR}, ASCII
     * case-insensitively.
     *
     * @param name a root name
     * @return {@code true} for the classes view
     */
    public static boolean isClassesRoot(String name) {
        return Ascii.equalsIgnoreCase(CLASSES_ROOT_NAME, name) || Ascii.equalsIgnoreCase(CLASSES_ROOT_ABBREVIATION, name);
    }
}
