package io.sessionmoniker.moniker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A generic composite: two or more simple monikers, left to right, with the same composition rules the parser
 * applies, so that every composite has a display name that parses back to it:
 * <ul>
 *   <li>a {@link SessionMoniker} may stand only first, and must be followed by a class part
 *       ({@link ClassMoniker}, {@link NewMoniker} or an {@link ExtensionMoniker});</li>
 *   <li>an {@link ExtensionMoniker} whose {@link ExtensionMoniker#composesWithClassPart()} is true behaves the same;</li>
 *   <li>after any other part only {@link ItemMoniker}s follow;</li>
 *   <li>an item never stands first.</li>
 * </ul>
 * The display name joins the parts with {@code !}, which item monikers carry themselves. Equality and hashing
 * follow the parts, and so the canonical display name.
 *
 * <pre>{@code
 * CompositeMoniker.of(SessionMoniker.of(3), ClassMoniker.of(clsid)).displayName();
 * // "Session:3!clsid:10000013-0000-0000-0000-000000000001:"
 * }</pre>
 */
public final class CompositeMoniker implements Moniker {

    /** CLSID_CompositeMoniker, {@code 00000309-0000-0000-C000-000000000046}. */
    public static final Guid CLSID = Guid.of(0x00000309_0000_0000L, 0xC000_0000_0000_0046L);

    private final List<Moniker> parts;

    private CompositeMoniker(List<Moniker> parts) {
        this.parts = parts;
    }

    /**
     * Composes monikers left to right, flattening composites among them.
     *
     * @param monikers the monikers
     * @return the composite, or the single moniker when only one results
     * @throws IllegalArgumentException if there are none, or the parts break the composition rules
     */
    public static Moniker of(Moniker... monikers) {
        return of(List.of(monikers));
    }

    /**
     * Composes monikers left to right, flattening composites among them.
     *
     * @param monikers the monikers
     * @return the composite, or the single moniker when only one results
     * @throws IllegalArgumentException if there are none, or the parts break the composition rules
     */
    public static Moniker of(List<? extends Moniker> monikers) {
        List<Moniker> flat = new ArrayList<>();
        for (Moniker m : monikers) {
            flat.addAll(Objects.requireNonNull(m, "moniker").parts());
        }
        if (flat.isEmpty()) {
            throw new IllegalArgumentException("a moniker needs at least one part");
        }
        for (int i = 0; i < flat.size(); i++) {
            String problem = compositionProblem(i == 0 ? null : flat.get(i - 1), flat.get(i));
            if (problem != null) {
                throw new IllegalArgumentException("part " + i + " (" + flat.get(i) + "): " + problem);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new CompositeMoniker(List.copyOf(flat));
    }

    /** For the parser, which has checked the rules part by part: no copy, no second check. */
    static CompositeMoniker trusted(List<Moniker> parts) {
        return new CompositeMoniker(parts);
    }

    /**
     * Says why {@code next} may not follow {@code previous}, or returns null when it may.
     *
     * @param previous the part on the left, or null when {@code next} is first
     * @param next the part
     * @return the reason, or null
     */
    static String compositionProblem(Moniker previous, Moniker next) {
        if (next instanceof CompositeMoniker) {
            return "a composite cannot contain a composite";
        }
        if (previous == null) {
            return next instanceof ItemMoniker ? "an item moniker needs a moniker on its left" : null;
        }
        if (next instanceof SessionMoniker) {
            return "a session moniker can only stand at the start of a display name";
        }
        if (expectsClassPart(previous)) {
            return next instanceof ItemMoniker ? "a class part (clsid:, new:, …) must follow " + previous : null;
        }
        return next instanceof ItemMoniker ? null
                : "only item monikers can follow " + previous + "; a class part cannot be nested";
    }

    static boolean expectsClassPart(Moniker m) {
        return m instanceof SessionMoniker || (m instanceof ExtensionMoniker e && e.composesWithClassPart());
    }

    /**
     * Returns the parts, left to right.
     *
     * @return an unmodifiable list of at least two non-composite monikers
     */
    @Override
    public List<Moniker> parts() {
        return parts;
    }

    @Override
    public Kind kind() {
        return Kind.COMPOSITE;
    }

    @Override
    public String displayName() {
        StringBuilder out = new StringBuilder(64);
        for (int i = 0; i < parts.size(); i++) {
            Moniker part = parts.get(i);
            if (i > 0 && !(part instanceof ItemMoniker)) {
                out.append('!');
            }
            out.append(part.displayName());
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompositeMoniker other && other.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return displayName();
    }
}
