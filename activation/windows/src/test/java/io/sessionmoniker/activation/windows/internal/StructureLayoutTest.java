package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Wtsapi32;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every declared structure against its Windows x64 layout, on every OS.
 *
 * <p>The expected values are written down from the Windows SDK headers named on each row and computed by hand with
 * the x64 (MSVC) rules: each member is aligned to its own size (DWORD, LCID, HRESULT and enums 4; pointers and
 * HWND 8), and the size is rounded up to the largest member alignment (8 here).
 *
 * <p>JNA computes a structure's layout from the platform it runs on. On Windows x64 it uses the MSVC rules. On the
 * 64-bit Linux and macOS JVMs these tests also run on, it uses the System V rules, which give the same result for
 * these members: natural alignment, 8-byte pointers, 4-byte ints. (They would differ for C {@code long}, 8 bytes
 * there and 4 on Windows, which is why no structure here uses {@code NativeLong}: DWORD, LCID and HRESULT are
 * Java {@code int}.) So a 64-bit JVM anywhere reproduces the Windows x64 layout, and the tests check it. On a
 * 32-bit JVM pointers are 4 bytes and every offset after the first pointer differs; the tests are skipped there.
 */
class StructureLayoutTest {

    @BeforeAll
    static void only64Bit() {
        assumeTrue(Native.POINTER_SIZE == 8, "these are the Windows x64 layouts; this JVM has "
                + Native.POINTER_SIZE + "-byte pointers, so JNA computes a 32-bit layout: skipped, not failed");
    }

    /** {@code header, structure, field, expected x64 offset}. */
    static Stream<Arguments> offsets() {
        return Stream.of(
                // objidl.h: BIND_OPTS { DWORD cbStruct; DWORD grfFlags; DWORD grfMode; DWORD dwTickCountDeadline; }
                row("objidl.h", new BIND_OPTS3(), "cbStruct", 0),
                row("objidl.h", new BIND_OPTS3(), "grfFlags", 4),
                row("objidl.h", new BIND_OPTS3(), "grfMode", 8),
                row("objidl.h", new BIND_OPTS3(), "dwTickCountDeadline", 12),
                // BIND_OPTS2 : BIND_OPTS { DWORD dwTrackFlags; DWORD dwClassContext; LCID locale; COSERVERINFO *pServerInfo; }
                row("objidl.h", new BIND_OPTS3(), "dwTrackFlags", 16),
                row("objidl.h", new BIND_OPTS3(), "dwClassContext", 20),
                row("objidl.h", new BIND_OPTS3(), "locale", 24),
                row("objidl.h", new BIND_OPTS3(), "pServerInfo", 32),   // 28..31 padding
                // BIND_OPTS3 : BIND_OPTS2 { HWND hwnd; }
                row("objidl.h", new BIND_OPTS3(), "hwnd", 40),
                // objidlbase.h: COSERVERINFO { DWORD dwReserved1; LPWSTR pwszName; COAUTHINFO *pAuthInfo; DWORD dwReserved2; }
                row("objidlbase.h", new COSERVERINFO(), "dwReserved1", 0),
                row("objidlbase.h", new COSERVERINFO(), "pwszName", 8),  // 4..7 padding
                row("objidlbase.h", new COSERVERINFO(), "pAuthInfo", 16),
                row("objidlbase.h", new COSERVERINFO(), "dwReserved2", 24),
                // objidlbase.h: MULTI_QI { const IID *pIID; IUnknown *pItf; HRESULT hr; }
                row("objidlbase.h", new MULTI_QI(), "pIID", 0),
                row("objidlbase.h", new MULTI_QI(), "pItf", 8),
                row("objidlbase.h", new MULTI_QI(), "hr", 16),
                // wtsapi32.h: WTS_SESSION_INFOW { DWORD SessionId; LPWSTR pWinStationName; WTS_CONNECTSTATE_CLASS State; }
                row("wtsapi32.h", new WTS_SESSION_INFOW(), "SessionId", 0),
                row("wtsapi32.h", new WTS_SESSION_INFOW(), "pWinStationName", 8),  // 4..7 padding
                row("wtsapi32.h", new WTS_SESSION_INFOW(), "State", 16));
    }

