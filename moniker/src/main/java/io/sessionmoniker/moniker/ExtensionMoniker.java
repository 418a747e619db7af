package io.sessionmoniker.moniker;

/**
 * The open member of the sealed {@link Moniker} family: the base class for monikers made by prefix parsers
 * registered with {@link MonikerParser.Builder#prefix(String, PrefixParser)} (an {@code Elevation:}-style
 * moniker, say).
 *
 * <p>Subclasses are immutable values. Equality and hashing are final here and follow the canonical display
 * name (and the class), so a subclass need only produce the name:
 *
 * <pre>{@code
 * final class ElevationMoniker extends ExtensionMoniker {
 *     private final String level;
 *     ElevationMoniker(String level) { this.level = level; }
 *     public String displayName() { return "Elevation:" + level; }
 *     public String kindName() { return "elevation"; }
 *     public boolean composesWithClassPart() { return true; }
 * }
 * }</pre>
 */
public abstract non-sealed class ExtensionMoniker implements Moniker {

    /** For subclasses. */
    protected ExtensionMoniker() {
    }

    @Override
    public final Kind kind() {
        return Kind.EXTENSION;
    }

    /**
     * Returns the lowercase name of this kind of moniker, used as {@code "kind"} in the {@code sessmon} JSON.
     *
     * @return for example {@code "elevation"}
     */
    public abstract String kindName();

    /**
     * Tells whether a class part ({@code clsid:}, {@code new:}, …) follows this moniker after {@code !}, as one
     * follows a session moniker. When false, what follows {@code !} is an item name.
     *
     * @return {@code false} unless overridden
     */
    public boolean composesWithClassPart() {
        return false;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((Moniker) o).displayName().equals(displayName());
    }

    @Override
    public final int hashCode() {
        return displayName().hashCode();
    }

    @Override
    public final String toString() {
        return displayName();
    }
}
