/**
 * The embedded session host: the sessions of a modelled RD Session Host
 * ({@link io.sessionmoniker.activation.host.SessionManager}), scenario files
 * ({@link io.sessionmoniker.activation.host.Scenario}), the class registry read from real {@code .reg} files
 * ({@link io.sessionmoniker.activation.host.ClassRegistry}), the activation planner, the service control manager,
 * the in-process host ({@link io.sessionmoniker.activation.host.SessionHost}, the {@code embedded} backend) and the
 * host daemon with its client ({@link io.sessionmoniker.activation.host.HostDaemon},
 * {@link io.sessionmoniker.activation.host.HostClient}, the {@code daemon} backend).
 */
package io.sessionmoniker.activation.host;
