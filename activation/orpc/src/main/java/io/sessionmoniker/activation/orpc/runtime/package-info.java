/**
 * The object runtime: the {@link io.sessionmoniker.activation.orpc.runtime.ObjectExporter} that serves a process's
 * objects (OXID, OID, IPID, {@code IRemUnknown}, synthesized {@code IDispatch}) and the
 * {@link io.sessionmoniker.activation.orpc.runtime.ComClient} that makes proxies from OBJREFs.
 */
package io.sessionmoniker.activation.orpc.runtime;
