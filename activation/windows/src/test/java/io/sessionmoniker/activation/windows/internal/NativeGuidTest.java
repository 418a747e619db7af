package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.jna.Memory;
import io.sessionmoniker.moniker.Guid;
import org.junit.jupiter.api.Test;

/** Runs on every OS: the bytes handed to Windows as a REFIID / REFCLSID. */
class NativeGuidTest {

    private static final Guid IID_ICLASSFACTORY = Guid.parse("00000001-0000-0000-C000-000000000046");
    private static final Guid SAMPLE = Guid.parse("10000013-0102-0304-0506-0708090A0B0C");

    @Test
    void writesWindowsLayout() {
        Memory m = NativeGuid.allocate(SAMPLE);
        byte[] expected = {
            0x13, 0x00, 0x00, 0x10,     // Data1 0x10000013, little-endian
            0x02, 0x01,                 // Data2 0x0102
            0x04, 0x03,                 // Data3 0x0304
            0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C};
        assertArrayEquals(expected, m.getByteArray(0, 16));
        assertEquals(SAMPLE, NativeGuid.read(m));
    }

    @Test
    void agreesWithJnaPlatformGuidParsedFromText() {
        com.sun.jna.platform.win32.Guid.GUID theirs =
                new com.sun.jna.platform.win32.Guid.GUID(IID_ICLASSFACTORY.toBracedString());
        theirs.write();
        assertArrayEquals(theirs.getPointer().getByteArray(0, 16),
                NativeGuid.allocate(IID_ICLASSFACTORY).getByteArray(0, 16));
    }

    /** Why the backend does not use {@code GUID(byte[])}: it reads text order, not Windows' memory layout. */
    @Test
    void jnaPlatformByteConstructorReadsTextOrder() {
        com.sun.jna.platform.win32.Guid.GUID fromWindowsBytes =
                new com.sun.jna.platform.win32.Guid.GUID(SAMPLE.toBytes());
        assertNotEquals(SAMPLE, NativeGuid.read(fromWindowsBytes.getPointer()));
    }
}
