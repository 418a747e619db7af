/**
 * The Windows backend: the machine's real Remote Desktop sessions ({@link
 * io.sessionmoniker.activation.windows.WtsSessionProvider}, over the WTS API) and Windows' own COM binding of
 * display names ({@link io.sessionmoniker.activation.windows.WindowsMonikerBinder}, {@code MkParseDisplayName} and
 * {@code IMoniker::BindToObject}, or {@code CoGetObject}), through JNA.
 *
 * <p>It runs only on Windows; {@link io.sessionmoniker.activation.windows.WindowsBackend} says whether it can run
 * and refuses clearly elsewhere. The JNA declarations and structures, and the pure-Java logic that is tested on
 * every OS, are in {@code io.sessionmoniker.activation.windows.internal}, which is not exported.
 */
package io.sessionmoniker.activation.windows;
