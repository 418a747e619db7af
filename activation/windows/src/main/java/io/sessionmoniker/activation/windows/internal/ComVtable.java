package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Objects;

/**
 * Calls through a COM object's virtual function table, for the methods jna-platform leaves unimplemented
 * ({@code IMoniker::BindToObject} throws {@link UnsupportedOperationException} in its {@code COM.Moniker}) or does
 * not wrap ({@code IBindCtx}).
 *
 * <p>A COM interface pointer points at a pointer to the vtable, an array of function pointers in declaration
 * order, base interfaces first. The slots used here, from {@code unknwn.h} and {@code objidl.h}:
 * <pre>
 * IUnknown   0 QueryInterface, 1 AddRef, 2 Release
 * IBindCtx   3 RegisterObjectBound, 4 RevokeObjectBound, 5 ReleaseBoundObjects, 6 SetBindOptions,
 *            7 GetBindOptions, 8 GetRunningObjectTable, 9 RegisterObjectParam, 10 GetObjectParam,
 *            11 EnumObjectParam, 12 RevokeObjectParam
 * IClassFactory 3 CreateInstance, 4 LockServer
 * IDispatch  3 GetTypeInfoCount, 4 GetTypeInfo, 5 GetIDsOfNames, 6 Invoke
 * IMoniker   3 IPersist::GetClassID; 4 IPersistStream::IsDirty, 5 Load, 6 Save, 7 GetSizeMax;
 *            8 BindToObject, 9 BindToStorage, 10 Reduce, 11 ComposeWith, 12 Enum, 13 IsEqual, 14 Hash,
 *            15 IsRunning, 16 GetTimeOfLastChange, 17 Inverse, 18 CommonPrefixWith, 19 RelativePathTo,
 *            20 GetDisplayName, 21 ParseDisplayName, 22 IsSystemMoniker
 * </pre>
 * jna-platform's {@code COM.Moniker} agrees ({@code vTableIdStart = 7}, {@code BindToObject} at
 * {@code vTableIdStart + 1}, {@code GetDisplayName} at {@code + 13}), and so do the Win32 metadata projections.
 *
 * <p>COM methods use {@code __stdcall}; on 64-bit Windows there is one calling convention, on 32-bit Windows the
 * call is made with JNA's {@link Function#ALT_CONVENTION} (stdcall). Other platforms never call COM; tests on
 * them use the C convention against fake vtables made of JNA callbacks.
 *
 * <pre>{@code
 * PointerByReference out = new PointerByReference();
 * int hr = ComVtable.bindToObject(moniker, bindCtx, null, NativeGuid.allocate(iid), out);
 * }</pre>
 */
public final class ComVtable {

    /** {@code IUnknown::QueryInterface}. */
    public static final int QUERY_INTERFACE = 0;
    /** {@code IUnknown::AddRef}. */
    public static final int ADD_REF = 1;
    /** {@code IUnknown::Release}. */
    public static final int RELEASE = 2;
    /** {@code IBindCtx::SetBindOptions}. */
    public static final int BINDCTX_SET_BIND_OPTIONS = 6;
    /** {@code IBindCtx::GetBindOptions}. */
    public static final int BINDCTX_GET_BIND_OPTIONS = 7;
    /** {@code IMoniker::BindToObject}. */
    public static final int MONIKER_BIND_TO_OBJECT = 8;
    /** {@code IClassFactory::CreateInstance}. */
    public static final int CLASSFACTORY_CREATE_INSTANCE = 3;
    /** {@code IClassFactory::LockServer}. */
    public static final int CLASSFACTORY_LOCK_SERVER = 4;

    private static final int CALL_CONVENTION =
            Platform.isWindows() && !Platform.is64Bit() ? Function.ALT_CONVENTION : Function.C_CONVENTION;

    private ComVtable() {
    }

