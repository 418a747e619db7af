package io.sessionmoniker.moniker;

import java.util.List;
import java.util.Optional;

/**
 * A parsed display name: one of the moniker kinds the project understands, or a generic composite of them.
 *
 * <p>The family is sealed so that code binding a moniker can handle every kind; {@link ExtensionMoniker} is the
 * one open member, for prefixes registered with {@link MonikerParser.Builder#prefix}. Every moniker is an
 * immutable value whose {@code toString()} is its canonical display name; equality follows Windows'
 * {@code IMoniker::IsEqual}: the canonical form, except that a class moniker's data does not take part and item
 * names compare ignoring ASCII case. {@code parser.parse(m.displayName()).equals(m)} holds for any moniker
 * {@code m} the same parser produced.
 *
 * <pre>{@code
 * Moniker m = Moniker.parse("Session:Console!new:{10000013-0000-0000-0000-000000000001}");
 * m.kind();            // COMPOSITE
 * m.parts().size();    // 2
 * m.sessionTarget();   // Optional[Console]
 * m.classId();         // Optional[10000013-0000-0000-0000-000000000001]
 * m.displayName();     // "Session:Console!new:10000013-0000-0000-0000-000000000001"
 * }</pre>
 */
public sealed interface Moniker
        permits SessionMoniker, ClassMoniker, NewMoniker, ItemMoniker, CompositeMoniker, ExtensionMoniker {

    /** The kinds of moniker, for code that cannot use pattern matching on the sealed family. */
    enum Kind {
        /** {@link SessionMoniker}: {@code Session:N} or {@code Session:Console}. */
        SESSION("session"),
        /** {@link ClassMoniker}: {@code clsid:GUID[data]:}, binds to the class object. */
        CLASS("class"),
        /** {@link NewMoniker}: {@code new:GUID}, creates an instance. */
        NEW("new"),
        /** {@link ItemMoniker}: {@code !name}. */
        ITEM("item"),
        /** {@link CompositeMoniker}: a sequence of the others. */
        COMPOSITE("composite"),
        /** {@link ExtensionMoniker}: made by a registered prefix parser. */
        EXTENSION("extension");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /**
         * Returns the lowercase name used in the {@code sessmon} JSON ({@code "session"}, {@code "class"}, …).
         *
         * @return the label
         */
        public String label() {
            return label;
        }
    }

    /**
     * Parses a display name with the {@linkplain MonikerParser#standard() standard parser}.
     *
     * @param displayName the display name
     * @return the moniker
     * @throws MonikerSyntaxException {@link HResult#MK_E_SYNTAX} with the position, or {@link HResult#E_INVALIDARG}
     *     for an empty name
     */
    static Moniker parse(String displayName) {
        return MonikerParser.standard().parse(displayName);
    }

    /**
     * Parses a display name with the standard parser, returning empty instead of throwing.
     *
     * @param displayName the display name, or {@code null}
     * @return the moniker, or empty
     */
    static Optional<Moniker> tryParse(String displayName) {
        return MonikerParser.standard().tryParse(displayName);
    }

    /**
     * Returns the kind of this moniker.
     *
     * @return the kind
     */
    Kind kind();

    /**
     * Returns the canonical display name (the same as {@code toString()}).
     *
     * @return the canonical display name
     */
    String displayName();

    /**
     * Returns the simple monikers this one is made of, left to right: the parts of a composite, or a list of
     * this moniker alone.
     *
     * @return an unmodifiable list of at least one non-composite moniker
     */
    default List<Moniker> parts() {
        return List.of(this);
    }

    /**
     * Returns the session named by a leading session moniker.
     *
     * @return the session target, or empty when the name has no session part
     */
    default Optional<SessionTarget> sessionTarget() {
        return parts().get(0) instanceof SessionMoniker s ? Optional.of(s.target()) : Optional.empty();
    }

    /**
     * Returns the CLSID of the class part ({@code clsid:} or {@code new:}).
     *
     * @return the CLSID, or empty when the name has no class part
     */
    default Optional<Guid> classId() {
        for (Moniker part : parts()) {
            if (part instanceof ClassMoniker c) {
                return Optional.of(c.clsid());
            }
            if (part instanceof NewMoniker n) {
                return Optional.of(n.clsid());
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether binding this moniker creates an instance ({@code new:}) rather than returning the class
     * object ({@code clsid:}), as Windows' {@code BindToObject} does.
     *
     * @return {@code true} if the class part is a {@link NewMoniker}
     */
    default boolean createsInstance() {
        for (Moniker part : parts()) {
            if (part instanceof NewMoniker) {
                return true;
            }
        }
        return false;
    }
}
