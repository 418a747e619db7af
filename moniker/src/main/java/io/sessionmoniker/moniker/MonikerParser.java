package io.sessionmoniker.moniker;

import io.sessionmoniker.moniker.internal.Ascii;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses display names with the semantics of Windows' {@code MkParseDisplayName}: the front of the name selects a
 * display-name parser by its prefix, that parser consumes its component, and a left-to-right loop composes what
 * follows each {@code !}.
 *
 * <p>Grammar (ABNF, RFC 5234; prefixes and {@code Console} match ASCII case-insensitively, whatever the default
 * locale; the full grammar and every choice made where Windows is undocumented are in the module README):
 * <pre>
 * display-name = session-part [ "!" class-part *item ]
 *              / class-part *item
 *              / extension *item
 * session-part = "Session:" ( 1*DIGIT / "Console" )          ; id 0..4294967294, leading zeros allowed
 * class-part   = "clsid:" guid [ data ] [ ":" ]               ; class object
 *              / "{0000031A-0000-0000-C000-000000000046}:" guid [ data ] [ ":" ]
 *              / "new:" guid                                  ; new instance
 *              / "@" progid [ ":" ] / progid ":"              ; through the ProgID resolver
 *              / "{" guid "}:" …                              ; a parser registered for that CLSID
 *              / prefix ":" …                                 ; a registered prefix parser
 * item         = "!" 1*( %x00-20 / %x22-10FFFF )              ; any characters but "!"
 * guid         = 8HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 12HEXDIG / "{" that "}"
 * data         = 1*( %x00-20 / %x22-39 / %x3B-10FFFF )       ; any text but ":" and "!", kept verbatim
 * progid       = ALPHA *( ALPHA / DIGIT / "." )                ; at most 39 characters
 * </pre>
 *
 * <p>Instances are immutable and thread-safe. {@link #standard()} knows the built-in prefixes and has no ProgID
 * resolver; build others with {@link #builder()}:
 *
 * <pre>{@code
 * Moniker m = MonikerParser.standard().parse("Session:3!clsid:10000013-0000-0000-0000-000000000001");
 * Optional<Moniker> bad = MonikerParser.standard().tryParse("Session:-1!clsid:…");   // empty
 *
 * MonikerParser withRegistry = MonikerParser.builder().progIdResolver(registry::clsidOf).build();
 * withRegistry.parse("Session:Console!@SessionMoniker.SessionInfo");
 * }</pre>
 */
public final class MonikerParser {

    /** ProgIDs are at most 39 characters long (Windows' documented limit). */
    public static final int MAX_PROGID_LENGTH = 39;

    private static final String EXPECTED_PREFIX =
            "a display-name prefix ('Session:', 'clsid:', 'new:', '{CLSID}:', '@ProgID' or 'ProgID:')";
    private static final String EXPECTED_CLASS_PART =
            "a class part ('clsid:', 'new:', '{CLSID}:', '@ProgID' or 'ProgID:')";
    private static final String EXPECTED_PART_END = "'!' or the end of the name";
    private static final SessionMoniker CONSOLE = SessionMoniker.console();
    private static final SessionMoniker[] SMALL_SESSIONS = new SessionMoniker[64];

    static {
        for (int i = 0; i < SMALL_SESSIONS.length; i++) {
            SMALL_SESSIONS[i] = SessionMoniker.of(i);
        }
    }

    private static final MonikerParser STANDARD = builder().build();

    private final ProgIdResolver progIdResolver;
    private final String[] prefixNames;
    private final String[] prefixKeys;
    private final PrefixParser[] prefixParsers;
    private final Map<Guid, PrefixParser> classParsers;

    private MonikerParser(Builder b) {
        this.progIdResolver = b.progIdResolver;
        this.prefixNames = b.prefixes.keySet().toArray(new String[0]);
        this.prefixKeys = new String[prefixNames.length];
        for (int i = 0; i < prefixNames.length; i++) {
            prefixKeys[i] = Ascii.toLowerCase(prefixNames[i]);
        }
        this.prefixParsers = b.prefixes.values().toArray(new PrefixParser[0]);
        Map<Guid, PrefixParser> classes = new HashMap<>(b.classParsers);
        classes.put(ClassMoniker.CLSID, MonikerParser::parseClassBody);
        this.classParsers = Map.copyOf(classes);
    }

    /**
     * Returns the parser for the built-in prefixes ({@code Session:}, {@code clsid:}, {@code new:} and
     * {@code {0000031A-0000-0000-C000-000000000046}:}), without a ProgID resolver.
     *
     * @return the shared standard parser
     */
    public static MonikerParser standard() {
        return STANDARD;
    }

    /**
     * Returns a builder for a parser with a ProgID resolver or extra prefixes.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses a display name.
     *
     * @param displayName the display name
     * @return the moniker: a simple moniker, or a {@link CompositeMoniker} of several
     * @throws MonikerSyntaxException {@link HResult#MK_E_SYNTAX} with the position of the first character that
     *     could not be parsed, or {@link HResult#E_INVALIDARG} for an empty name
     * @throws NullPointerException if {@code displayName} is null
     */
    public Moniker parse(String displayName) {
        Objects.requireNonNull(displayName, "displayName");
        if (displayName.isEmpty()) {
            throw new MonikerSyntaxException(HResult.E_INVALIDARG, displayName, 0,
                    "the display name is empty; expected for example "
                            + "Session:1!clsid:10000013-0000-0000-0000-000000000001");
        }
        DisplayNameCursor cursor = new DisplayNameCursor(displayName, 0);
        Moniker first = parseComponent(cursor, null);
        if (cursor.atEnd()) {
            return first;
        }
        Moniker second = null;
        List<Moniker> parts = null;
        Moniker previous = first;
        // loop: "!" (class-part | item) until the end
        while (!cursor.atEnd()) {
            cursor.consume('!');
            Moniker next;
            if (CompositeMoniker.expectsClassPart(previous)) {
                next = parseComponent(cursor, previous);
            } else {
                int start = cursor.position();
                int end = cursor.componentEnd();
                if (end == start) {
                    throw cursor.syntaxError("an item name after '!'");
                }
                next = ItemMoniker.of(displayName.substring(start, end));
                cursor.moveTo(end);
            }
            if (second == null) {
                second = next;
            } else {
                if (parts == null) {
                    parts = new ArrayList<>(4);
                    parts.add(first);
                    parts.add(second);
                }
                parts.add(next);
            }
            previous = next;
        }
        return CompositeMoniker.trusted(parts == null ? List.of(first, second) : List.copyOf(parts));
    }

    /**
     * Parses a display name, returning empty instead of throwing.
     *
     * @param displayName the display name, or {@code null}
     * @return the moniker, or empty when the name is null, empty or malformed
     */
    public Optional<Moniker> tryParse(String displayName) {
        if (displayName == null || displayName.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(displayName));
        } catch (MonikerSyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns a builder holding this parser's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.progIdResolver = progIdResolver;
        for (int i = 0; i < prefixNames.length; i++) {
            b.prefixes.put(prefixNames[i], prefixParsers[i]);
        }
        classParsers.forEach((clsid, p) -> {
            if (!clsid.equals(ClassMoniker.CLSID)) {
                b.classParsers.put(clsid, p);
            }
        });
        return b;
    }

    /**
     * Parses one component that is not an item: the first one, or the class part after a session moniker.
     * Leaves the cursor at the following {@code !} or at the end. Kept small so that the JIT inlines it; the
     * rarer forms are in {@link #parseOtherComponent}.
     */
    private Moniker parseComponent(DisplayNameCursor c, Moniker previous) {
        String s = c.input();
        int start = c.position();
        Moniker result;
        // The built-in prefixes are told apart by their first letter, so most names are matched in one pass.
        char first = start < s.length() ? s.charAt(start) : 0;
        if ((first | 0x20) == 's' && previous == null && Ascii.regionMatchesIgnoreCase(s, start, "session:")) {
            c.moveTo(start + 8);
            result = parseSession(c);
        } else if ((first | 0x20) == 'c' && Ascii.regionMatchesIgnoreCase(s, start, "clsid:")) {
            c.moveTo(start + 6);
            result = parseClassBody(c);
        } else if ((first | 0x20) == 'n' && Ascii.regionMatchesIgnoreCase(s, start, "new:")) {
            c.moveTo(start + 4);
            result = NewMoniker.of(c.readGuid());
        } else {
            result = parseOtherComponent(c, previous, start);
        }
        if (!c.atEnd() && c.peek() != '!') {
            throw c.syntaxError(EXPECTED_PART_END);
        }
        return result;
    }

    /**
     * The rarer first components: {@code {CLSID}:}, {@code @ProgID}, registered prefixes, {@code ProgID:}, and the
     * errors for a misplaced session moniker or a missing prefix.
     *
     */
    private Moniker parseOtherComponent(DisplayNameCursor c, Moniker previous, int start) {
        String s = c.input();
        int colon = start;
        while (colon < s.length() && s.charAt(colon) != ':' && s.charAt(colon) != '!') {
            colon++;
        }
        // the length of the prefix before the first colon, or -1 when no colon comes before a "!" or the end
        int length = colon < s.length() && s.charAt(colon) == ':' ? colon - start : -1;
        String expected = previous == null ? EXPECTED_PREFIX : EXPECTED_CLASS_PART;
        if (start >= s.length()) {
            throw c.syntaxError(expected);
        }
        char first = s.charAt(start);
        if (first == '{') {
            // "{" guid "}:" ...  — a parser registered for that CLSID (CLSID_ClassMoniker is built in)
            Guid clsid = c.readGuid();
            if (!c.consume(':')) {
                throw c.syntaxError("':' after the class id of a display-name parser");
            }
            PrefixParser parser = classParsers.get(clsid);
            if (parser == null) {
                throw unknownClassParser(c, start, clsid);
            }
            return runParser(parser, c, previous, clsid.toBracedString());
        }
        if (first == '@') {
            return parseProgId(c, start, true, previous);
        }
        if (length < 0) {
            throw c.syntaxError(start, expected);
        }
        if (length == 7 && Ascii.regionMatchesIgnoreCase(s, start, "session")) {
            throw c.syntaxError(start, expected + "; a session moniker can only stand at the start");
        }
        PrefixParser registered = findPrefix(s, start, length);
        if (registered != null) {
            c.moveTo(start + length + 1);
            return runParser(registered, c, previous, s.substring(start, start + length));
        }
        return parseProgId(c, start, false, previous);
    }

    private PrefixParser findPrefix(String s, int start, int length) {
        for (int i = 0; i < prefixNames.length; i++) {
            if (prefixKeys[i].length() == length && Ascii.regionMatchesIgnoreCase(s, start, prefixKeys[i])) {
                return prefixParsers[i];
            }
        }
        return null;
    }

    /** Session:  ( 1*DIGIT / "Console" ) — the cursor stands after "Session:". */
    private static Moniker parseSession(DisplayNameCursor c) {
        String s = c.input();
        int start = c.position();
        if (start < s.length() && (s.charAt(start) | 0x20) == 'c') {
            if (Ascii.regionMatchesIgnoreCase(s, start, "console")) {
                c.moveTo(start + 7);
                return CONSOLE;
            }
            throw c.syntaxError("a decimal session id (0.." + SessionTarget.MAX_ID + ") or 'Console'");
        }
        int p = start;
        long value = 0;
        boolean overflow = false;
        while (p < s.length() && Ascii.isDigit(s.charAt(p))) {
            if (!overflow) {
                value = value * 10 + (s.charAt(p) - '0');
                overflow = value > SessionTarget.MAX_ID;
            }
            p++;
        }
        if (p == start) {
            throw c.syntaxError("a decimal session id (0.." + SessionTarget.MAX_ID + ") or 'Console'");
        }
        if (overflow) {
            throw new MonikerSyntaxException(HResult.MK_E_SYNTAX, s, start,
                    Messages.problem("expected a session id in 0.." + SessionTarget.MAX_ID + " but was "
                            + s.substring(start, p) + " (0xFFFFFFFF is not a session; it means 'any session')",
                            s, start));
        }
        c.moveTo(p);
        return value < SMALL_SESSIONS.length ? SMALL_SESSIONS[(int) value] : SessionMoniker.of(value);
    }

    /** guid [ data ] [ ":" ] — the cursor stands after "clsid:" or "{CLSID_ClassMoniker}:". */
    private static Moniker parseClassBody(DisplayNameCursor c) {
        Guid clsid = c.readGuid();
        String s = c.input();
        int from = c.position();
        // data: whatever follows the CLSID up to the ':' that ends the class part (Windows keeps it verbatim),
        // or up to the '!' of the next part or the end of the name
        int to = from;
        while (to < s.length() && s.charAt(to) != ':' && s.charAt(to) != '!') {
            to++;
        }
        c.moveTo(to);
        c.consume(':');
        return to == from ? ClassMoniker.of(clsid) : new ClassMoniker(clsid, s.substring(from, to));
    }

    /** "@" progid [ ":" ]  /  progid ":" — MkParseDisplayName's ProgID path. */
    private Moniker parseProgId(DisplayNameCursor c, int start, boolean at, Moniker previous) {
        String s = c.input();
        int from = at ? start + 1 : start;
        int end = from;
        while (end < s.length() && (Ascii.isLetter(s.charAt(end)) || Ascii.isDigit(s.charAt(end))
                || s.charAt(end) == '.')) {
            end++;
        }
        boolean colonFollows = end < s.length() && s.charAt(end) == ':';
        if (!at && (!colonFollows || end - from < 2 || !Ascii.isLetter(s.charAt(from)))) {
            // "C:", "two words:", "ü:" — not a ProgID, and we do not model file monikers
            throw c.syntaxError(start, previous == null ? EXPECTED_PREFIX : EXPECTED_CLASS_PART);
        }
        if (end == from || !Ascii.isLetter(s.charAt(from))) {
            throw c.syntaxError(from, "a ProgID starting with an ASCII letter");
        }
        if (end - from > MAX_PROGID_LENGTH) {
            throw c.syntaxError(from + MAX_PROGID_LENGTH, "the end of the ProgID (at most "
                    + MAX_PROGID_LENGTH + " characters)");
        }
        String progId = s.substring(from, end);
        if (progIdResolver == null) {
            throw new MonikerSyntaxException(HResult.MK_E_SYNTAX, s, start, Messages.problem(
                    "cannot resolve ProgID '" + progId + "': this parser has no ProgID resolver (use one built"
                            + " with the class registry, or name the class as clsid:GUID)", s, start));
        }
        Optional<Guid> clsid = progIdResolver.resolve(progId);
        if (clsid == null || clsid.isEmpty()) {
            throw new MonikerSyntaxException(HResult.MK_E_SYNTAX, s, start, Messages.problem(
                    "ProgID '" + progId + "' is not registered" + progIdResolver.nearest(progId)
                            .map(n -> "; did you mean '" + n + "'?").orElse(""), s, start));
        }
        c.moveTo(end);
        c.consume(':');
        PrefixParser parser = classParsers.get(clsid.get());
        if (parser != null && !clsid.get().equals(ClassMoniker.CLSID)) {
            return runParser(parser, c, previous, progId);
        }
        return ClassMoniker.of(clsid.get());
    }

    private static Moniker runParser(PrefixParser parser, DisplayNameCursor c, Moniker previous, String prefix) {
        Moniker m = parser.parse(c);
        if (m == null) {
            throw new IllegalStateException("the display-name parser for '" + prefix + "' returned null");
        }
        if (m instanceof ItemMoniker) {
            throw new IllegalStateException("the display-name parser for '" + prefix + "' returned an item moniker");
        }
        String problem = CompositeMoniker.compositionProblem(previous, m);
        if (problem != null) {
            if (m instanceof SessionMoniker) {
                throw c.syntaxError(0, EXPECTED_CLASS_PART + "; " + problem);
            }
            throw new IllegalStateException("the display-name parser for '" + prefix + "' returned " + m + ": " + problem);
        }
        return m;
    }

    private static MonikerSyntaxException unknownClassParser(DisplayNameCursor c, int at, Guid clsid) {
        String s = c.input();
        return new MonikerSyntaxException(HResult.MK_E_SYNTAX, s, at, Messages.problem(
                "no display-name parser is registered for class " + clsid.toBracedString()
                        + " (only {" + ClassMoniker.CLSID + "}, the class moniker, is built in)", s, at));
    }

    /**
     * Builds a {@link MonikerParser}. Not thread-safe; the parser it builds is.
     */
    public static final class Builder {

        private ProgIdResolver progIdResolver;
        private final Map<String, PrefixParser> prefixes = new LinkedHashMap<>();
        private final Map<Guid, PrefixParser> classParsers = new HashMap<>();

        private Builder() {
        }

        /**
         * Sets the resolver for {@code @ProgID} and {@code ProgID:} names.
         *
         * @param resolver the resolver, or {@code null} for none (ProgID names then fail with a clear error)
         * @return this builder
         */
        public Builder progIdResolver(ProgIdResolver resolver) {
            this.progIdResolver = resolver;
            return this;
        }

        /**
         * Registers a parser for names that start with {@code name:}. Registered prefixes take precedence over
         * ProgID resolution and match ASCII case-insensitively.
         *
         * @param name the prefix without its colon: an ASCII letter, then letters, digits or periods, 2 to 39
         *             characters, and not {@code Session}, {@code clsid} or {@code new}
         * @param parser the parser for what follows the colon
         * @return this builder
         * @throws IllegalArgumentException for a malformed, built-in or already registered name
         */
        public Builder prefix(String name, PrefixParser parser) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(parser, "parser");
            if (name.length() < 2 || name.length() > MAX_PROGID_LENGTH || !Ascii.isLetter(name.charAt(0))
                    || !name.chars().allMatch(ch -> Ascii.isLetter(ch) || Ascii.isDigit(ch) || ch == '.')) {
                throw new IllegalArgumentException("prefix \"" + name + "\" must be 2 to " + MAX_PROGID_LENGTH
                        + " ASCII letters, digits or periods, starting with a letter");
            }
            for (String builtIn : new String[] {"session", "clsid", "new"}) {
                if (Ascii.equalsIgnoreCase(name, builtIn)) {
                    throw new IllegalArgumentException("prefix \"" + name + "\" is built in");
                }
            }
            for (String existing : prefixes.keySet()) {
                if (Ascii.equalsIgnoreCase(existing, name)) {
                    throw new IllegalArgumentException("prefix \"" + name + "\" is already registered");
                }
            }
            prefixes.put(name, parser);
            return this;
        }

        /**
         * Registers the display-name parser of a class: it parses what follows {@code {clsid}:}, and what follows
         * {@code ProgID:} or {@code @ProgID} when the ProgID resolves to {@code clsid} (the
         * {@code IParseDisplayName} of that class, in Windows' terms).
         *
         * @param clsid the class
         * @param parser the parser
         * @return this builder
         * @throws IllegalArgumentException if the class moniker's CLSID or an already registered class is given
         */
        public Builder classParser(Guid clsid, PrefixParser parser) {
            Objects.requireNonNull(clsid, "clsid");
            Objects.requireNonNull(parser, "parser");
            if (clsid.equals(ClassMoniker.CLSID) || classParsers.containsKey(clsid)) {
                throw new IllegalArgumentException("a display-name parser for " + clsid.toBracedString()
                        + " is already registered");
            }
            classParsers.put(clsid, parser);
            return this;
        }

        /**
         * Builds the parser.
         *
         * @return an immutable, thread-safe parser
         */
        public MonikerParser build() {
            return new MonikerParser(this);
        }
    }
}
