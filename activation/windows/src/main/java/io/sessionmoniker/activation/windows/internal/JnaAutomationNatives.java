package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.COM.Dispatch;
import com.sun.jna.platform.win32.Guid.REFIID;
import com.sun.jna.platform.win32.OaIdl;
import com.sun.jna.platform.win32.OaIdl.DISPID;
import com.sun.jna.platform.win32.OaIdl.DISPIDByReference;
import com.sun.jna.platform.win32.OaIdl.EXCEPINFO;
import com.sun.jna.platform.win32.OleAuto;
import com.sun.jna.platform.win32.OleAuto.DISPPARAMS;
import com.sun.jna.platform.win32.Variant;
import com.sun.jna.platform.win32.Variant.VARIANT;
import com.sun.jna.platform.win32.WTypes.BSTR;
import com.sun.jna.platform.win32.WinDef.WORD;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HRESULT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.sessionmoniker.activation.windows.WindowsHResults;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;

/**
 * The Automation calls on Windows through jna-platform: {@code COM.Dispatch} for {@code GetIDsOfNames} and
 * {@code Invoke}, {@code Variant.VARIANT} and {@code OleAuto} ({@code SysAllocString}, {@code VariantClear},
 * {@code SysFreeString}) for the values, {@link ComVtable} for {@code IClassFactory}. Loads oleaut32 on first use;
 * never constructed off Windows.
 *
 * <p>Supported values: arguments {@code null} ({@code VT_NULL}), {@code Boolean} ({@code VT_BOOL}), {@code Byte}
 * ({@code VT_UI1}), {@code Short} ({@code VT_I2}), {@code Integer} ({@code VT_I4}), {@code Long} ({@code VT_I8}),
 * {@code Float} ({@code VT_R4}), {@code Double} ({@code VT_R8}), {@code String} ({@code VT_BSTR}); results of
 * those types and of {@code VT_EMPTY}, {@code VT_I1}, {@code VT_UI2}, {@code VT_UI4}, {@code VT_INT},
 * {@code VT_UINT}, {@code VT_UI8} and {@code VT_DISPATCH}. Anything else fails with {@code DISP_E_TYPEMISMATCH}
 * naming the VARTYPE.
 *
 * <pre>{@code
 * AutomationNatives natives = new JnaAutomationNatives();   // checks the platform
 * }</pre>
 */
public final class JnaAutomationNatives implements AutomationNatives {

    /**
     * Checks the platform; oleaut32 loads on first use.
     *
     * @throws ComException when not on Windows
     */
    public JnaAutomationNatives() {
        WindowsLibraries.requireWindows();
    }

    @Override
    public int getIdOfName(Pointer dispatch, String name) {
        DISPIDByReference id = new DISPIDByReference();
        HRESULT hr = new Dispatch(dispatch).GetIDsOfNames(new REFIID(com.sun.jna.platform.win32.Guid.IID_NULL),
                new WString[] {new WString(name)}, 1, WinNT.LOCALE_USER_DEFAULT, id);
        int code = hr == null ? HResult.E_FAIL : hr.intValue();
        if (HResult.failed(code)) {
            throw WindowsHResults.exception(code, "IDispatch::GetIDsOfNames(\"" + name + "\")");
        }
        return id.getValue().intValue();
    }

    @Override
    public Object invoke(Pointer dispatch, int dispId, int flags, Object[] args) {
        VARIANT[] reversed = new VARIANT[args.length];
        try {
            for (int i = 0; i < args.length; i++) {
                reversed[args.length - 1 - i] = toVariant(args[i], i);
            }
            DISPPARAMS.ByReference params = new DISPPARAMS.ByReference();
            if (args.length > 0) {
                params.setArgs(reversed);
            }
            if (flags == DISPATCH_PROPERTYPUT) {
                params.setRgdispidNamedArgs(new DISPID[] {OaIdl.DISPID_PROPERTYPUT});
            }
            params.write();
            VARIANT.ByReference result = new VARIANT.ByReference();
            EXCEPINFO.ByReference excep = new EXCEPINFO.ByReference();
            IntByReference argErr = new IntByReference();
            HRESULT hr = new Dispatch(dispatch).Invoke(new DISPID(dispId),
                    new REFIID(com.sun.jna.platform.win32.Guid.IID_NULL), WinNT.LOCALE_SYSTEM_DEFAULT,
                    new WORD(flags), params, result, excep, argErr);
            int code = hr == null ? HResult.E_FAIL : hr.intValue();
            if (code == HResult.DISP_E_EXCEPTION) {
                excep.read();
                String description = takeString(excep.bstrDescription);
                takeString(excep.bstrSource);
                takeString(excep.bstrHelpFile);
                int scode = excep.scode == null ? 0 : excep.scode.intValue();
                throw new ComException(scode != 0 ? scode : HResult.E_FAIL, "the member (DISPID " + dispId
                        + ") raised an exception: " + (description == null ? "no description" : description));
            }
            if (HResult.failed(code)) {
                String where = code == HResult.DISP_E_TYPEMISMATCH ? " (argument " + (args.length - argErr.getValue())
                        + " has the wrong type)" : "";
                throw WindowsHResults.exception(code, "IDispatch::Invoke(DISPID " + dispId + ")" + where);
            }
            return fromVariant(result);
        } finally {
            for (VARIANT v : reversed) {
                if (v != null) {
                    OleAuto.INSTANCE.VariantClear(v);
                }
            }
        }
    }

