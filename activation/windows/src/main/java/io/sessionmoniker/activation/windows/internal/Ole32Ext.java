package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * {@code ole32.dll} functions that jna-platform 5.19.1 does not declare. {@code CreateBindCtx},
 * {@code CoInitializeEx} and {@code CoUninitialize} come from jna-platform's {@code Ole32}. {@code CLSIDFromProgID}
 * is declared here again because jna-platform's takes a {@code String} that its type mapper turns into ANSI text
 * under {@code -Dw32.ascii=true}, while the function reads UTF-16 whatever that setting.
 * Obtain it through {@link WindowsLibraries#ole32()}.
 *
 * <p>Every function returns an {@code HRESULT} as an {@code int}. GUID arguments ({@code REFCLSID}, {@code REFIID})
 * are pointers to 16 bytes in Windows' layout, made with {@link NativeGuid#allocate}. Strings are {@code LPCOLESTR},
 * UTF-16, passed as {@link WString}.
 *
 * <pre>{@code
 * IntByReference eaten = new IntByReference();
 * PointerByReference moniker = new PointerByReference();
 * int hr = WindowsLibraries.ole32().MkParseDisplayName(bindCtx, new WString(name), eaten, moniker);
 * }</pre>
 */
public interface Ole32Ext extends StdCallLibrary {

    /**
     * {@code HRESULT MkParseDisplayName(LPBC pbc, LPCOLESTR szUserName, ULONG *pchEaten, LPMONIKER *ppmk)}.
     *
     * @param pbc the bind context
     * @param szUserName the display name
     * @param pchEaten receives the number of characters parsed
     * @param ppmk receives the moniker; release it
     * @return the HRESULT
     */
    int MkParseDisplayName(Pointer pbc, WString szUserName, IntByReference pchEaten, PointerByReference ppmk);

    /**
     * {@code HRESULT CoGetObject(LPCWSTR pszName, BIND_OPTS *pBindOptions, REFIID riid, void **ppv)}: parse and
     * bind in one call, with the given bind options.
     *
     * @param pszName the display name
     * @param pBindOptions the options ({@code cbStruct} says which version), or {@code null} for the defaults
     * @param riid the interface wanted
     * @param ppv receives the interface pointer; release it
     * @return the HRESULT
     */
    int CoGetObject(WString pszName, BIND_OPTS3 pBindOptions, Pointer riid, PointerByReference ppv);

    /**
     * {@code HRESULT CoCreateInstanceEx(REFCLSID Clsid, IUnknown *punkOuter, DWORD dwClsCtx, COSERVERINFO *pServerInfo,
     * DWORD dwCount, MULTI_QI *pResults)}.
     *
     * @param clsid the class
     * @param punkOuter the controlling unknown for aggregation, normally {@code null}
     * @param dwClsCtx {@code CLSCTX} flags
     * @param pServerInfo the machine, {@code null} for this one
     * @param dwCount the number of elements of {@code pResults}
     * @param pResults a contiguous array ({@code new MULTI_QI().toArray(n)})
     * @return the HRESULT ({@code CO_S_NOTALLINTERFACES} 0x00080012 when only some interfaces were found)
     */
    int CoCreateInstanceEx(Pointer clsid, Pointer punkOuter, int dwClsCtx, COSERVERINFO pServerInfo, int dwCount,
            MULTI_QI[] pResults);

    /**
     * {@code HRESULT CoGetClassObject(REFCLSID rclsid, DWORD dwClsContext, LPVOID pvReserved, REFIID riid,
     * LPVOID *ppv)}; {@code pvReserved} is in fact a {@code COSERVERINFO*}.
     *
     * @param rclsid the class
     * @param dwClsContext {@code CLSCTX} flags
     * @param pServerInfo the machine, {@code null} for this one
     * @param riid the interface wanted, normally {@code IID_IClassFactory}
     * @param ppv receives the class object; release it
     * @return the HRESULT
     */
    int CoGetClassObject(Pointer rclsid, int dwClsContext, COSERVERINFO pServerInfo, Pointer riid,
            PointerByReference ppv);

    /**
     * {@code HRESULT BindMoniker(LPMONIKER pmk, DWORD grfOpt, REFIID iidResult, LPVOID *ppvResult)}: bind with a
     * default bind context.
     *
     * @param pmk the moniker
     * @param grfOpt reserved, 0
     * @param iidResult the interface wanted
     * @param ppvResult receives the interface pointer; release it
     * @return the HRESULT
     */
    int BindMoniker(Pointer pmk, int grfOpt, Pointer iidResult, PointerByReference ppvResult);

    /**
     * {@code HRESULT CLSIDFromProgID(LPCOLESTR lpszProgID, LPCLSID lpclsid)}.
     *
     * @param lpszProgID the ProgID
     * @param lpclsid receives the CLSID (16 bytes)
     * @return the HRESULT ({@code CO_E_CLASSSTRING} or {@code REGDB_E_CLASSNOTREG} for an unknown ProgID)
     */
    int CLSIDFromProgID(WString lpszProgID, Pointer lpclsid);
}