    /** {@code header, structure, expected x64 sizeof}. */
    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of("objidl.h", new BIND_OPTS3(), 48),
                Arguments.of("objidlbase.h", new COSERVERINFO(), 32),     // 28..31 tail padding
                Arguments.of("objidlbase.h", new MULTI_QI(), 24),         // 20..23 tail padding
                Arguments.of("wtsapi32.h", new WTS_SESSION_INFOW(), 24)); // 20..23 tail padding
    }

    @ParameterizedTest(name = "{0} {1}.{2} at {3}")
    @MethodSource("offsets")
    void fieldOffset(String header, LayoutStructure structure, String field, int expected) {
        assertEquals(expected, structure.offsetOf(field), header + ": " + structure.getClass().getSimpleName() + "."
                + field);
    }

    @ParameterizedTest(name = "sizeof({1}) = {2} ({0})")
    @MethodSource("sizes")
    void size(String header, LayoutStructure structure, int expected) {
        assertEquals(expected, structure.size(), header + ": sizeof(" + structure.getClass().getSimpleName() + ")");
    }

    @Test
    void bindOptsVersionsEndWhereTheNextBegins() {
        BIND_OPTS3 o = new BIND_OPTS3();
        assertEquals(BIND_OPTS3.SIZEOF_BIND_OPTS, o.offsetOf("dwTrackFlags"), "sizeof(BIND_OPTS) = 16");
        assertEquals(40, o.offsetOf("hwnd"), "sizeof(BIND_OPTS2) = 40");
        assertEquals(o.size(), o.cbStruct, "the constructor sets cbStruct to sizeof(BIND_OPTS3)");
    }

    @Test
    void fieldOrderIsTheHeaderOrder() {
        assertEquals(List.of("cbStruct", "grfFlags", "grfMode", "dwTickCountDeadline", "dwTrackFlags",
                "dwClassContext", "locale", "pServerInfo", "hwnd"), order(BIND_OPTS3.class));
        assertEquals(List.of("dwReserved1", "pwszName", "pAuthInfo", "dwReserved2"), order(COSERVERINFO.class));
        assertEquals(List.of("pIID", "pItf", "hr"), order(MULTI_QI.class));
        assertEquals(List.of("SessionId", "pWinStationName", "State"), order(WTS_SESSION_INFOW.class));
    }

    @Test
    void multiQiArraysAreContiguous() {
        MULTI_QI[] array = (MULTI_QI[]) new MULTI_QI().toArray(3);
        Pointer base = array[0].getPointer();
        for (int i = 0; i < array.length; i++) {
            assertEquals(24L * i, Pointer.nativeValue(array[i].getPointer()) - Pointer.nativeValue(base));
        }
    }

    /**
     * jna-platform's {@code WTS_SESSION_INFO} (not used by the backend) has the same layout as ours. Windows only:
     * a structure nested in a jna-platform library interface loads that library ({@code Wtsapi32.INSTANCE}) to
     * learn its alignment, which fails anywhere else; one more reason the backend's structures are top-level.
     */
    @Test
    @EnabledOnOs(OS.WINDOWS)
    void jnaPlatformWtsSessionInfoAgrees() {
        class Probe extends Wtsapi32.WTS_SESSION_INFO {
            int offset(String field) {
                return fieldOffset(field);
            }
        }
        Probe theirs = new Probe();
        WTS_SESSION_INFOW ours = new WTS_SESSION_INFOW();
        assertEquals(ours.size(), theirs.size());
        for (String field : order(WTS_SESSION_INFOW.class)) {
            assertEquals(ours.offsetOf(field), theirs.offset(field), field);
        }
    }

    private static Arguments row(String header, LayoutStructure s, String field, int offset) {
        return Arguments.of(header, s, field, offset);
    }

    private static List<String> order(Class<? extends Structure> type) {
        return Arrays.asList(type.getAnnotation(Structure.FieldOrder.class).value());
    }
}
