package io.sessionmoniker.activation.host;

import static io.sessionmoniker.activation.host.Golden.COUNTER;
import static io.sessionmoniker.activation.host.Golden.CRASH;
import static io.sessionmoniker.activation.host.Golden.SESSION_INFO;
import static io.sessionmoniker.activation.host.Golden.SINGLE_USE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.moniker.ClassMoniker;
import io.sessionmoniker.moniker.CompositeMoniker;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.moniker.MonikerParser;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.moniker.SessionMoniker;
import io.sessionmoniker.policy.SecurityDescriptorFormatException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassRegistryTest {

    static final Map<String, String> VARIABLES = Map.of("JAVA", "/usr/bin/java", "classpath", "/opt/sessmon/lib/*");

    static ClassRegistry demo() {
        return ClassRegistry.builder().base(Golden.demo()).variables(VARIABLES).build();
    }

    static ClassRegistry withFile(String text) {
        return ClassRegistry.of(RegFileReader.standard().parse("test.reg", text));
    }

    static final String V5 = "Windows Registry Editor Version 5.00\r\n\r\n";

    @Nested
    class Classes {

        @Test
        void theSessionInfoRegistrationReadsAsTheRegistrySaysIt() {
            ClassRegistration c = demo().lookupClass(SESSION_INFO).orElseThrow();
            assertEquals(new ClassRegistration(SESSION_INFO, "SessionMoniker.SessionInfo",
                    Optional.of("\"%JAVA%\" -cp \"%CLASSPATH%\" io.sessionmoniker.server.SessionInfoServer"),
                    Optional.of("C:\\Program Files\\Java\\bin\\java.exe"), Optional.of(SESSION_INFO),
                    Optional.of("SessionMoniker.SessionInfo.1"), Optional.of("SessionMoniker.SessionInfo")), c);
        }

        @Test
        void classesFromEveryFormatAreFound() {
            ClassRegistry r = demo();
            assertEquals(List.of(SESSION_INFO, COUNTER, SINGLE_USE, CRASH), r.snapshot().classIds());
            assertEquals("SessionMoniker.Counter", r.lookupClass(COUNTER).orElseThrow().name());
            assertEquals(Optional.empty(), r.lookupClass(COUNTER).orElseThrow().versionIndependentProgId());
            assertEquals("SessionMoniker.SingleUse", r.lookupClass(SINGLE_USE).orElseThrow().name());
            assertEquals(Optional.of("java -cp app.jar io.sessionmoniker.server.CrashServer"),
                    r.lookupClass(CRASH).orElseThrow().localServer32());
        }

        @Test
        void anUnregisteredClassIsEmpty() {
            assertEquals(Optional.empty(), demo().lookupClass(Guid.parse("10000013-0000-0000-0000-0000000000FF")));
            assertEquals(Optional.empty(), demo().localServerCommand(Guid.NULL));
            assertEquals(Optional.empty(), ClassRegistry.of(RegistryHive.empty()).lookupClass(SESSION_INFO));
        }

        @Test
        void aClassWithoutLocalServerHasNoCommand() {
            ClassRegistry r = withFile(V5 + "[HKCR\\CLSID\\{10000013-0000-0000-0000-000000000009}]\r\n@=\"Inproc\"\r\n"
                    + "\r\n[HKCR\\CLSID\\{10000013-0000-0000-0000-000000000009}\\InprocServer32]\r\n@=\"x.dll\"\r\n");
            Guid g = Guid.parse("10000013-0000-0000-0000-000000000009");
            assertEquals(ClassRegistration.of(g, "Inproc"), r.lookupClass(g).orElseThrow());
            assertEquals(Optional.empty(), r.localServerCommand(g));
        }
    }

    @Nested
    class Commands {

        @Test
        void variablesAreExpandedIgnoringCase() {
            ExpandedString e = demo().localServerCommand(SESSION_INFO).orElseThrow();
            assertEquals("\"/usr/bin/java\" -cp \"/opt/sessmon/lib/*\" io.sessionmoniker.server.SessionInfoServer",
                    e.value());
            assertTrue(e.isFullyExpanded());
        }

        @Test
        void anUnknownVariableIsLeftAsIsAndReported() {
            ClassRegistry r = demo();
            ExpandedString e = r.localServerCommand(COUNTER).orElseThrow();
            assertEquals("/usr/bin/java -cp /opt/sessmon/lib/* io.sessionmoniker.server.CounterServer %COUNTER_OPTIONS%",
                    e.value());
            assertEquals(List.of("COUNTER_OPTIONS"), e.unresolvedVariables());
            RegistryProblem p = r.problems().stream()
                    .filter(x -> x.kind() == RegistryProblem.Kind.UNRESOLVED_VARIABLE).findFirst().orElseThrow();
            assertEquals(RegistryPath.parse("HKCR\\CLSID\\" + COUNTER.toBracedString() + "\\LocalServer32"), p.key());
            assertEquals(Optional.of(""), p.valueName());
            assertTrue(p.message().contains("%COUNTER_OPTIONS%"), p.message());
            assertTrue(p.toString().endsWith("\\LocalServer32 (default): " + p.message()), p.toString());
        }

        @Test
        void withoutVariablesEveryReferenceIsReported() {
            ClassRegistry r = ClassRegistry.of(Golden.demo());
            assertEquals(List.of("JAVA", "CLASSPATH"), r.localServerCommand(SESSION_INFO).orElseThrow()
                    .unresolvedVariables());
            assertEquals(3, r.problems().stream()
                    .filter(x -> x.kind() == RegistryProblem.Kind.UNRESOLVED_VARIABLE).count());
        }

        @Test
        void variableNamesThatClashIgnoringCaseAreRejected() {
            assertThrows(IllegalArgumentException.class,
                    () -> ClassRegistry.builder().variables(Map.of("JAVA", "a", "java", "b")));
        }
    }

    @Nested
    class ProgIds {

        @ParameterizedTest(name = "\"{0}\" resolves to {1}")
        @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
                SessionMoniker.SessionInfo     | 10000013-0000-0000-0000-000000000001
                sessionmoniker.sessioninfo     | 10000013-0000-0000-0000-000000000001
                SESSIONMONIKER.SESSIONINFO.1   | 10000013-0000-0000-0000-000000000001
                SessionMoniker.Counter.1       | 10000013-0000-0000-0000-000000000002
                SessionMoniker.Counter         | 10000013-0000-0000-0000-000000000002
                No.Such.ProgID                 | none
                CLSID                          | none
                AppID                          | none
                SessionMoniker.SessionInfo\\x  | none
                ''                             | none
                """)
        void resolvesLikeClsidFromProgId(String progId, String clsid) {
            assertEquals(Optional.ofNullable(clsid).map(Guid::parse), demo().resolveProgId(progId));
        }

        @Test
        void curVerLoopsEndEmpty() {
            ClassRegistry r = withFile(V5 + "[HKCR\\A.Loop\\CurVer]\r\n@=\"B.Loop\"\r\n\r\n[HKCR\\B.Loop\\CurVer]\r\n"
                    + "@=\"A.Loop\"\r\n\r\n[HKCR\\C.Bad\\CLSID]\r\n@=\"10000013-0000-0000-0000-000000000001\"\r\n");
            assertEquals(Optional.empty(), r.resolveProgId("A.Loop"));
            assertEquals(Optional.empty(), r.resolveProgId("C.Bad"), "CLSIDFromString wants braces");
        }

        @Test
        void theMonikerParserResolvesProgIdsThroughTheRegistry() {
            ClassRegistry r = demo();
            MonikerParser parser = MonikerParser.builder().progIdResolver(r::resolveProgId).build();
            assertEquals(CompositeMoniker.of(SessionMoniker.of(2), ClassMoniker.of(SESSION_INFO)),
                    parser.parse("Session:2!@SessionMoniker.SessionInfo"));
            assertEquals(ClassMoniker.of(COUNTER), parser.parse("sessionmoniker.counter:"));
            MonikerParser viaResolver = MonikerParser.builder().progIdResolver(r.progIdResolver()).build();
            assertEquals(Moniker.parse("clsid:" + SESSION_INFO), viaResolver.parse("@SessionMoniker.SessionInfo.1"));
            assertThrows(MonikerSyntaxException.class, () -> parser.parse("@No.Such.ProgID"));
        }
    }

    @Nested
    class AppIds {

        @Test
        void theSessionInfoAppIdRunsAsTheInteractiveUser() {
            AppIdRegistration a = demo().lookupAppId(SESSION_INFO).orElseThrow();
            assertEquals(AppIdRegistration.of(SESSION_INFO, "SessionInfo").withRunAs("Interactive User")
                    .withLaunchPermission(Golden.sddl(Golden.DEFAULT_LAUNCH_SDDL)), a);
            assertEquals(Golden.DEFAULT_LAUNCH_SDDL, a.launchPermission().orElseThrow().toSddl());
            assertEquals(AppIdRegistration.INTERACTIVE_USER, a.runAs().orElseThrow());
        }

        @Test
        void theCounterAppIdHasFlagsAccessAndASurrogate() {
            AppIdRegistration a = demo().lookupAppId(COUNTER).orElseThrow();
            assertEquals(Optional.empty(), a.runAs(), "no RunAs: the launching user");
            assertEquals(0x20, a.appIdFlags());
            assertEquals(Golden.sddl(Golden.COUNTER_ACCESS_SDDL), a.accessPermission().orElseThrow());
            assertEquals(Optional.empty(), a.launchPermission());
            assertEquals(Optional.of(""), a.dllSurrogate());
        }

        @Test
        void appIdsFromEveryFormatAreFound() {
            ClassRegistry r = demo();
            assertEquals(List.of(SESSION_INFO, COUNTER, SINGLE_USE, CRASH), r.snapshot().appIds());
            assertEquals(1, r.lookupAppId(SINGLE_USE).orElseThrow().appIdFlags());
            assertEquals(Optional.of("Interactive User"), r.lookupAppId(CRASH).orElseThrow().runAs());
            assertEquals(Optional.empty(), r.lookupAppId(Guid.NULL));
        }

        @Test
        void aLocalServiceIsKept() {
            ClassRegistry r = withFile(V5 + "[HKCR\\AppID\\{10000013-0000-0000-0000-000000000007}]\r\n"
                    + "\"LocalService\"=\"SessMonSvc\"\r\n\"AppIDFlags\"=dword:00000801\r\n");
            AppIdRegistration a = r.lookupAppId(Guid.parse("10000013-0000-0000-0000-000000000007")).orElseThrow();
            assertEquals(Optional.of("SessMonSvc"), a.localService());
            assertEquals(0x801, a.appIdFlags());
            assertEquals("", a.name());
        }
    }

    @Nested
    class Problems {

        static final String APPID = "{10000013-0000-0000-0000-000000000005}";

        @Test
        void aMalformedDescriptorIsARegistryErrorNamingKeyAndValue() {
            ClassRegistry r = withFile(V5 + "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\" + APPID + "]\r\n"
                    + "\"LaunchPermission\"=hex:01,00,04,80,ff,00,00,00\r\n\r\n"
                    + "[HKCR\\AppID\\" + Golden.SESSION_INFO.toBracedString() + "]\r\n\"RunAs\"=\"Interactive User\"\r\n");
            Guid bad = Guid.parse(APPID);
            RegistryValueException e = assertThrows(RegistryValueException.class, () -> r.lookupAppId(bad));
            assertEquals("HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\" + APPID, e.key());
            assertEquals(Optional.of("LaunchPermission"), e.valueName());
            assertInstanceOf(SecurityDescriptorFormatException.class, e.getCause());
            assertTrue(e.getMessage().startsWith("HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\" + APPID
                    + " \"LaunchPermission\": not a valid self-relative security descriptor: "), e.getMessage());
            assertEquals("REGDB_E_INVALIDVALUE", e.errorName());
            assertEquals(0x80040153, e.hresult());
            assertTrue(r.lookupAppId(SESSION_INFO).isPresent(), "the other AppID still reads");
            assertEquals(List.of(SESSION_INFO, bad), r.snapshot().appIds(), "in GUID order");
            RegistryProblem p = r.problems().get(0);
            assertEquals(RegistryProblem.Kind.MALFORMED_VALUE, p.kind());
            assertEquals(Optional.of("LaunchPermission"), p.valueName());
        }

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource(delimiter = '|', textBlock = """
                AppIDFlags       | "32"                          | expected a REG_DWORD but was REG_SZ
                AppIDFlags       | hex(4):20,00                  | expected a REG_DWORD but was REG_DWORD of 2 bytes
                AccessPermission | "O:BAG:BA"                    | expected a REG_BINARY security descriptor but was REG_SZ
                AccessPermission | hex:                          | not a valid self-relative security descriptor
                RunAs            | dword:00000001                | expected a REG_SZ or REG_EXPAND_SZ string but was REG_DWORD
                """)
        void malformedAppIdValues(String name, String data, String phrase) {
            ClassRegistry r = withFile(V5 + "[HKCR\\AppID\\" + APPID + "]\r\n\"" + name + "\"=" + data + "\r\n");
            RegistryValueException e = assertThrows(RegistryValueException.class,
                    () -> r.lookupAppId(Guid.parse(APPID)));
            assertEquals(Optional.of(name), e.valueName());
            assertTrue(e.reason().contains(phrase), e.reason());
        }

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource(delimiter = '|', textBlock = """
                ''               | AppID            | "10000013-0000-0000-0000-000000000005"    | expected a GUID in braces
                ''               | AppID            | "{10000013-0000-0000-0000-00000000000Z}"  | expected a GUID in braces
                ''               | ''               | dword:00000001                            | expected a REG_SZ or REG_EXPAND_SZ
                \\LocalServer32  | ''               | hex:41,00                                 | expected a REG_SZ or REG_EXPAND_SZ
                \\LocalServer32  | ServerExecutable | hex:41,00                                 | expected a REG_SZ or REG_EXPAND_SZ
                \\ProgID         | ''               | hex(7):41,00,00,00,00,00                  | expected a REG_SZ or REG_EXPAND_SZ
                """)
        void malformedClassValues(String subkey, String name, String data, String phrase) {
            String key = "HKCR\\CLSID\\" + APPID + subkey;
            ClassRegistry r = withFile(V5 + "[" + key + "]\r\n" + (name.isEmpty() ? "@" : "\"" + name + "\"") + "="
                    + data + "\r\n");
            RegistryValueException e = assertThrows(RegistryValueException.class,
                    () -> r.lookupClass(Guid.parse(APPID)));
            assertEquals(RegistryPath.parse(key).toString(), e.key());
            assertEquals(Optional.of(name), e.valueName());
            assertTrue(e.reason().contains(phrase), e.reason());
            assertThrows(RegistryValueException.class, () -> r.localServerCommand(Guid.parse(APPID)));
            assertEquals(List.of(Guid.parse(APPID)), r.snapshot().classIds());
        }

        @Test
        void keysThatAreNotGuidsAreListedButExecutableMappingsAreNot() {
            ClassRegistry r = demo();
            assertTrue(r.problems().stream().noneMatch(p -> p.kind() == RegistryProblem.Kind.IGNORED_KEY),
                    "AppID\\SessionInfoServer.exe maps an executable to its AppID");
            ClassRegistry odd = withFile(V5 + "[HKCR\\CLSID\\NotAGuid]\r\n\r\n[HKCR\\CLSID\\10000013-0000-0000-0000-"
                    + "000000000001]\r\n\r\n[HKCR\\AppID\\Stray]\r\n");
            assertEquals(3, odd.problems().size());
            assertTrue(odd.problems().stream().allMatch(p -> p.kind() == RegistryProblem.Kind.IGNORED_KEY));
            assertEquals(List.of(), odd.snapshot().classIds());
        }

        @Test
        void aGoodRegistryHasOnlyTheUnresolvedVariable() {
            assertEquals(List.of(RegistryProblem.Kind.UNRESOLVED_VARIABLE),
                    demo().problems().stream().map(RegistryProblem::kind).toList());
        }
    }

    @Nested
    class Registration {

        static final Guid NEW = Guid.parse("10000013-0000-0000-0000-000000000010");

        static ClassRegistration newClass() {
            return ClassRegistration.of(NEW, "SessionMoniker.Programmable")
                    .withLocalServer32("%JAVA% -cp %CLASSPATH% io.sessionmoniker.server.ProgrammableServer")
                    .withAppId(NEW)
                    .withProgId("SessionMoniker.Programmable.2")
                    .withVersionIndependentProgId("SessionMoniker.Programmable");
        }

        static AppIdRegistration newAppId() {
            return AppIdRegistration.of(NEW, "Programmable").withRunAs("Interactive User").withAppIdFlags(0x21)
                    .withLaunchPermission(Golden.sddl(Golden.DEFAULT_LAUNCH_SDDL))
                    .withAccessPermission(Golden.sddl(Golden.COUNTER_ACCESS_SDDL))
                    .withLocalService("svc").withDllSurrogate("");
        }

        @Test
        void aRegisteredClassReadsBackAsRegistered() {
            ClassRegistry r = demo();
            r.register(newClass(), Optional.of(newAppId()));
            assertEquals(Optional.of(newClass()), r.lookupClass(NEW));
            assertEquals(Optional.of(newAppId()), r.lookupAppId(NEW));
            assertEquals(Optional.of(NEW), r.resolveProgId("SessionMoniker.Programmable"));
            assertEquals(Optional.of(NEW), r.resolveProgId("sessionmoniker.programmable.2"));
            assertEquals("/usr/bin/java -cp /opt/sessmon/lib/* io.sessionmoniker.server.ProgrammableServer",
                    r.localServerCommand(NEW).orElseThrow().value());
            RegistryValue command = r.hive().value("HKCR\\CLSID\\" + NEW.toBracedString() + "\\LocalServer32", "")
                    .orElseThrow();
            assertEquals(RegistryValue.REG_EXPAND_SZ, command.type(), "a command with %VAR% is REG_EXPAND_SZ");
            assertEquals(Optional.of("SessionMoniker.Programmable.2"), r.hive()
                    .value("HKCR\\SessionMoniker.Programmable\\CurVer", "").flatMap(RegistryValue::asString));
        }

        @Test
        void aMinimalClassNeedsNoAppId() {
            ClassRegistry r = ClassRegistry.of(RegistryHive.empty());
            ClassRegistration c = ClassRegistration.of(NEW, "Plain").withLocalServer32("/bin/server")
                    .withServerExecutable("/bin/server");
            r.register(c, Optional.empty());
            assertEquals(Optional.of(c), r.lookupClass(NEW));
            assertEquals(RegistryValue.REG_SZ, r.hive().value("HKCR\\CLSID\\" + NEW.toBracedString()
                    + "\\LocalServer32", "").orElseThrow().type());
            assertEquals(List.of(), r.snapshot().appIds());
        }

        @Test
        void registeringAgainReplacesTheOldKeysAndProgIds() {
            ClassRegistry r = demo();
            r.register(newClass(), Optional.of(newAppId()));
            ClassRegistration renamed = ClassRegistration.of(NEW, "Renamed").withProgId("Renamed.Class.1");
            r.register(renamed, Optional.empty());
            assertEquals(Optional.of(renamed), r.lookupClass(NEW));
            assertEquals(Optional.empty(), r.resolveProgId("SessionMoniker.Programmable"));
            assertEquals(Optional.empty(), r.resolveProgId("SessionMoniker.Programmable.2"));
            assertEquals(Optional.of(NEW), r.resolveProgId("Renamed.Class.1"));
            assertTrue(r.lookupAppId(NEW).isPresent(), "AppID keys stay unless given");
        }

        @Test
        void registeringOverAFileClassReplacesItsKeyEntirely() {
            ClassRegistry r = demo();
            ClassRegistration c = ClassRegistration.of(SESSION_INFO, "Replaced");
            r.register(c, Optional.empty());
            assertEquals(Optional.of(c), r.lookupClass(SESSION_INFO));
            assertTrue(r.hive().key("HKCR\\CLSID\\" + SESSION_INFO.toBracedString() + "\\LocalServer32").isEmpty());
            assertEquals(Optional.empty(), r.resolveProgId("SessionMoniker.SessionInfo"),
                    "the ProgID keys that named the class went with it");
            assertEquals(Optional.empty(), r.resolveProgId("SessionMoniker.SessionInfo.1"));
        }

        @Test
        void unregisterRemovesTheClassAndItsProgIdsButNotItsAppId() {
            ClassRegistry r = demo();
            assertTrue(r.unregister(SESSION_INFO));
            assertEquals(Optional.empty(), r.lookupClass(SESSION_INFO));
            assertEquals(Optional.empty(), r.resolveProgId("SessionMoniker.SessionInfo"));
            assertEquals(Optional.empty(), r.resolveProgId("SessionMoniker.SessionInfo.1"));
            assertTrue(r.lookupAppId(SESSION_INFO).isPresent());
            assertFalse(r.unregister(SESSION_INFO), "already gone");
            assertTrue(r.unregisterAppId(SESSION_INFO));
            assertFalse(r.unregisterAppId(SESSION_INFO));
            assertTrue(r.lookupClass(COUNTER).isPresent());
        }

        @Test
        void aSnapshotDoesNotSeeLaterChanges() {
            ClassRegistry r = demo();
            ClassRegistry.Snapshot before = r.snapshot();
            r.register(newClass(), Optional.of(newAppId()));
            r.unregister(COUNTER);
            assertEquals(Optional.empty(), before.lookupClass(NEW));
            assertTrue(before.lookupClass(COUNTER).isPresent());
            assertTrue(r.snapshot().lookupClass(NEW).isPresent());
            assertEquals(Golden.demo(), before.hive());
        }

        @ParameterizedTest(name = "ProgID \"{0}\" is refused")
        @CsvSource(delimiter = '|', textBlock = """
                ''
                1Starts.With.Digit
                Has_Underscore
                Has\\Backslash
                Has Space
                Ünicode.Name
                CLSID
                appid
                ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN
                """)
        void progIdsMustBeProgIds(String progId) {
            ClassRegistry r = ClassRegistry.of(RegistryHive.empty());
            assertThrows(IllegalArgumentException.class,
                    () -> r.register(ClassRegistration.of(NEW, "x").withProgId(progId), Optional.empty()));
            assertThrows(IllegalArgumentException.class, () -> r.register(
                    ClassRegistration.of(NEW, "x").withVersionIndependentProgId(progId), Optional.empty()));
            assertEquals(RegistryHive.empty(), r.hive());
        }

        @Test
        void theAppIdMustBeTheClassesAppId() {
            ClassRegistry r = ClassRegistry.of(RegistryHive.empty());
            AppIdRegistration a = AppIdRegistration.of(NEW, "x");
            assertThrows(IllegalArgumentException.class, () -> r.register(ClassRegistration.of(NEW, "x"), Optional.of(a)));
            assertThrows(IllegalArgumentException.class, () -> r.register(
                    ClassRegistration.of(NEW, "x").withAppId(SESSION_INFO), Optional.of(a)));
            assertThrows(IllegalArgumentException.class,
                    () -> r.register(ClassRegistration.of(NEW, "x\0"), Optional.empty()));
            assertThrows(IllegalArgumentException.class, () -> r.register(ClassRegistration.of(NEW, "x")
                    .withAppId(NEW), Optional.of(a.withRunAs("a\0b"))));
            assertEquals(RegistryHive.empty(), r.hive());
        }
    }
}
