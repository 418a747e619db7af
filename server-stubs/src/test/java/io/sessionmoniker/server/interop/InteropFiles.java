package io.sessionmoniker.server.interop;

import io.sessionmoniker.policy.SecurityDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files the interop tests' scenarios register SessionInfo with. */
final class InteropFiles {

    /** SessionInfo's CLSID, which is also its AppID. */
    static final String SESSION_INFO = "10000013-0000-0000-0000-000000000001";

    /** The demo's launch permission: the default one plus Distributed COM Users, who may launch remotely. */
    static final SecurityDescriptor DEMO_LAUNCH = SecurityDescriptor.parse("O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)"
            + "(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;S-1-5-32-562)");

    private InteropFiles() {
    }

    /**
     * Writes a {@code .reg} file (UTF-16LE with its byte order mark, as regedit writes it) registering SessionInfo
     * as an Interactive User server, as the demo registers it.
     *
     * @param file where
     * @param launch its LaunchPermission
     * @param access its AccessPermission, or null for the default
     * @throws IOException if it cannot be written
     */
    static void sessionInfoReg(Path file, SecurityDescriptor launch, SecurityDescriptor access) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "Windows Registry Editor Version 5.00",
                "",
                "[HKEY_CLASSES_ROOT\\CLSID\\{" + SESSION_INFO + "}]",
                "\"AppID\"=\"{" + SESSION_INFO + "}\"",
                "",
                "[HKEY_CLASSES_ROOT\\CLSID\\{" + SESSION_INFO + "}\\LocalServer32]",
                "@=\"\\\"%JAVA%\\\" -cp \\\"%CLASSPATH%\\\" io.sessionmoniker.server.SessionInfoServer\"",
                "",
                "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\{" + SESSION_INFO + "}]",
                "\"RunAs\"=\"Interactive User\"",
                "\"LaunchPermission\"=hex:" + hex(launch)));
        if (access != null) {
            lines.add("\"AccessPermission\"=hex:" + hex(access));
        }
        lines.add("");
        Files.writeString(file, "\uFEFF" + String.join("\r\n", lines), StandardCharsets.UTF_16LE);
    }

    /** A descriptor as a {@code .reg} file's {@code hex:} value. */
    private static String hex(SecurityDescriptor sd) {
        StringBuilder b = new StringBuilder();
        for (byte x : sd.toBytes()) {
            b.append(b.length() == 0 ? "" : ",").append(String.format("%02x", x & 0xFF));
        }
        return b.toString();
    }
}
