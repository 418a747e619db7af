package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.sessionmoniker.moniker.Guid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls {@link ComVtable} against a fake COM object built in native memory: a pointer to a vtable whose slots are
 * JNA callbacks that record which slot was called and with what. This checks the slot numbers and the argument
 * order on every OS (the C calling convention is the only one outside 32-bit Windows, where the test is skipped).
 */
class ComVtableTest {

    private static final int SLOTS = 23;   // IMoniker has 23 methods, IBindCtx 13

    /** {@code HRESULT f(this, a, b, c, d)}; unused trailing parameters are simply not read by the caller's ABI. */
    public interface Method5 extends Callback {
        /**
         * The fake method.
         *
         * @param self this
         * @param a first argument
         * @param b second argument
         * @param c third argument
         * @param d fourth argument
         * @return an HRESULT
         */
        int invoke(Pointer self, Pointer a, Pointer b, Pointer c, Pointer d);
    }

    private final List<String> calls = new ArrayList<>();
    private final List<Method5> keepAlive = new ArrayList<>();
    private Memory object;
    private Pointer result;

    @BeforeEach
    void buildFakeObject() {
        assumeTrue(!(Platform.isWindows() && !Platform.is64Bit()), "32-bit Windows uses stdcall for COM");
        result = new Memory(8);
        Memory vtable = new Memory((long) SLOTS * Native.POINTER_SIZE);
        for (int slot = 0; slot < SLOTS; slot++) {
            int s = slot;
            Method5 m = (self, a, b, c, d) -> onCall(s, self, a, b, c, d);
            keepAlive.add(m);
            vtable.setPointer((long) slot * Native.POINTER_SIZE, CallbackReference.getFunctionPointer(m));
        }
        object = new Memory(Native.POINTER_SIZE);
        object.setPointer(0, vtable);
    }

    private int onCall(int slot, Pointer self, Pointer a, Pointer b, Pointer c, Pointer d) {
        // Record rather than assert: an exception thrown inside a JNA callback does not reach the test.
        calls.add(Pointer.nativeValue(self) == Pointer.nativeValue(object) ? "slot " + slot : "wrong this");
        switch (slot) {
            case ComVtable.QUERY_INTERFACE -> {
                calls.add("iid " + NativeGuid.read(a));
                b.setPointer(0, result);                       // *ppvObject
                return 0;
            }
            case ComVtable.RELEASE -> {
                return 7;                                       // remaining references
            }
            case ComVtable.BINDCTX_GET_BIND_OPTIONS -> {
                a.setInt(20, 0x15);                             // dwClassContext = CLSCTX_SERVER
                a.setInt(24, 0x0409);                           // locale
                return 0;
            }
            case ComVtable.BINDCTX_SET_BIND_OPTIONS -> {
                calls.add("cbStruct " + a.getInt(0) + " clsctx " + a.getInt(20) + " deadline " + a.getInt(12));
                return 0;
            }
            case ComVtable.MONIKER_BIND_TO_OBJECT -> {
                calls.add("pbc " + Pointer.nativeValue(a) + " left " + (b == null ? "null" : "set")
                        + " iid " + NativeGuid.read(c));
                d.setPointer(0, result);                       // *ppvResult
                return 0;
            }
            default -> {
                return 0x80004001;                              // E_NOTIMPL: a wrong slot was called
            }
        }
    }

    @Test
    void bindToObjectIsSlot8WithArgumentsInOrder() {
        Memory bindCtx = new Memory(8);
        Guid iid = Guid.parse("00000001-0000-0000-C000-000000000046");
        PointerByReference out = new PointerByReference();
        int hr = ComVtable.bindToObject(object, bindCtx, null, NativeGuid.allocate(iid), out);
        assertEquals(0, hr);
        assertEquals(List.of("slot 8", "pbc " + Pointer.nativeValue(bindCtx) + " left null iid " + iid), calls);
        assertEquals(Pointer.nativeValue(result), Pointer.nativeValue(out.getValue()));
    }

    @Test
    void getBindOptionsIsSlot7AndReadsTheStructureBack() {
        BIND_OPTS3 opts = new BIND_OPTS3();
        assertEquals(0, ComVtable.getBindOptions(object, opts));
        assertEquals(List.of("slot 7"), calls);
        assertEquals(0x15, opts.dwClassContext);
        assertEquals(0x0409, opts.locale);
    }

    @Test
    void setBindOptionsIsSlot6AndWritesTheStructureFirst() {
        BIND_OPTS3 opts = new BIND_OPTS3();
        opts.dwClassContext = 4;
        opts.dwTickCountDeadline = 1234;
        assertEquals(0, ComVtable.setBindOptions(object, opts));
        assertEquals(List.of("slot 6", "cbStruct 48 clsctx 4 deadline 1234"), calls);
    }

    @Test
    void queryInterfaceIsSlot0AndReleaseIsSlot2() {
        Guid iid = Guid.parse("00000000-0000-0000-C000-000000000046");
        PointerByReference out = new PointerByReference();
        assertEquals(0, ComVtable.queryInterface(object, NativeGuid.allocate(iid), out));
        assertEquals(7, ComVtable.release(object));
        assertEquals(List.of("slot 0", "iid " + iid, "slot 2"), calls);
        assertEquals(Pointer.nativeValue(result), Pointer.nativeValue(out.getValue()));
    }

    @Test
    void slotNumbersFollowTheHeaders() {
        // unknwn.h: IUnknown 0..2; objidl.h: IBindCtx adds 3..12, IMoniker (IPersist 3, IPersistStream 4..7) 8..22
        assertEquals(0, ComVtable.QUERY_INTERFACE);
        assertEquals(1, ComVtable.ADD_REF);
        assertEquals(2, ComVtable.RELEASE);
        assertEquals(6, ComVtable.BINDCTX_SET_BIND_OPTIONS);
        assertEquals(7, ComVtable.BINDCTX_GET_BIND_OPTIONS);
        assertEquals(8, ComVtable.MONIKER_BIND_TO_OBJECT);
    }
}
