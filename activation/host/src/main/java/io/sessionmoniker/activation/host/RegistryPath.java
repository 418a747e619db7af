package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.RegNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The full path of a registry key: a {@link RegistryRoot} and the key names below it.
 *
 * <p>Immutable. Equality and ordering ignore case the way the registry does (see the module README); the
 * spelling given is kept for {@link #toString()}, which writes the root's full name and the names separated by
 * backslashes, as a {@code .reg} key line does. A path under {@code HKEY_CLASSES_ROOT} is stored as the path
 * under {@code HKEY_LOCAL_MACHINE\SOFTWARE\Classes}, of which it is a view:
 *
 * <pre>{@code
 * RegistryPath p = RegistryPath.parse("HKCR\\CLSID\\{10000013-0000-0000-0000-000000000001}");
 * p.toString();  // "HKEY_LOCAL_MACHINE\SOFTWARE\Classes\CLSID\{10000013-0000-0000-0000-000000000001}"
 * p.equals(RegistryPath.parse("hklm\\software\\classes\\clsid\\{10000013-0000-0000-0000-000000000001}")); // true
 * p.parent().get().name();  // "CLSID"
 * }</pre>
 *
 * <p>Invariants: every name is non-empty, at most 255 characters, and contains no backslash, NUL, carriage
 * return or line feed; a path is at most 512 names deep.
 */
public final class RegistryPath implements Comparable<RegistryPath> {

    /** {@code HKEY_LOCAL_MACHINE\SOFTWARE\Classes}, what {@code HKEY_CLASSES_ROOT} shows. */
    public static final RegistryPath CLASSES_ROOT =
            new RegistryPath(RegistryRoot.HKEY_LOCAL_MACHINE, List.of("SOFTWARE", "Classes"));

    private final RegistryRoot root;
    private final List<String> names;
    private final List<String> folded;

    private RegistryPath(RegistryRoot root, List<String> names) {
        this.root = root;
        this.names = names;
        List<String> f = new ArrayList<>(names.size());
        for (String n : names) {
            f.add(RegNames.fold(n));
        }
        this.folded = Collections.unmodifiableList(f);
    }

    /**
     * Returns the path of a root key.
     *
     * @param root the root
     * @return the path with no names below the root
     */
    public static RegistryPath of(RegistryRoot root) {
        return new RegistryPath(Objects.requireNonNull(root, "root"), List.of());
    }

    /**
     * Returns the path of a key below a root.
     *
     * @param root the root
     * @param names the key names below it, outermost first
     * @return the path
     * @throws IllegalArgumentException if a name breaks the invariants
     */
    public static RegistryPath of(RegistryRoot root, String... names) {
        Objects.requireNonNull(root, "root");
        return new RegistryPath(root, checked(Arrays.asList(names)));
    }

    /**
     * Parses a key path such as {@code HKEY_LOCAL_MACHINE\SOFTWARE\Classes} or {@code HKCR\CLSID}. The root is
     * one of the full names or abbreviations of {@link RegistryRoot}, or {@code HKEY_CLASSES_ROOT}/{@code HKCR},
     * matched ASCII case-insensitively.
     *
     * @param path the path, names separated by single backslashes, no leading or trailing backslash
     * @return the path
     * @throws IllegalArgumentException for an unknown root or a name that breaks the invariants
     */
    public static RegistryPath parse(String path) {
        Objects.requireNonNull(path, "path");
        int slash = path.indexOf('\\');
        String rootName = slash < 0 ? path : path.substring(0, slash);
        List<String> names = new ArrayList<>();
        if (slash >= 0) {
            int start = slash + 1;
            while (true) {
                int next = path.indexOf('\\', start);
                names.add(next < 0 ? path.substring(start) : path.substring(start, next));
                if (next < 0) {
                    break;
                }
                start = next + 1;
            }
        }
        RegistryRoot root;
        if (RegistryRoot.isClassesRoot(rootName)) {
            root = RegistryRoot.HKEY_LOCAL_MACHINE;
            names.addAll(0, CLASSES_ROOT.names);
        } else {
            root = RegistryRoot.lookup(rootName).orElseThrow(() -> new IllegalArgumentException(
                    "unknown root key '" + rootName + "' in \"" + path + "\"; expected HKEY_LOCAL_MACHINE (HKLM),"
                            + " HKEY_CURRENT_USER (HKCU), HKEY_CLASSES_ROOT (HKCR) or HKEY_USERS (HKU)"));
        }
        return new RegistryPath(root, checked(names));
    }

    private static List<String> checked(List<String> names) {
        if (names.size() > RegNames.MAX_DEPTH) {
            throw new IllegalArgumentException("a key path is limited to " + RegNames.MAX_DEPTH
                    + " names below its root but this one has " + names.size());
        }
        List<String> copy = List.copyOf(names);
        for (String n : copy) {
            String problem = RegNames.keyNameProblem(n);
            if (problem != null) {
                throw new IllegalArgumentException(problem + ": \"" + n + "\"");
            }
        }
        return copy;
    }

    /**
     * Returns the root.
     *
     * @return the root key this path starts at
     */
    public RegistryRoot root() {
        return root;
    }

    /**
     * Returns the key names below the root, outermost first, as spelled when this path was made.
     *
     * @return an unmodifiable list, empty for a root
     */
    public List<String> names() {
        return names;
    }

    /**
     * Returns the last name, or the root's full name for a root.
     *
     * @return the key's own name
     */
    public String name() {
        return names.isEmpty() ? root.name() : names.get(names.size() - 1);
    }

    /**
     * Returns the number of names below the root.
     *
     * @return 0 for a root
     */
    public int depth() {
        return names.size();
    }

    /**
     * Tells whether this is a root key's path.
     *
     * @return {@code true} when there are no names below the root
     */
    public boolean isRoot() {
        return names.isEmpty();
    }

    /**
     * Returns the path of the parent key.
     *
     * @return the parent, or empty for a root
     */
    public Optional<RegistryPath> parent() {
        if (names.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RegistryPath(root, List.copyOf(names.subList(0, names.size() - 1))));
    }

    /**
     * Returns the path of a subkey.
     *
     * @param name one key name
     * @return this path with {@code name} appended
     * @throws IllegalArgumentException if the name breaks the invariants
     */
    public RegistryPath child(String name) {
        Objects.requireNonNull(name, "name");
        List<String> n = new ArrayList<>(names.size() + 1);
        n.addAll(names);
        n.add(name);
        return new RegistryPath(root, checked(n));
    }

    /**
     * Returns the path of a key below this one.
     *
     * @param relative one or more names separated by backslashes
     * @return the longer path
     * @throws IllegalArgumentException if a name breaks the invariants
     */
    public RegistryPath resolve(String relative) {
        Objects.requireNonNull(relative, "relative");
        List<String> n = new ArrayList<>(names);
        int start = 0;
        while (true) {
            int next = relative.indexOf('\\', start);
            n.add(next < 0 ? relative.substring(start) : relative.substring(start, next));
            if (next < 0) {
                break;
            }
            start = next + 1;
        }
        return new RegistryPath(root, checked(n));
    }

    /**
     * Tells whether this path is {@code other} or below it.
     *
     * @param other a path
     * @return {@code true} if {@code other} is this key or one of its ancestors
     */
    public boolean startsWith(RegistryPath other) {
        return root == other.root && other.folded.size() <= folded.size()
                && folded.subList(0, other.folded.size()).equals(other.folded);
    }

    /** A subkey's path for a name the hive has already checked. */
    RegistryPath trustedChild(String name) {
        List<String> n = new ArrayList<>(names.size() + 1);
        n.addAll(names);
        n.add(name);
        return new RegistryPath(root, Collections.unmodifiableList(n));
    }

    /** The folded names, for case-insensitive lookups in the hive. */
    List<String> foldedNames() {
        return folded;
    }

    /**
     * Orders paths by root, then name by name, case-insensitively; a key sorts before its subkeys.
     *
     * @param o another path
     * @return the comparison
     */
    @Override
    public int compareTo(RegistryPath o) {
        int c = root.compareTo(o.root);
        if (c != 0) {
            return c;
        }
        int n = Math.min(folded.size(), o.folded.size());
        for (int i = 0; i < n; i++) {
            c = folded.get(i).compareTo(o.folded.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(folded.size(), o.folded.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryPath p && root == p.root && folded.equals(p.folded);
    }

    @Override
    public int hashCode() {
        return root.hashCode() * 31 + folded.hashCode();
    }

    /**
     * Returns the root's full name and the names, separated by backslashes.
     *
     * @return for example {@code "HKEY_LOCAL_MACHINE\SOFTWARE\Classes"}
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(root.name());
        for (String n : names) {
            out.append('\\').append(n);
        }
        return out.toString();
    }
}
