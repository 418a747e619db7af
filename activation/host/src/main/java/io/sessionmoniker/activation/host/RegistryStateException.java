package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.HResult;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The class registry's state file is corrupt, torn, of an unknown version, or cannot be read or written.
 *
 * <p>A state file that fails any check is never loaded in part: {@link ClassRegistry.Builder#build()} throws this
 * and the file stays where it is for inspection. The HRESULT is {@link HResult#ERROR_REGISTRY_CORRUPT} when the file's
 * content is wrong and {@link HResult#ERROR_REGISTRY_IO_FAILED} when the operating system failed (the
 * {@link java.io.IOException} is the cause).
 *
 * <pre>{@code
 * try {
 *     ClassRegistry.builder().stateDirectory(dir).build();
 * } catch (RegistryStateException e) {
 *     e.file();      // dir/class-registry.state
 *     e.reason();    // "the body's CRC-32 is 0x1C291CA3 but the header says 0x9A2B3C4D: the body is corrupt"
 * }
 * }</pre>
 */
public final class RegistryStateException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** The state file's path. */
    private final String file;
    /** What is wrong. */
    private final String reason;

    /**
     * Creates the exception for a file whose content is wrong.
     *
     * @param file the state file
     * @param reason what is wrong
     * @param cause the underlying failure, or null
     */
    public RegistryStateException(Path file, String reason, Throwable cause) {
        this(HResult.ERROR_REGISTRY_CORRUPT, file, reason, cause);
    }

    /**
     * Creates the exception.
     *
     * @param hresult {@link HResult#ERROR_REGISTRY_CORRUPT} or {@link HResult#ERROR_REGISTRY_IO_FAILED}
     * @param file the state file
     * @param reason what is wrong
     * @param cause the underlying failure, or null
     */
    public RegistryStateException(int hresult, Path file, String reason, Throwable cause) {
        super(hresult, "class registry state file " + Objects.requireNonNull(file, "file") + ": "
                + Objects.requireNonNull(reason, "reason"), cause);
        this.file = file.toString();
        this.reason = reason;
    }

    /**
     * Returns the state file.
     *
     * @return its path
     */
    public Path file() {
        return Path.of(file);
    }

    /**
     * Returns what is wrong, without the file name.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
