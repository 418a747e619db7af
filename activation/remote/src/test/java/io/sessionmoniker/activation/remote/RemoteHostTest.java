package io.sessionmoniker.activation.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code HOST[:PORT]} and the credentials' secrecy. */
class RemoteHostTest {

    @Test
    void hostAndPortParse() {
        assertEquals(new RemoteHost("lab-7", 135), RemoteHost.parse("lab-7"));
        assertEquals(new RemoteHost("10.0.0.5", 49712), RemoteHost.parse("10.0.0.5:49712"));
        assertEquals(new RemoteHost("fe80::1", 135), RemoteHost.parse("[fe80::1]"));
        assertEquals(new RemoteHost("::1", 1350), RemoteHost.parse("[::1]:1350"));
        assertEquals("[::1]:1350", RemoteHost.parse("[::1]:1350").toString());
        assertEquals(RemoteHost.parse("lab-7:135"), RemoteHost.parse(RemoteHost.parse("lab-7").toString()));
    }

    @Test
    void badHostsAreRefusedWithTheReason() {
        for (String bad : new String[] {"", ":135", "lab-7:", "lab-7:x", "lab-7:0", "lab-7:65536", "::1", "[::1",
                "[::1]x", "a b", "user@host"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RemoteHost.parse(bad),
                    bad);
            assertFalse(e.getMessage().isEmpty());
        }
    }

    @Test
    void credentialsShowNoSecretAndWipeThePassword() {
        char[] password = "s3cret".toCharArray();
        RemoteCredentials c = RemoteCredentials.parseUser("LAB\\alice", password);
        assertEquals("LAB", c.domain());
        assertEquals("alice", c.user());
        assertEquals("RemoteCredentials[LAB\\alice]", c.toString());
        assertTrue(new String(password).chars().allMatch(ch -> ch == 0), "wiped");
        assertEquals(c, RemoteCredentials.password("LAB", "alice", "s3cret".toCharArray()));
        assertEquals("RemoteCredentials[bob]", RemoteCredentials.parseUser("bob", "x".toCharArray()).toString());
        char[] again = "x".toCharArray();
        assertThrows(IllegalArgumentException.class, () -> RemoteCredentials.parseUser("LAB\\", again));
        assertEquals(0, again[0], "wiped even when refused");
    }
}
