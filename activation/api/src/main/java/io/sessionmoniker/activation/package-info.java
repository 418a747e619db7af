/**
 * The public activation API: {@link io.sessionmoniker.activation.Activator} and
 * {@link io.sessionmoniker.activation.Activators}, the options and results of an activation, the
 * {@link io.sessionmoniker.activation.ComObject} lifecycle and the views every backend gives
 * ({@link io.sessionmoniker.activation.LateBound}, {@link io.sessionmoniker.activation.ClassObject}), the
 * {@link io.sessionmoniker.activation.ComInterface} annotation that makes a Java interface a COM interface, and the
 * sessions of a machine with their change notifications.
 */
package io.sessionmoniker.activation;
