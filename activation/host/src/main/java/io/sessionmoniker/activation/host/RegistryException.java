package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;

/**
 * The root of the class registry's errors: a {@link ComException} whose HRESULT says what kind of registry
 * problem it is. Subtypes add where it happened.
 *
 * <ul>
 *   <li>{@link RegFileFormatException}: a {@code .reg} file that does not follow the format,
 *       {@link HResult#ERROR_BADDB};</li>
 *   <li>{@link RegistryStateException}: the registry's state file is corrupt, {@link HResult#ERROR_REGISTRY_CORRUPT},
 *       or cannot be read or written, {@link HResult#ERROR_REGISTRY_IO_FAILED};</li>
 *   <li>{@link RegistryValueException}: a value COM reads has the wrong type or malformed data,
 *       {@link HResult#REGDB_E_INVALIDVALUE}.</li>
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

    /**
     * Creates an exception.
     *
     * @param hresult one of the HRESULTs listed above
     * @param message what went wrong and what to do about it
     */
    protected RegistryException(int hresult, String message) {
        super(hresult, message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param hresult one of the HRESULTs listed above
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    protected RegistryException(int hresult, String message, Throwable cause) {
        super(hresult, message, cause);
    }
}
