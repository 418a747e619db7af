package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.host.RegistryPath;
import io.sessionmoniker.activation.host.RegistryValue;

/**
 * Receives the edits a {@code .reg} file makes, in file order. The parser checks every path and name before it
 * calls, so an implementation never sees a root deletion or an invalid name.
 */
public interface RegEditSink {

    /**
     * A {@code [KEY]} line.
     *
     * @param path the key
     */
    void createKey(RegistryPath path);

    /**
     * A {@code [-KEY]} line.
     *
     * @param path the key, never a root
     */
    void deleteKey(RegistryPath path);

    /**
     * A value line.
     *
     * @param path the key of the preceding key line
     * @param value the value
     */
    void setValue(RegistryPath path, RegistryValue value);

    /**
     * A {@code "name"=-} line.
     *
     * @param path the key of the preceding key line
     * @param name the value's name; {@code ""} for {@code @=-}
     */
    void deleteValue(RegistryPath path, String name);
}
