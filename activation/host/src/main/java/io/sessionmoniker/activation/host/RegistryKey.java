package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.RegNames;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One key of a {@link RegistryHive}: its path, its values in the order they were created, and its subkeys in
 * the order Windows enumerates them (by name, case-insensitively).
 *
 * <p>Immutable; part of an immutable hive. Names are looked up case-insensitively and keep the spelling they were
 * first created with.
 *
 * <pre>{@code
 * RegistryKey clsid = hive.key("HKCR\\CLSID\\{10000013-0000-0000-0000-000000000001}").orElseThrow();
 * clsid.defaultValue().flatMap(RegistryValue::asString);   // Optional["SessionMoniker.SessionInfo"]
 * clsid.find("localserver32").map(RegistryKey::path);      // Optional[HKEY_LOCAL_MACHINE\…\LocalServer32]
 * clsid.value("APPID").flatMap(RegistryValue::asString);   // Optional["{10000013-…}"]
 * }</pre>
 *
 * <p>Two keys are equal when a {@code .reg} file would write them identically: same name spelling, same values
 * in the same order, equal subkeys.
 */
public final class RegistryKey {

    private final RegistryPath path;
    private final List<RegistryValue> values;
    private final Map<String, RegistryValue> valuesByName;
    private final List<RegistryKey> subkeys;
    private final Map<String, RegistryKey> subkeysByName;
    private final int keyCount;
    private final int hash;

    RegistryKey(RegistryPath path, List<RegistryValue> values, List<RegistryKey> subkeys) {
        this.path = path;
        this.values = Collections.unmodifiableList(values);
        this.subkeys = Collections.unmodifiableList(subkeys);
        Map<String, RegistryValue> vm = new HashMap<>(values.size() * 2);
        int h = path.name().hashCode();
        for (RegistryValue v : values) {
            vm.put(RegNames.fold(v.name()), v);
            h = h * 31 + v.hashCode();
        }
        Map<String, RegistryKey> km = new HashMap<>(subkeys.size() * 2);
        int count = 0;
        for (RegistryKey k : subkeys) {
            km.put(RegNames.fold(k.name()), k);
            h = h * 31 + k.hash;
            count += 1 + k.keyCount;
        }
        this.valuesByName = vm;
        this.subkeysByName = km;
        this.keyCount = count;
        this.hash = h;
    }

    /**
     * Returns the key's own name.
     *
     * @return the last name of its path, or the root's full name for a root
     */
    public String name() {
        return path.name();
    }

    /**
     * Returns the full path, spelled as stored.
     *
     * @return the path
     */
    public RegistryPath path() {
        return path;
    }

    /**
     * Returns the values in the order they were created.
     *
     * @return an unmodifiable list
     */
    public List<RegistryValue> values() {
        return values;
    }

    /**
     * Looks a value up by name, case-insensitively.
     *
     * @param name the value name; {@code ""} for the default value
     * @return the value, or empty
     */
    public Optional<RegistryValue> value(String name) {
        return Optional.ofNullable(valuesByName.get(RegNames.fold(Objects.requireNonNull(name, "name"))));
    }

    /**
     * Returns the default value ({@code @} in a {@code .reg} file).
     *
     * @return the value, or empty if the key has none
     */
    public Optional<RegistryValue> defaultValue() {
        return Optional.ofNullable(valuesByName.get(""));
    }

    /**
     * Returns the subkeys, ordered by name case-insensitively, as Windows enumerates them.
     *
     * @return an unmodifiable list
     */
    public List<RegistryKey> subkeys() {
        return subkeys;
    }

    /**
     * Looks up a direct subkey by name, case-insensitively.
     *
     * @param name one key name
     * @return the subkey, or empty
     */
    public Optional<RegistryKey> subkey(String name) {
        return Optional.ofNullable(subkeysByName.get(RegNames.fold(Objects.requireNonNull(name, "name"))));
    }

    /**
     * Looks up a key below this one by a relative path.
     *
     * @param relativePath names separated by backslashes, for example {@code "LocalServer32"} or
     *     {@code "CLSID\\{…}\\LocalServer32"}
     * @return the key, or empty if any name along the way is missing
     */
    public Optional<RegistryKey> find(String relativePath) {
        RegistryKey k = this;
        int start = 0;
        while (true) {
            int next = relativePath.indexOf('\\', start);
            String name = next < 0 ? relativePath.substring(start) : relativePath.substring(start, next);
            k = k.subkeysByName.get(RegNames.fold(name));
            if (k == null || next < 0) {
                return Optional.ofNullable(k);
            }
            start = next + 1;
        }
    }

    RegistryKey child(String folded) {
        return subkeysByName.get(folded);
    }

    /**
     * Returns the number of keys below this one, at any depth.
     *
     * @return the count, not including this key
     */
    public int descendantCount() {
        return keyCount;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof RegistryKey k && hash == k.hash && name().equals(k.name()) && values.equals(k.values)
                && subkeys.equals(k.subkeys);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * Returns the key's path.
     *
     * @return the path as {@link RegistryPath#toString()} writes it
     */
    @Override
    public String toString() {
        return path.toString();
    }
}