    /**
     * Returns the function in a slot of an object's vtable.
     *
     * @param object the interface pointer
     * @param slot the method's index, counting the base interfaces' methods
     * @return the function
     */
    public static Function method(Pointer object, int slot) {
        Objects.requireNonNull(object, "object");
        if (slot < 0) {
            throw new IllegalArgumentException("vtable slot " + slot);
        }
        Pointer vtable = object.getPointer(0);
        return Function.getFunction(vtable.getPointer((long) slot * Native.POINTER_SIZE), CALL_CONVENTION);
    }

    /**
     * {@code HRESULT IUnknown::QueryInterface(REFIID riid, void **ppvObject)}.
     *
     * @param object the interface pointer
     * @param iid the interface wanted ({@link NativeGuid#allocate})
     * @param out receives the new pointer, which holds its own reference
     * @return the HRESULT
     */
    public static int queryInterface(Pointer object, Pointer iid, PointerByReference out) {
        return method(object, QUERY_INTERFACE).invokeInt(new Object[] {object, iid, out});
    }

    /**
     * {@code ULONG IUnknown::Release()}.
     *
     * @param object the interface pointer; do not use it afterwards
     * @return the remaining count, which COM documents as meaningful for tests only
     */
    public static int release(Pointer object) {
        return method(object, RELEASE).invokeInt(new Object[] {object});
    }

    /**
     * {@code HRESULT IBindCtx::SetBindOptions(BIND_OPTS *pbindopts)}.
     *
     * @param bindCtx the bind context
     * @param options the options; written to native memory before the call
     * @return the HRESULT
     */
    public static int setBindOptions(Pointer bindCtx, BIND_OPTS3 options) {
        return method(bindCtx, BINDCTX_SET_BIND_OPTIONS).invokeInt(new Object[] {bindCtx, options});
    }

    /**
     * {@code HRESULT IBindCtx::GetBindOptions(BIND_OPTS *pbindopts)}.
     *
     * @param bindCtx the bind context
     * @param options receives the options; set {@code cbStruct} first (the constructor does); read back after the
     *     call
     * @return the HRESULT
     */
    public static int getBindOptions(Pointer bindCtx, BIND_OPTS3 options) {
        return method(bindCtx, BINDCTX_GET_BIND_OPTIONS).invokeInt(new Object[] {bindCtx, options});
    }

    /**
     * {@code HRESULT IMoniker::BindToObject(IBindCtx *pbc, IMoniker *pmkToLeft, REFIID riidResult,
     * void **ppvResult)}.
     *
     * @param moniker the moniker
     * @param bindCtx the bind context
     * @param monikerToLeft the moniker to the left, {@code null} for a top-level bind
     * @param iid the interface wanted
     * @param out receives the interface pointer
     * @return the HRESULT
     */
    public static int bindToObject(Pointer moniker, Pointer bindCtx, Pointer monikerToLeft, Pointer iid,
            PointerByReference out) {
        return method(moniker, MONIKER_BIND_TO_OBJECT)
                .invokeInt(new Object[] {moniker, bindCtx, monikerToLeft, iid, out});
    }

    /**
     * {@code HRESULT IClassFactory::CreateInstance(IUnknown *pUnkOuter, REFIID riid, void **ppvObject)}, without
     * aggregation.
     *
     * @param factory the class object
     * @param iid the interface wanted ({@link NativeGuid#allocate})
     * @param out receives the new instance's interface pointer
     * @return the HRESULT
     */
    public static int createInstance(Pointer factory, Pointer iid, PointerByReference out) {
        return method(factory, CLASSFACTORY_CREATE_INSTANCE).invokeInt(new Object[] {factory, null, iid, out});
    }

    /**
     * {@code HRESULT IClassFactory::LockServer(BOOL fLock)}.
     *
     * @param factory the class object
     * @param lock {@code true} to keep the server running, {@code false} to undo one lock
     * @return the HRESULT
     */
    public static int lockServer(Pointer factory, boolean lock) {
        return method(factory, CLASSFACTORY_LOCK_SERVER).invokeInt(new Object[] {factory, lock ? 1 : 0});
    }
}
