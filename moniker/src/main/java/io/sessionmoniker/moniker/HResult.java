package io.sessionmoniker.moniker;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * HRESULT values used across the project, with their symbolic names.
 *
 * <p>This is the project's one table of failure codes: every HRESULT and every Win32 status (as
 * {@code HRESULT_FROM_WIN32}) that the code reports has one constant here, and {@link #nameOf(int)} names it by
 * that constant's name, whichever module or backend raised it. No two constants share a value.
 *
 * <p>Values are the Windows SDK's (see {@code docs/windows.md} §3.3 and §6.3 for sources). An HRESULT is
 * written as {@code 0x} followed by eight uppercase hexadecimal digits, as the {@code sessmon} JSON contract
 * requires:
 *
 * <pre>{@code
 * HResult.format(HResult.MK_E_SYNTAX);  // "0x800401E4"
 * HResult.nameOf(HResult.MK_E_SYNTAX);  // "MK_E_SYNTAX"
 * }</pre>
 */
public final class HResult {

    /** Success. */
    public static final int S_OK = 0x00000000;
    /** Unspecified failure. */
    public static final int E_FAIL = 0x80004005;
    /** Catastrophic or unexpected failure. */
    public static final int E_UNEXPECTED = 0x8000FFFF;
    /** Not implemented. */
    public static final int E_NOTIMPL = 0x80004001;
    /** The object does not support the requested interface. */
    public static final int E_NOINTERFACE = 0x80004002;
    /** Invalid pointer. */
    public static final int E_POINTER = 0x80004003;
    /** Access is denied. */
    public static final int E_ACCESSDENIED = 0x80070005;
    /** One or more arguments are invalid; also an empty display name. */
    public static final int E_INVALIDARG = 0x80070057;
    /** Out of memory. */
    public static final int E_OUTOFMEMORY = 0x8007000E;
    /** The operation was aborted (what a wait for Windows' COM thread reports when it is interrupted). */
    public static final int E_ABORT = 0x80004004;
    /**
     * The file was not found: {@code HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)}, Win32 2 (a display name taken for
     * a missing file).
     */
    public static final int ERROR_FILE_NOT_FOUND = 0x80070002;

    /** Binding needs the user's help. */
    public static final int MK_E_CONNECTMANUALLY = 0x800401E0;
    /** The bind deadline ({@code BIND_OPTS.dwTickCountDeadline}) passed. */
    public static final int MK_E_EXCEEDEDDEADLINE = 0x800401E1;
    /** The moniker needs a generic composite. */
    public static final int MK_E_NEEDGENERIC = 0x800401E2;
    /** The operation is unavailable. */
    public static final int MK_E_UNAVAILABLE = 0x800401E3;
    /** Invalid display-name syntax. */
    public static final int MK_E_SYNTAX = 0x800401E4;
    /** No object for the moniker. */
    public static final int MK_E_NOOBJECT = 0x800401E5;
    /** Bad extension for the file. */
    public static final int MK_E_INVALIDEXTENSION = 0x800401E6;
    /** An intermediate operation failed. */
    public static final int MK_E_INTERMEDIATEINTERFACENOTSUPPORTED = 0x800401E7;
    /** The moniker is not bindable. */
    public static final int MK_E_NOTBINDABLE = 0x800401E8;
    /** The moniker cannot open the file. */
    public static final int MK_E_CANTOPENFILE = 0x800401EA;
    /** The moniker has no inverse. */
    public static final int MK_E_NOINVERSE = 0x800401EC;
    /** The moniker does not refer to storage. */
    public static final int MK_E_NOSTORAGE = 0x800401ED;
    /** No common prefix. */
    public static final int MK_E_NOPREFIX = 0x800401EE;
    /** Invalid class string (what {@code CLSIDFromString} returns for a malformed GUID). */
    public static final int CO_E_CLASSSTRING = 0x800401F3;
    /** {@code CoInitializeEx} was not called on this thread. */
    public static final int CO_E_NOTINITIALIZED = 0x800401F0;
    /** The object is not connected to its server. */
    public static final int CO_E_OBJNOTCONNECTED = 0x800401FD;
    /** The server was launched but did not register a class factory. */
    public static final int CO_E_APPDIDNTREG = 0x800401FE;

    /** The class is not registered. */
    public static final int REGDB_E_CLASSNOTREG = 0x80040154;
    /** The server is configured for a different security identity than the caller. */
    public static final int CO_E_WRONG_SERVER_IDENTITY = 0x80004015;
    /** The configured RunAs identity is wrong (user name or password). */
    public static final int CO_E_RUNAS_LOGON_FAILURE = 0x8000401A;
    /** The client may not launch this server (Windows' spelling, "PERMSSION", is kept). */
    public static final int CO_E_LAUNCH_PERMSSION_DENIED = 0x8000401B;
    /** No response from the server after launch. */
    public static final int CO_E_SERVER_START_TIMEOUT = 0x8000401E;
    /** The server started but did not finish initialising in time. */
    public static final int CO_E_SERVER_INIT_TIMEOUT = 0x8000402A;
    /** Bad path to object. */
    public static final int CO_E_BAD_PATH = 0x80080004;
    /** Server execution failed. */
    public static final int CO_E_SERVER_EXEC_FAILURE = 0x80080005;
    /** The server is stopping. */
    public static final int CO_E_SERVER_STOPPING = 0x80080008;
    /** The class requires RunAs to be activate-as-activator. */
    public static final int CO_E_RUNAS_VALUE_MUST_BE_AAA = 0x80080016;

    /** The server died during the call. */
    public static final int RPC_E_SERVER_DIED = 0x80010007;
    /** The thread is already in an apartment of the other kind ({@code CoInitializeEx}). */
    public static final int RPC_E_CHANGED_MODE = 0x80010106;
    /** The object has disconnected from its clients. */
    public static final int RPC_E_DISCONNECTED = 0x80010108;
    /** The call was cancelled because its deadline passed. */
    public static final int RPC_E_TIMEOUT = 0x8001011F;
    /** Access to the object's storage was denied (which {@code IMoniker::BindToObject} documents). */
    public static final int STG_E_ACCESSDENIED = 0x80030005;
    /**
     * No token: {@code HRESULT_FROM_WIN32(ERROR_NO_TOKEN)}, Win32 1008 — what {@code WTSQueryUserToken} reports for
     * a session with no logged-on user.
     */
    public static final int ERROR_NO_TOKEN = 0x800703F0;
    /** The session does not exist: {@code HRESULT_FROM_WIN32(ERROR_CTX_WINSTATION_NOT_FOUND)}, Win32 7022. */
    public static final int ERROR_CTX_WINSTATION_NOT_FOUND = 0x80071B6E;
    /** The configuration registry database is corrupt: {@code HRESULT_FROM_WIN32(ERROR_BADDB)}, Win32 1009. */
    public static final int ERROR_BADDB = 0x800703F1;
    /** A registry file is corrupt: {@code HRESULT_FROM_WIN32(ERROR_REGISTRY_CORRUPT)}, Win32 1015. */
    public static final int ERROR_REGISTRY_CORRUPT = 0x800703F7;
    /** A registry I/O operation failed: {@code HRESULT_FROM_WIN32(ERROR_REGISTRY_IO_FAILED)}, Win32 1016. */
    public static final int ERROR_REGISTRY_IO_FAILED = 0x800703F8;
    /** Invalid value in the registry. */
    public static final int REGDB_E_INVALIDVALUE = 0x80040153;
    /** The security descriptor structure is invalid: {@code HRESULT_FROM_WIN32(ERROR_INVALID_SECURITY_DESCR)}, Win32 1338. */
    public static final int ERROR_INVALID_SECURITY_DESCR = 0x8007053A;
    /** A privilege the call needs is not held: {@code HRESULT_FROM_WIN32(ERROR_PRIVILEGE_NOT_HELD)}, Win32 1314. */
    public static final int ERROR_PRIVILEGE_NOT_HELD = 0x80070522;
    /** {@code IDispatch}: the interface identifier passed in {@code riid} is not {@code IID_NULL}. */
    public static final int DISP_E_UNKNOWNINTERFACE = 0x80020001;
    /** {@code IDispatch}: the member exists but cannot be called this way (a get on a method-only member …). */
    public static final int DISP_E_MEMBERNOTFOUND = 0x80020003;
    /** {@code IDispatch}: a named argument's DISPID is not the member's; {@code puArgErr} says which. */
    public static final int DISP_E_PARAMNOTFOUND = 0x80020004;
    /** {@code IDispatch}: an argument has a type that cannot be coerced. */
    public static final int DISP_E_TYPEMISMATCH = 0x80020005;
    /** {@code IDispatch}: no member has that name. */
    public static final int DISP_E_UNKNOWNNAME = 0x80020006;
    /** {@code IDispatch}: an argument is not a valid VARIANT type. */
    public static final int DISP_E_BADVARTYPE = 0x80020008;
    /** {@code IDispatch}: the member failed; EXCEPINFO says how. */
    public static final int DISP_E_EXCEPTION = 0x80020009;
    /** {@code IDispatch}: the number of arguments is wrong. */
    public static final int DISP_E_BADPARAMCOUNT = 0x8002000E;

    // Win32 RPC errors as HRESULTs: HRESULT_FROM_WIN32 of the winerror.h code. Where a fault PDU carries the bare
    // Win32 code (MS-RPCE 3.1.3.5.2 requires 0x6F7 for bad stub data), the RPC layer derives it from these.

    /**
     * The binding handle is invalid: {@code HRESULT_FROM_WIN32(RPC_S_INVALID_BINDING)}, Win32 1702 (what the WTS
     * API reports while Remote Desktop Services are still starting).
     */
    public static final int RPC_S_INVALID_BINDING = 0x800706A6;
    /** The interface is unknown: {@code HRESULT_FROM_WIN32(RPC_S_UNKNOWN_IF)}, Win32 1717. */
    public static final int RPC_S_UNKNOWN_IF = 0x800706B5;
    /** The RPC server is unavailable: {@code HRESULT_FROM_WIN32(RPC_S_SERVER_UNAVAILABLE)}, Win32 1722. */
    public static final int RPC_S_SERVER_UNAVAILABLE = 0x800706BA;
    /** The RPC server is too busy: {@code HRESULT_FROM_WIN32(RPC_S_SERVER_TOO_BUSY)}, Win32 1723. */
    public static final int RPC_S_SERVER_TOO_BUSY = 0x800706BB;
    /** An RPC protocol error occurred: {@code HRESULT_FROM_WIN32(RPC_S_PROTOCOL_ERROR)}, Win32 1728. */
    public static final int RPC_S_PROTOCOL_ERROR = 0x800706C0;
    /** The procedure number is out of range: {@code HRESULT_FROM_WIN32(RPC_S_PROCNUM_OUT_OF_RANGE)}, Win32 1745. */
    public static final int RPC_S_PROCNUM_OUT_OF_RANGE = 0x800706D1;
    /**
     * The stub received bad data: {@code HRESULT_FROM_WIN32(RPC_X_BAD_STUB_DATA)}, Win32 1783 ({@code 0x6F7}). This
     * is the HRESULT a caller sees; the fault PDU that reports it carries the bare Win32 code {@code 0x000006F7}.
     */
    public static final int RPC_X_BAD_STUB_DATA = 0x800706F7;
    /**
     * A message or its signature was altered: {@code SEC_E_MESSAGE_ALTERED} (winerror.h), what a security package
     * reports for a signed or sealed PDU whose signature does not verify.
     */
    public static final int SEC_E_MESSAGE_ALTERED = 0x8009030F;

    private static final Map<Integer, String> NAMES;

    static {
        Map<Integer, String> names = new HashMap<>();
        for (var field : HResult.class.getDeclaredFields()) {
            if (field.getType() == int.class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                try {
                    names.put(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }
        }
        NAMES = Collections.unmodifiableMap(names);
    }

    private HResult() {
    }

    /**
     * Returns the symbolic name of an HRESULT, or its hexadecimal form when the project does not know a name.
     *
     * @param hresult the value
     * @return for example {@code "MK_E_SYNTAX"}, or {@code "0x80071B6E"} for an unnamed value
     */
    public static String nameOf(int hresult) {
        String name = NAMES.get(hresult);
        return name != null ? name : format(hresult);
    }

    /**
     * Returns the symbolic name of an HRESULT if the project knows it.
     *
     * @param hresult the value
     * @return the name, or empty
     */
    public static Optional<String> knownName(int hresult) {
        return Optional.ofNullable(NAMES.get(hresult));
    }

    /**
     * Formats an HRESULT as {@code 0x} and eight uppercase hexadecimal digits.
     *
     * @param hresult the value
     * @return for example {@code "0x800401E4"}
     */
    public static String format(int hresult) {
        char[] out = {'0', 'x', 0, 0, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < 8; i++) {
            out[9 - i] = "0123456789ABCDEF".charAt((hresult >>> (4 * i)) & 0xF);
        }
        return new String(out);
    }

    /**
     * Tells whether an HRESULT reports failure (its severity bit is set).
     *
     * @param hresult the value
     * @return {@code true} for a failure code
     */
    public static boolean failed(int hresult) {
        return hresult < 0;
    }

    /**
     * Builds the HRESULT Windows' {@code HRESULT_FROM_WIN32} macro makes of a Win32 error code.
     *
     * @param win32Error a Win32 error code, for example 1008 ({@code ERROR_NO_TOKEN})
     * @return the HRESULT, for example {@code 0x800703F0}
     */
    public static int fromWin32(int win32Error) {
        return win32Error <= 0 ? win32Error : (win32Error & 0x0000FFFF) | (7 << 16) | 0x80000000;
    }
}
