package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code BIND_OPTS3} from {@code objidl.h}: the bind options of a bind context ({@code IBindCtx::SetBindOptions},
 * {@code IBindCtx::GetBindOptions}) and of {@code CoGetObject}. It extends {@code BIND_OPTS2}, which extends
 * {@code BIND_OPTS}; the header declares them by inheritance in C++ and flat in C, with the same layout, so one
 * flat structure serves all three and {@link #cbStruct} says which one Windows should read.
 *
 * <pre>
 * typedef struct tagBIND_OPTS  { DWORD cbStruct; DWORD grfFlags; DWORD grfMode; DWORD dwTickCountDeadline; } BIND_OPTS;
 * typedef struct tagBIND_OPTS2 : tagBIND_OPTS  { DWORD dwTrackFlags; DWORD dwClassContext; LCID locale;
 *                                                COSERVERINFO *pServerInfo; } BIND_OPTS2;
 * typedef struct tagBIND_OPTS3 : tagBIND_OPTS2 { HWND hwnd; } BIND_OPTS3;
 * </pre>
 *
 * <p>Windows x64: {@code BIND_OPTS} is 16 bytes, {@code BIND_OPTS2} 40 (4 bytes of padding after {@code locale}),
 * {@code BIND_OPTS3} 48. {@code StructureLayoutTest} checks every offset.
 *
 * <pre>{@code
 * BIND_OPTS3 opts = new BIND_OPTS3();          // cbStruct is already sizeof(BIND_OPTS3)
 * opts.dwClassContext = BIND_OPTS3.CLSCTX_LOCAL_SERVER;
 * }</pre>
 */
@FieldOrder({"cbStruct", "grfFlags", "grfMode", "dwTickCountDeadline", "dwTrackFlags", "dwClassContext", "locale",
        "pServerInfo", "hwnd"})
public class BIND_OPTS3 extends LayoutStructure {

    /** {@code sizeof(BIND_OPTS)} on every Windows: four DWORDs. */
    public static final int SIZEOF_BIND_OPTS = 16;
    /** {@code STGM_READWRITE}, the {@code grfMode} {@code CreateBindCtx} starts with. */
    public static final int STGM_READWRITE = 0x2;
    /** {@code CLSCTX_LOCAL_SERVER}: an out-of-process server on this machine. */
    public static final int CLSCTX_LOCAL_SERVER = 0x4;

    /** Size of the structure in bytes; tells Windows whether this is BIND_OPTS, BIND_OPTS2 or BIND_OPTS3. */
    public int cbStruct;
    /** {@code BIND_FLAGS}: 0, {@code BIND_MAYBOTHERUSER} (1) or {@code BIND_JUSTTESTEXISTENCE} (2). */
    public int grfFlags;
    /** {@code STGM} flags for opening the object. */
    public int grfMode;
    /** {@code GetTickCount()} value by which the bind should finish, 0 for none. */
    public int dwTickCountDeadline;
    /** Flags for file-moniker link tracking. */
    public int dwTrackFlags;
    /** {@code CLSCTX} flags passed to the activator. */
    public int dwClassContext;
    /** {@code LCID} passed to {@code IClassActivator::GetClassObject}. */
    public int locale;
    /** {@code COSERVERINFO*}: the machine to activate on, {@code NULL} for this one. */
    public Pointer pServerInfo;
    /** {@code HWND} owning any elevation UI, {@code NULL} for none. */
    public Pointer hwnd;

    /** Allocates zeroed options with {@link #cbStruct} set to {@code sizeof(BIND_OPTS3)}. */
    public BIND_OPTS3() {
        super();
        cbStruct = size();
    }
}
