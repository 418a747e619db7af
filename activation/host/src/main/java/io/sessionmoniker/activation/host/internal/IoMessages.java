package io.sessionmoniker.activation.host.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * An I/O failure in words a person reads, without the exception's class name: "no such file", "permission denied",
 * or the operating system's reason.
 *
 * <pre>{@code
 * IoMessages.describe(new NoSuchFileException("lab.json"));   // "no such file"
 * }</pre>
 */
public final class IoMessages {

    private IoMessages() {
    }

    /**
     * Describes the failure; the caller's message names the file.
     *
     * @param e the failure
     * @return its reason
     */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof NotDirectoryException) {
            return "a part of the path is not a directory";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();   // "Is a directory", "Too many levels of symbolic links", …
        }
        return e.getMessage() != null ? e.getMessage() : "an I/O error";
    }
}
