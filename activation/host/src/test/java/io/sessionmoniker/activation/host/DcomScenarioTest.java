package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.server.LaunchContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scenario's {@code "dcom"} section, users' network credentials, and what a launched server is told of them. */
class DcomScenarioTest {

    static Scenario parse(String json) {
        return Scenario.parse("test.json", json, null);
    }

    static String withDcom(String dcom) {
        return "{\"users\": [{\"name\": \"bob\", \"password\": \"s3cret\"}], \"dcom\": " + dcom + "}";
    }

    @Test
    void withoutASectionTheHostDoesNotListen() {
        Scenario s = parse("{\"users\": [{\"name\": \"bob\"}]}");
        assertEquals(DcomSettings.DEFAULTS, s.dcom());
        assertTrue(s.dcom().listen().isEmpty());
        assertEquals(DcomSettings.INTEGRITY, s.dcom().minimumAuthnLevel(), "Windows' hardened default");
        assertFalse(s.users().get(0).hasCredentials());
    }

    @Test
    void everyFieldIsRead() {
        Scenario s = parse(withDcom("{\"listen\": \"127.0.0.1:135\", \"minimumAuthnLevel\": \"connect\","
                + " \"computerName\": \"lab1\", \"domain\": \"Lab\", \"allowAnonymous\": true,"
                + " \"pingPeriodMillis\": 2000}"));
        DcomSettings d = s.dcom();
        assertEquals(Optional.of("127.0.0.1:135"), d.listen());
        assertEquals(DcomSettings.CONNECT, d.minimumAuthnLevel());
        assertEquals("LAB1", d.computerName(), "NetBIOS names are upper case");
        assertEquals("LAB", d.domain());
        assertTrue(d.allowAnonymous());
        assertEquals(Duration.ofSeconds(2), d.pingPeriod());
    }

    @Test
    void theDomainDefaultsToTheComputerName() {
        assertEquals("LAB1", parse(withDcom("{\"computerName\": \"LAB1\"}")).dcom().domain());
    }

    @Test
    void badValuesNameTheirField() {
        assertField("dcom.minimumAuthnLevel", withDcom("{\"minimumAuthnLevel\": \"high\"}"));
        assertField("dcom.listen", withDcom("{\"listen\": \"localhost:http\"}"));
        assertField("dcom.listen", withDcom("{\"listen\": \"::1:135\"}"));
        assertField("dcom", withDcom("{\"computerName\": \"NAME WITH SPACES\"}"));
        assertField("dcom", withDcom("{\"listn\": \"135\"}"));
        assertField("dcom", withDcom("{\"pingPeriodMillis\": 0}"));
        assertField("users[0].ntHash", "{\"users\": [{\"name\": \"bob\", \"ntHash\": \"xyz\"}]}");
        assertField("users[0]", "{\"users\": [{\"name\": \"bob\", \"password\": \"a\", \"ntHash\": \""
                + "a4f49c406510bdcab6824ee7c30fd852\"}]}");
        assertField("users[0].password", "{\"users\": [{\"name\": \"bob\", \"password\": \"\"}]}");
    }

    private static void assertField(String field, String json) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse(json), json);
        assertTrue(e.getMessage().contains(field), "\"" + field + "\" in: " + e.getMessage());
    }

    @Test
    void credentialsNeverShowInText() {
        Scenario s = parse("{\"users\": [{\"name\": \"bob\", \"password\": \"s3cret\"},"
                + " {\"name\": \"eve\", \"ntHash\": \"a4f49c406510bdcab6824ee7c30fd852\"}]}");
        for (Scenario.UserSpec u : s.users()) {
            assertTrue(u.hasCredentials());
            assertFalse(u.toString().contains("s3cret") || u.toString().contains("a4f49c"), u.toString());
        }
    }

    @Test
    void theDemoGivesItsUsersPasswords() {
        Map<String, Scenario.UserSpec> users = new HashMap<>();
        Scenario.demo().users().forEach(u -> users.put(u.name(), u));
        assertEquals(Optional.of("demo-alice"), users.get("alice").password());
        assertEquals(Optional.of("demo-bob"), users.get("bob").password());
        assertEquals(Optional.of("demo-carol"), users.get("carol").password());
        assertEquals(List.of("Distributed COM Users"), users.get("bob").groups());
    }

    @Test
    void theCommandLineOverridesTheSection() {
        Scenario s = parse(withDcom("{\"listen\": \"127.0.0.1:135\"}"));
        DcomSettings d = s.withDcom(s.dcom().withListen("0").withMinimumAuthnLevel(DcomSettings.PRIVACY)).dcom();
        assertEquals(Optional.of("0"), d.listen());
        assertEquals(DcomSettings.PRIVACY, d.minimumAuthnLevel());
        assertEquals(DcomSettings.PRIVACY, DcomSettings.parseLevel("Privacy"));
        assertThrows(IllegalArgumentException.class, () -> DcomSettings.parseLevel("none"));
        assertThrows(IllegalArgumentException.class, () -> DcomSettings.checkListen("70000"));
        assertEquals("[::1]:135", DcomSettings.format(new java.net.InetSocketAddress("::1", 135)));
    }

    @Test
    void aLaunchedServerIsToldItsNetworkSideAndNothingSecret() {
        LaunchContext ctx = new LaunchContext(2, "bob", "WinSta0", "Default", "ref", "token", "/tmp/x", "O:BAG:BAD:",
                "00".repeat(32), Optional.of(new LaunchContext.Network("127.0.0.1", "LAB1", "LAB", 5)));
        Map<String, String> env = new HashMap<>();
        ctx.writeTo(env);
        assertEquals(Optional.of(ctx), LaunchContext.from(env));
        assertFalse(env.values().stream().anyMatch(v -> v.contains("s3cret")));
        assertTrue(ctx.toString().contains("network 127.0.0.1"));
        assertFalse(ctx.toString().contains("token"), "the launch token is a secret");
        // without a network side, nothing of it in the environment
        Map<String, String> local = new HashMap<>();
        new LaunchContext(2, "bob", "WinSta0", "Default", "ref", "token", "/tmp/x", "O:BAG:BAD:", "00".repeat(32))
                .writeTo(local);
        assertFalse(local.containsKey(LaunchContext.DCOM_ADDRESS));
        assertEquals(Optional.empty(), LaunchContext.from(local).orElseThrow().network());
    }
}
