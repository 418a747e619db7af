/**
 * Implementation of the embedded host: the {@code .reg} cursor parser and writer, the state file envelope, the
 * decoding of CLSID and AppID keys, the daemon's control interface and wire format, the registrar interface, the
 * caller's identity in calls, OS accounts, and the backend providers. Not API: exported only to the object RPC
 * runtime, which proxies and calls the {@code @ComInterface} types here.
 */
package io.sessionmoniker.activation.host.internal;
