/**
 * The backend SPI: an {@link io.sessionmoniker.activation.spi.ActivatorProvider} found through
 * {@link java.util.ServiceLoader} opens one kind of {@link io.sessionmoniker.activation.Activator}.
 */
package io.sessionmoniker.activation.spi;
