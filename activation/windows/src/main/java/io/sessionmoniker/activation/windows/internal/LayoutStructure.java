package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The base of the backend's own JNA structures: no type mapper (every string is an explicit {@link Pointer} to
 * UTF-16 text, so a {@code -Dw32.ascii=true} setting cannot turn a {@code W} structure into an {@code A} one),
 * default alignment (MSVC rules on Windows), and a public view of the field offsets so tests can check the layout
 * against the Windows SDK headers.
 *
 * <pre>{@code
 * new BIND_OPTS3().offsetOf("pServerInfo");   // 32 on 64-bit Windows
 * }</pre>
 */
public abstract class LayoutStructure extends Structure {

    /** Allocates native memory for the structure. */
    protected LayoutStructure() {
        super();
    }

    /**
     * Uses existing native memory, for example an element of an array Windows returned.
     *
     * @param memory the structure's first byte
     */
    protected LayoutStructure(Pointer memory) {
        super(memory);
    }

    /**
     * Returns the offset of a field, as JNA computed it for this platform.
     *
     * @param field the field name, as in the SDK header
     * @return the offset in bytes from the start of the structure
     * @throws IllegalArgumentException if there is no such field
     */
    public final int offsetOf(String field) {
        return fieldOffset(field);
    }
}
