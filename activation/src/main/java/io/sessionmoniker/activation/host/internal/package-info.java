/**
 * Implementation of the embedded host's class registry: the {@code .reg} cursor parser and writer, the state
 * file envelope, and the decoding of CLSID and AppID keys. Not exported, not API.
 */
package io.sessionmoniker.activation.host.internal;
