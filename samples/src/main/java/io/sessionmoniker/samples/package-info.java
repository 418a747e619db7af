/**
 * The {@code sessmon} tool ({@link io.sessionmoniker.samples.Sessmon}) and small programs that show the API.
 */
package io.sessionmoniker.samples;
