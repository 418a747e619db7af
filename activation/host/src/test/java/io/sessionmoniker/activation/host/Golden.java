package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.policy.SecurityDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** The golden files in {@code src/test/resources/registry} and the demo classes they register. */
final class Golden {

    static final Guid SESSION_INFO = Guid.parse("10000013-0000-0000-0000-000000000001");
    static final Guid COUNTER = Guid.parse("10000013-0000-0000-0000-000000000002");
    static final Guid SINGLE_USE = Guid.parse("10000013-0000-0000-0000-000000000003");
    static final Guid CRASH = Guid.parse("10000013-0000-0000-0000-000000000004");

    /** Windows' default launch permission, as the SessionInfo AppID's LaunchPermission holds it. */
    static final String DEFAULT_LAUNCH_SDDL = "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)";
    /** The Counter AppID's AccessPermission. */
    static final String COUNTER_ACCESS_SDDL = "O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;BA)";

    /** Every well-formed golden file. */
    static final List<String> FILES = List.of("regedit-export.reg", "all-value-types.reg", "regedit4.reg",
            "mixed-roots.reg", "deletions.reg", "continuations.reg");

    private Golden() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream("/registry/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource registry/" + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses golden files, merged in order. */
    static RegistryHive hive(String... names) {
        RegistryHive.Builder b = RegistryHive.builder();
        for (String n : names) {
            RegFileReader.standard().parseInto(b, n, bytes(n));
        }
        return b.build();
    }

    /** The demo classes: the regedit export, the REGEDIT4 file and the mixed-roots file. */
    static RegistryHive demo() {
        return hive("regedit-export.reg", "regedit4.reg", "mixed-roots.reg");
    }

    static SecurityDescriptor sddl(String sddl) {
        return SecurityDescriptor.parse(sddl);
    }

    static String hex(byte[] b) {
        StringBuilder out = new StringBuilder();
        for (byte x : b) {
            out.append(String.format(Locale.ROOT, "%02x", x & 0xFF));
        }
        return out.toString();
    }

    static byte[] unhex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
