package io.sessionmoniker.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ComSecurityDefaultsTest {

    @Test
    void defaultLaunchPermissionIsWindowsOwnValue() {
        assertEquals(SecurityDescriptor.fromBytes(GoldenDescriptor.load("default-launch-permission").bytes()),
                ComSecurityDefaults.defaultLaunchPermission());
    }

    @Test
    void machineRestrictionsAreWindowsOwnValues() {
        assertEquals(SecurityDescriptor.fromBytes(GoldenDescriptor.load("machine-launch-restriction").bytes()),
                ComSecurityDefaults.machineLaunchRestriction());
        assertEquals(SecurityDescriptor.fromBytes(GoldenDescriptor.load("machine-access-restriction").bytes()),
                ComSecurityDefaults.machineAccessRestriction());
    }

    @Test
    void defaultAccessPermissionAllowsTheServerAndSystem() {
        Sid server = Sid.machineAccount(1000);
        assertEquals("O:BAG:BAD:(A;;CCDCLC;;;S-1-5-21-3623811015-3361044348-30300820-1000)(A;;CCDCLC;;;SY)",
                ComSecurityDefaults.defaultAccessPermission(server).toSddl());
        assertEquals("O:BAG:BAD:(A;;CCDCLC;;;SY)",
                ComSecurityDefaults.defaultAccessPermission(Sid.LOCAL_SYSTEM).toSddl());
        assertEquals("O:BAG:BAD:(A;;CCDCLC;;;LS)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;IU)",
                ComSecurityDefaults.defaultAccessPermission(Sid.LOCAL_SERVICE, Sid.INTERACTIVE).toSddl());
    }
}
