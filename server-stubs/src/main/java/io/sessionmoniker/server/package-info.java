/**
 * Stub local servers: {@link io.sessionmoniker.server.SessionInfoServer} (Interactive User, reports where it
 * runs) and {@link io.sessionmoniker.server.CounterServer} (Launching User, shared state).
 */
package io.sessionmoniker.server;
