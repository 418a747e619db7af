package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;

/**
 * The root of the class registry's errors: a {@link ComException} whose HRESULT says what kind of registry
 * problem it is. Subtypes add where it happened.
 *
 * <ul>
 *   <li>{@link RegFileFormatException}: a {@code .reg} file that does not follow the format,
 *       {@link #ERROR_BADDB};</li>
 *   <li>{@link RegistryStateException}: the registry's state file is corrupt, {@link #ERROR_REGISTRY_CORRUPT},
 *       or cannot be read or written, {@link #ERROR_REGISTRY_IO_FAILED};</li>
 *   <li>{@link RegistryValueException}: a value COM reads has the wrong type or malformed data,
 *       {@link #REGDB_E_INVALIDVALUE}.</li>
 * </ul>
 *
 * <pre>{@code
 * try {
 *     RegFileReader.standard().read(Path.of("broken.reg"));
 * } catch (RegistryException e) {
 *     e.errorName();   // "ERROR_BADDB"
 *     e.hresultHex();  // "0x800703F1"
 * }
 * }</pre>
 */
public class RegistryException extends ComException {

    private static final long serialVersionUID = 1L;

    /** {@code HRESULT_FROM_WIN32(ERROR_BADDB)}, Win32 1009: "The configuration registry database is corrupt." */
    public static final int ERROR_BADDB = HResult.ERROR_BADDB;
    /** {@code HRESULT_FROM_WIN32(ERROR_REGISTRY_CORRUPT)}, Win32 1015: "The registry is corrupted." */
    public static final int ERROR_REGISTRY_CORRUPT = HResult.ERROR_REGISTRY_CORRUPT;
    /** {@code HRESULT_FROM_WIN32(ERROR_REGISTRY_IO_FAILED)}, Win32 1016: an I/O operation of the registry failed. */
    public static final int ERROR_REGISTRY_IO_FAILED = HResult.ERROR_REGISTRY_IO_FAILED;
    /** {@code REGDB_E_INVALIDVALUE}: "Invalid value for registry". */
    public static final int REGDB_E_INVALIDVALUE = HResult.REGDB_E_INVALIDVALUE;

    /**
     * Creates an exception.
     *
     * @param hresult one of this class's HRESULTs
     * @param message what went wrong and what to do about it
     */
    protected RegistryException(int hresult, String message) {
        super(hresult, message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param hresult one of this class's HRESULTs
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    protected RegistryException(int hresult, String message, Throwable cause) {
        super(hresult, message, cause);
    }
}
