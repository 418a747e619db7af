package io.sessionmoniker.moniker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MonikerTest {

    static final Guid SESSION_INFO = Guid.parse("10000013-0000-0000-0000-000000000001");
    static final Guid COUNTER = Guid.parse("10000013-0000-0000-0000-000000000002");

    @Nested
    class Values {

        @Test
        void sessionTargets() {
            assertEquals("3", SessionTarget.of(3).toString());
            assertEquals(3, SessionTarget.of(3).id());
            assertEquals(SessionTarget.of(70000), SessionTarget.of(70000));
            assertEquals("Console", SessionTarget.CONSOLE.toString());
            assertTrue(SessionTarget.CONSOLE.isConsole());
            assertFalse(SessionTarget.of(0).isConsole());
            assertThrows(IllegalStateException.class, SessionTarget.CONSOLE::id);
            assertThrows(IllegalArgumentException.class, () -> SessionTarget.of(-1));
            assertThrows(IllegalArgumentException.class, () -> SessionTarget.of(0xFFFF_FFFFL));
            assertEquals(0xFFFF_FFFEL, SessionTarget.of(SessionTarget.MAX_ID).id());
            assertNotEquals(SessionTarget.CONSOLE, SessionTarget.of(0));
        }

        @Test
        void factoriesBuildWhatTheParserBuilds() {
            Moniker built = CompositeMoniker.of(SessionMoniker.of(3), ClassMoniker.of(SESSION_INFO));
            Moniker parsed = Moniker.parse("Session:3!clsid:{10000013-0000-0000-0000-000000000001}");
            assertEquals(built, parsed);
            assertEquals(built.hashCode(), parsed.hashCode());
            assertEquals("Session:3!clsid:10000013-0000-0000-0000-000000000001:", built.displayName());
            assertEquals(Moniker.Kind.COMPOSITE, built.kind());
            assertEquals(List.of(SessionMoniker.of(3), ClassMoniker.of(SESSION_INFO)), built.parts());
        }

        @Test
        void queriesOnTheParsedName() {
            Moniker m = Moniker.parse("Session:Console!new:10000013-0000-0000-0000-000000000001!item");
            assertEquals(Optional.of(SessionTarget.CONSOLE), m.sessionTarget());
            assertEquals(Optional.of(SESSION_INFO), m.classId());
            assertTrue(m.createsInstance());
            Moniker c = Moniker.parse("clsid:10000013-0000-0000-0000-000000000001");
            assertEquals(Optional.empty(), c.sessionTarget());
            assertFalse(c.createsInstance());
            assertEquals(Optional.empty(), Moniker.parse("Session:1").classId());
            assertEquals(List.of(c), c.parts());
        }

        // Windows' IsEqual: a class moniker's data does not take part (wine-mirror/wine dlls/ole32/tests/moniker.c,
        // "only CLSID is meaningful for equality"); the display name keeps it.
        @Test
        void classMonikerDataDoesNotTakePartInEquality() {
            ClassMoniker plain = ClassMoniker.of(SESSION_INFO);
            ClassMoniker withParams = ClassMoniker.withParams(SESSION_INFO, "a=1");
            assertEquals(plain, withParams);
            assertEquals(plain.hashCode(), withParams.hashCode());
            assertNotEquals(plain.displayName(), withParams.displayName());
            assertEquals("clsid:10000013-0000-0000-0000-000000000001;a=1:", withParams.displayName());
            assertEquals("a=1", withParams.params());
            assertEquals(";a=1", withParams.data());
            assertEquals(withParams, Moniker.parse("clsid:{10000013-0000-0000-0000-000000000001};a=1"));
            assertEquals(Moniker.parse("Session:1!clsid:10000013-0000-0000-0000-000000000001;a=1"),
                    Moniker.parse("Session:1!clsid:10000013-0000-0000-0000-000000000001;b=2:"));
            assertNotEquals(plain, ClassMoniker.of(Guid.parse("10000013-0000-0000-0000-000000000002")));
            ClassMoniker bare = new ClassMoniker(SESSION_INFO, "extra");
            assertEquals("clsid:10000013-0000-0000-0000-000000000001extra:", bare.displayName());
            assertEquals("extra", bare.params());
            assertThrows(IllegalArgumentException.class, () -> new ClassMoniker(SESSION_INFO, "a=1:"));
            assertThrows(IllegalArgumentException.class, () -> new ClassMoniker(SESSION_INFO, "a=!"));
        }

        // Windows' item moniker compares names case-insensitively; this module folds ASCII only.
        @Test
        void itemNamesCompareIgnoringAsciiCase() {
            assertEquals(ItemMoniker.of("Sheet1"), ItemMoniker.of("SHEET1"));
            assertEquals(ItemMoniker.of("Sheet1").hashCode(), ItemMoniker.of("sHEET1").hashCode());
            assertEquals("!SHEET1", ItemMoniker.of("SHEET1").displayName());
            assertEquals(Moniker.parse("Session:1!clsid:10000013-0000-0000-0000-000000000001!Item"),
                    Moniker.parse("Session:1!clsid:10000013-0000-0000-0000-000000000001!iTEM"));
            // "i" and dotted capital I are different letters; no locale's rules apply
            assertNotEquals(ItemMoniker.of("item"), ItemMoniker.of("\u0130TEM"));
            assertNotEquals(ItemMoniker.of("\u00e9"), ItemMoniker.of("\u00c9"));
            assertNotEquals(ItemMoniker.of("Sheet1"), ItemMoniker.of("Sheet2"));
        }

        @Test
        void itemsRejectTheirDelimiter() {
            assertThrows(IllegalArgumentException.class, () -> ItemMoniker.of(""));
            assertThrows(IllegalArgumentException.class, () -> ItemMoniker.of("a!b"));
            assertThrows(IllegalArgumentException.class, () -> new ItemMoniker("\\", "a"));
            assertEquals("!a b:c", ItemMoniker.of("a b:c").displayName());
        }

        @Test
        void wellKnownClsids() {
            assertEquals("0000031A-0000-0000-C000-000000000046", ClassMoniker.CLSID.toString());
            assertEquals("00000304-0000-0000-C000-000000000046", ItemMoniker.CLSID.toString());
            assertEquals("00000309-0000-0000-C000-000000000046", CompositeMoniker.CLSID.toString());
            assertEquals("ECABAFC6-7F19-11D2-978E-0000F8757E2A", NewMoniker.CLSID.toString());
        }
    }

    @Nested
    class Composition {

        @Test
        void compositesFlattenAndCollapse() {
            Moniker inner = CompositeMoniker.of(ClassMoniker.of(SESSION_INFO), ItemMoniker.of("a"));
            Moniker outer = CompositeMoniker.of(inner, ItemMoniker.of("b"));
            assertEquals(3, outer.parts().size());
            assertEquals("clsid:10000013-0000-0000-0000-000000000001:!a!b", outer.displayName());
            assertSame(inner.parts().get(0), CompositeMoniker.of(inner.parts().get(0)));
        }

        @Test
        void rulesMatchTheParser() {
            SessionMoniker s = SessionMoniker.of(1);
            ClassMoniker c = ClassMoniker.of(SESSION_INFO);
            ItemMoniker i = ItemMoniker.of("x");
            assertThrows(IllegalArgumentException.class, () -> CompositeMoniker.of(i, c));
            assertThrows(IllegalArgumentException.class, () -> CompositeMoniker.of(s, i));
            assertThrows(IllegalArgumentException.class, () -> CompositeMoniker.of(c, s));
            assertThrows(IllegalArgumentException.class, () -> CompositeMoniker.of(s, s));
            assertThrows(IllegalArgumentException.class, () -> CompositeMoniker.of(c, NewMoniker.of(COUNTER)));
            assertThrows(IllegalArgumentException.class, () -> CompositeMoniker.of(List.of()));
            assertSame(c, CompositeMoniker.of(List.of(c)));
            assertEquals("Session:1!clsid:10000013-0000-0000-0000-000000000001:!x", CompositeMoniker.of(s, c, i).displayName());
        }
    }

    @Nested
    class Parser {

        @Test
        void nullIsACallerBugAndEmptyIsInvalidArg() {
            assertThrows(NullPointerException.class, () -> Moniker.parse(null));
            assertTrue(Moniker.tryParse(null).isEmpty());
            MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class, () -> Moniker.parse(""));
            assertEquals(HResult.E_INVALIDARG, e.hresult());
            assertEquals(0, e.eaten());
        }

        @Test
        void messagesSayWhatWasExpectedWhereAndQuoteTheInput() {
            MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class,
                    () -> Moniker.parse("Session:3x!clsid:10000013-0000-0000-0000-000000000001"));
            assertEquals("expected '!' or the end of the name at index 9 but was 'x' in"
                    + " \"Session:3x!clsid:10000013-0000-0000-0000-000000000001\"", e.getMessage());
            assertTrue(e.toString().contains("MK_E_SYNTAX (0x800401E4)"), e.toString());
        }

        @Test
        void longInputsAreQuotedAroundTheError() {
            String name = "clsid:10000013-0000-0000-0000-000000000001:!" + "x".repeat(500) + "!!";
            MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class, () -> Moniker.parse(name));
            assertEquals(name.length() - 1, e.index());
            assertTrue(e.getMessage().length() < 300, e.getMessage());
            assertTrue(e.getMessage().contains("(" + name.length() + " characters)"), e.getMessage());
        }

        @Test
        void progIdsGoThroughTheResolver() {
            Map<String, Guid> registry = Map.of("sessionmoniker.sessioninfo", SESSION_INFO);
            MonikerParser parser = MonikerParser.builder()
                    .progIdResolver(p -> Optional.ofNullable(registry.get(p.toLowerCase(java.util.Locale.ROOT))))
                    .build();
            assertEquals(Moniker.parse("Session:2!clsid:10000013-0000-0000-0000-000000000001"),
                    parser.parse("Session:2!@SessionMoniker.SessionInfo"));
            assertEquals(ClassMoniker.of(SESSION_INFO), parser.parse("SessionMoniker.SessionInfo:"));
            assertEquals(ClassMoniker.of(SESSION_INFO), parser.parse("@SESSIONMONIKER.SESSIONINFO:"));
            assertEquals(CompositeMoniker.of(ClassMoniker.of(SESSION_INFO), ItemMoniker.of("i")),
                    parser.parse("@SessionMoniker.SessionInfo!i"));
            MonikerSyntaxException unknown = assertThrows(MonikerSyntaxException.class,
                    () -> parser.parse("Session:2!@No.Such.Class"));
            assertEquals(10, unknown.eaten());
            assertTrue(unknown.getMessage().contains("'No.Such.Class' is not registered"), unknown.getMessage());
            MonikerSyntaxException noColon = assertThrows(MonikerSyntaxException.class,
                    () -> parser.parse("SessionMoniker.SessionInfo"));
            assertEquals(0, noColon.eaten());
        }

        @Test
        void resolverReturningNullIsTreatedAsNotRegistered() {
            MonikerParser parser = MonikerParser.builder().progIdResolver(p -> null).build();
            assertThrows(MonikerSyntaxException.class, () -> parser.parse("Foo.Bar:"));
        }

        @Test
        void registeredPrefixesMakeExtensionMonikers() {
            MonikerParser parser = MonikerParser.builder().prefix("Elevation", Elevation::parse).build();
            Moniker m = parser.parse("elevation:administrator!new:{10000013-0000-0000-0000-000000000001}");
            assertEquals("Elevation:Administrator!new:10000013-0000-0000-0000-000000000001", m.displayName());
            assertEquals(m, parser.parse(m.displayName()));
            assertEquals(Moniker.Kind.EXTENSION, m.parts().get(0).kind());
            assertEquals(Optional.of(SESSION_INFO), m.classId());
            MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class,
                    () -> parser.parse("Elevation:Lowest!new:10000013-0000-0000-0000-000000000001"));
            assertEquals(10, e.eaten());
            assertTrue(e.getMessage().contains("'Administrator' or 'Highest'"), e.getMessage());
            // the standard parser does not know the prefix
            assertThrows(MonikerSyntaxException.class, () -> Moniker.parse(m.displayName()));
            // the registration survives toBuilder()
            assertEquals(m, parser.toBuilder().build().parse(m.displayName()));
        }

        @Test
        void classParsersServeBracedClsidAndProgIdPrefixes() {
            Guid custom = Guid.parse("20000000-0000-0000-0000-000000000001");
            MonikerParser parser = MonikerParser.builder()
                    .classParser(custom, Elevation::parse)
                    .progIdResolver(p -> p.equals("Elev") ? Optional.of(custom) : Optional.empty())
                    .build();
            Moniker viaClsid = parser.parse("{20000000-0000-0000-0000-000000000001}:Highest!clsid:10000013-0000-0000-0000-000000000001");
            Moniker viaProgId = parser.parse("Elev:Highest!clsid:10000013-0000-0000-0000-000000000001");
            assertEquals(viaClsid, viaProgId);
            assertEquals("Elevation:Highest!clsid:10000013-0000-0000-0000-000000000001:", viaProgId.displayName());
        }

        @Test
        void registrationsAreValidated() {
            MonikerParser.Builder b = MonikerParser.builder();
            assertThrows(IllegalArgumentException.class, () -> b.prefix("session", Elevation::parse));
            assertThrows(IllegalArgumentException.class, () -> b.prefix("CLSID", Elevation::parse));
            assertThrows(IllegalArgumentException.class, () -> b.prefix("x", Elevation::parse));
            assertThrows(IllegalArgumentException.class, () -> b.prefix("two words", Elevation::parse));
            assertThrows(IllegalArgumentException.class, () -> b.prefix("cl\u0131sid", Elevation::parse));
            assertThrows(IllegalArgumentException.class, () -> b.classParser(ClassMoniker.CLSID, Elevation::parse));
            b.prefix("Elevation", Elevation::parse);
            assertThrows(IllegalArgumentException.class, () -> b.prefix("ELEVATION", Elevation::parse));
        }

        @Test
        void aMisbehavingPluginIsReportedAsAPluginBug() {
            MonikerParser parser = MonikerParser.builder().prefix("Bad", c -> ItemMoniker.of("x")).build();
            assertThrows(IllegalStateException.class, () -> parser.parse("Bad:"));
            MonikerParser nulls = MonikerParser.builder().prefix("Null", c -> null).build();
            assertThrows(IllegalStateException.class, () -> nulls.parse("Null:"));
        }
    }

    /** An elevation moniker as a user would register it. */
    static final class Elevation extends ExtensionMoniker {
        private final String level;

        Elevation(String level) {
            this.level = level;
        }

        static Moniker parse(DisplayNameCursor cursor) {
            if (cursor.consumeIgnoreCase("Administrator")) {
                return new Elevation("Administrator");
            }
            if (cursor.consumeIgnoreCase("Highest")) {
                return new Elevation("Highest");
            }
            throw cursor.syntaxError("'Administrator' or 'Highest'");
        }

        @Override
        public String displayName() {
            return "Elevation:" + level;
        }

        @Override
        public String kindName() {
            return "elevation";
        }

        @Override
        public boolean composesWithClassPart() {
            return true;
        }
    }
}
