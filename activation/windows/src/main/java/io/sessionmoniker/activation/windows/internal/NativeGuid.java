package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.sessionmoniker.moniker.Guid;
import java.util.Objects;

/**
 * Converts the project's {@link Guid} to and from the 16-byte {@code GUID} structure Windows reads through a
 * {@code REFIID} or {@code REFCLSID}.
 *
 * <p>The bytes come from {@link Guid#toBytes()}, which writes Windows' layout ({@code Data1}, {@code Data2} and
 * {@code Data3} little-endian, then {@code Data4} as is). jna-platform's {@code Guid.GUID(byte[])} must not be
 * used for this: it reads its argument in text order (big-endian {@code Data1}), so feeding it Windows-layout
 * bytes swaps the first three groups; {@code NativeGuidTest} shows the difference.
 *
 * <pre>{@code
 * Memory iid = NativeGuid.allocate(Guid.parse("00000000-0000-0000-C000-000000000046"));  // IID_IUnknown
 * Guid back = NativeGuid.read(iid);
 * }</pre>
 */
public final class NativeGuid {

    /** The size of a {@code GUID}. */
    public static final int SIZE = 16;

    private NativeGuid() {
    }

    /**
     * Allocates native memory holding a GUID in Windows' layout.
     *
     * @param guid the GUID
     * @return 16 bytes of native memory, freed when the object is garbage collected; keep it reachable until the
     *     native call that reads it returns
     */
    public static Memory allocate(Guid guid) {
        Objects.requireNonNull(guid, "guid");
        Memory m = new Memory(SIZE);
        m.write(0, guid.toBytes(), 0, SIZE);
        return m;
    }

    /**
     * Reads a GUID Windows wrote.
     *
     * @param p the first of its 16 bytes
     * @return the GUID
     */
    public static Guid read(Pointer p) {
        Objects.requireNonNull(p, "p");
        return Guid.fromBytes(p.getByteArray(0, SIZE), 0);
    }
}
