package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.sessionmoniker.moniker.Guid;
import java.util.Optional;

/**
 * The COM calls the moniker binder makes, as a Java interface: {@link JnaComNatives} makes them on Windows; tests
 * supply fakes, so the binder's order of calls, its error mapping and its releases on every failure path are
 * tested on every OS. Methods returning {@code int} return the HRESULT unchanged.
 *
 * <pre>{@code
 * PointerByReference bindCtx = new PointerByReference();
 * WindowsHResults.check(natives.createBindCtx(bindCtx), "CreateBindCtx");
 * }</pre>
 */
public interface ComNatives {

    /**
     * {@code CoInitializeEx(NULL, COINIT_MULTITHREADED)}, on the calling thread.
     *
     * @return the HRESULT
     */
    int coInitializeMultithreaded();

    /** {@code CoUninitialize()}, on the calling thread. */
    void coUninitialize();

    /**
     * {@code CreateBindCtx(0, &pbc)}.
     *
     * @param out receives the bind context
     * @return the HRESULT
     */
    int createBindCtx(PointerByReference out);

    /**
     * {@code IBindCtx::GetBindOptions}.
     *
     * @param bindCtx the bind context
     * @param options receives the options
     * @return the HRESULT
     */
    int getBindOptions(Pointer bindCtx, BIND_OPTS3 options);

    /**
     * {@code IBindCtx::SetBindOptions}.
     *
     * @param bindCtx the bind context
     * @param options the options
     * @return the HRESULT
     */
    int setBindOptions(Pointer bindCtx, BIND_OPTS3 options);

    /**
     * {@code MkParseDisplayName}.
     *
     * @param bindCtx the bind context
     * @param displayName the name
     * @param eaten receives the characters parsed
     * @param moniker receives the moniker
     * @return the HRESULT
     */
    int mkParseDisplayName(Pointer bindCtx, String displayName, IntByReference eaten, PointerByReference moniker);

    /**
     * {@code IMoniker::BindToObject(pbc, NULL, riid, ppv)}.
     *
     * @param moniker the moniker
     * @param bindCtx the bind context
     * @param iid the interface wanted ({@link NativeGuid#allocate})
     * @param out receives the interface pointer
     * @return the HRESULT
     */
    int bindToObject(Pointer moniker, Pointer bindCtx, Pointer iid, PointerByReference out);

    /**
     * {@code CoGetObject}.
     *
     * @param displayName the name
     * @param options the bind options
     * @param iid the interface wanted
     * @param out receives the interface pointer
     * @return the HRESULT
     */
    int coGetObject(String displayName, BIND_OPTS3 options, Pointer iid, PointerByReference out);

    /**
     * {@code IUnknown::QueryInterface}.
     *
     * @param object the interface pointer
     * @param iid the interface wanted
     * @param out receives the new pointer
     * @return the HRESULT
     */
    int queryInterface(Pointer object, Pointer iid, PointerByReference out);

    /**
     * {@code IUnknown::Release}.
     *
     * @param object the interface pointer
     */
    void release(Pointer object);

    /**
     * {@code CLSIDFromProgID}.
     *
     * @param progId the ProgID
     * @return the CLSID, or empty when the ProgID is not registered
     */
    Optional<Guid> clsidFromProgId(String progId);

    /**
     * {@code GetTickCount()}: milliseconds since boot, wrapping every 49.7 days; the clock of
     * {@code BIND_OPTS.dwTickCountDeadline}.
     *
     * @return the tick count as a 32-bit value
     */
    int tickCount();

    /**
     * {@code GetUserDefaultLCID()}, the locale put in the bind options given to {@code CoGetObject}.
     *
     * @return the LCID
     */
    int userDefaultLcid();
}
