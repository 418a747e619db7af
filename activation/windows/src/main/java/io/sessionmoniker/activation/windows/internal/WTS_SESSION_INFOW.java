package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code WTS_SESSION_INFOW} from {@code wtsapi32.h}: one element of the array {@code WTSEnumerateSessionsW}
 * returns. The {@code W} (UTF-16) form; the backend never calls the {@code A} functions.
 *
 * <pre>
 * typedef struct _WTS_SESSION_INFOW { DWORD SessionId; LPWSTR pWinStationName; WTS_CONNECTSTATE_CLASS State; } WTS_SESSION_INFOW;
 * </pre>
 *
 * <p>Windows x64: 24 bytes; {@code pWinStationName} at 8 (after 4 bytes of padding), {@code State} (an enum, 4
 * bytes) at 16, 4 bytes of tail padding.
 *
 * <p>jna-platform has {@code Wtsapi32.WTS_SESSION_INFO} with the same layout, but its {@code String} field follows
 * {@code W32APITypeMapper.DEFAULT}, which reads ANSI text when the JVM runs with {@code -Dw32.ascii=true}; this
 * structure keeps the pointer, which {@link Utf16} reads as UTF-16.
 *
 * <pre>{@code
 * WTS_SESSION_INFOW first = new WTS_SESSION_INFOW(array);
 * String name = Utf16.read(first.pWinStationName);
 * }</pre>
 */
@FieldOrder({"SessionId", "pWinStationName", "State"})
public class WTS_SESSION_INFOW extends LayoutStructure {

    /** The session id (a DWORD; read it with {@link Integer#toUnsignedLong(int)}). */
    public int SessionId;
    /** {@code LPWSTR}: the WinStation name, e.g. {@code "Console"}, {@code "RDP-Tcp#3"}, {@code "Services"}. */
    public Pointer pWinStationName;
    /** {@code WTS_CONNECTSTATE_CLASS}, 0..9. */
    public int State;

    /** Allocates a zeroed structure (for tests and layout checks). */
    public WTS_SESSION_INFOW() {
        super();
    }

    /**
     * Reads an element Windows wrote.
     *
     * @param memory the element's first byte
     */
    public WTS_SESSION_INFOW(Pointer memory) {
        super(memory);
        read();
    }
}
