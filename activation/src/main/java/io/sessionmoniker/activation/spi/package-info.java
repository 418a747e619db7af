/**
 * The service-provider interface of activation backends: implement
 * {@link io.sessionmoniker.activation.spi.ActivatorProvider} and declare it with {@code provides} (or
 * {@code META-INF/services}) to add a backend that {@link io.sessionmoniker.activation.Activators} can choose.
 */
package io.sessionmoniker.activation.spi;
