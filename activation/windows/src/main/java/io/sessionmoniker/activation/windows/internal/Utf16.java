package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.Objects;

/**
 * Reads and writes the NUL-terminated UTF-16 strings ({@code LPWSTR}) Windows' {@code W} functions use, two bytes
 * per code unit whatever the platform. JNA's {@code Pointer.getWideString} reads {@code wchar_t}, which is two bytes
 * on Windows but four on Linux and macOS; reading explicitly keeps the code's meaning, and its tests, the same
 * everywhere.
 *
 * <pre>{@code
 * Memory m = Utf16.allocate("RDP-Tcp#3");
 * Utf16.read(m);   // "RDP-Tcp#3"
 * }</pre>
 */
public final class Utf16 {

    /** The longest string read, in code units: far above any WTS name; guards against a missing terminator. */
    public static final int MAX_CHARS = 1 << 16;

    private Utf16() {
    }

    /**
     * Reads a NUL-terminated UTF-16LE string.
     *
     * @param p its first code unit
     * @return the string
     * @throws IllegalArgumentException if no terminator appears within {@link #MAX_CHARS} code units
     */
    public static String read(Pointer p) {
        Objects.requireNonNull(p, "p");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < MAX_CHARS; i++) {
            char c = (char) p.getShort(2L * i);
            if (c == 0) {
                return s.toString();
            }
            s.append(c);
        }
        throw new IllegalArgumentException("no NUL terminator within " + MAX_CHARS + " UTF-16 code units");
    }

    /**
     * Allocates a NUL-terminated UTF-16LE copy of a string.
     *
     * @param s the string
     * @return native memory, freed when garbage collected
     */
    public static Memory allocate(String s) {
        Memory m = new Memory(2L * (s.length() + 1));
        for (int i = 0; i < s.length(); i++) {
            m.setShort(2L * i, (short) s.charAt(i));
        }
        m.setShort(2L * s.length(), (short) 0);
        return m;
    }
}
