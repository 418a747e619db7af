/**
 * Stub local servers: {@link io.sessionmoniker.server.SessionInfoServer} (Interactive User, reports where it
 * runs), {@link io.sessionmoniker.server.CounterServer} (Launching User, shared state), the small behaviour stubs,
 * and {@link io.sessionmoniker.server.ScriptedServer}, the programmable stub: answers from a JSON
 * {@link io.sessionmoniker.server.Script}, calls read back with {@link io.sessionmoniker.server.CallLog}.
 */
package io.sessionmoniker.server;
