package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Ole32;
import com.sun.jna.platform.win32.WinDef.DWORD;
import com.sun.jna.platform.win32.WinNT.HRESULT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.util.Optional;

/**
 * The COM calls on Windows, through JNA: jna-platform's {@code Ole32} for {@code CoInitializeEx},
 * {@code CoUninitialize} and {@code CreateBindCtx}; the backend's {@link Ole32Ext} for
 * {@code MkParseDisplayName}, {@code CoGetObject} and {@code CLSIDFromProgID} (declared with a UTF-16 string); {@link ComVtable} for the interface methods; jna-platform's
 * {@code Kernel32} for {@code GetTickCount} and {@code GetUserDefaultLCID}.
 *
 * <pre>{@code
 * ComNatives natives = new JnaComNatives();   // checks the platform
 * }</pre>
 */
public final class JnaComNatives implements ComNatives {

    /**
     * Checks the platform; the libraries load on first use.
     *
     * @throws io.sessionmoniker.moniker.ComException when not on Windows
     */
    public JnaComNatives() {
        WindowsLibraries.requireWindows();
    }

    @Override
    public int coInitializeMultithreaded() {
        return hr(Ole32.INSTANCE.CoInitializeEx(null, Ole32.COINIT_MULTITHREADED));
    }

    @Override
    public void coUninitialize() {
        Ole32.INSTANCE.CoUninitialize();
    }

    @Override
    public int createBindCtx(PointerByReference out) {
        return hr(Ole32.INSTANCE.CreateBindCtx(new DWORD(0), out));
    }

    @Override
    public int getBindOptions(Pointer bindCtx, BIND_OPTS3 options) {
        return ComVtable.getBindOptions(bindCtx, options);
    }

    @Override
    public int setBindOptions(Pointer bindCtx, BIND_OPTS3 options) {
        return ComVtable.setBindOptions(bindCtx, options);
    }

    @Override
    public int mkParseDisplayName(Pointer bindCtx, String displayName, IntByReference eaten,
            PointerByReference moniker) {
        return WindowsLibraries.ole32().MkParseDisplayName(bindCtx, new WString(displayName), eaten, moniker);
    }

    @Override
    public int bindToObject(Pointer moniker, Pointer bindCtx, Pointer iid, PointerByReference out) {
        return ComVtable.bindToObject(moniker, bindCtx, null, iid, out);
    }

    @Override
    public int coGetObject(String displayName, BIND_OPTS3 options, Pointer iid, PointerByReference out) {
        return WindowsLibraries.ole32().CoGetObject(new WString(displayName), options, iid, out);
    }

    @Override
    public int queryInterface(Pointer object, Pointer iid, PointerByReference out) {
        return ComVtable.queryInterface(object, iid, out);
    }

    @Override
    public void release(Pointer object) {
        ComVtable.release(object);
    }

    @Override
    public Optional<Guid> clsidFromProgId(String progId) {
        Memory clsid = new Memory(NativeGuid.SIZE);
        int hr = WindowsLibraries.ole32().CLSIDFromProgID(new WString(progId), clsid);
        if (HResult.failed(hr)) {
            return Optional.empty();
        }
        return Optional.of(NativeGuid.read(clsid));
    }

    @Override
    public int tickCount() {
        return Kernel32.INSTANCE.GetTickCount();
    }

    @Override
    public int userDefaultLcid() {
        return Kernel32.INSTANCE.GetUserDefaultLCID().intValue();
    }

    private static int hr(HRESULT result) {
        return result == null ? HResult.E_FAIL : result.intValue();
    }
}
