package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The OLE Automation and class-object calls the Windows activator makes, as a Java interface:
 * {@link JnaAutomationNatives} makes them on Windows through jna-platform; tests supply fakes, so the activator's
 * proxies, name cache, releases and error mapping are tested on every OS. Every method runs on the binder's COM
 * thread.
 *
 * <pre>{@code
 * int dispId = natives.getIdOfName(dispatch, "SessionId");
 * Object id = natives.invoke(dispatch, dispId, AutomationNatives.DISPATCH_METHOD | AutomationNatives.DISPATCH_PROPERTYGET,
 *         new Object[0]);
 * }</pre>
 */
public interface AutomationNatives {

    /** {@code DISPATCH_METHOD}. */
    int DISPATCH_METHOD = 0x1;
    /** {@code DISPATCH_PROPERTYGET}. */
    int DISPATCH_PROPERTYGET = 0x2;
    /** {@code DISPATCH_PROPERTYPUT}. */
    int DISPATCH_PROPERTYPUT = 0x4;

    /**
     * {@code IDispatch::GetIDsOfNames} for one name, with {@code IID_NULL} and {@code LOCALE_USER_DEFAULT}.
     *
     * @param dispatch the {@code IDispatch} pointer
     * @param name the member name
     * @return the DISPID
     * @throws io.sessionmoniker.moniker.ComException with the HRESULT ({@code DISP_E_UNKNOWNNAME} …)
     */
    int getIdOfName(Pointer dispatch, String name);

    /**
     * {@code IDispatch::Invoke}: converts the arguments to {@code VARIANT}s (reversed, as Invoke wants them; a
     * property put passes its value as the named argument {@code DISPID_PROPERTYPUT}), calls, converts the result
     * and frees every {@code VARIANT} and {@code EXCEPINFO} string.
     *
     * @param dispatch the {@code IDispatch} pointer
     * @param dispId the member
     * @param flags {@code DISPATCH_*}
     * @param args the arguments in call order: {@code null}, {@link Boolean}, {@link Byte}, {@link Short},
     *     {@link Integer}, {@link Long}, {@link Float}, {@link Double}, {@link String}
     * @return {@code null}, a boxed number, {@link Boolean} or {@link String}; for a {@code VT_DISPATCH} result the
     *     interface {@link Pointer}, whose reference the caller then owns
     * @throws io.sessionmoniker.moniker.ComException with the HRESULT, or the EXCEPINFO's code and description for
     *     {@code DISP_E_EXCEPTION}
     */
    Object invoke(Pointer dispatch, int dispId, int flags, Object[] args);

    /**
     * {@code IClassFactory::CreateInstance(NULL, riid, &ppv)}.
     *
     * @param factory the class object
     * @param iid the interface wanted ({@link NativeGuid#allocate})
     * @param out receives the instance
     * @return the HRESULT
     */
    int createInstance(Pointer factory, Pointer iid, PointerByReference out);

    /**
     * {@code IClassFactory::LockServer(fLock)}.
     *
     * @param factory the class object
     * @param lock lock or unlock
     * @return the HRESULT
     */
    int lockServer(Pointer factory, boolean lock);
}