    @Override
    public int createInstance(Pointer factory, Pointer iid, PointerByReference out) {
        return ComVtable.createInstance(factory, iid, out);
    }

    @Override
    public int lockServer(Pointer factory, boolean lock) {
        return ComVtable.lockServer(factory, lock);
    }

    private static VARIANT toVariant(Object value, int index) {
        if (value == null) {
            VARIANT v = new VARIANT();
            v.setVarType((short) Variant.VT_NULL);
            return v;
        }
        if (value instanceof Boolean b) {
            return new VARIANT(b.booleanValue());
        }
        if (value instanceof Byte b) {
            return new VARIANT(b.byteValue());
        }
        if (value instanceof Short s) {
            return new VARIANT(s.shortValue());
        }
        if (value instanceof Integer i) {
            return new VARIANT(i.intValue());
        }
        if (value instanceof Long l) {
            return new VARIANT(l.longValue());
        }
        if (value instanceof Float f) {
            return new VARIANT(f.floatValue());
        }
        if (value instanceof Double d) {
            return new VARIANT(d.doubleValue());
        }
        if (value instanceof String s) {
            return new VARIANT(s);
        }
        throw new ComException(HResult.DISP_E_TYPEMISMATCH, "argument " + (index + 1) + " is a "
                + value.getClass().getName() + "; the Windows backend passes null, Boolean, Byte, Short, Integer,"
                + " Long, Float, Double and String");
    }

    /** Converts and clears the result; a VT_DISPATCH pointer is handed over without a Release. */
    private static Object fromVariant(VARIANT.ByReference v) {
        int vt = v.getVarType().intValue();
        try {
            switch (vt) {
                case Variant.VT_EMPTY:
                case Variant.VT_NULL:
                    return null;
                case Variant.VT_BOOL:
                    return v.booleanValue();
                case Variant.VT_UI1:
                    return (short) (v.byteValue() & 0xFF);
                case Variant.VT_I1:
                    return v.byteValue();
                case Variant.VT_I2:
                    return v.shortValue();
                case Variant.VT_UI2:
                    return v.shortValue() & 0xFFFF;
                case Variant.VT_I4:
                case Variant.VT_INT:
                    return v.intValue();
                case Variant.VT_UI4:
                case Variant.VT_UINT:
                    return Integer.toUnsignedLong(v.intValue());
                case Variant.VT_I8:
                case Variant.VT_UI8:
                    return v.longValue();
                case Variant.VT_R4:
                    return v.floatValue();
                case Variant.VT_R8:
                    return v.doubleValue();
                case Variant.VT_BSTR:
                    return v.stringValue();
                case Variant.VT_DISPATCH: {
                    Object d = v.getValue();
                    Pointer p = d instanceof Dispatch disp ? disp.getPointer() : null;
                    v.setVarType((short) Variant.VT_EMPTY);   // the reference now belongs to the caller
                    v.write();
                    return p;
                }
                default:
                    throw new ComException(HResult.DISP_E_TYPEMISMATCH, String.format(
                            "the result's VARTYPE 0x%04X is not supported by the Windows backend", vt));
            }
        } finally {
            OleAuto.INSTANCE.VariantClear(v);
        }
    }

    private static String takeString(BSTR bstr) {
        if (bstr == null || bstr.getPointer() == null) {
            return null;
        }
        String s = bstr.getValue();
        OleAuto.INSTANCE.SysFreeString(bstr);
        return s;
    }
}
