package io.sessionmoniker.server.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static field or static no-argument method of a {@link SessionHostTest} class that gives its
 * {@link io.sessionmoniker.activation.host.Scenario}, built in code rather than read from a file:
 *
 * <pre>{@code
 * @HostScenario
 * static Scenario scenario() {
 *     return Scenario.demo().withStartTimeoutMillis(30_000);
 * }
 * }</pre>
 *
 * At most one member of a class (its superclasses included) may carry it, and not beside
 * {@link SessionHostTest#scenario()}.
 */
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface HostScenario {
}
