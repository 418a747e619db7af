package io.sessionmoniker.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessCheckTest {

    static final Principal ALICE = Principal.user("alice", Sid.machineAccount(1000))
            .administrator(true).logon(LogonType.INTERACTIVE).build();
    static final Principal BOB = Principal.user("bob", Sid.machineAccount(1001))
            .logon(LogonType.INTERACTIVE).build();
    static final Principal BOB_REMOTE = BOB.withLogon(LogonType.NETWORK);
    static final Principal CAROL = Principal.user("carol", Sid.machineAccount(1002)).build();

    static final Map<String, Principal> PRINCIPALS = Map.of(
            "alice", ALICE,
            "bob", BOB,
            "bob-remote", BOB_REMOTE,
            "carol", CAROL,
            "SYSTEM", Principal.system(),
            "anonymous", Principal.anonymous(),
            "LOCAL SERVICE", Principal.localService());

    static final Map<String, String> DESCRIPTORS = Map.of(
            "default-launch", ComSecurityDefaults.defaultLaunchPermission().toSddl(),
            "machine-access", ComSecurityDefaults.machineAccessRestriction().toSddl(),
            "machine-launch", ComSecurityDefaults.machineLaunchRestriction().toSddl(),
            "access-for-bob", ComSecurityDefaults.defaultAccessPermission(BOB.sid()).toSddl(),
            "mixed", GoldenDescriptor.load("com-mixed-format").sddl());

    static SecurityDescriptor descriptor(String nameOrSddl) {
        return SecurityDescriptor.parse(DESCRIPTORS.getOrDefault(nameOrSddl, nameOrSddl));
    }

    @Nested
    class ComTable {

        // desired: L = launch local (0xB), R = launch remote (0x15), A = activate local (0x9),
        // C = call local (0x3), CR = call remote (0x5), X = EXECUTE alone (legacy "everything")
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                default launch: administrators may launch              | default-launch | alice         | L  | true  | 0  | (A;;CCDCLCSWRP;;;BA) grants EXECUTE_LOCAL|ACTIVATE_LOCAL to BUILTIN\\Administrators
                default launch: INTERACTIVE covers a logged-on user     | default-launch | bob           | L  | true  | 1  | NT AUTHORITY\\INTERACTIVE (S-1-5-4), which is in bob's token
                default launch: SYSTEM matches Administrators first     | default-launch | SYSTEM        | L  | true  | 0  | BUILTIN\\Administrators
                default launch: a remote user is not INTERACTIVE        | default-launch | bob-remote    | R  | false | -1 | none of the 3 ACEs in the DACL applies to a SID in bob's token
                default launch: no interactive session, no launch       | default-launch | carol         | L  | false | -1 | none of the 3 ACEs
                default launch: anonymous is refused                    | default-launch | anonymous     | L  | false | -1 | none of the 3 ACEs
                default launch: a service account is refused            | default-launch | LOCAL SERVICE | L  | false | -1 | none of the 3 ACEs
                empty DACL grants nothing, even to administrators       | O:BAG:BAD:     | alice         | L  | false | -1 | the DACL is empty, so no one is granted anything
                no DACL grants everything, even to anonymous            | O:BAG:BA       | anonymous     | R  | true  | -1 | the descriptor has no DACL, so everyone is granted EXECUTE_REMOTE|ACTIVATE_REMOTE
                NULL DACL grants everything                             | D:NO_ACCESS_CONTROL | anonymous | L | true | -1 | the DACL is NULL (NO_ACCESS_CONTROL)
                deny before allow: NETWORK is refused                   | D:(D;;CCDCLCSWRP;;;NU)(A;;CCDCLCSWRP;;;WD) | bob-remote | L | false | 0 | ACE #0 (D;;CCDCLCSWRP;;;NU) denies EXECUTE_LOCAL|ACTIVATE_LOCAL to NT AUTHORITY\\NETWORK (S-1-5-2)
                deny before allow: the deny does not apply locally      | D:(D;;CCDCLCSWRP;;;NU)(A;;CCDCLCSWRP;;;WD) | bob | L | true | 1 | (A;;CCDCLCSWRP;;;WD) grants
                allow before deny: the later deny comes too late        | D:(A;;CCDCLCSWRP;;;WD)(D;;CCDCLCSWRP;;;NU) | bob-remote | L | true | 0 | Everyone (S-1-1-0)
                allows accumulate across ACEs                           | D:(A;;CCDC;;;IU)(A;;CCSW;;;BU) | bob | L | true | 1 | grants ACTIVATE_LOCAL to BUILTIN\\Users
                a missing right is reported                             | D:(A;;CCDC;;;IU) | bob | L | false | -1 | no ACE grants ACTIVATE_LOCAL to bob (granted: EXECUTE_LOCAL; 1 of 1 ACEs applied)
                a deny of an already granted right changes nothing      | D:(A;;CCDC;;;IU)(D;;CCDC;;;BU)(A;;CCSW;;;BU) | bob | L | true | 2 | grants ACTIVATE_LOCAL
                a deny of a still-wanted right wins                     | D:(A;;CCDC;;;IU)(D;;CCSW;;;BU)(A;;CCSW;;;BU) | bob | L | false | 1 | denies ACTIVATE_LOCAL to BUILTIN\\Users
                inherit-only ACEs are skipped                           | D:(D;IO;CCDCLCSWRP;;;WD)(A;;CCDCLCSWRP;;;WD) | bob | L | true | 1 | (A;;CCDCLCSWRP;;;WD)
                inherited ACEs apply                                    | D:(A;ID;CCDCLCSWRP;;;BU) | bob | L | true | 0 | (A;ID;CCDCLCSWRP;;;BU)
                an ACE for the user's own SID applies                   | D:(A;;CCDCLCSWRP;;;S-1-5-21-3623811015-3361044348-30300820-1001) | bob | L | true | 0 | S-1-5-21-3623811015-3361044348-30300820-1001, which is in bob's token
                another user's SID does not                             | D:(A;;CCDCLCSWRP;;;S-1-5-21-3623811015-3361044348-30300820-1000) | bob | L | false | -1 | none of the 1 ACEs
                legacy ACL: EXECUTE alone grants every COM right        | D:(A;;CC;;;IU) | bob | L | true | 0 | (legacy ACL: EXECUTE stands for every COM right)
                legacy ACL: EXECUTE alone denies every COM right        | D:(D;;CC;;;NU)(A;;CC;;;WD) | bob-remote | R | false | 0 | denies EXECUTE_REMOTE|ACTIVATE_REMOTE
                granular deny: EXECUTE in a deny means nothing by itself | D:(D;;CCLCRP;;;NU)(A;;CCDCLCSWRP;;;WD) | bob-remote | L | true | 1 | grants EXECUTE_LOCAL|ACTIVATE_LOCAL
                granular deny: remote launch is refused                 | D:(D;;CCLCRP;;;NU)(A;;CCDCLCSWRP;;;WD) | bob-remote | R | false | 0 | denies EXECUTE_REMOTE|ACTIVATE_REMOTE
                mixed legacy and granular ACEs are invalid              | mixed | SYSTEM | L | false | 1 | the DACL mixes the legacy format (ACE #0
                activation of a running server needs ACTIVATE only      | D:(A;;CCSW;;;IU) | bob | A | true | 0 | grants ACTIVATE_LOCAL
                EXECUTE alone asks for every right                      | D:(A;;CCDC;;;WD) | bob | X | false | -1 | no ACE grants EXECUTE_REMOTE|ACTIVATE_LOCAL|ACTIVATE_REMOTE
                machine access restriction: anonymous may call locally  | machine-access | anonymous | C  | true  | 1 | (A;;CCDC;;;AN)
                machine access restriction: but not remotely            | machine-access | anonymous | CR | false | -1 | no ACE grants EXECUTE_REMOTE to ANONYMOUS LOGON
                machine launch restriction: Everyone launches locally   | machine-launch | bob | L | true | 1 | (A;;CCDCSW;;;WD)
                machine launch restriction: only admins launch remotely | machine-launch | bob-remote | R | false | -1 | no ACE grants EXECUTE_REMOTE|ACTIVATE_REMOTE to bob
                default access: the server's own identity may call      | access-for-bob | bob | C | true | 0 | S-1-5-21-3623811015-3361044348-30300820-1001
                default access: SYSTEM may call                         | access-for-bob | SYSTEM | CR | true | 1 | (A;;CCDCLC;;;SY)
                default access: the launching administrator may not     | access-for-bob | alice | C | false | -1 | none of the 2 ACEs
                """)
        void decides(String rule, String descriptor, String principal, String desired, boolean granted, int aceIndex,
                String reason) {
            SecurityDescriptor sd = descriptor(descriptor);
            int mask = switch (desired) {
                case "L" -> ComRights.launch(false);
                case "R" -> ComRights.launch(true);
                case "A" -> ComRights.activate(false);
                case "C" -> ComRights.call(false);
                case "CR" -> ComRights.call(true);
                case "X" -> ComRights.EXECUTE;
                default -> throw new IllegalArgumentException(desired);
            };
            AccessCheckResult result = sd.checkCom(PRINCIPALS.get(principal), mask);
            assertEquals(granted, result.granted(), result.toString());
            assertEquals(aceIndex < 0 ? OptionalInt.empty() : OptionalInt.of(aceIndex), result.aceIndex(),
                    result.toString());
            assertTrue(result.reason().contains(reason), result.reason());
            assertEquals(mask, result.desiredAccess());
            assertEquals(result.ace().map(Ace::sid), result.sid());
            assertTrue(result.toString().startsWith(granted ? "granted: " : "denied: "));
        }
    }

    @Nested
    class GenericTable {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                file all access covers one right              | D:(A;OICI;FA;;;SY)             | SYSTEM | 0x1      | true  | 0
                a deny of write after read allow              | D:(A;;FR;;;BU)(D;;FW;;;BU)     | bob    | 0x2      | false | 1
                read is granted despite a later write deny    | D:(A;;FR;;;BU)(D;;FW;;;BU)     | bob    | 0x1      | true  | 0
                generic rights are compared bit for bit       | D:(A;;GA;;;WD)                 | bob    | 0x1      | false | -1
                generic bit asked for is matched              | D:(A;;GA;;;WD)                 | bob    | 0x10000000 | true | 0
                """)
        void decides(String rule, String sddl, String principal, String desired, boolean granted, int aceIndex) {
            AccessCheckResult result = SecurityDescriptor.parse(sddl)
                    .check(PRINCIPALS.get(principal), Integer.decode(desired));
            assertEquals(granted, result.granted(), result.toString());
            assertEquals(aceIndex < 0 ? OptionalInt.empty() : OptionalInt.of(aceIndex), result.aceIndex());
        }

        @Test
        void reasonsUseHexMasks() {
            AccessCheckResult r = SecurityDescriptor.parse("D:(A;;FR;;;BU)(D;;FW;;;BU)").check(BOB, 0x3);
            assertEquals("ACE #1 (D;;FW;;;BU) denies 0x2 to BUILTIN\\Users (S-1-5-32-545), which is in bob's token",
                    r.reason());
            assertEquals(0x1, r.grantedAccess());
            assertEquals(Optional.of(Sid.BUILTIN_USERS), r.sid());
        }
    }

    @Nested
    class Preconditions {

        @Test
        void desiredRightsMustBeGiven() {
            SecurityDescriptor sd = ComSecurityDefaults.defaultLaunchPermission();
            assertThrows(IllegalArgumentException.class, () -> sd.check(BOB, 0));
            assertThrows(IllegalArgumentException.class, () -> sd.checkCom(BOB, 0));
            assertThrows(IllegalArgumentException.class, () -> sd.checkCom(BOB, 0x20));
        }

        @Test
        void grantedAccessIsWhatWasWanted() {
            AccessCheckResult r = ComSecurityDefaults.defaultLaunchPermission().checkCom(BOB, ComRights.launch(false));
            assertEquals(ComRights.EXECUTE_LOCAL | ComRights.ACTIVATE_LOCAL, r.grantedAccess());
            assertFalse(r.reason().isEmpty());
        }
    }
}
