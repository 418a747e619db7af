package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.RegNames;
import io.sessionmoniker.activation.host.internal.RegTextWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory registry: the root keys {@code HKEY_LOCAL_MACHINE}, {@code HKEY_CURRENT_USER} and
 * {@code HKEY_USERS}, their keys and typed values.
 *
 * <p>Immutable and thread-safe; change one through a {@link Builder} ({@link #toBuilder()}). Key and value names
 * match case-insensitively and keep their first spelling. {@code HKEY_CLASSES_ROOT} is a view of
 * {@code HKEY_LOCAL_MACHINE\SOFTWARE\Classes}: paths given under it are read and written there. Read a hive from
 * {@code .reg} files with {@link RegFileReader}, write one with {@link RegFileWriter}:
 *
 * <pre>{@code
 * RegistryHive hive = RegFileReader.standard().read(Path.of("classes.reg"));
 * hive.value("HKCR\\AppID\\{10000013-0000-0000-0000-000000000001}", "RunAs")
 *     .flatMap(RegistryValue::asString);                  // Optional["Interactive User"]
 *
 * RegistryHive changed = hive.toBuilder()
 *     .setValue("HKLM\\SOFTWARE\\Classes\\AppID\\{10000013-0000-0000-0000-000000000001}",
 *               RegistryValue.dword("AppIDFlags", 0x20))
 *     .build();
 * }</pre>
 *
 * <p>Two hives are equal when {@link RegFileWriter} writes them identically (same keys, same spelling, same
 * values in the same order); {@code RegFileReader.standard().parse(name, RegFileWriter.write(h)).equals(h)} holds
 * for every hive. {@link #toString()} is that {@code .reg} text.
 */
public final class RegistryHive {

    private static final RegistryHive EMPTY = new Builder().build();

    private final Map<RegistryRoot, RegistryKey> roots;

    private RegistryHive(Map<RegistryRoot, RegistryKey> roots) {
        this.roots = roots;
    }

    /**
     * Returns the hive with no keys below its roots.
     *
     * @return the empty hive
     */
    public static RegistryHive empty() {
        return EMPTY;
    }

    /**
     * Starts an empty hive.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding a copy of this hive.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (Map.Entry<RegistryRoot, RegistryKey> e : roots.entrySet()) {
            b.roots.put(e.getKey(), Builder.Node.copyOf(e.getValue()));
        }
        return b;
    }

    /**
     * Returns a root key.
     *
     * @param root which root
     * @return the key, possibly without values or subkeys
     */
    public RegistryKey root(RegistryRoot root) {
        return roots.get(Objects.requireNonNull(root, "root"));
    }

    /**
     * Looks a key up.
     *
     * @param path the key's path
     * @return the key, or empty
     */
    public Optional<RegistryKey> key(RegistryPath path) {
        RegistryKey k = roots.get(path.root());
        for (String folded : path.foldedNames()) {
            k = k.child(folded);
            if (k == null) {
                return Optional.empty();
            }
        }
        return Optional.of(k);
    }

    /**
     * Looks a key up by its path's text (see {@link RegistryPath#parse(String)}).
     *
     * @param path for example {@code "HKCR\\CLSID"}
     * @return the key, or empty
     * @throws IllegalArgumentException if the path is malformed
     */
    public Optional<RegistryKey> key(String path) {
        return key(RegistryPath.parse(path));
    }

    /**
     * Looks a value up.
     *
     * @param keyPath the key's path text
     * @param valueName the value's name; {@code ""} for the default value
     * @return the value, or empty if the key or the value is missing
     */
    public Optional<RegistryValue> value(String keyPath, String valueName) {
        return key(keyPath).flatMap(k -> k.value(valueName));
    }

    /**
     * Returns the number of keys below the roots.
     *
     * @return the count, roots not included
     */
    public int keyCount() {
        int n = 0;
        for (RegistryKey k : roots.values()) {
            n += k.descendantCount();
        }
        return n;
    }

    /**
     * Tells whether the hive has no keys below its roots and no values on them.
     *
     * @return {@code true} for an empty hive
     */
    public boolean isEmpty() {
        for (RegistryKey k : roots.values()) {
            if (!k.subkeys().isEmpty() || !k.values().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryHive h && roots.equals(h.roots);
    }

    @Override
    public int hashCode() {
        return roots.hashCode();
    }

    /**
     * Returns the hive as {@code .reg} text, as {@link RegFileWriter#toText(RegistryHive)} writes it.
     *
     * @return the text, lines ending in CRLF
     */
    @Override
    public String toString() {
        return RegTextWriter.text(this, List.of(), null);
    }

    /**
     * Builds a {@link RegistryHive}: creates and deletes keys, sets and deletes values, merges other hives.
     *
     * <p>Not thread-safe. Every operation behaves as importing the corresponding {@code .reg} line does: setting a
     * value creates its key and the keys above it; an existing key or value keeps its spelling (and a value its
     * position) when written again; deleting something absent does nothing.
     *
     * <pre>{@code
     * RegistryHive hive = RegistryHive.builder()
     *     .setValue("HKCR\\SessionMoniker.SessionInfo\\CLSID",
     *               RegistryValue.string("", "{10000013-0000-0000-0000-000000000001}"))
     *     .deleteKey("HKCR\\Obsolete.Class")
     *     .build();
     * }</pre>
     */
    public static final class Builder {

        private final EnumMap<RegistryRoot, Node> roots = new EnumMap<>(RegistryRoot.class);

        private Builder() {
            for (RegistryRoot r : RegistryRoot.values()) {
                roots.put(r, new Node(r.name()));
            }
        }

        /**
         * Creates a key and any missing keys above it.
         *
         * @param path the key
         * @return this builder
         */
        public Builder createKey(RegistryPath path) {
            node(path, true);
            return this;
        }

        /**
         * Creates a key given its path's text.
         *
         * @param path for example {@code "HKCR\\CLSID\\{…}"}
         * @return this builder
         */
        public Builder createKey(String path) {
            return createKey(RegistryPath.parse(path));
        }

        /**
         * Deletes a key with all its subkeys and values, as {@code [-KEY]} does.
         *
         * @param path the key
         * @return this builder
         * @throws IllegalArgumentException for a root key, which cannot be deleted
         */
        public Builder deleteKey(RegistryPath path) {
            if (path.isRoot()) {
                throw new IllegalArgumentException("the root key " + path + " cannot be deleted");
            }
            Node parent = node(path.parent().orElseThrow(), false);
            if (parent != null) {
                parent.children.remove(path.foldedNames().get(path.depth() - 1));
            }
            return this;
        }

        /**
         * Deletes a key given its path's text.
         *
         * @param path the key
         * @return this builder
         */
        public Builder deleteKey(String path) {
            return deleteKey(RegistryPath.parse(path));
        }

        /**
         * Sets a value, creating the key if needed. A value of the same name (in any case) is replaced but keeps
         * its spelling and position.
         *
         * @param path the key
         * @param value the value
         * @return this builder
         */
        public Builder setValue(RegistryPath path, RegistryValue value) {
            Objects.requireNonNull(value, "value");
            node(path, true).put(value);
            return this;
        }

        /**
         * Sets a value given its key's path text.
         *
         * @param path the key
         * @param value the value
         * @return this builder
         */
        public Builder setValue(String path, RegistryValue value) {
            return setValue(RegistryPath.parse(path), value);
        }

        /**
         * Deletes a value, as {@code "name"=-} does.
         *
         * @param path the key
         * @param name the value's name; {@code ""} for the default value
         * @return this builder
         */
        public Builder deleteValue(RegistryPath path, String name) {
            Node n = node(path, false);
            if (n != null) {
                n.values.remove(RegNames.fold(Objects.requireNonNull(name, "name")));
            }
            return this;
        }

        /**
         * Deletes a value given its key's path text.
         *
         * @param path the key
         * @param name the value's name
         * @return this builder
         */
        public Builder deleteValue(String path, String name) {
            return deleteValue(RegistryPath.parse(path), name);
        }

        /**
         * Copies every key and value of another hive into this one, as importing its {@code .reg} export would:
         * keys are created, values of the same name replaced, nothing deleted.
         *
         * @param other the hive to merge
         * @return this builder
         */
        public Builder merge(RegistryHive other) {
            for (Map.Entry<RegistryRoot, RegistryKey> e : other.roots.entrySet()) {
                roots.get(e.getKey()).merge(e.getValue());
            }
            return this;
        }

        /**
         * Tells whether a key exists.
         *
         * @param path the key
         * @return {@code true} if it exists
         */
        public boolean containsKey(RegistryPath path) {
            return node(path, false) != null;
        }

        /**
         * Builds the immutable hive.
         *
         * @return the hive
         */
        public RegistryHive build() {
            EnumMap<RegistryRoot, RegistryKey> built = new EnumMap<>(RegistryRoot.class);
            for (Map.Entry<RegistryRoot, Node> e : roots.entrySet()) {
                built.put(e.getKey(), e.getValue().build(RegistryPath.of(e.getKey())));
            }
            return new RegistryHive(built);
        }

        private Node node(RegistryPath path, boolean create) {
            Node n = roots.get(path.root());
            List<String> names = path.names();
            List<String> folded = path.foldedNames();
            for (int i = 0; i < names.size(); i++) {
                Node next = n.children.get(folded.get(i));
                if (next == null) {
                    if (!create) {
                        return null;
                    }
                    next = new Node(names.get(i));
                    n.children.put(folded.get(i), next);
                }
                n = next;
            }
            return n;
        }

        /** A mutable key: subkeys sorted by folded name, values in creation order. */
        static final class Node {
            final String name;
            final TreeMap<String, Node> children = new TreeMap<>();
            final LinkedHashMap<String, RegistryValue> values = new LinkedHashMap<>();

            Node(String name) {
                this.name = name;
            }

            static Node copyOf(RegistryKey key) {
                Node n = new Node(key.name());
                for (RegistryValue v : key.values()) {
                    n.values.put(RegNames.fold(v.name()), v);
                }
                for (RegistryKey k : key.subkeys()) {
                    n.children.put(RegNames.fold(k.name()), copyOf(k));
                }
                return n;
            }

            void put(RegistryValue value) {
                String folded = RegNames.fold(value.name());
                RegistryValue old = values.get(folded);
                values.put(folded, old == null ? value : value.withName(old.name()));
            }

            void merge(RegistryKey key) {
                for (RegistryValue v : key.values()) {
                    put(v);
                }
                for (RegistryKey k : key.subkeys()) {
                    children.computeIfAbsent(RegNames.fold(k.name()), f -> new Node(k.name())).merge(k);
                }
            }

            RegistryKey build(RegistryPath path) {
                List<RegistryKey> subs = new ArrayList<>(children.size());
                for (Node child : children.values()) {
                    subs.add(child.build(path.trustedChild(child.name)));
                }
                return new RegistryKey(path, new ArrayList<>(values.values()), subs);
            }
        }
    }
}
