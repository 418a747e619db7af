package io.sessionmoniker.moniker;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * HRESULT values used across the project, with their symbolic names.
 *
 * <p>Values are the Windows SDK's (see {@code windows-semantics.md} §3.3 and §6.3 for sources). An HRESULT is
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
    /** The object has disconnected from its clients. */
    public static final int RPC_E_DISCONNECTED = 0x80010108;
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
    /** {@code IDispatch}: the member exists but cannot be called this way (a get on a method-only member …). */
    public static final int DISP_E_MEMBERNOTFOUND = 0x80020003;
    /** {@code IDispatch}: an argument has a type that cannot be coerced. */
    public static final int DISP_E_TYPEMISMATCH = 0x80020005;
    /** {@code IDispatch}: no member has that name. */
    public static final int DISP_E_UNKNOWNNAME = 0x80020006;
    /** {@code IDispatch}: the member failed; EXCEPINFO says how. */
    public static final int DISP_E_EXCEPTION = 0x80020009;
    /** {@code IDispatch}: the number of arguments is wrong. */
    public static final int DISP_E_BADPARAMCOUNT = 0x8002000E;
    /** The RPC server is unavailable (Win32 error 1722). */
    public static final int RPC_S_SERVER_UNAVAILABLE = 0x800706BA;

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
