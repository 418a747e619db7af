package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code COSERVERINFO} from {@code objidlbase.h}: the machine an activation goes to ({@code CoCreateInstanceEx},
 * {@code CoGetClassObject}, {@code BIND_OPTS2.pServerInfo}). {@code NULL} everywhere means this machine.
 *
 * <pre>
 * typedef struct _COSERVERINFO { DWORD dwReserved1; LPWSTR pwszName; COAUTHINFO *pAuthInfo; DWORD dwReserved2; } COSERVERINFO;
 * </pre>
 *
 * <p>Windows x64: 32 bytes; {@code pwszName} at 8 (after 4 bytes of padding), {@code pAuthInfo} at 16,
 * {@code dwReserved2} at 24, 4 bytes of tail padding.
 *
 * <pre>{@code
 * Memory name = new Memory(12);
 * name.setWideString(0, "host1");
 * COSERVERINFO server = new COSERVERINFO();
 * server.pwszName = name;          // keep `name` reachable until the call returns
 * }</pre>
 */
@FieldOrder({"dwReserved1", "pwszName", "pAuthInfo", "dwReserved2"})
public class COSERVERINFO extends LayoutStructure {

    /** Reserved, must be 0. */
    public int dwReserved1;
    /** {@code LPWSTR}: the machine name (UNC, DNS or IP address). */
    public Pointer pwszName;
    /** {@code COAUTHINFO*}: activation security overrides, {@code NULL} for the defaults. */
    public Pointer pAuthInfo;
    /** Reserved, must be 0. */
    public int dwReserved2;

    /** Allocates a zeroed structure. */
    public COSERVERINFO() {
        super();
    }
}
