package io.sessionmoniker.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PrincipalTest {

    @Nested
    class TokenGroups {

        @Test
        void interactiveAdministrator() {
            Principal alice = Principal.user("alice", Sid.machineAccount(1000))
                    .administrator(true).logon(LogonType.INTERACTIVE).build();
            assertEquals(List.of(Sid.machineAccount(1000), Sid.EVERYONE, Sid.BUILTIN_ADMINISTRATORS,
                    Sid.BUILTIN_USERS, Sid.INTERACTIVE, Sid.AUTHENTICATED_USERS), alice.tokenSids());
            assertTrue(alice.isAdministrator());
            assertFalse(alice.isSystem());
        }

        @Test
        void ordinaryUserWithoutASession() {
            Principal carol = Principal.user("carol", Sid.machineAccount(1002)).build();
            assertEquals(List.of(Sid.EVERYONE, Sid.BUILTIN_USERS, Sid.AUTHENTICATED_USERS),
                    List.copyOf(carol.groups()));
            assertFalse(carol.hasSid(Sid.INTERACTIVE));
            assertTrue(carol.withLogon(LogonType.INTERACTIVE).hasSid(Sid.INTERACTIVE));
            assertTrue(carol.withLogon(LogonType.NETWORK).hasSid(Sid.NETWORK));
            assertSame(carol, carol.withLogon(LogonType.NONE));
        }

        @Test
        void interactiveShorthandAndExtraGroups() {
            Principal dave = Principal.user("dave", Sid.machineAccount(1003))
                    .users(false).interactive(true).memberOf(Sid.DISTRIBUTED_COM_USERS).build();
            assertEquals(List.of(Sid.EVERYONE, Sid.DISTRIBUTED_COM_USERS, Sid.INTERACTIVE, Sid.AUTHENTICATED_USERS),
                    List.copyOf(dave.groups()));
            assertEquals(LogonType.INTERACTIVE, dave.logonType());
            assertEquals(List.of(Sid.DISTRIBUTED_COM_USERS), List.copyOf(dave.memberships()));
        }

        @Test
        void systemIsAnAdministrator() {
            Principal system = Principal.system();
            assertEquals("SYSTEM", system.name());
            assertEquals(Sid.LOCAL_SYSTEM, system.sid());
            assertTrue(system.isSystem() && system.isAdministrator());
            assertEquals(List.of(Sid.EVERYONE, Sid.BUILTIN_ADMINISTRATORS, Sid.AUTHENTICATED_USERS),
                    List.copyOf(system.groups()));
        }

        @Test
        void anonymousIsNotEveryone() {
            Principal anonymous = Principal.anonymous();
            assertTrue(anonymous.isAnonymous());
            assertEquals(List.of(Sid.ANONYMOUS, Sid.NETWORK), anonymous.tokenSids());
            assertFalse(anonymous.hasSid(Sid.EVERYONE) || anonymous.hasSid(Sid.AUTHENTICATED_USERS));
        }

        @Test
        void serviceAccounts() {
            assertTrue(Principal.localService().hasSid(Sid.SERVICE));
            assertTrue(Principal.networkService().hasSid(Sid.NETWORK_SERVICE));
            assertFalse(Principal.localService().isAdministrator());
        }
    }

    @Nested
    class Values {

        @Test
        void equalityAndText() {
            Principal a = Principal.user("bob", Sid.machineAccount(1001)).build();
            Principal b = Principal.user("bob", Sid.machineAccount(1001)).build();
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode());
            assertNotEquals(a, a.withLogon(LogonType.INTERACTIVE));
            assertEquals("bob (S-1-5-21-3623811015-3361044348-30300820-1001)", a.toString());
        }

        @Test
        void rejectsMissingParts() {
            assertThrows(IllegalArgumentException.class, () -> Principal.user("", Sid.machineAccount(1)));
            assertThrows(NullPointerException.class, () -> Principal.user("x", null));
            assertThrows(UnsupportedOperationException.class,
                    () -> Principal.system().groups().add(Sid.EVERYONE));
        }

        @Test
        void logonTypesNameTheirGroups() {
            assertEquals(Sid.BATCH, LogonType.BATCH.groupSid().orElseThrow());
            assertTrue(LogonType.NONE.groupSid().isEmpty());
        }
    }
}
